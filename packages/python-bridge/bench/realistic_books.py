"""realistic_books.py — an independent numpy generator of OKX-like books for read-path measurements (not
libcdd's generator): mid on a tick grid moving in ~30% of snapshots, ~15% of levels changing size per
snapshot, price gaps, heavy-tailed sizes on a lot grid, small counts. Layout as the core's generator:
levels 0..24 asks ascending, 25..49 bids descending, fields (price, size, count); the float16 view is
(bps from mid, log1p(size), count)."""

from __future__ import annotations

import numpy as np

TICK = 0.1
LOT = 0.001


def _sizes(rng: np.random.Generator, n: int) -> np.ndarray:
    lots = np.floor(rng.pareto(1.2, n) * 40 + 1)
    round_ = rng.random(n)
    lots = np.where((round_ < 0.2) & (lots >= 20), np.floor(lots / 10) * 10, lots)
    return lots


def books_f32(rows: int, seed: int = 1, change: float = 0.15, move: float = 0.3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    depth = 40  # ladder kept per side, 25 shown
    out = np.zeros((rows, 50, 3), dtype=np.float32)
    best_bid = 600000
    # each side: offsets (ticks from its best, >= 0, strictly increasing), lots, orders
    def fresh_side():
        gaps = 1 + (rng.random(depth) < 0.25) * rng.integers(1, 4, depth)
        offs = np.concatenate([[0], np.cumsum(gaps[:-1])])
        lots = _sizes(rng, depth)
        orders = np.minimum(lots, 1 + rng.geometric(0.5, depth))
        return offs.astype(np.int64), lots, orders

    asks = list(fresh_side())
    bids = list(fresh_side())
    for t in range(rows):
        if rng.random() < move:
            k = int(rng.choice([1, 1, 1, 2, 3])) * (1 if rng.random() < 0.5 else -1)
            best_bid += k
            # the side the price moves into loses its top levels; the other side gains fresh ones
            for side, sign in ((asks, k), (bids, -k)):
                offs, lots, orders = side
                offs = offs - sign
                keep = offs >= 0
                offs, lots, orders = offs[keep], lots[keep], orders[keep]
                if len(offs) == 0 or offs[0] != 0:
                    # new best level(s) at 0 when the book moved away
                    add = np.arange(0, offs[0] if len(offs) else 1)
                    add = add[rng.random(len(add)) < 0.7] if len(add) > 1 else add
                    if len(add) == 0 or add[0] != 0:
                        add = np.concatenate([[0], add[add > 0]])
                    n = len(add)
                    l = _sizes(rng, n)
                    offs = np.concatenate([add, offs])
                    lots = np.concatenate([l, lots])
                    orders = np.concatenate([np.minimum(l, 1 + rng.geometric(0.5, n)), orders])
                # refill the deep end
                while len(offs) < depth:
                    g = 1 + (rng.random() < 0.25) * rng.integers(1, 4)
                    offs = np.append(offs, offs[-1] + g)
                    l = _sizes(rng, 1)
                    lots = np.append(lots, l)
                    orders = np.append(orders, np.minimum(l, 1 + rng.geometric(0.5, 1)))
                side[0], side[1], side[2] = offs[:depth + 8], lots[:depth + 8], orders[:depth + 8]
        for side in (asks, bids):
            offs, lots, orders = side
            n = len(lots)
            ch = rng.random(n) < change * (1.5 - np.arange(n) / n)
            m = int(ch.sum())
            if m:
                delta = np.floor(rng.pareto(1.5, m) * 5 + 1) * np.where(rng.random(m) < 0.5, 1, -1)
                nl = np.maximum(1, lots[ch] + delta)
                lots[ch] = nl
                orders[ch] = np.clip(orders[ch] + np.sign(delta), 1, nl)
        ask0 = best_bid + 1
        a_off, a_lots, a_ord = asks
        b_off, b_lots, b_ord = bids
        row = out[t]
        row[:25, 0] = (ask0 + a_off[:25]) * TICK
        row[:25, 1] = a_lots[:25] * LOT
        row[:25, 2] = a_ord[:25]
        row[25:, 0] = (best_bid - b_off[:25]) * TICK
        row[25:, 1] = b_lots[:25] * LOT
        row[25:, 2] = b_ord[:25]
    return out


def normalized_f16(books: np.ndarray) -> np.ndarray:
    mid = (books[:, 0, 0] + books[:, 25, 0]) / 2
    out = np.empty_like(books)
    out[:, :, 0] = (books[:, :, 0] - mid[:, None]) / mid[:, None] * 1e4
    out[:, :, 1] = np.log1p(books[:, :, 1])
    out[:, :, 2] = books[:, :, 2]
    return out.astype(np.float16)


if __name__ == "__main__":
    import sys
    import time

    t = time.time()
    b = books_f32(int(sys.argv[1]) if len(sys.argv) > 1 else 10000)
    print(b.shape, time.time() - t, "s")
    print(b[0, :3], b[0, 25:28])
    f = normalized_f16(b)
    print(f[0, :3], f[0, 25:28])
    print("share of values changing:", float((b[1:] != b[:-1]).mean()))
