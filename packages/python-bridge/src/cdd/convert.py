"""`python -m cdd convert`: copies a zarr v2/v3 array into a .cdd file in row batches, committing each
batch so that an interrupted run resumes where it stopped, with a progress bar, and verifies the result
(every hash, then every row against the source). A directory of weekly *.zarr stores (one symbol) goes
to convert_tree (one .cdd file per array, or per week and array)."""

from __future__ import annotations

import json
import os
from typing import Any, Callable

import numpy as np

from . import open as cdd_open
from . import verify as cdd_verify
from .errors import CddError
from .progress import Progress
from .reader import Reader

SOURCE_TAG = "cdd.convert/1"


def open_zarr_array(src: str, array: str | None = None) -> Any:
    try:
        import zarr  # type: ignore[import-not-found]
    except ImportError:
        raise SystemExit("cdd convert needs zarr: pip install 'cdd[zarr]'") from None
    node = zarr.open(src, mode="r")
    if array:
        node = node[array]
    if not hasattr(node, "shape") or not hasattr(node, "dtype"):
        names = list(getattr(node, "array_keys", lambda: [])())
        raise SystemExit(f"{src} is a zarr group: name one of its arrays with --array ({', '.join(names)})")
    return node


def _source_identity(src: str, array: str | None, arr: Any) -> dict[str, Any]:
    return {"tag": SOURCE_TAG, "source": os.path.abspath(src), "array": array or "",
            "shape": list(arr.shape), "dtype": str(arr.dtype)}


def convert(
    src: str,
    dst: str,
    *,
    array: str | None = None,
    batch_rows: int | None = None,
    verify: bool = True,
    progress: bool = True,
    restart: bool = False,
    stop_after_rows: int | None = None,
    on_batch: Callable[[int], None] | None = None,
    **writer_params: Any,
) -> int:
    """Converts zarr array `src` (or `src`/`array` of a group) into `dst`; returns the rows in dst.

    If `dst` exists and was started from the same source, conversion resumes after its committed rows
    (restart=True starts over). `stop_after_rows` ends early (used to test resuming)."""
    arr = open_zarr_array(src, array)
    if arr.ndim < 1:
        raise SystemExit(f"{src}: a 0-d array has no rows to convert")
    total = int(arr.shape[0])
    identity = _source_identity(src, array, arr)
    if batch_rows is None:
        zchunk = int(getattr(arr, "chunks", (total,))[0] or 1)
        row_bytes = max(1, int(np.prod(arr.shape[1:], dtype=np.int64)) * arr.dtype.itemsize)
        batch_rows = max(zchunk, (64 << 20) // row_bytes // zchunk * zchunk)
    done = 0
    if os.path.exists(dst) and not restart:
        try:
            with Reader(dst) as r:
                theirs = json.loads(r.user_metadata.decode() or "{}")
                done = len(r)
        except (CddError, ValueError) as exc:
            raise SystemExit(f"{dst} exists but is not a resumable conversion ({exc}); use --restart") from None
        if theirs != identity:
            raise SystemExit(f"{dst} was converted from another source ({theirs.get('source')}); use --restart")
    row_shape = tuple(arr.shape[1:]) or (1,)
    if done == 0:
        writer = cdd_open(dst, "w", dtype=arr.dtype, row_shape=row_shape,
                          user_metadata=json.dumps(identity, sort_keys=True).encode(), **writer_params)
    else:
        writer = cdd_open(dst, "a")
    row_bytes = int(np.prod(row_shape, dtype=np.int64)) * np.dtype(arr.dtype).itemsize
    bar = Progress(f"convert {os.path.basename(src)}", total, initial_rows=done, row_bytes=row_bytes,
                   mode="auto" if progress else "off")
    try:
        with writer:
            pos = done
            while pos < total:
                end = min(total, pos + batch_rows)
                if stop_after_rows is not None and pos >= stop_after_rows:
                    break
                block = np.ascontiguousarray(arr[pos:end]).reshape((end - pos,) + row_shape)
                writer.append(block)
                writer.flush()  # commit: a rerun resumes after this batch
                bar.update(end - pos)
                if on_batch is not None:
                    on_batch(end)
                pos = end
    finally:
        bar.close()
    with Reader(dst) as r:
        rows = len(r)
        if verify and rows == total:
            cdd_verify(dst)
            for a in range(0, total, batch_rows):
                b = min(total, a + batch_rows)
                want = np.ascontiguousarray(arr[a:b]).reshape((b - a,) + row_shape)
                if r.read(a, b).tobytes() != want.tobytes():
                    raise SystemExit(f"verification failed: rows [{a}, {b}) of {dst} differ from {src}")
    return rows


def add_arguments(p: Any) -> None:
    p.add_argument("src", help="zarr v2 or v3 store (directory, zip, or URL zarr can open), or a directory of "
                               "weekly *.zarr stores of one symbol (SYMBOL.zarr/2024-W01.zarr/...)")
    p.add_argument("dst", help="output .cdd file; for a weekly tree, the output directory")
    p.add_argument("--array", help="array path inside a zarr group")
    p.add_argument("--codec", action="append",
                   help="cdd codec (default: okx_f16/okx_f32 for (N,50,3) float16/32 books, else shuffle); for "
                        "a weekly tree ARRAY=NAME, repeatable (default: okx_f16 for books, delta for integer "
                        "series, shuffle otherwise)")
    p.add_argument("--split", choices=["none", "week"], default="none",
                   help="weekly tree: one file per array (none, weeks concatenated) or per week and array")
    p.add_argument("--arrays", help="weekly tree: comma-separated arrays to convert (default: all)")
    p.add_argument("--jobs", type=int, help="weekly tree: outputs converted in parallel (default: cores)")
    p.add_argument("--progress", choices=["auto", "bar", "lines", "off"], default="auto",
                   help="auto: a bar on a terminal, plain lines otherwise")
    p.add_argument("--progress-interval", type=float, default=5.0, help="seconds between plain progress lines")
    p.add_argument("--compression", choices=["zstd", "lz4", "none"])
    p.add_argument("--level", type=int)
    p.add_argument("--chunk-rows", type=int)
    p.add_argument("--chunk-target-bytes", type=int)
    p.add_argument("--batch-rows", type=int, help="rows read from zarr and committed per step")
    p.add_argument("--no-verify", action="store_true")
    p.add_argument("--no-progress", action="store_true")
    p.add_argument("--restart", action="store_true", help="ignore a partial dst and start over")


def default_codec(arr: Any) -> str | None:
    if tuple(arr.shape[1:]) == (50, 3):
        if arr.dtype == np.float16:
            return "okx_f16"
        if arr.dtype == np.float32:
            return "okx_f32"
    return None


def main_tree(args: Any) -> int:
    from .convert_tree import convert_tree

    common = {k: v for k, v in {
        "compression": args.compression, "level": args.level, "chunk_rows": args.chunk_rows,
        "chunk_target_bytes": args.chunk_target_bytes}.items() if v is not None}
    overrides: dict[str, dict[str, Any]] = {}
    for spec in args.codec or []:
        name, sep, codec = spec.partition("=")
        if not sep or not name or not codec:
            raise SystemExit(f"--codec {spec!r}: a weekly tree takes --codec ARRAY=NAME")
        overrides[name] = {"codec": codec}
    arrays = [a for a in (args.arrays or "").split(",") if a] or None
    if common:
        from .convert_tree import default_params, discover

        weeks, names = discover(args.src, arrays)
        for n in names:
            overrides[n] = {**(overrides.get(n) or default_params(n, weeks[0].arrays[n])), **common}
    progress = "off" if args.no_progress else args.progress
    results = convert_tree(args.src, args.dst, arrays=arrays, split=args.split, jobs=args.jobs,
                           batch_rows=args.batch_rows, verify=not args.no_verify, restart=args.restart,
                           progress=progress, progress_interval=args.progress_interval, overrides=overrides)
    for dst, rows in results.items():
        print(f"{dst}: {rows} rows" + ("" if args.no_verify else ", verified"))
    return 0


def main(args: Any) -> int:
    from .convert_tree import is_tree

    if is_tree(args.src):
        return main_tree(args)
    if args.codec and len(args.codec) > 1:
        raise SystemExit("give one --codec for a single array")
    params = {k: v for k, v in {
        "codec": args.codec[0] if args.codec else None, "compression": args.compression, "level": args.level,
        "chunk_rows": args.chunk_rows, "chunk_target_bytes": args.chunk_target_bytes,
    }.items() if v is not None}
    if "codec" not in params:
        codec = default_codec(open_zarr_array(args.src, args.array))
        if codec:
            params["codec"] = codec
    rows = convert(args.src, args.dst, array=args.array, batch_rows=args.batch_rows, verify=not args.no_verify,
                   progress=not args.no_progress, restart=args.restart, **params)
    print(f"{args.dst}: {rows} rows" + ("" if args.no_verify else ", verified"))
    return 0
