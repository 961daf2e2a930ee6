"""Realistic order-book data from libcdd's generator (the same stream the C++ tests and benchmarks use):
float32 OKX-style books (rows, 50, 3), their normalized float16 view, and millisecond timestamps.

Market regimes (``REGIMES``; parameters and calibration in docs/ARCHITECTURE.md, "Generator regimes"):
``calm``, ``normal``, ``busy``, ``trending``, ``gappy``, ``stress``, and ``legacy`` (the original dynamics,
far easier to compress than real books, kept because the golden vectors and older tests use it).
``book(rows, regime="normal", dtype=np.float16)`` is the short form; ``OrderBookGenerator`` continues a
stream across calls. ``OrderBookGenerator(seed)`` without a regime and the ``orderbook_f16`` /
``orderbook_f32`` / ``timestamps_ms`` helpers keep the legacy stream."""

from __future__ import annotations

import ctypes

import numpy as np

from . import _lib
from .errors import check

_L = _lib.lib

REGIMES = ("calm", "normal", "busy", "trending", "gappy", "stress")
"""The realistic regimes (``legacy`` is accepted too)."""


def regime_value(regime: str | int) -> int:
    """The cdd_gen_regime value of a regime name (or value); ValueError-like CddError if unknown."""
    if isinstance(regime, int):
        if _L.cdd_gen_regime_name(regime) is None:
            raise ValueError(f"unknown generator regime {regime}")
        return regime
    out = ctypes.c_uint32()
    check(_L.cdd_gen_regime_from_name(str(regime).encode(), ctypes.byref(out)))
    return int(out.value)


def regime_name(value: int) -> str:
    name = _L.cdd_gen_regime_name(value)
    if name is None:
        raise ValueError(f"unknown generator regime {value}")
    return name.decode()


class OrderBookGenerator:
    """Deterministic for a seed and regime; each call continues the stream where the previous one stopped.
    ``regime=None`` is the legacy stream (what ``cdd_gen_new`` gives)."""

    def __init__(self, seed: int = 1, regime: str | int | None = None) -> None:
        self._handle = ctypes.c_void_p()
        if regime is None:
            self.regime = "legacy"
            check(_L.cdd_gen_new(seed, ctypes.byref(self._handle)))
            return
        opts = _lib.GenOptions()
        _L.cdd_gen_options_init(ctypes.byref(opts))
        opts.regime = regime_value(regime)
        opts.seed = seed
        self.regime = regime_name(opts.regime)
        check(_L.cdd_gen_new_with(ctypes.byref(opts), ctypes.byref(self._handle)))

    def books_f32(self, rows: int) -> np.ndarray:
        out = np.empty((rows, 50, 3), dtype=np.float32)
        check(_L.cdd_gen_orderbook_f32(self._handle, rows, out.ctypes.data, out.nbytes))
        return out

    def books_f16(self, rows: int) -> np.ndarray:
        out = np.empty((rows, 50, 3), dtype=np.float16)
        check(_L.cdd_gen_orderbook_f16(self._handle, rows, out.ctypes.data, out.nbytes))
        return out

    def timestamps_ms(self, rows: int) -> np.ndarray:
        out = np.empty((rows,), dtype=np.int64)
        check(_L.cdd_gen_timestamps_ms(self._handle, rows, out.ctypes.data, out.nbytes))
        return out

    def close(self) -> None:
        if self._handle:
            handle, self._handle = self._handle, ctypes.c_void_p()
            _L.cdd_gen_free(handle)

    def __enter__(self) -> "OrderBookGenerator":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()


def book(rows: int, regime: str | int = "normal", dtype: object = np.float16, seed: int = 1) -> np.ndarray:
    """``rows`` snapshots (rows, 50, 3) of a regime: float16 = the normalized book (bps from the mid,
    log1p(size), count), float32 = the raw book (price, size, count)."""
    dt = np.dtype(dtype)
    if dt not in (np.dtype(np.float16), np.dtype(np.float32)):
        raise ValueError(f"dtype must be float16 (normalized book) or float32 (raw book), not {dt}")
    with OrderBookGenerator(seed, regime) as g:
        return g.books_f16(rows) if dt == np.float16 else g.books_f32(rows)


def orderbook_f16(rows: int, seed: int = 1, regime: str | int | None = None) -> np.ndarray:
    with OrderBookGenerator(seed, regime) as g:
        return g.books_f16(rows)


def orderbook_f32(rows: int, seed: int = 1, regime: str | int | None = None) -> np.ndarray:
    with OrderBookGenerator(seed, regime) as g:
        return g.books_f32(rows)


def timestamps_ms(rows: int, seed: int = 1) -> np.ndarray:
    with OrderBookGenerator(seed) as g:
        return g.timestamps_ms(rows)
