"""The temporal XOR filter of the users' zarr pipeline, as a numcodecs codec registered for zarr v2
(numcodecs id "cdd.temporal_xor") and zarr v3 (codec name "numcodecs.cdd.temporal_xor"), so that
`python -m cdd convert` (and any zarr reader that imports cdd.zarr_codecs) can read stores written with it.

Encoding, over the chunk's elements in C order viewed as unsigned integers of the dtype's width:
    out[i] = x[i]                 for i < stride
    out[i] = x[i] ^ x[i - stride] for i >= stride
with `stride` the elements of one snapshot (150 for a (50, 3) book): every element is XORed with the same
element of the previous snapshot, which turns slowly changing books into mostly zero bits for the
compressor. Decoding is a running XOR along the snapshots. Lossless for every dtype and bit pattern.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numcodecs.abc import Codec
from numcodecs.compat import ensure_contiguous_ndarray, ndarray_copy
from numcodecs.registry import register_codec

CODEC_ID = "cdd.temporal_xor"


def _uint_view(a: np.ndarray, dtype: np.dtype) -> np.ndarray:
    return a.view(dtype).reshape(-1).view(f"u{dtype.itemsize}")


class TemporalXor(Codec):
    """XOR of each element with the same element `stride` elements (one snapshot) earlier."""

    codec_id = CODEC_ID

    def __init__(self, dtype: Any, stride: int) -> None:
        self.dtype = np.dtype(dtype)
        if self.dtype.itemsize not in (1, 2, 4, 8):
            raise ValueError(f"temporal_xor needs a 1, 2, 4 or 8-byte dtype, got {self.dtype}")
        if int(stride) < 1:
            raise ValueError(f"temporal_xor stride must be >= 1, got {stride}")
        self.stride = int(stride)

    def encode(self, buf: Any) -> np.ndarray:
        arr = ensure_contiguous_ndarray(buf)
        x = _uint_view(arr, self.dtype)
        out = x.copy()
        s = self.stride
        if len(x) > s:
            np.bitwise_xor(x[s:], x[:-s], out=out[s:])
        return out.view(self.dtype)

    def decode(self, buf: Any, out: Any = None) -> np.ndarray:
        arr = ensure_contiguous_ndarray(buf)
        x = _uint_view(arr, self.dtype)
        n, s = len(x), self.stride
        rows = -(-n // s)
        padded = np.zeros(rows * s, dtype=x.dtype)
        padded[:n] = x
        dec = np.bitwise_xor.accumulate(padded.reshape(rows, s), axis=0).reshape(-1)[:n].view(self.dtype)
        return ndarray_copy(dec, out) if out is not None else dec

    def get_config(self) -> dict[str, Any]:
        return {"id": self.codec_id, "dtype": self.dtype.str, "stride": self.stride}

    def __repr__(self) -> str:
        return f"TemporalXor(dtype={self.dtype.str!r}, stride={self.stride})"


register_codec(TemporalXor)

try:  # zarr v3: an array -> array codec wrapping the numcodecs one
    try:
        from zarr.codecs.numcodecs._codecs import _NumcodecsArrayArrayCodec  # zarr >= 3.1.3
    except ImportError:  # pragma: no cover - older zarr 3 with numcodecs' own wrappers
        from numcodecs.zarr3 import _NumcodecsArrayArrayCodec  # type: ignore[attr-defined,no-redef]
    from zarr.registry import register_codec as _register_zarr3

    class TemporalXorV3(_NumcodecsArrayArrayCodec, codec_name=CODEC_ID):  # type: ignore[misc,call-arg]
        """zarr v3 filter: TemporalXorV3(dtype="<f2", stride=150) in create_array(filters=[...])."""

    _register_zarr3(f"numcodecs.{CODEC_ID}", TemporalXorV3)
except ImportError:  # zarr 2 or no zarr: the numcodecs codec alone (zarr v2 stores)
    TemporalXorV3 = None  # type: ignore[assignment,misc]
