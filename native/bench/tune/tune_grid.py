"""tune_grid.py — the codec-tuning grid of issue 10: for every data set (a regime of a generator, or a
real book given with --data), both books (float16 normalized, float32 raw), every order-book filter x
stage x chunk size through cdd_bench_tune, beside blosc2 (zstd1 + shuffle and lz4 + shuffle, 4096-row
chunks) on the same data in the same run; prints the tables and, with --write, replaces the "Codec
tuning grid" section of docs/BENCHMARKS.md.

    python3 native/bench/tune/tune_grid.py --bench build/release/cdd_bench_tune [--rows 40000] [--quick]
        [--data BOOK.npy ...] [--write docs/BENCHMARKS.md]

Data sets: the independent generator's regimes (independent_book.py, parameters below) — never the
core's own generator alone — plus any --data file ((N, D, F) float16 or float32).
All timings are one thread's CPU time (the machine is shared): cdd_bench_tune measures its codec that
way, and blosc2 runs with nthreads=1 under time.process_time.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from independent_book import generate  # noqa: E402

# Regimes of the independent generator (documented in docs/BENCHMARKS.md with the results).
REGIMES: dict[str, dict[str, float]] = {
    "calm": dict(p_move=0.10, p_change=0.05, p_cancel=0.01, p_insert=0.01),
    "normal": dict(p_move=0.30, p_change=0.15),
    "busy": dict(p_move=0.35, p_change=0.30, size_scale=200, p_cancel=0.10, p_insert=0.10),
    "gappy": dict(p_move=0.30, p_change=0.15, fill=0.3),
    "stress": dict(p_move=0.5, p_change=0.6, size_scale=2000, p_cancel=0.2, p_insert=0.2),
}

FILTERS = "0,1,2,3,4,5"
STAGES = "lz4:1,lz4:4,lz4:9,zstd:1,zstd:3"
CHUNKS = "8192,16384,32768,65536"
SECTION = "## Codec tuning grid"


def cached_book(regime: str, rows: int, cache: Path, source: str = "independent") -> tuple[Path, Path]:
    """The two books of a regime as .npy files (generated once): source "independent" is
    independent_book.py, "cdd" the core's generator regimes (cdd.gen, needs CDD_LIBRARY)."""
    cache.mkdir(parents=True, exist_ok=True)
    tag = "" if source == "independent" else "cdd_"
    f16, f32 = cache / f"{tag}{regime}_{rows}_f16.npy", cache / f"{tag}{regime}_{rows}_f32.npy"
    if not (f16.exists() and f32.exists()):
        if source == "cdd":
            from cdd import gen as cdd_gen

            raw = cdd_gen.book(rows, regime, np.float32, seed=20240601)
            norm = cdd_gen.book(rows, regime, np.float16, seed=20240601)
        else:
            raw, norm = generate(rows, seed=1000 + sorted(REGIMES).index(regime), **REGIMES[regime])
        np.save(f32, raw)
        np.save(f16, norm)
    return f16, f32


def run_cdd(bench: str, path: Path, quick: bool, filters: str, stages: str, chunks: str, rows: int) -> list[dict]:
    cmd = [bench, "--data", str(path), "--filters", filters, "--stages", stages, "--chunks", chunks, "--rows", str(rows)]
    if quick:
        cmd.append("--quick")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines():
        if not line.startswith("row\t"):
            continue
        _, flt, stage, target, rpc, ratio, enc, dec, sl, check = line.split("\t")
        if check != "exact":
            raise SystemExit(f"{path}: {flt} {stage} {target}: round trip {check}")
        rows.append(dict(filter=flt, stage=stage, chunk=int(target), rows=int(rpc), ratio=float(ratio),
                         enc=float(enc), dec=float(dec), slices=float(sl)))
    return rows


def run_blosc2(path: Path, quick: bool, rows: int) -> list[dict]:
    import blosc2

    a = np.load(path)[:rows]
    out = []
    for name, codec, clevel in (("blosc2 zstd1+shuffle", blosc2.Codec.ZSTD, 1),
                                ("blosc2 lz4+shuffle", blosc2.Codec.LZ4, 5)):
        cparams = dict(codec=codec, clevel=clevel, filters=[blosc2.Filter.SHUFFLE], nthreads=1)
        chunks = [blosc2.compress2(np.ascontiguousarray(a[s:s + 4096]), typesize=a.itemsize, **cparams)
                  for s in range(0, len(a), 4096)]
        stored = sum(len(c) for c in chunks)
        best = 1e300
        for _ in range(2 if quick else 4):
            t = time.process_time()
            for c in chunks:
                blosc2.decompress2(c, nthreads=1)
            best = min(best, time.process_time() - t)
        arr = blosc2.asarray(a, chunks=(4096,) + a.shape[1:], cparams=cparams, dparams=dict(nthreads=1))
        rng = np.random.default_rng(42)
        starts = rng.integers(0, len(a) - 1024, 64 if quick else 256)
        arr[0:1024]
        t = time.process_time()
        for s in starts:
            arr[int(s):int(s) + 1024]
        sl = len(starts) / (time.process_time() - t)
        out.append(dict(filter=name, stage="", chunk=4096, rows=4096, ratio=a.nbytes / stored, enc=0.0,
                        dec=a.nbytes / best / 1e9, slices=sl))
    return out


def best_by(rows: list[dict], key) -> dict:
    return max(rows, key=key)


def table(title: str, rows: list[dict], peers: list[dict], marks: set[tuple]) -> list[str]:
    zstd_peer, lz4_peer = peers
    lines = [f"#### {title}", "",
             "| filter | stage | chunk target | rows/chunk | ratio | × blosc2 zstd1 ratio | decode GB/s | "
             "× blosc2 lz4 decode | 1024-row slices/s | × blosc2 zstd1 slices | encode GB/s |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for p in peers:
        lines.append(f"| {p['filter']} | | 4096 rows | 4096 | {p['ratio']:.2f} | {p['ratio'] / zstd_peer['ratio']:.2f} | "
                     f"{p['dec']:.2f} | {p['dec'] / lz4_peer['dec']:.2f} | {p['slices']:.0f} | "
                     f"{p['slices'] / zstd_peer['slices']:.2f} | |")
    for r in rows:
        key = (r["filter"], r["stage"], r["chunk"])
        b = "**" if key in marks else ""
        lines.append(f"| {b}{r['filter']}{b} | {r['stage']} | {r['chunk'] // 1024} KiB | {r['rows']} | {r['ratio']:.2f} | "
                     f"{r['ratio'] / zstd_peer['ratio']:.2f} | {r['dec']:.2f} | {r['dec'] / lz4_peer['dec']:.2f} | "
                     f"{r['slices']:.0f} | {r['slices'] / zstd_peer['slices']:.2f} | {r['enc']:.3f} |")
    return lines + [""]


# The presets compared in the summary: (filter, stage, chunk target) per book, old (before issue 10)
# and new (codec_presets.cpp).
PRESETS = {
    "float16": {"old": ("bitmap", "lz4:4", 8192), "new": ("bitmap-planar", "lz4:9", 16384)},
    "float32": {"old": ("none", "zstd:3", 4096), "new": ("bitmap", "lz4:9", 16384)},
}


def summary(results: list[dict]) -> list[str]:
    lines = ["### Presets against blosc2, every data set", "",
             "Old preset (before issue 10: float16 bitmap on LZ4HC 4, 8 KiB; float32 no filter on zstd 3, 4 KiB) "
             "and new preset (float16 bitmap-planar on LZ4HC 9, 16 KiB; float32 bitmap on LZ4HC 9, 16 KiB) beside "
             "blosc2 (4096-row chunks, shuffle, one thread). Ratios of the new preset: ratio over blosc2 zstd1's "
             "(target ≥ 1 for float16, ≥ 1.2 for float32), decode over blosc2 lz4's (float16 target ≥ 1.5, float32 "
             "≥ 1), slices over blosc2 zstd1's (float16 ≥ 3) and over the faster peer's (float16 ≥ 1.5).", "",
             "| data set | old ratio | new ratio | blosc2 zstd1 ratio | blosc2 lz4 ratio | old decode GB/s | "
             "new decode GB/s | blosc2 zstd1 / lz4 decode GB/s | new slices/s | blosc2 zstd1 / lz4 slices/s | "
             "new: ratio × zstd1 | decode × lz4 | slices × zstd1 | slices × fastest peer |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for res in results:
        book = "float16" if "float16" in res["title"] else "float32"
        find = {k: next((r for r in res["rows"] if (r["filter"], r["stage"], r["chunk"]) == v), None)
                for k, v in PRESETS[book].items()}
        z, l4 = res["peers"]
        old, new = find["old"], find["new"]
        if old is None or new is None:
            continue
        fast = max(z["slices"], l4["slices"])
        lines.append(f"| {res['title']} | {old['ratio']:.2f} | **{new['ratio']:.2f}** | {z['ratio']:.2f} | {l4['ratio']:.2f} | "
                     f"{old['dec']:.2f} | **{new['dec']:.2f}** | {z['dec']:.2f} / {l4['dec']:.2f} | {new['slices']:.0f} | "
                     f"{z['slices']:.0f} / {l4['slices']:.0f} | {new['ratio'] / z['ratio']:.2f} | "
                     f"{new['dec'] / l4['dec']:.2f} | {new['slices'] / z['slices']:.2f} | {new['slices'] / fast:.2f} |")
    return lines + [""]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", default="build/release/cdd_bench_tune")
    ap.add_argument("--rows", type=int, default=40000, help="rows generated per data set")
    ap.add_argument("--measure-rows", type=int, default=0, help="rows measured (default: all)")
    ap.add_argument("--regimes", default=None, help="comma-separated (default: every regime of --source)")
    ap.add_argument("--source", choices=("independent", "cdd"), default="independent",
                    help="independent_book.py's regimes, or the core generator's (cdd.gen.REGIMES)")
    ap.add_argument("--data", action="append", default=[], help="(N, D, F) float16 or float32 .npy (repeatable)")
    ap.add_argument("--filters", default=FILTERS)
    ap.add_argument("--stages", default=STAGES)
    ap.add_argument("--chunks", default=CHUNKS)
    ap.add_argument("--cache", default="/tmp/cdd_tune_data")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--write", help="docs/BENCHMARKS.md to update")
    ap.add_argument("--json", help="save the measurements here (or, with --render, read them from here: comma-separated files)")
    ap.add_argument("--render", action="store_true", help="only re-render the tables from --json")
    ap.add_argument("--extra", default="4,lz4:4,8192;0,zstd:3,4096",
                    help="filter,stage,chunk;... configurations measured beside the grid (default: the old presets)")
    ap.add_argument("--marks", default="bitmap-planar,lz4:9,16384;bitmap,lz4:9,16384;none,zstd:3,4096;bitmap,lz4:4,8192",
                    help="filter,stage,chunk;... rows to set in bold (the presets)")
    args = ap.parse_args()
    marks = set()
    for m in args.marks.split(";"):
        f, s, c = m.split(",")
        marks.add((f, s, int(c)))

    sets: list[tuple[str, Path]] = []
    if args.regimes is None:
        if args.source == "cdd":
            from cdd import gen as cdd_gen

            args.regimes = ",".join(cdd_gen.REGIMES)
        else:
            args.regimes = ",".join(REGIMES)
    who = "independent generator" if args.source == "independent" else "core generator (cdd.gen)"
    for regime in [r for r in args.regimes.split(",") if r]:
        f16, f32 = cached_book(regime, args.rows, Path(args.cache), args.source)
        sets += [(f"{who}, regime {regime}, float16 normalized book", f16),
                 (f"{who}, regime {regime}, float32 raw book", f32)]
    for d in args.data:
        sets.append((f"--data {os.path.basename(d)}", Path(d)))

    out = [SECTION, "",
           f"Every order-book filter × stage × chunk target on {args.measure_rows or args.rows} rows of each data set, beside blosc2 "
           "on the same data in the same run. Run: `python3 native/bench/tune/tune_grid.py [--source cdd] --quick "
           "--measure-rows 16000 --chunks 16384 --json results.json` (every filter, stages LZ4 1/4/9 and zstd 1/3, "
           "and the old presets' settings; `--source cdd` needs `CDD_LIBRARY`), then `--render --json a.json,b.json "
           "--write docs/BENCHMARKS.md`; the figures below are `native/bench/tune/results_independent.json` and "
           "`results_core.json`. The grid itself is `cdd_bench_tune --data BOOK.npy` (built with "
           "`-DCDD_BUILD_BENCH=ON`), which also checks every round trip bit for bit. One thread's "
           "CPU time for every figure (the 2-core machine was shared with other engineers' builds, load average about 20 during the "
           "2026-12-04 run: compare within a table, and expect ±15 % on speeds). **ratio** = decoded bytes / stored bytes, the 48-byte chunk frame header included; **decode "
           "GB/s** = decoded bytes (of the stored dtype: 2 per float16 element) per second, whole chunks; "
           "**slices/s** = random 1024-row slices, each chunk a slice touches decoded for the rows asked (cdd: "
           "`decode_range`; blosc2: `NDArray[a:b]`, 4096-row chunks, nthreads=1). Bold: the presets, old and new.",
           "", "Independent generator regimes (`native/bench/tune/independent_book.py`, parameters beside "
           "`REGIMES` in `tune_grid.py`): " + "; ".join(f"{k}: " + ", ".join(f"{p}={v}" for p, v in v_.items())
                                                      for k, v_ in REGIMES.items()) + ".", ""]
    results: list[dict] = []
    if args.render:
        for j in args.json.split(","):  # several runs (e.g. both sources) into one section
            results += json.loads(Path(j).read_text())
    else:
        for title, path in sets:
            print(f"== {title}", file=sys.stderr, flush=True)
            rows = run_cdd(args.bench, path, args.quick, args.filters, args.stages, args.chunks,
                           args.measure_rows or 10**12)
            for e in [e for e in args.extra.split(";") if e]:
                f, st, ch = e.split(",")
                if not any(r["chunk"] == int(ch) and r["stage"] == st and str(f) in args.filters.split(",") for r in rows):
                    rows += run_cdd(args.bench, path, args.quick, f, st, ch, args.measure_rows or 10**12)
            results.append(dict(title=title, rows=rows,
                                peers=run_blosc2(path, args.quick, args.measure_rows or 10**12)))
            if args.json:
                Path(args.json).write_text(json.dumps(results, indent=1))
    out += summary(results)
    out += ["### The grid", ""]
    for res in results:
        lines = table(res["title"], res["rows"], res["peers"], marks)
        print("\n".join(lines), flush=True)
        out += lines
    if args.write:
        p = Path(args.write)
        text = p.read_text()
        start = text.find(SECTION)
        if start < 0:
            text = text.rstrip("\n") + "\n\n" + "\n".join(out)
        else:
            nxt = text.find("\n## ", start + len(SECTION))
            text = text[:start] + "\n".join(out) + ("\n" + text[nxt + 1:] if nxt >= 0 else "")
        p.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
