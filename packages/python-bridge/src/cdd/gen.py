"""Realistic order-book data from libcdd's generator (the same stream the C++ tests and benchmarks use):
float32 OKX-style books (rows, 50, 3), their normalized float16 view, and millisecond timestamps."""

from __future__ import annotations

import ctypes

import numpy as np

from . import _lib
from .errors import check

_L = _lib.lib


class OrderBookGenerator:
    """Deterministic for a seed; each call continues the stream where the previous one stopped."""

    def __init__(self, seed: int = 1) -> None:
        self._handle = ctypes.c_void_p()
        check(_L.cdd_gen_new(seed, ctypes.byref(self._handle)))

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


def orderbook_f16(rows: int, seed: int = 1) -> np.ndarray:
    with OrderBookGenerator(seed) as g:
        return g.books_f16(rows)


def orderbook_f32(rows: int, seed: int = 1) -> np.ndarray:
    with OrderBookGenerator(seed) as g:
        return g.books_f32(rows)


def timestamps_ms(rows: int, seed: int = 1) -> np.ndarray:
    with OrderBookGenerator(seed) as g:
        return g.timestamps_ms(rows)
