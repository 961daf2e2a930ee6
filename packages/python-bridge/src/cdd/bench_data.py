"""What `python -m cdd bench` measures on: the generator's market regimes (``--regime calm|normal|busy|
trending|gappy|stress|legacy|all``) and real arrays (``--data FILE.npy``). An order book ``(N, 50, 3)``
(OKX layout: 25 asks then 25 bids of price, size, count) is benchmarked as both books the pipeline keeps:
the float32 raw book and the float16 normalized book (price in bps from the mid, log1p(size), count, as
the generator's float16 view); any other ``(N, ...)`` array is benchmarked as it is.

No package on PyPI or npm ships real exchange L2 snapshots inside it (searched for order book / L2 / LOB
/ depth sample data; hftbacktest, level2-order-book, binance-book, cryptofeed, lakeapi and similar
download from exchanges or vendors at run time), so real data comes only through ``--data``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from . import gen

BOOK_ROW = (50, 3)
KINDS = ("f16", "f32")
KIND_TEXT = {"f16": "float16 normalized book", "f32": "float32 raw book"}


@dataclass
class Dataset:
    """One array to benchmark. ``source`` names where it came from ("normal" for a regime, the file name
    for --data); ``kind`` is "f16" / "f32" for the two books, else the array's dtype name."""

    source: str
    kind: str
    load: Callable[[], np.ndarray]
    regime: str | None = None  # the generator regime, None for real data

    @property
    def label(self) -> str:
        what = KIND_TEXT.get(self.kind, self.kind)
        return f"{self.source}: {what}" if self.regime is None else f"regime {self.source}: {what}"


def parse_regimes(text: str) -> list[str]:
    """"normal", "calm,busy" or "all" (every realistic regime); unknown names are a ValueError."""
    names = [t.strip() for t in text.split(",") if t.strip()]
    out: list[str] = []
    for n in names:
        for r in (gen.REGIMES if n == "all" else (n,)):
            gen.regime_value(r)  # raises InvalidArgumentError naming the known regimes
            if r not in out:
                out.append(r)
    if not out:
        raise ValueError("no regime given")
    return out


def regime_book(regime: str, kind: str, rows: int, seed: int) -> np.ndarray:
    with gen.OrderBookGenerator(seed, None if regime == "legacy" else regime) as g:
        parts = []
        for a in range(0, rows, 100_000):
            k = min(100_000, rows - a)
            parts.append(g.books_f16(k) if kind == "f16" else g.books_f32(k))
        return np.concatenate(parts) if parts else np.empty((0,) + BOOK_ROW, np.float16 if kind == "f16" else np.float32)


def regime_datasets(regimes: list[str], kinds: list[str], rows: int, seed: int) -> list[Dataset]:
    for k in kinds:
        if k not in KINDS:
            raise ValueError(f"dataset kind must be f16 or f32, not {k!r}")
    return [Dataset(r, k, (lambda r=r, k=k: regime_book(r, k, rows, seed)), regime=r) for r in regimes for k in kinds]


def normalize_book(raw: np.ndarray) -> np.ndarray:
    """The float16 normalized view of a raw (N, 50, 3) book, as the generator computes it: price in basis
    points from the mid ((price - mid) / mid * 1e4, mid = (level 0 + level 25 prices) / 2), log1p(size),
    count; missing levels (size 0) all zeros."""
    raw = np.asarray(raw)
    if raw.ndim != 3 or raw.shape[1:] != BOOK_ROW:
        raise ValueError(f"an order book is (N, 50, 3), not {raw.shape}")
    b = raw.astype(np.float64)
    mid = (b[:, 0, 0] + b[:, 25, 0]) / 2.0
    mid = np.where(mid == 0, 1.0, mid)[:, None]
    out = np.empty(raw.shape, np.float32)
    out[:, :, 0] = (b[:, :, 0] - mid) / mid * 1e4
    out[:, :, 1] = np.log1p(np.maximum(b[:, :, 1], 0))
    out[:, :, 2] = b[:, :, 2]
    out[b[:, :, 1] == 0] = 0
    return out.astype(np.float16)


def npy_datasets(path: str | Path, kinds: list[str], rows: int | None = None) -> list[Dataset]:
    """Datasets from a .npy file (memory-mapped; the first `rows` rows if given). A (N, 50, 3) float array
    gives the float32 raw book and its float16 normalized view (only the f16 one for a float16 file);
    anything else is benchmarked as stored."""
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"--data {p}: no such file")
    probe = np.load(p, mmap_mode="r")
    if probe.ndim < 1 or probe.shape[0] < 2:
        raise ValueError(f"--data {p}: need an (N, ...) array with N >= 2, got shape {probe.shape}")
    name = p.name

    def load(kind: str) -> np.ndarray:
        a = np.load(p, mmap_mode="r")
        if rows is not None:
            a = a[:rows]
        if kind == "f32":
            return np.ascontiguousarray(a, dtype=np.float32)
        if kind == "f16":
            return np.ascontiguousarray(a) if a.dtype == np.float16 else normalize_book(a)
        return np.ascontiguousarray(a)

    is_book = probe.shape[1:] == BOOK_ROW and probe.dtype.kind == "f"
    if not is_book:
        return [Dataset(name, str(probe.dtype), lambda: load("as-is"))]
    want = [k for k in kinds if k in KINDS] or list(KINDS)
    if probe.dtype == np.float16:
        want = ["f16"]
    return [Dataset(name, k, (lambda k=k: load(k))) for k in want]
