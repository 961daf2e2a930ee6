"""The trade-off plot of `python -m cdd bench`: compression ratio against random-slice speed, one point per
library and preset (CDD's presets in red), one panel per dataset, written as docs/bench_tradeoff.png and
linked from its own section of docs/BENCHMARKS.md ("## Ratio vs slice speed").

    python -m cdd.bench_plot results.json --docs docs     # from a saved `python -m cdd bench --json`
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

SECTION = "## Ratio vs slice speed"
PNG = "bench_tradeoff.png"


def points(results: dict[str, Any], threads: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Per dataset: [{name, ratio, slices_per_s, threads}] with ratio = decoded bytes / stored bytes and
    the slice rate at `threads` (default: the best over the thread counts measured, which is also the
    least disturbed by a shared machine)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for kind, ds in results["datasets"].items():
        decoded = ds.get("decoded_bytes")
        rows = []
        for name, b in ds["backends"].items():
            t = threads or max(b["threads"], key=lambda k: b["threads"][k]["slices_per_s"])
            if t not in b["threads"] or not decoded or not b.get("bytes"):
                continue
            rows.append({"name": name, "ratio": decoded / b["bytes"], "slices_per_s": b["threads"][t]["slices_per_s"],
                         "threads": int(t)})
        out[kind] = rows
    return out


def tradeoff_plot(results: dict[str, Any], path: Path) -> bool:
    """Writes the PNG; False when matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    pts = points(results)
    kinds = [k for k in pts if pts[k]]
    if not kinds:
        return False
    fig, axes = plt.subplots(1, len(kinds), figsize=(6.4 * len(kinds), 4.6), squeeze=False)
    slice_rows = results.get("slice_rows", 1024)
    for ax, kind in zip(axes[0], kinds):
        for i, p in enumerate(sorted(pts[kind], key=lambda p: p["slices_per_s"])):  # labels staggered
            cdd = p["name"].startswith("cdd")
            ax.scatter(p["slices_per_s"], p["ratio"], s=60 if cdd else 40, color="tab:red" if cdd else "tab:gray",
                       edgecolors="black", linewidths=0.5, zorder=3)
            ax.annotate(p["name"], (p["slices_per_s"], p["ratio"]), textcoords="offset points",
                        xytext=(6, 5) if i % 2 == 0 else (6, -12),
                        fontsize=8, fontweight="bold" if cdd else "normal")
        ts = sorted({p["threads"] for p in pts[kind]})
        ax.set_xscale("log")
        ax.set_xlabel(f"random {slice_rows}-row slices/s (best of {'/'.join(map(str, ts))} threads; right is faster)")
        ax.set_ylabel("compression ratio (decoded / stored; up is smaller)")
        ax.set_title(f"{kind} book, {results.get('rows', 0):,} rows", fontsize=10)
        ax.grid(True, which="both", alpha=0.3)
        ax.margins(x=0.25, y=0.15)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def markdown(results: dict[str, Any]) -> str:
    load = results.get("machine", {}).get("loadavg_start")
    lines = [
        SECTION, "",
        f"![ratio vs slice speed]({PNG})", "",
        "One point per library and preset from the same `python -m cdd bench` run (data: the generator's "
        f"default stream, {results.get('rows', 0):,} rows per book; files in the page cache"
        + (f"; machine load {load[0]:.1f} at the start, shared" if load else "") + "). Up and to the right is "
        "better: smaller files and faster random slices. Reproduce: `python -m cdd bench --docs docs` (or "
        "`python -m cdd.bench_plot RESULTS.json --docs docs` from a saved `--json`).", "",
        "| dataset | library / preset | ratio | slices/s | threads |", "| --- | --- | ---: | ---: | ---: |",
    ]
    for kind, rows in points(results).items():
        for p in sorted(rows, key=lambda p: -p["slices_per_s"]):
            lines.append(f"| {kind} | {p['name']} | {p['ratio']:.2f} | {p['slices_per_s']:,.0f} | {p['threads']} |")
    return "\n".join(lines) + "\n"


def write(results: dict[str, Any], docs: Path) -> bool:
    """The PNG and the BENCHMARKS.md section (the section only when the PNG could be drawn)."""
    from .bench_loader import update_section

    if not tradeoff_plot(results, docs / PNG):
        return False
    update_section(docs / "BENCHMARKS.md", markdown(results), SECTION)
    return True


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m cdd.bench_plot", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("json", help="results of python -m cdd bench --json")
    p.add_argument("--docs", default="docs", help="docs/ directory (default: docs)")
    a = p.parse_args(argv)
    if not write(json.loads(Path(a.json).read_text()), Path(a.docs)):
        print("matplotlib is needed for the plot: pip install matplotlib", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
