"""`python -m cdd bench --loader`: samples/s of a PyTorch DataLoader (cdd.torch.make_loader, worker
processes) over CDD files against the same DataLoader over zarr-python 3 arrays holding the same data,
with the same windows and batches: the datasets differ only in the array reader each worker opens.

Data: one group of aligned files from the generator (order book f16 (N, 50, 3), timestamps int64, 8
float32 features per row); CDD with its presets (okx_f16, delta, shuffle), zarr v3 with zstd level 3 and
the byte shuffle (zarr's default codecs for numeric data), chunks of `--loader-chunk-rows` rows. Files are
in the page cache (warm): this measures decoding and the loader, not the disk. Patterns: random windows
(run=1: each window a separate slice) and runs of consecutive windows (run=batch: one slice per batch and
file). Writes a table to docs/BENCHMARKS.md ("## PyTorch DataLoader") with --docs.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

from . import gen, version
from . import open as cdd_open

SECTION = "## PyTorch DataLoader"


class ZarrArrayReader:
    """The read interface WindowSampler needs (len, row_shape, dtype, read(a, b, out=), close) over a
    zarr-python 3 array."""

    def __init__(self, path: str) -> None:
        import zarr  # type: ignore[import-not-found]

        self.path = path
        self._a = zarr.open_array(path, mode="r")
        self.row_shape = tuple(self._a.shape[1:])
        self.dtype = np.dtype(self._a.dtype)

    def __len__(self) -> int:
        return int(self._a.shape[0])

    def read(self, start: int, stop: int, out: np.ndarray | None = None) -> np.ndarray:
        block = self._a[start:stop]
        if out is None:
            return np.asarray(block)
        out[...] = block
        return out

    def close(self) -> None:
        pass


def _zarr_dataset_class() -> Any:
    from .torch import WindowDataset

    class ZarrWindowDataset(WindowDataset):
        """WindowDataset whose workers read zarr arrays (same windows, batching and merging)."""

        def _make_reader(self, path: Any) -> Any:
            return ZarrArrayReader(str(path))

    return ZarrWindowDataset


def make_files(root: Path, rows: int, chunk_rows: int, seed: int) -> tuple[dict[str, str], dict[str, str]]:
    import zarr  # type: ignore[import-not-found]
    from zarr.codecs import BytesCodec, ZstdCodec
    from zarr.codecs import numcodecs as znc

    with gen.OrderBookGenerator(seed) as g:
        book = np.concatenate([g.books_f16(min(100_000, rows - a)) for a in range(0, rows, 100_000)])
        ts = g.timestamps_ms(rows)
    feat = np.random.default_rng(seed).standard_normal((rows, 8)).astype(np.float32)
    arrays = {"book": (book, "okx_f16"), "ts": (ts.reshape(-1, 1), "delta"), "feat": (feat, "shuffle")}
    cdd_paths, zarr_paths = {}, {}
    for name, (a, codec) in arrays.items():
        p = root / f"{name}.cdd"
        with cdd_open(p, "w", codec=codec) as w:
            w.append(a)
        cdd_paths[name] = str(p)
        zp = root / f"{name}.zarr"
        z = zarr.create_array(store=str(zp), shape=a.shape, dtype=a.dtype, chunks=(chunk_rows,) + a.shape[1:],
                              serializer=BytesCodec(),
                              compressors=[znc.Shuffle(elementsize=a.dtype.itemsize), ZstdCodec(level=3)],
                              zarr_format=3)
        z[:] = a
        zarr_paths[name] = str(zp)
    return cdd_paths, zarr_paths


def measure(dataset: Any, batch_size: int, run: int, workers: int, batches: int, seed: int) -> float:
    """Samples/s over `batches` batches after the first (worker start-up excluded)."""
    from .torch import make_loader

    loader = make_loader(dataset, batch_size, num_workers=workers, run=run, seed=seed, pin_memory=False,
                         persistent_workers=False)
    it = iter(loader)
    next(it)
    n, t0 = 0, time.perf_counter()
    for _ in range(batches):
        try:
            b = next(it)
        except StopIteration:
            break
        n += len(b["book"])
    dt = time.perf_counter() - t0
    del it
    return n / dt


def run(rows: int, window: int, batch_size: int, workers: list[int], batches: int, repeats: int,
        chunk_rows: int, workdir: Path | None, seed: int = 3, log: Callable[[str], None] = print) -> dict[str, Any]:
    from importlib import metadata

    import torch

    from .torch import WindowDataset

    zcls = _zarr_dataset_class()
    tmp = Path(tempfile.mkdtemp(prefix="cdd-bench-loader-", dir=workdir))
    results: dict[str, Any] = {
        "rows": rows, "window": window, "batch_size": batch_size, "batches": batches, "repeats": repeats,
        "zarr_chunk_rows": chunk_rows,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "libcdd": version(), "torch": torch.__version__, "zarr": metadata.version("zarr"),
                    "loadavg_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None},
        "cases": [],
    }
    try:
        cdd_paths, zarr_paths = make_files(tmp, rows, chunk_rows, seed)
        results["bytes"] = {
            "cdd": sum(os.path.getsize(p) for p in cdd_paths.values()),
            "zarr": sum(sum(f.stat().st_size for f in Path(p).rglob("*") if f.is_file()) for p in zarr_paths.values()),
        }
        ds_c = WindowDataset(cdd_paths, window=window, reader_params={"threads": 1})
        ds_z = zcls(zarr_paths, window=window)
        check = [3, 4, 5, len(ds_c) - 1]  # the two datasets give the same windows
        a, b = ds_c[check], ds_z[check]
        for k in a:
            assert torch.equal(a[k], b[k]), f"zarr and cdd windows differ ({k})"
        for w in workers:
            for label, run_len in (("random windows", 1), ("runs of consecutive windows", batch_size)):
                rates: dict[str, list[float]] = {"cdd": [], "zarr": []}
                for r in range(repeats):  # interleaved, so both see the same machine load
                    for name, ds in (("cdd", ds_c), ("zarr", ds_z)):
                        rates[name].append(measure(ds, batch_size, run_len, w, batches, seed + r))
                case = {"workers": w, "pattern": label, "run": run_len,
                        "cdd_samples_s": statistics.median(rates["cdd"]),
                        "zarr_samples_s": statistics.median(rates["zarr"]), "all": rates}
                case["ratio"] = case["cdd_samples_s"] / case["zarr_samples_s"]
                log(f"  workers={w} {label:28s} cdd {case['cdd_samples_s']:9.0f}/s  zarr "
                    f"{case['zarr_samples_s']:9.0f}/s  ratio {case['ratio']:.2f}x")
                results["cases"].append(case)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    results["machine"]["loadavg_end"] = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    return results


def markdown(res: dict[str, Any]) -> str:
    m = res["machine"]
    lines = [
        SECTION, "",
        f"Samples/s of `cdd.torch.make_loader` (a PyTorch DataLoader, batches of {res['batch_size']} windows "
        f"of {res['window']} rows: book f16 (50, 3) + timestamps int64 + 8 float32 features per row) over CDD "
        "files against the same DataLoader over zarr-python 3 arrays with the same windows and batches (the "
        "datasets differ only in the reader each worker opens). Data: the generator's default stream, "
        f"{res['rows']:,} rows (book, timestamps, features; {res['bytes']['cdd'] / 1e6:.1f} MB as CDD with "
        f"okx_f16 / delta / shuffle, {res['bytes']['zarr'] / 1e6:.1f} MB as zarr v3 with shuffle + zstd 3 in "
        f"chunks of {res['zarr_chunk_rows']} rows). Files in the page cache. Median (and range) of "
        f"{res['repeats']} interleaved runs of {res['batches']} batches each, after the first batch. Patterns: "
        "random windows (each window its own slice) and runs of consecutive windows (a whole batch: one slice per "
        f"batch and file); workers=0 reads in the main process, workers=2 in two worker processes (the batches then "
        "cross process boundaries, which on this 2-core machine costs as much as reading them). Machine: "
        f"{m['cpus']} "
        f"cores, shared with other builds (load {m['loadavg_start'][0]:.1f} at the start, "
        f"{m['loadavg_end'][0]:.1f} at the end): compare the ratios, not the absolute rates. torch "
        f"{m['torch']}, zarr {m['zarr']}, libcdd {m['libcdd']}.",
        "",
        "Reproduce: `python -m cdd bench --loader --docs docs` (`pip install 'cdd[torch,bench]'`).",
        "",
        "| workers | windows | CDD samples/s | zarr samples/s | CDD / zarr |",
        "| ---: | --- | ---: | ---: | ---: |",
    ]

    def cell(name: str, c: dict[str, Any]) -> str:
        xs = c["all"][name]
        return f"{statistics.median(xs):,.0f} ({min(xs):,.0f}–{max(xs):,.0f})"

    for c in res["cases"]:
        ratio = statistics.median(c["all"]["cdd"]) / statistics.median(c["all"]["zarr"])
        lines.append(f"| {c['workers']} | {c['pattern']} | {cell('cdd', c)} | {cell('zarr', c)} | {ratio:.2f}× |")
    return "\n".join(lines) + "\n"


def update_section(path: Path, section: str, head: str) -> None:
    """Replaces (or appends) the section starting with `head`, leaving the others as they are."""
    text = path.read_text() if path.exists() else "# Benchmarks\n\n"
    start = text.find(head + "\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        nxt = text.find("\n## ", start + len(head))
        rest = "" if nxt < 0 else text[nxt + 1:]
        text = text[:start] + section.rstrip("\n") + "\n" + ("\n" + rest if rest else "")
    path.write_text(text)


def add_arguments(p: Any) -> None:
    p.add_argument("--loader", action="store_true",
                   help="benchmark the PyTorch DataLoader over CDD against zarr (needs torch) instead")
    p.add_argument("--loader-rows", type=int, default=300_000, help="--loader: rows per file")
    p.add_argument("--loader-window", type=int, default=256)
    p.add_argument("--loader-batch", type=int, default=32)
    p.add_argument("--loader-workers", default="0,2", help="--loader: DataLoader worker counts")
    p.add_argument("--loader-batches", type=int, default=40, help="--loader: batches timed per run")
    p.add_argument("--loader-repeats", type=int, default=3)
    p.add_argument("--loader-chunk-rows", type=int, default=1024, help="--loader: rows per zarr chunk")


def main(args: Any) -> int:
    res = run(args.loader_rows, args.loader_window, args.loader_batch,
              [int(w) for w in args.loader_workers.split(",") if w], args.loader_batches, args.loader_repeats,
              args.loader_chunk_rows, Path(args.workdir) if getattr(args, "workdir", None) else None)
    if getattr(args, "json", None):
        Path(args.json).write_text(json.dumps(res, indent=2))
    if getattr(args, "docs", None):
        update_section(Path(args.docs) / "BENCHMARKS.md", markdown(res), SECTION)
    return 0
