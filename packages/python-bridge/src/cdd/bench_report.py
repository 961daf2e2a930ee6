"""Reports of `python -m cdd bench` across data sources: the "## Python: market regimes" section of
docs/BENCHMARKS.md (one table per regime or --data file, both books, every library at its best thread
count: ratio, full scan GB/s, random 1024-row slices/s, single rows/s) with issue 10's acceptance
verdicts, and the same as plain text on stdout."""

from __future__ import annotations

from typing import Any

HEAD = "## Python: market regimes"

# Issue 10's acceptance, checked on the "normal" and "busy" regimes (and reported for every source).
F16_DEFAULT = "cdd okx_f16"
F32_DEFAULT = "cdd okx_f32"
ROWS_TARGET = 100_000


def one_source(results: dict[str, Any], prefer: str) -> dict[str, Any]:
    """`results` restricted to the datasets of one source (`prefer` if it ran, else the first)."""
    sources = [ds.get("source") for ds in results["datasets"].values()]
    if not sources:
        return results
    want = prefer if prefer in sources else sources[0]
    out = dict(results)
    out["datasets"] = {k: ds for k, ds in results["datasets"].items() if ds.get("source") == want}
    out["ratios"] = {k: v for k, v in results.get("ratios", {}).items() if k in out["datasets"]}
    return out


def best(entry: dict[str, Any], metric: str) -> tuple[float, str]:
    """The best value of a rate over the thread counts measured, and that thread count."""
    t, v = max(entry["threads"].items(), key=lambda kv: kv[1][metric])
    return v[metric], t


def summary(ds: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for name, e in ds["backends"].items():
        row = {"library": name, "ratio": e.get("ratio", ds["decoded_bytes"] / max(e["bytes"], 1))}
        for metric in ("scan_gbs", "slices_per_s", "rows_per_s", "seq_rows_per_s"):
            if all(metric in v for v in e["threads"].values()):
                row[metric], row[metric + "_threads"] = best(e, metric)
        rows.append(row)
    return rows


def _peers(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if not r["library"].startswith("cdd")]


def acceptance(ds: dict[str, Any]) -> list[str]:
    """Issue 10's targets for this dataset, each "met" or "NOT met" with the figures behind it."""
    rows = summary(ds)
    peers = _peers(rows)
    mine_name = F16_DEFAULT if ds.get("kind") == "f16" else F32_DEFAULT if ds.get("kind") == "f32" else None
    mine = next((r for r in rows if r["library"] == mine_name), None)
    if mine is None or not peers or "slices_per_s" not in mine:
        return []

    def verdict(ok: bool) -> str:
        return "met" if ok else "**NOT met**"

    out = []
    smallest = max(peers, key=lambda r: r["ratio"])
    fastest_scan = max(peers, key=lambda r: r.get("scan_gbs", 0))
    fastest_slices = max(peers, key=lambda r: r.get("slices_per_s", 0))
    if ds.get("kind") == "f16":
        out.append(f"ratio {mine['ratio']:.2f} ≥ best peer's {smallest['ratio']:.2f} ({smallest['library']}): "
                   f"{verdict(mine['ratio'] >= smallest['ratio'])}")
        x = mine["slices_per_s"] / smallest["slices_per_s"]
        y = mine["slices_per_s"] / fastest_slices["slices_per_s"]
        out.append(f"slices {x:.2f}× that peer (target 3×): {verdict(x >= 3)}; {y:.2f}× the fastest peer "
                   f"({fastest_slices['library']}, target 1.5×): {verdict(y >= 1.5)}")
        z = mine["scan_gbs"] / fastest_scan["scan_gbs"]
        out.append(f"full scan {z:.2f}× the fastest peer ({fastest_scan['library']}, target 1.5×): {verdict(z >= 1.5)}")
    else:
        x = mine["ratio"] / smallest["ratio"]
        out.append(f"ratio {x:.2f}× the best peer's ({smallest['library']}, target 1.2×): {verdict(x >= 1.2)}")
        z = mine["scan_gbs"] / fastest_scan["scan_gbs"]
        out.append(f"full scan {z:.2f}× the fastest peer ({fastest_scan['library']}, target 1×): {verdict(z >= 1)}")
    if "rows_per_s" in mine:
        out.append(f"single rows at random {mine['rows_per_s']:,.0f}/s (target {ROWS_TARGET:,}): "
                   f"{verdict(mine['rows_per_s'] >= ROWS_TARGET)}")
    if "seq_rows_per_s" in mine:
        out.append(f"single rows in order {mine['seq_rows_per_s']:,.0f}/s (target {ROWS_TARGET:,}): "
                   f"{verdict(mine['seq_rows_per_s'] >= ROWS_TARGET)}")
    return out


def _sources(results: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for ds in results["datasets"].values():
        groups.setdefault(ds.get("source", "?"), []).append(ds)
    return groups


def regimes_markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    threads = sorted({t for ds in results["datasets"].values() for e in ds["backends"].values() for t in e["threads"]},
                     key=int)
    lines = [
        HEAD,
        "",
        f"`python -m cdd bench` on the generator's market regimes and on real data (`--data FILE.npy`), "
        f"{m['cpus']} CPUs ({m['platform']}, Python {m['python']}, libcdd {m['libcdd']}, SIMD {m['simd']}); "
        + ", ".join(f"{k} {v}" for k, v in results["versions"].items()) + ". "
        f"Regimes and their parameters: docs/ARCHITECTURE.md, \"Generator regimes\". Each library is shown at "
        f"its best thread count of {', '.join(threads)} (the count in parentheses); ratio = decoded bytes / "
        f"bytes on disk; slices are {results['slice_rows']} random rows; random rows/s reads one random row at "
        f"a time, rows in order/s reads rows one at a time in runs of 1000 consecutive rows; each rate is measured for {results['seconds_per_measure']} s (each rows/s for half that). "
        f"zarr/blosc2 chunks hold {results['zarr_chunk_rows']} rows; their compressors are shuffle + zstd "
        "level 3 unless named lz4 (blosc2 lz4: clevel 5). `cdd okx_f16` / `cdd okx_f32` are CDD's defaults "
        "for the two books (their presets); `cdd shuffle+zstd` and `cdd lz4` are the generic codecs.",
        "",
        "Real exchange data: no package on PyPI or npm ships real L2 order-book snapshots inside it (searched "
        "for order book / L2 / LOB / depth sample data; hftbacktest, level2-order-book, binance-book, "
        "cryptofeed, lakeapi and the like download from exchanges or vendors at run time, which this "
        "project's machines cannot reach), so the tables below are the generator's regimes unless a "
        "`--data FILE.npy` run is shown; `python -m cdd bench --data my_book.npy` benchmarks any real "
        "`(N, 50, 3)` book (raw float32 and its float16 normalized view) or `(N, ...)` array the same way.",
    ]
    la = [m.get("loadavg_start"), m.get("loadavg_end")]
    if any(la):
        lines.append(f"Load average (1, 5, 15 min) at the start {la[0]} and at the end {la[1]}: the machine was "
                     "shared with other work, so rates are noisy; compare within one table (one run, side by side).")
    lines.append("")
    for source, group in _sources(results).items():
        regime = group[0].get("regime")
        title = f"### Regime `{source}`" if regime else f"### Real data: `{source}`"
        rows_n = group[0].get("shape", [results["rows"]])[0]
        lines += [f"{title} ({rows_n:,} rows)", "",
                  "| book | library | ratio | full scan GB/s | 1024-row slices/s | random rows/s | rows in order/s |",
                  "|---|---|---|---|---|---|---|"]
        for ds in group:
            book = {"f16": "float16 normalized", "f32": "float32 raw"}.get(ds.get("kind"), ds.get("dtype", "?"))
            for r in summary(ds):
                def cell(metric: str, fmt: str) -> str:
                    if metric not in r:
                        return "–"
                    return f"{format(r[metric], fmt)} ({r[metric + '_threads']})"
                name = f"**{r['library']}**" if r["library"] in (F16_DEFAULT, F32_DEFAULT) else r["library"]
                lines.append(f"| {book} | {name} | {r['ratio']:.2f} | {cell('scan_gbs', '.2f')} | "
                             f"{cell('slices_per_s', ',.0f')} | {cell('rows_per_s', ',.0f')} | "
                             f"{cell('seq_rows_per_s', ',.0f')} |")
        lines.append("")
        for ds in group:
            acc = acceptance(ds)
            if acc:
                book = {"f16": "float16", "f32": "float32"}.get(ds.get("kind"), ds.get("kind"))
                lines.append(f"- Issue 10 targets, {book}, {'regime ' + source if regime else source}: " + "; ".join(acc) + ".")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n\n"


def text_summary(results: dict[str, Any]) -> str:
    out = []
    for ds in results["datasets"].values():
        out.append(f"[{ds.get('label', ds.get('kind'))}]")
        for r in summary(ds):
            out.append(f"  {r['library']:22s} ratio {r['ratio']:6.2f}  scan {r.get('scan_gbs', 0):6.2f} GB/s  "
                       f"slices {r.get('slices_per_s', 0):8.0f}/s  rows {r.get('rows_per_s', 0):8.0f}/s  "
                       f"in order {r.get('seq_rows_per_s', 0):8.0f}/s")
        out += [f"  - {a}" for a in acceptance(ds)]
    return "\n".join(out)
