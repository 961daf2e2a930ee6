"""random_rows.py — random single rows against file size: the chunk-size trade-off of the order-book
presets, side by side in one run, on every generator regime (or on --data files). For each book (float16
okx_f16, float32 okx_f32) it writes the same rows with the preset (chunks of ~16 KiB compressed), with
fixed rows per chunk (--chunk-rows) and with other chunk targets (--chunk-bytes), and measures ratio (and
× blosc2 zstd3+shuffle's, 1024-row chunks, the benchmark's best-ratio peer), random single rows/s read one
by one (`reader.read(i, i + 1)` at random i: nearly every read is the first touch of a chunk) and in
batches (`reader.take(idx)`, 256 random rows a call), random 1024-row slices/s and the full scan. A
random row costs one chunk decode up to that row, so its rate follows rows per chunk; the ratio falls as
chunks shrink (each chunk's first row is stored whole). docs/BENCHMARKS.md, "Random single rows and chunk
size".

Run: CDD_LIBRARY=build/release/libcdd.so PYTHONPATH=packages/python-bridge/src \
     python3 packages/python-bridge/bench/random_rows.py [--regimes calm,normal,...] [--data BOOK.npy]
     [--rows 150000] [--seconds 0.3] [--chunk-rows 48,96] [--chunk-bytes 4096] [--write docs/BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import cdd
import read_path  # beside this file
from cdd.gen import OrderBookGenerator

BEGIN, END = "<!-- random-rows:begin -->", "<!-- random-rows:end -->"
SLICE = 1024
TAKE = 256  # rows per reader.take() call in the batched random-rows column


CLOCK = time.process_time  # --clock wall: time.perf_counter


def rate(fn, seconds: float) -> float:
    """Operations per second: the best of three rounds of `seconds` / 3 of read_path.rate (one read
    thread, so CPU time is this read's own work; the best round is the one least disturbed by the
    machine's other tenants)."""
    read_path.CLOCK = CLOCK
    return max(read_path.rate(fn, seconds / 3) for _ in range(3))


def blosc2_ratio(data: np.ndarray, tmp: Path) -> float | None:
    try:
        import blosc2
    except ImportError:
        return None
    path = tmp / "peer.b2nd"
    cp = blosc2.CParams(codec=blosc2.Codec.ZSTD, clevel=3, filters=[blosc2.Filter.SHUFFLE], typesize=data.dtype.itemsize)
    blosc2.asarray(data, urlpath=str(path), mode="w", chunks=(1024,) + data.shape[1:], cparams=cp)
    ratio = data.nbytes / path.stat().st_size
    path.unlink()
    return ratio


def rows_rate(r, rows: list[int], seconds: float) -> float:
    """Random single rows per second as user code reads them, `for i in rows: r.read(i, i + 1)` (no
    harness call per row): the best of three rounds of seconds / 3."""
    best = 0.0
    for _ in range(3):
        done, t0 = 0, CLOCK()
        while True:
            for i in rows:
                r.read(i, i + 1)
            done += len(rows)
            dt = CLOCK() - t0
            if dt >= seconds / 3:
                break
        best = max(best, done / dt)
    return best


def measure(data: np.ndarray, codec: str, params: dict, tmp: Path, seconds: float) -> dict:
    path = tmp / "book.cdd"
    with cdd.open(path, "w", codec=codec, **params) as w:
        for a in range(0, len(data), 65536):
            w.append(data[a:a + 65536])
    out = {"ratio": data.nbytes / path.stat().st_size}
    with cdd.open(path, threads=1) as r:
        n = len(r)
        if r.read(0, n).tobytes() != data.tobytes():
            raise RuntimeError(f"{codec} {params}: read back differs from the data written")
        out["rows_per_chunk"] = n / r.num_chunks
        rng = random.Random(9)
        rows = [rng.randrange(0, n) for _ in range(8192)]
        starts = [rng.randrange(0, max(1, n - SLICE)) for _ in range(8192)]
        it = iter(range(1 << 62))
        out["rows_s"] = rows_rate(r, rows, seconds)
        batches = np.array(rows, dtype=np.int64).reshape(-1, TAKE)
        bt = iter(range(1 << 62))
        out["take_s"] = TAKE * rate(lambda: r.take(batches[next(bt) % len(batches)]), seconds)
        out["slices_s"] = rate(lambda: (lambda s: r.read(s, s + SLICE))(starts[next(it) & 8191]), seconds)
        scan = min((lambda t0: (r.read(0, n), CLOCK() - t0)[1])(CLOCK()) for _ in range(3))
        out["scan_gbs"] = data.nbytes / scan / 1e9
    path.unlink()
    return out


def datasets(args) -> list[tuple[str, str, np.ndarray]]:
    """(source, book kind, rows) for each regime and book, or for each --data file."""
    out = []
    for f in args.data:
        arr = np.load(f)
        out.append((Path(f).name, "f16" if arr.dtype == np.float16 else "f32", arr))
    for regime in (args.regimes.split(",") if not args.data else []):
        with OrderBookGenerator(seed=7, regime=regime) as g:
            out.append((regime, "f16", g.books_f16(args.rows)))
        with OrderBookGenerator(seed=7, regime=regime) as g:
            out.append((regime, "f32", g.books_f32(args.rows)))
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--regimes", default="calm,normal,busy,trending,gappy,stress")
    p.add_argument("--data", action="append", default=[], help="an (N, 50, 3) float16/float32 .npy (repeatable)")
    p.add_argument("--rows", type=int, default=150000)
    p.add_argument("--seconds", type=float, default=0.3)
    p.add_argument("--chunk-rows", default="48,96", help="rows per chunk to try beside the preset ('' for none)")
    p.add_argument("--chunk-bytes", default="", help="adaptive chunk targets (stored bytes) to try, e.g. 4096,8192")
    p.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                   help="rates per second of this process's CPU time (default) or of wall time")
    p.add_argument("--write", help="replace the section between the random-rows markers of this file")
    args = p.parse_args()
    global CLOCK
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
    variants = ([({}, "preset (~16 KiB)")] + [({"chunk_rows": int(c)}, f"{int(c)} rows") for c in args.chunk_rows.split(",") if c]
                + [({"chunk_target_bytes": int(c)}, f"~{int(c) / 1024:g} KiB") for c in args.chunk_bytes.split(",") if c])
    lines = [
        f"`packages/python-bridge/bench/random_rows.py --regimes {args.regimes} --rows {args.rows} --seconds "
        f"{args.seconds} --clock {args.clock}`{''.join(' --data ' + d for d in args.data)}: {os.cpu_count()} "
        f"CPUs, {platform.platform()}, libcdd {cdd.version()} ({cdd.simd_target()}), one read thread, files "
        f"in the page cache, load average {os.getloadavg()[0]:.1f} at the start; rates per second of "
        f"{'CPU' if args.clock == 'cpu' else 'wall'} time, the best of three rounds. **× peer** = ratio / "
        "blosc2 zstd3+shuffle's (1024-row chunks) on the same rows; random rows = `read(i, i + 1)` at random "
        "i from Python; take of 256 = `reader.take(idx)` with 256 random rows a call (one thread); slices = random "
        "1024-row slices.",
        "",
        "| data | book | chunks | rows/chunk | ratio | × peer | random rows/s | random rows/s, take of 256 | 1024-row slices/s | full scan GB/s |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory(prefix="cdd-random-rows-") as tmpdir:
        tmp = Path(tmpdir)
        for source, kind, data in datasets(args):
            peer = blosc2_ratio(data, tmp)
            for params, label in variants:
                m = measure(data, f"okx_{kind}", params, tmp, args.seconds)
                vs = f"{m['ratio'] / peer:.2f}" if peer else "—"
                line = (f"| {source} | {kind} | {label} | {m['rows_per_chunk']:.0f} | {m['ratio']:.2f} | {vs} | "
                        f"{m['rows_s']:,.0f} | {m['take_s']:,.0f} | {m['slices_s']:,.0f} | {m['scan_gbs']:.2f} |")
                print(line, flush=True)
                lines.append(line)
    if args.write:
        doc = Path(args.write)
        text = doc.read_text()
        a, b = text.find(BEGIN), text.find(END)
        if a < 0 or b < a:
            print(f"{doc}: no {BEGIN} ... {END} section", file=sys.stderr)
            return 1
        doc.write_text(text[:a + len(BEGIN)] + "\n" + "\n".join(lines) + "\n" + text[b:])
        print(f"wrote {doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
