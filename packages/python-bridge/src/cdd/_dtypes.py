"""Maps cdd_dtype codes to numpy dtypes and back, and codec names to cdd_codec codes and flags."""

from __future__ import annotations

from typing import Any

import numpy as np

from . import _lib

try:  # bfloat16 has no numpy dtype; ml_dtypes provides one when installed.
    import ml_dtypes  # type: ignore[import-not-found]

    _BF16: np.dtype | None = np.dtype(ml_dtypes.bfloat16)
except ImportError:  # pragma: no cover - depends on the environment
    _BF16 = None

_CODE_TO_NP: dict[int, np.dtype] = {
    1: np.dtype("<f2"),
    3: np.dtype("<f4"),
    4: np.dtype("<f8"),
    5: np.dtype("i1"),
    6: np.dtype("<i2"),
    7: np.dtype("<i4"),
    8: np.dtype("<i8"),
    9: np.dtype("u1"),
    10: np.dtype("<u2"),
    11: np.dtype("<u4"),
    12: np.dtype("<u8"),
}
BFLOAT16 = 2
_NAMES = {
    "float16": 1, "bfloat16": 2, "float32": 3, "float64": 4, "int8": 5, "int16": 6, "int32": 7,
    "int64": 8, "uint8": 9, "uint16": 10, "uint32": 11, "uint64": 12,
}


def numpy_dtype(code: int) -> np.dtype:
    """The numpy dtype of a cdd_dtype. bfloat16 is ml_dtypes.bfloat16 when installed, else raw uint16 bits."""
    if code == BFLOAT16:
        return _BF16 if _BF16 is not None else np.dtype("<u2")
    try:
        return _CODE_TO_NP[code]
    except KeyError:
        raise ValueError(f"unknown cdd dtype code {code}") from None


def dtype_code(dtype: Any) -> int:
    """The cdd_dtype of a numpy dtype or a name ("float16", "bfloat16", ...)."""
    if isinstance(dtype, str) and dtype in _NAMES:
        return _NAMES[dtype]
    dt = np.dtype(dtype)
    if _BF16 is not None and dt == _BF16:
        return BFLOAT16
    if dt.byteorder == ">":
        raise TypeError(f"big-endian dtype {dt} is not supported; convert with .astype('{dt.newbyteorder('<')}')")
    for code, np_dt in _CODE_TO_NP.items():
        if dt == np_dt:
            return code
    raise TypeError(f"dtype {dt} is not storable in CDD (supported: {', '.join(_NAMES)})")


def dtype_name(code: int) -> str:
    name = _lib.lib.cdd_dtype_name(code)
    return name.decode() if name else f"dtype#{code}"


# Codec names accepted by cdd.open(..., codec=...): name -> (chunk type, default compression flags).
# name -> (chunk type, stage flags or None: the codec's preset, cdd_writer_options_set_codec).
CODECS: dict[str, tuple[int, int | None]] = {
    "raw": (_lib.CODEC_RAW, None),
    "zstd": (_lib.CODEC_ZSTD, None),
    "lz4": (_lib.CODEC_LZ4, None),
    "shuffle": (_lib.CODEC_SHUFFLE, None),
    "shuffle_zstd": (_lib.CODEC_SHUFFLE, _lib.FLAG_ZSTD),
    "shuffle_lz4": (_lib.CODEC_SHUFFLE, _lib.FLAG_LZ4),
    "delta": (_lib.CODEC_DELTA, None),
    "okx_f16": (_lib.CODEC_OKX_OB_F16, None),
    "okx_f32": (_lib.CODEC_OKX_OB_F32, None),
    "ob_f16": (_lib.CODEC_GENERIC_OB_F16, None),
    "ob_f32": (_lib.CODEC_GENERIC_OB_F32, None),
}
_COMPRESSION = {"zstd": _lib.FLAG_ZSTD, "lz4": _lib.FLAG_LZ4, "none": 0, None: None}
STAGE_DEFAULT_LEVEL = {_lib.FLAG_ZSTD: 3, _lib.FLAG_LZ4: 1, 0: 0}


def codec_params(codec: str | int | None, compression: str | None) -> tuple[int | None, int | None]:
    """(chunk type, stage flags) for a codec name or code and an optional compression override
    ("zstd", "lz4", "none"); None where the codec's preset (or the library default) applies."""
    if codec is None:
        ctype, flags = None, None
    elif isinstance(codec, int):
        ctype, flags = codec, None
    else:
        key = codec.lower().replace("-", "_").replace("+", "_")
        if key not in CODECS:
            raise ValueError(f"unknown codec {codec!r}; known: {', '.join(sorted(CODECS))}")
        ctype, flags = CODECS[key]
    if compression not in _COMPRESSION:
        raise ValueError(f"unknown compression {compression!r}; use 'zstd', 'lz4' or 'none'")
    if compression is not None:
        flags = _COMPRESSION[compression]
    return ctype, flags


def codec_name(code: int) -> str:
    name = _lib.lib.cdd_codec_name(code)
    return name.decode().lower() if name else f"codec#{code}"
