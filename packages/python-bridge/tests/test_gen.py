"""cdd.gen: every market regime is deterministic per seed, keeps the book's microstructure (tick grid,
lot grid, integer counts) and shows its documented statistics; bad regimes are typed errors."""

from __future__ import annotations

import numpy as np
import pytest

import cdd
from cdd import gen


def _mid_moves(book: np.ndarray) -> float:
    mid = book[:, 0, 0].astype(np.float64) + book[:, 25, 0]
    return float((mid[1:] != mid[:-1]).mean())


def _size_changes(book: np.ndarray) -> float:
    """Of the levels whose price is unchanged at the same position, the share whose size changed."""
    price, size = book[:, :, 0], book[:, :, 1]
    same = (price[1:] == price[:-1]) & (size[1:] > 0)
    return float(((size[1:] != size[:-1]) & same).sum() / same.sum())


@pytest.mark.parametrize("regime", gen.REGIMES)
def test_regime_is_deterministic_and_on_the_grids(regime: str) -> None:
    a = gen.book(3000, regime, np.float32, seed=5)
    assert a.shape == (3000, 50, 3) and a.dtype == np.float32
    assert np.array_equal(a, gen.book(3000, regime, np.float32, seed=5))
    assert not np.array_equal(a, gen.book(3000, regime, np.float32, seed=6))
    with gen.OrderBookGenerator(5, regime) as g:  # a stream continues across calls
        assert np.array_equal(np.concatenate([g.books_f32(1000), g.books_f32(2000)]), a)
    h = gen.book(500, regime, seed=5)
    assert h.dtype == np.float16 and h.shape == (500, 50, 3)
    assert np.isfinite(h).all()

    present = a[:, :, 1] > 0
    price, size, count = a[:, :, 0][present], a[:, :, 1][present], a[:, :, 2][present]
    ticks = np.rint(price.astype(np.float64) * 10)
    assert np.array_equal((ticks / 10).astype(np.float32), price), "prices off the 0.1 tick grid"
    lots = np.rint(size.astype(np.float64) * 1000)
    assert np.array_equal((lots / 1000).astype(np.float32), size), "sizes off the 0.001 lot grid"
    assert np.array_equal(count, np.floor(count)) and count.min() >= 1 and count.max() <= 64
    assert (a[:, :, :][~present] == 0).all(), "a missing level is not all zeros"
    assert (a[:, 0, 0] > a[:, 25, 0]).all(), "crossed book"
    assert np.percentile(lots, 99.9) / np.median(lots) > 20, "sizes are not heavy-tailed"


def test_regime_statistics() -> None:
    books = {r: gen.book(12000, r, np.float32, seed=1) for r in gen.REGIMES}
    changes = {r: _size_changes(b) for r, b in books.items()}
    moves = {r: _mid_moves(b) for r, b in books.items()}
    assert changes["calm"] < 0.08 and moves["calm"] < 0.12
    assert 0.20 < changes["normal"] < 0.33 and 0.28 < moves["normal"] < 0.40
    assert 0.30 < changes["busy"] < 0.45 and 0.30 < moves["busy"] < 0.42
    assert changes["stress"] > 0.9 and moves["stress"] > 0.6
    assert changes["calm"] < changes["normal"] < changes["busy"] < changes["stress"]

    # Trending: consecutive mid moves keep their direction; normal is a random walk.
    def same_direction(book: np.ndarray) -> float:
        d = np.diff(book[:, 0, 0].astype(np.float64) + book[:, 25, 0])
        s = np.sign(d[d != 0])
        return float((s[1:] == s[:-1]).mean())

    assert same_direction(books["trending"]) > 0.85
    assert same_direction(books["normal"]) < 0.65

    # Gappy: many empty ticks between levels, thin sides (all-zero level slots); the others are full.
    def empty_ticks(book: np.ndarray) -> float:
        t = np.rint(book[:, :25, 0].astype(np.float64) * 10)
        ok = book[:, 1:25, 1] > 0
        return float((np.diff(t, axis=1)[ok] - 1).mean())

    assert empty_ticks(books["gappy"]) > 2.0
    assert (books["gappy"][:, :, 1] == 0).mean() > 0.05
    for r in ("calm", "normal", "busy", "trending", "stress"):
        assert 2 * empty_ticks(books[r]) < empty_ticks(books["gappy"]), r
        assert (books[r][:, :, 1] > 0).all(), r


def test_normal_and_busy_are_calibrated_for_shuffle_zstd() -> None:
    """CDD's own byte-shuffle + zstd-3 codec on the normal/busy regimes lands near the ratios realistic
    books get (float16 about 3, float32 about 5), far from the legacy stream's."""
    import tempfile
    import os

    def ratio(a: np.ndarray) -> float:
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "a.cdd")
            with cdd.open(path, "w", dtype=a.dtype, row_shape=a.shape[1:], codec="shuffle", compression="zstd", level=3,
                          chunk_rows=4096) as w:
                w.append(a)
            return a.nbytes / os.path.getsize(path)

    for regime in ("normal", "busy"):
        r16 = ratio(gen.book(20000, regime, np.float16))
        r32 = ratio(gen.book(20000, regime, np.float32))
        assert 2.2 < r16 < 4.5, (regime, r16)
        assert 3.5 < r32 < 7.5, (regime, r32)
    assert ratio(gen.orderbook_f16(20000)) > 8  # the legacy stream is far easier


def test_legacy_stream_unchanged_and_bad_regimes() -> None:
    with gen.OrderBookGenerator(7) as a, gen.OrderBookGenerator(7, "legacy") as b:
        assert a.regime == "legacy" and b.regime == "legacy"
        assert np.array_equal(a.books_f32(300), b.books_f32(300))
    assert np.array_equal(gen.orderbook_f32(100, seed=3), gen.orderbook_f32(100, seed=3, regime="legacy"))
    assert gen.regime_value("busy") == 3 and gen.regime_name(5) == "gappy"
    with pytest.raises(cdd.InvalidArgumentError, match="unknown generator regime 'hectic'"):
        gen.book(10, "hectic")
    with pytest.raises(ValueError):
        gen.OrderBookGenerator(1, 99)
    with pytest.raises(ValueError, match="dtype"):
        gen.book(10, "normal", np.int32)
