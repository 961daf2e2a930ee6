"""read_path.py — the read path side by side with blosc2 in one run, from Python: full scan GB/s, random
1024-row slices/s, random and sequential single rows/s, for the float16 (okx_f16) and float32 (okx_f32)
books and plain lz4, on data from an .npy file (default: realistic_books.py's generator) — used to measure
issue 10's read-path work (docs/BENCHMARKS.md, "Where a read's time goes").

--clock cpu rates operations per second of this process's CPU time instead of wall time: on a shared,
overloaded machine that measures the work per operation (use it with --threads 1; with more threads it
counts every thread's time).

Run: CDD_LIBRARY=build/release/libcdd.so PYTHONPATH=packages/python-bridge/src \
     python3 packages/python-bridge/bench/read_path.py [--data F16.npy --data F32.npy] [--seconds 1]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import cdd

SLICE = 1024


CLOCK = time.perf_counter


def rate(fn, seconds: float) -> float:
    n, t0 = 0, CLOCK()
    while True:
        for _ in range(16):
            fn()
        n += 16
        dt = CLOCK() - t0
        if dt >= seconds:
            return n / dt


def measure(read, row, n: int, nbytes: int, seconds: float, seed: int = 5) -> dict[str, float]:
    rng = random.Random(seed)
    starts = [rng.randrange(0, n - SLICE) for _ in range(4096)]
    rows = [rng.randrange(0, n) for _ in range(4096)]
    it = iter(range(1 << 62))
    scan = min(timed(lambda: read(0, n)) for _ in range(3))
    out = {"scan_gbs": nbytes / scan / 1e9}
    out["slices_s"] = rate(lambda: read(*(lambda s: (s, s + SLICE))(starts[next(it) & 4095])), seconds)
    out["rows_s"] = rate(lambda: row(rows[next(it) & 4095]), seconds)
    seq = iter(range(1 << 62))
    out["seq_rows_s"] = rate(lambda: row(next(seq) % n), seconds)
    return out


def timed(fn) -> float:
    t = CLOCK()
    fn()
    return CLOCK() - t


def run(data: np.ndarray, label: str, tmp: Path, seconds: float, threads: list[int]) -> None:
    import blosc2

    n = len(data)
    book = "okx_f16" if data.dtype == np.float16 else "okx_f32"
    print(f"\n[{label}] {data.shape} {data.dtype}, {data.nbytes / 1e6:.1f} MB decoded")
    print(f"{'store':28s} {'thr':>3s} {'ratio':>6s} {'scan GB/s':>9s} {'slices/s':>9s} {'rows/s':>9s} {'seq rows/s':>10s}")
    results = {}
    for codec in (book, "lz4"):
        path = tmp / f"{label}-{codec}.cdd"
        with cdd.open(path, "w", codec=codec) as w:
            w.append(data)
        ratio = data.nbytes / path.stat().st_size
        for t in threads:
            with cdd.open(path, threads=t) as r:
                got = r.read(1000, 1000 + SLICE)
                assert got.tobytes() == data[1000:1000 + SLICE].tobytes()
                m = measure(r.read, r.__getitem__, n, data.nbytes, seconds)
            results[(f"cdd {codec}", t)] = (ratio, m)
            print(f"{'cdd ' + codec:28s} {t:3d} {ratio:6.2f} {m['scan_gbs']:9.2f} {m['slices_s']:9.0f} "
                  f"{m['rows_s']:9.0f} {m['seq_rows_s']:10.0f}")
    for codec, clevel in (("zstd", 1), ("lz4", 5)):
        path = tmp / f"{label}-{codec}.b2nd"
        cp = blosc2.CParams(codec=getattr(blosc2.Codec, codec.upper()), clevel=clevel,
                            filters=[blosc2.Filter.SHUFFLE], typesize=data.dtype.itemsize)
        blosc2.asarray(data, urlpath=str(path), mode="w", chunks=(4096,) + data.shape[1:], cparams=cp)
        ratio = data.nbytes / path.stat().st_size
        for t in threads:
            blosc2.set_nthreads(t)
            h = blosc2.open(str(path), mode="r", dparams=blosc2.DParams(nthreads=t))
            m = measure(lambda a, b: h[a:b], lambda i: h[i], n, data.nbytes, seconds)
            name = f"blosc2 {codec}{clevel if codec == 'zstd' else ''}+shuffle"
            results[(name, t)] = (ratio, m)
            print(f"{name:28s} {t:3d} {ratio:6.2f} {m['scan_gbs']:9.2f} {m['slices_s']:9.0f} "
                  f"{m['rows_s']:9.0f} {m['seq_rows_s']:10.0f}")
    def best(name, key):
        return max(results[(name, t)][1][key] for t in threads)
    me = f"cdd {book}"
    for peer in ("blosc2 zstd1+shuffle", "blosc2 lz4+shuffle"):
        print(f"  {me} / {peer}: scan {best(me, 'scan_gbs') / best(peer, 'scan_gbs'):.2f}x, "
              f"slices {best(me, 'slices_s') / best(peer, 'slices_s'):.2f}x, rows {best(me, 'rows_s') / best(peer, 'rows_s'):.2f}x")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", action="append", help=".npy file (N, 50, 3) float16 or float32; repeatable")
    p.add_argument("--rows", type=int, default=60000, help="rows to generate when no --data is given")
    p.add_argument("--seconds", type=float, default=1.0)
    p.add_argument("--threads", default="1,2")
    p.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    a = p.parse_args()
    global CLOCK
    CLOCK = time.process_time if a.clock == "cpu" else time.perf_counter
    threads = [int(x) for x in a.threads.split(",")]
    sets = []
    if a.data:
        sets = [(Path(f).stem, np.load(f)) for f in a.data]
    else:
        sys.path.insert(0, str(Path(__file__).parent))
        import realistic_books as rb
        b = rb.books_f32(a.rows, seed=3, change=0.25)
        sets = [("f16", rb.normalized_f16(b)), ("f32", b)]
    print(f"libcdd {cdd.version()} SIMD {cdd.simd_target() if hasattr(cdd, 'simd_target') else '?'}; "
          f"load average {os.getloadavg()}; clock {a.clock}")
    tmp = Path(tempfile.mkdtemp(prefix="cdd-readpath-"))
    try:
        for label, d in sets:
            run(d, label, tmp, a.seconds, threads)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"load average at the end {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
