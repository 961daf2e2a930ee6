#!/usr/bin/env python3
"""update_benchmarks_md.py — writes the "## Codecs" section of docs/BENCHMARKS.md from the output of
`cdd_bench_codecs --markdown` (read on stdin), keeping every other section of the file as it is.

    build/bench/cdd_bench_codecs --markdown | python3 native/bench/update_benchmarks_md.py docs/BENCHMARKS.md
"""
import re
import sys


def parse(text):
    lines = text.splitlines()
    machine = next((l for l in lines if l.startswith("CPU:")), "CPU: unknown")
    rows = []
    header = None
    for line in lines:
        if not line.startswith("|") or line.startswith("|---"):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if header is None:
            header = cells
            continue
        rows.append(dict(zip(header, cells)))
    if not rows:
        sys.exit("update_benchmarks_md.py: no table rows on stdin (run cdd_bench_codecs --markdown)")
    return machine, header, rows


def pick(rows, **kw):
    for r in rows:
        if all(r.get(k) == v for k, v in kw.items()):
            return r
    return None


def num(r, key):
    return float(r[key].rstrip("%"))


def section(machine, header, rows):
    best = rows[0]["target"]
    out = []
    w = out.append
    w("## Codecs")
    w("")
    w("Order-book codecs (spec/CODECS.md) on the data the machine line names (a generator regime, "
      "`--regime R`, default normal, or a real book, `--data BOOK.npy`), one core, measured by "
      "`cdd_bench_codecs` (`native/bench/`; configure with `-DCDD_BUILD_BENCH=ON`, run "
      "`cdd_bench_codecs [--quick] [--markdown] [--regime R] [--data BOOK.npy]`; this section is rewritten by "
      "`cdd_bench_codecs --markdown | python3 native/bench/update_benchmarks_md.py docs/BENCHMARKS.md`).")
    w("")
    w(f"Machine: {machine[len('CPU: '):]}")
    w("")
    w("- **Data**: `OKX_OB_F32` stores the raw book (prices, sizes, counts as float32, lossless); "
      "`OKX_OB_F16` stores the normalized ML view (basis points from the mid, log1p sizes, counts) given as "
      "float32 and narrowed to float16 (`DOWN_CAST_16`). Generator seed 20240601.")
    w("- **Chunks**: rows per chunk chosen so that a chunk's stored payload is about the target size "
      "(1, 4, 16, 64 KiB), as the writer's adaptive chunking does.")
    w("- **ratio** = decoded float32 bytes / stored payload bytes (the payload's 8-byte header included, "
      "the ~44-byte chunk frame header not). **GB/s** = decoded float32 bytes per second on one thread. "
      "**memcpy** copies the same bytes chunk by chunk into the same output buffer; **lib decode** runs "
      "`LZ4_decompress_safe` / `ZSTD_decompressDCtx` alone on the same stage streams, counted in the same "
      "decoded float32 bytes (so for float16 it decodes half as many bytes as it is credited with).")
    w("- Times are the thread's CPU time (the development machine is shared: wall time would count other "
      "jobs), and codec, memcpy and library are timed in alternating rounds, each keeping its best round. "
      "Other jobs still share the caches and memory bus, so expect ±15% between runs, more on memcpy, "
      "which streams its source from memory.")
    w("")

    # Acceptance summary.
    f16_lz4 = pick(rows, target=best, codec="OKX_OB_F16", filter="none", stage="LZ4", chunk="4K")
    f16_zstd = pick(rows, target=best, codec="OKX_OB_F16", filter="none", stage="ZSTD", chunk="4K")
    w(f"### Acceptance at ~4 KiB chunks (target {best}, default filter `none`)")
    w("")
    w("| check | target | measured |")
    w("|---|---|---|")
    if f16_lz4:
        w(f"| OKX_OB_F16 decode on LZ4 vs memcpy | >= 40% | {f16_lz4['decode/memcpy']} "
          f"({f16_lz4['decode GB/s']} vs {f16_lz4['memcpy GB/s']} GB/s) |")
    if f16_zstd:
        w(f"| OKX_OB_F16 decode on ZSTD vs zstd's own decode | >= 90% | {f16_zstd['decode/lib']} "
          f"({f16_zstd['decode GB/s']} vs {f16_zstd['lib decode GB/s']} GB/s) |")
    for codec in ("OKX_OB_F16", "OKX_OB_F32"):
        mine = pick(rows, target=best, codec=codec, filter="none", stage="ZSTD", chunk="4K")
        shuf = pick(rows, target=best, codec=codec, filter="shuffle", stage="ZSTD", chunk="4K")
        if mine and shuf:
            w(f"| {codec} ratio vs shuffle+zstd, same chunk size | no worse | {mine['ratio']} vs {shuf['ratio']} |")
    per_target = []
    for r in rows:
        if r["target"] != best and r["filter"] == "none" and r["codec"] == "OKX_OB_F16" and r["chunk"] == "4K":
            per_target.append(r)
    for r in per_target:
            key = "decode/memcpy" if r["stage"] == "LZ4" else "decode/lib"
            w(f"| same, target {r['target']}, {r['stage']} | | {key} {r[key]} ({r['decode GB/s']} GB/s) |")
    w("")
    w("Reading the memcpy column: memcpy streams its source (the whole data set, ~10 MB) from memory, "
      "as copying uncompressed rows would, so its speed depends on how busy the memory bus of this shared "
      "virtual machine is, even at a low load average, while the decode rate (11-12 GB/s for OKX_OB_F16 "
      "on LZ4, AVX3) is stable. Runs therefore disagree on decode/memcpy: this run (see the load average "
      "above) measured the share in the table; an earlier run on a quiet machine during development "
      "(2026-11-23) measured memcpy at about 34 GB/s, i.e. decode at about a third of memcpy. The 40% "
      "target is met in some runs and missed in others: it is not met robustly. decode/lib is stable "
      "across runs.")
    w("")

    # Filter choice.
    w("### Choosing the filter (4 KiB chunks)")
    w("")
    w("ratio × decode GB/s (ratio × speed), higher is better; the best of each row in bold.")
    w("")
    filters = []
    for r in rows:
        if r["filter"] not in filters:
            filters.append(r["filter"])
    w("| codec | stage | " + " | ".join(filters) + " |")
    w("|---|---|" + "---|" * len(filters))
    wins, total, margins = 0, 0, []
    for codec in ("OKX_OB_F16", "OKX_OB_F32"):
        for stage in ("LZ4", "ZSTD"):
            scores = {}
            for f in filters:
                r = pick(rows, target=best, codec=codec, filter=f, stage=stage, chunk="4K")
                if r is not None:
                    scores[f] = (num(r, "ratio") * num(r, "decode GB/s"), r)
            if not scores:
                continue
            top = max(scores, key=lambda f: scores[f][0])
            total += 1
            if top == "none":
                wins += 1
            elif "none" in scores:
                margins.append(100.0 * (scores[top][0] / scores["none"][0] - 1.0))
            cells = []
            for f in filters:
                if f not in scores:
                    cells.append("")
                    continue
                score, r = scores[f]
                cell = f"{score:.0f} ({r['ratio']} × {r['decode GB/s']})"
                cells.append(f"**{cell}**" if f == top else cell)
            w(f"| {codec} | {stage} | " + " | ".join(cells) + " |")
    w("")
    verdict = f"In this run `none` (the default of an empty `codec_params`) is best on {wins} of {total} rows"
    if margins:
        verdict += f"; where another filter is ahead, it is by up to {max(margins):.0f}%"
    w(verdict + ".")
    w("")
    bitmap_lz4 = pick(rows, target=best, codec="OKX_OB_F16", filter="bitmap", stage="LZ4", chunk="4K")
    w("Why the filters rank so: consecutive snapshots repeat most (price, size, count) triples, but at "
      "positions that move whenever a level is inserted, cancelled or the best price moves. LZ4 and zstd "
      "copy such repeats from the previous row at any offset; XOR against the same level turns every shift "
      "into noise, and the byte-shuffle splits each value across planes and breaks the long matches. The "
      "shift-aware bitmap (filter 4) predicts each row from the shifted previous row and stores only the "
      "changed elements, so it has the best ratio; its decode patches the prediction with a vector expand "
      "(table-driven byte shuffles, `simd::expand_changed_*`). `none` stays the default of an empty "
      "`codec_params`, and temporal XOR stays selectable (`codec_params` = 2).")
    w("")
    if bitmap_lz4 and f16_lz4:
        w(f"The float16 writer preset before issue 10 (`cdd_writer_options_set_codec`: bitmap filter on an LZ4 "
          f"stage at level 4, i.e. LZ4HC, ~8 KiB chunks; now bitmap-planar on LZ4HC 9, see \"Codec presets, tuned "
          f"on market regimes\") built on the bitmap + LZ4 row: at level 1 and 4 KiB here it decodes at "
          f"{bitmap_lz4['decode GB/s']} GB/s (none + LZ4: {f16_lz4['decode GB/s']}) with ratio {bitmap_lz4['ratio']} "
          f"(none + LZ4: {f16_lz4['ratio']}); LZ4HC and the larger chunks bring the ratio close to the zstd "
          "setting's (see \"Python and read path\" for the end-to-end figures).")
        w("")
    if f16_lz4:
        lz4_share = 100.0 * num(f16_lz4, "lib decode GB/s") / num(f16_lz4, "memcpy GB/s")
        w(f"What limits the float16 decode: LZ4 alone, decoding the float16 bytes of these chunks, reaches "
          f"{lz4_share:.0f}% of the memcpy speed of the float32 bytes they stand for, so that is the "
          "ceiling of the LZ4 setting; the widening to float32 (F16C on AVX2/AVX-512, integer operations "
          "elsewhere, in place in the output buffer) costs the difference. A ~4 KiB LZ4 chunk decodes to "
          f"{int(f16_lz4['rows/chunk']) * 600 // 1000} KB of float32 ({f16_lz4['rows/chunk']} rows), more than "
          "L1 holds, so the widening runs at L2 speed; it cannot be interleaved with LZ4/zstd, whose "
          "matches read back the whole decoded stream. Without F16C (SSE4, SSSE3, SCALAR targets) the exact "
          "integer widening costs more (see the per-target rows).")
    w("")
    w("### All results")
    w("")
    w("| " + " | ".join(header) + " |")
    w("|" + "---|" * len(header))
    for r in rows:
        w("| " + " | ".join(r[h] for h in header) + " |")
    w("")
    return "\n".join(out)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    path = sys.argv[1]
    machine, header, rows = parse(sys.stdin.read())
    new = section(machine, header, rows)
    try:
        with open(path, encoding="utf-8") as f:
            doc = f.read()
    except FileNotFoundError:
        doc = "# Benchmarks\n\n"
    m = re.search(r"^## Codecs\n.*?(?=^## |\Z)", doc, flags=re.S | re.M)
    if m:
        doc = doc[:m.start()] + new + "\n" + doc[m.end():]
    else:
        doc = doc.rstrip("\n") + "\n\n" + new
    with open(path, "w", encoding="utf-8") as f:
        f.write(doc.rstrip("\n") + "\n")


if __name__ == "__main__":
    main()
