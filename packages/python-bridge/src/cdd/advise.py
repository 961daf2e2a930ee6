"""cdd.advise(array): the chunk advisor of libcdd (cdd_advise, the one `cdd advise IN.npy` runs) on a numpy
array: tries the codecs that suit its layout at several chunk sizes on a sample, measures ratio, write
speed, random-slice rate and scan speed, and recommends the smallest file among the fast enough.

    advice = cdd.advise(books)                 # prints the table; advice.trials, advice.best
    with cdd.open("book.cdd", "w", **advice.writer_params()) as w:
        w.append(books)
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _dtypes, _lib
from .errors import check

_L = _lib.lib
MAX_TRIALS = 64


class AdviseOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("sample_rows", ctypes.c_uint64),
        ("slice_rows", ctypes.c_uint32),
        ("seconds_per_trial", ctypes.c_double),
        ("min_speed_fraction", ctypes.c_double),
        ("threads", ctypes.c_uint32),
        ("seed", ctypes.c_uint64),
    ]


class AdviseTrial(ctypes.Structure):
    _fields_ = [
        ("codec", ctypes.c_int32),
        ("level", ctypes.c_int32),
        ("codec_flags", ctypes.c_uint64),
        ("chunk_target_bytes", ctypes.c_uint32),
        ("reserved", ctypes.c_uint32),
        ("sample_bytes", ctypes.c_uint64),
        ("stored_bytes", ctypes.c_uint64),
        ("chunks", ctypes.c_uint64),
        ("ratio", ctypes.c_double),
        ("write_mb_s", ctypes.c_double),
        ("slices_per_s", ctypes.c_double),
        ("scan_gb_s", ctypes.c_double),
    ]


# void cdd_advise_options_init(cdd_advise_options* opts);
_lib._fn("cdd_advise_options_init", None, ctypes.POINTER(AdviseOptions))
# int cdd_advise(const cdd_writer_options* layout, const void* data, uint64_t nrows, const cdd_advise_options* opts,
#                cdd_advise_trial* trials, size_t capacity, size_t* count, size_t* best);
_lib._fn("cdd_advise", ctypes.c_int, ctypes.POINTER(_lib.WriterOptions), ctypes.c_void_p, ctypes.c_uint64,
         ctypes.POINTER(AdviseOptions), ctypes.POINTER(AdviseTrial), ctypes.c_size_t,
         ctypes.POINTER(ctypes.c_size_t), ctypes.POINTER(ctypes.c_size_t))


def _stage(flags: int) -> str:
    return "lz4" if flags & _lib.FLAG_LZ4 else "zstd" if flags & _lib.FLAG_ZSTD else "none"


@dataclass
class Advice:
    """The trials (dicts, in the order tried), the index of the recommended one, and the sample."""

    trials: list[dict[str, Any]]
    best: int
    sample_rows: int
    min_speed: float
    what: str

    @property
    def recommended(self) -> dict[str, Any]:
        return self.trials[self.best]

    def writer_params(self) -> dict[str, Any]:
        """cdd.open(path, "w", **params) parameters that apply the recommendation."""
        t = self.recommended
        return {"codec": t["codec_code"], "compression": t["stage"], "level": t["level"],
                "chunk_target_bytes": t["chunk_target_bytes"]}

    def table(self) -> str:
        rows = sorted(range(len(self.trials)), key=lambda i: -self.trials[i]["ratio"])
        out = [self.what, "",
               f"  {'codec':16s} {'stage':5s} {'level':>5s} {'chunk':>8s} {'ratio':>7s} {'write MB/s':>11s} "
               f"{'slices/s':>10s} {'scan GB/s':>10s}"]
        for i in rows:
            t = self.trials[i]
            out.append(f"{'*' if i == self.best else ' '} {t['codec']:16s} {t['stage']:5s} {t['level']:5d} "
                       f"{t['chunk_target_bytes'] // 1024:>4d} KiB {t['ratio']:7.2f} {t['write_mb_s']:11.0f} "
                       f"{t['slices_per_s']:10.0f} {t['scan_gb_s']:10.2f}")
        b = self.recommended
        fastest = max(t["slices_per_s"] for t in self.trials)
        out += ["", f"recommended (*): {b['codec']}, {b['stage']} level {b['level']}, "
                    f"{b['chunk_target_bytes'] // 1024} KiB chunks: ratio {b['ratio']:.2f}, "
                    f"{b['slices_per_s']:.0f} slices/s ({100 * b['slices_per_s'] / fastest:.0f}% of the fastest) — "
                    f"the smallest file among the trials at least {100 * self.min_speed:.0f}% as fast as the fastest",
                f"  cdd.open(path, 'w', **advice.writer_params())  # {self.writer_params()}"]
        return "\n".join(out)

    def __str__(self) -> str:
        return self.table()


def advise(array: Any, *, sample_rows: int = 65536, slice_rows: int = 1024, seconds: float = 0.1,
           min_speed: float = 0.5, threads: int = 1, seed: int = 1, verbose: bool = True) -> Advice:
    """Runs the advisor on `array` (rows along axis 0; a 1-D array is rows of shape (1)). The sample is 8
    evenly spaced runs of `sample_rows` rows in all (the whole array when smaller); slices are random runs
    of `slice_rows` rows, timed for `seconds` per trial (the rate is 1 / the median slice time). Prints the
    table when verbose; returns the Advice."""
    arr = np.asarray(array)
    if arr.ndim == 0 or arr.shape[0] == 0:
        raise ValueError("advise needs an array with at least one row")
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    if arr.ndim - 1 > _lib.MAX_ROW_DIMS:
        raise ValueError(f"a row has at most {_lib.MAX_ROW_DIMS} dims, got shape {arr.shape}")
    if not 0 < min_speed <= 1:
        raise ValueError(f"min_speed must be in (0, 1], got {min_speed}")
    if sample_rows < 1 or slice_rows < 1 or seconds <= 0:
        raise ValueError("sample_rows, slice_rows and seconds must be positive")
    if not arr.flags.c_contiguous:  # sample first: never copy a whole large array
        n = len(arr)
        take = min(n, sample_rows)
        runs = 1 if take < 8 * 1024 else 8
        idx = np.concatenate([np.arange(s, s + take // runs + (i < take % runs))
                              for i, s in enumerate(np.linspace(0, n - take // runs - 1, runs).astype(np.int64))])
        arr = np.ascontiguousarray(arr[idx])
    layout = _lib.WriterOptions()
    _L.cdd_writer_options_init(ctypes.byref(layout))
    layout.dtype = _dtypes.dtype_code(arr.dtype)
    layout.row_ndim = arr.ndim - 1
    for i, d in enumerate(arr.shape[1:]):
        layout.row_shape[i] = int(d)
    opts = AdviseOptions()
    _L.cdd_advise_options_init(ctypes.byref(opts))
    opts.sample_rows, opts.slice_rows, opts.seconds_per_trial = int(sample_rows), int(slice_rows), float(seconds)
    opts.min_speed_fraction, opts.threads, opts.seed = float(min_speed), int(threads), int(seed)
    trials = (AdviseTrial * MAX_TRIALS)()
    count, best = ctypes.c_size_t(), ctypes.c_size_t()
    check(_L.cdd_advise(ctypes.byref(layout), arr.ctypes.data, len(arr), ctypes.byref(opts), trials, MAX_TRIALS,
                        ctypes.byref(count), ctypes.byref(best)))
    out = []
    for t in trials[:count.value]:
        out.append({
            "codec": _dtypes.codec_name(t.codec), "codec_code": int(t.codec), "stage": _stage(t.codec_flags),
            "level": int(t.level), "chunk_target_bytes": int(t.chunk_target_bytes),
            "stored_bytes": int(t.stored_bytes), "sample_bytes": int(t.sample_bytes), "chunks": int(t.chunks),
            "ratio": float(t.ratio), "write_mb_s": float(t.write_mb_s), "slices_per_s": float(t.slices_per_s),
            "scan_gb_s": float(t.scan_gb_s),
        })
    taken = min(len(arr), sample_rows)
    what = (f"cdd.advise: {arr.dtype} {tuple(np.shape(array))}, sample of {taken:,} rows "
            f"({taken * arr[0].nbytes / 1e6:.1f} MB), random {min(slice_rows, taken)}-row slices")
    advice = Advice(out, int(best.value), taken, float(min_speed), what)
    if verbose:
        print(advice.table())
    return advice
