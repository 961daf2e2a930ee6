"""independent_book.py — an order-book generator independent of the core's (native/src/gen), written
from the description of realistic OKX books in issue 10, so codec tuning is never judged on the data the
codec was written against alone.

Model (per snapshot): the best bid moves with probability `p_move` by 1 tick (sometimes 2-3), dragging
the ask side along; levels sit on a tick grid with gaps (each tick behind the best is occupied with
probability `fill`); each visible level changes size with probability `p_change`; sizes are heavy tailed
(Pareto) on a lot grid; counts are small integers that follow the size; rarely a level is cancelled or
inserted in a gap. Outputs the raw book (float32 price / size / count) and the normalized view
(basis points from the mid, log1p(size), count) as float16, both (N, 50, 3) like the core's generator.
"""
from __future__ import annotations

import numpy as np

LEVELS = 25


class Params:
    def __init__(self, **kw: float) -> None:
        self.tick = 0.1
        self.lot = 0.001
        self.start_bid_ticks = 600_000
        self.p_move = 0.30     # probability that the best price moves in a snapshot
        self.p_change = 0.15   # probability that a visible level changes size
        self.p_cancel = 0.03   # per side: a level is cancelled (its tick becomes a gap)
        self.p_insert = 0.03   # per side: a gap tick gets a level
        self.fill = 0.7        # probability that a tick behind the best holds a level
        self.pareto = 1.3      # tail index of the sizes
        self.size_scale = 40   # lots
        for k, v in kw.items():
            if not hasattr(self, k):
                raise KeyError(k)
            setattr(self, k, v)


class IndependentBook:
    def __init__(self, seed: int, params: Params | None = None) -> None:
        self.p = params or Params()
        self.rng = np.random.default_rng(seed)
        self.best_bid = self.p.start_bid_ticks
        self.best_ask = self.best_bid + 1
        # side: dict ticks -> [lots, count]
        self.bids: dict[int, list[int]] = {}
        self.asks: dict[int, list[int]] = {}
        self._refill()

    def _draw_level(self) -> list[int]:
        lots = int(np.ceil((self.rng.pareto(self.p.pareto) + 0.05) * self.p.size_scale))
        lots = max(1, min(lots, 2_000_000))
        count = int(min(lots, 1 + self.rng.poisson(1.0 + 2.0 * np.log1p(lots / self.p.size_scale))))
        return [lots, count]

    def _refill(self) -> None:
        for side, best, step in ((self.bids, self.best_bid, -1), (self.asks, self.best_ask, 1)):
            if best not in side:
                side[best] = self._draw_level()
            t = best
            while len(side) < LEVELS + 5:
                t += step
                if t not in side and self.rng.random() < self.p.fill:
                    side[t] = self._draw_level()
            # drop levels beyond the deeper edge to keep the dicts small
            if len(side) > LEVELS + 15:
                keep = sorted(side, key=lambda k: abs(k - best))[: LEVELS + 10]
                for k in list(side):
                    if k not in keep:
                        del side[k]

    def _move(self) -> None:
        r = self.rng.random()
        d = 1 if r < 0.8 else (2 if r < 0.95 else 3)
        if self.rng.random() < 0.5:
            d = -d
        if d > 0:  # bids move up: new best bid levels, asks below the new bid are taken
            self.best_bid += d
            self.bids[self.best_bid] = self._draw_level()
            for k in [k for k in self.asks if k <= self.best_bid]:
                del self.asks[k]
            if self.best_ask <= self.best_bid:
                self.best_ask = self.best_bid + 1
            self.best_ask = min(self.asks, default=self.best_bid + 1)
            if self.best_ask not in self.asks:
                self.asks[self.best_ask] = self._draw_level()
        else:
            self.best_ask += d
            self.asks[self.best_ask] = self._draw_level()
            for k in [k for k in self.bids if k >= self.best_ask]:
                del self.bids[k]
            self.best_bid = max(self.bids, default=self.best_ask - 1)
            if self.best_bid not in self.bids:
                self.bids[self.best_bid] = self._draw_level()
        # the spread never stays wider than a few ticks
        while self.best_ask - self.best_bid > 3:
            self.best_bid += 1
            self.bids[self.best_bid] = self._draw_level()

    def _visible(self, side: dict[int, list[int]], ascending: bool) -> list[int]:
        return sorted(side, reverse=not ascending)[:LEVELS]

    def step(self) -> None:
        p = self.p
        if self.rng.random() < p.p_move:
            self._move()
        for side, asc in ((self.asks, True), (self.bids, False)):
            vis = self._visible(side, asc)
            changed = self.rng.random(len(vis)) < p.p_change
            for k, c in zip(vis, changed):
                if c:
                    lv = side[k]
                    if self.rng.random() < 0.5:
                        lv[:] = self._draw_level()
                    else:  # a partial fill or an add: a small change on the lot grid
                        lv[0] = max(1, lv[0] + int(self.rng.integers(-lv[0] // 2 - 1, lv[0] // 2 + 2)))
                        lv[1] = int(max(1, min(lv[0], lv[1] + self.rng.integers(-1, 2))))
            if self.rng.random() < p.p_cancel and len(vis) > 2:
                k = vis[int(self.rng.integers(1, len(vis)))]
                del side[k]
            if self.rng.random() < p.p_insert and len(vis) > 2:
                lo, hi = (vis[1], vis[-1]) if asc else (vis[-1], vis[1])
                t = int(self.rng.integers(lo, hi + 1))
                if t not in side:
                    side[t] = self._draw_level()
        self.best_ask = min(self.asks)
        self.best_bid = max(self.bids)
        self._refill()

    def rows(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """n snapshots: (raw float32 (n, 50, 3), normalized float16 (n, 50, 3))."""
        raw = np.zeros((n, 2 * LEVELS, 3), np.float64)
        for r in range(n):
            self.step()
            for base, side, asc in ((0, self.asks, True), (LEVELS, self.bids, False)):
                for j, k in enumerate(self._visible(side, asc)):
                    lots, cnt = side[k]
                    raw[r, base + j] = (k, lots, cnt)
        ticks, lots, cnt = raw[..., 0], raw[..., 1], raw[..., 2]
        present = ticks > 0
        price = ticks * self.p.tick
        size = lots * self.p.lot
        raw32 = np.stack([price, size, cnt], axis=-1).astype(np.float32)
        mid = (ticks[:, 0] + ticks[:, LEVELS]) * self.p.tick / 2.0
        bps = np.where(present, (price - mid[:, None]) / mid[:, None] * 1e4, 0.0)
        norm = np.stack([bps.astype(np.float32), np.log1p(size.astype(np.float32)), cnt.astype(np.float32)], -1)
        return raw32, norm.astype(np.float32).astype(np.float16)


def generate(n: int, seed: int = 7, **params: float) -> tuple[np.ndarray, np.ndarray]:
    return IndependentBook(seed, Params(**params)).rows(n)


if __name__ == "__main__":
    import sys
    import time

    t = time.time()
    raw, norm = generate(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
    print(f"{time.time() - t:.1f}s", raw.shape, raw[0, :3], raw[0, 25:28], norm[0, :3])
    ch = (raw[1:] != raw[:-1]).mean(axis=(0, 1))
    print("fraction of elements changing per field (price, size, count):", ch)
    mv = (raw[1:, 0, 0] != raw[:-1, 0, 0]) | (raw[1:, 25, 0] != raw[:-1, 25, 0])
    print("fraction of snapshots where the best price moves:", mv.mean())
