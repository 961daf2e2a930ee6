"""`python -m cdd convert`: copies a zarr v2/v3 array into a .cdd file in row batches, committing each
batch so that an interrupted run resumes where it stopped, with a progress bar, and verifies the result
(every hash, then every row against the source)."""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any, Callable

import numpy as np

from . import open as cdd_open
from . import verify as cdd_verify
from .errors import CddError
from .reader import Reader

SOURCE_TAG = "cdd.convert/1"


class Progress:
    """tqdm when installed, else a single line rewritten on stderr."""

    def __init__(self, total: int, initial: int, desc: str, enabled: bool = True) -> None:
        self.total, self.n, self.desc, self.enabled = total, initial, desc, enabled
        self._t0, self._n0, self._last = time.perf_counter(), initial, 0.0
        self._bar = None
        if enabled:
            try:
                from tqdm import tqdm  # type: ignore[import-not-found]

                self._bar = tqdm(total=total, initial=initial, desc=desc, unit="rows", unit_scale=True)
            except ImportError:
                pass

    def update(self, n: int) -> None:
        self.n += n
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(n)
            return
        now = time.perf_counter()
        if now - self._last < 0.2 and self.n < self.total:
            return
        self._last = now
        rate = (self.n - self._n0) / max(now - self._t0, 1e-9)
        pct = 100.0 * self.n / self.total if self.total else 100.0
        sys.stderr.write(f"\r{self.desc}: {self.n}/{self.total} rows ({pct:5.1f}%) {rate:,.0f} rows/s")
        sys.stderr.flush()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        elif self.enabled:
            sys.stderr.write("\n")


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
    bar = Progress(total, done, f"convert {os.path.basename(src)}", progress)
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
    p.add_argument("src", help="zarr v2 or v3 store (directory, zip, or URL zarr can open)")
    p.add_argument("dst", help="output .cdd file")
    p.add_argument("--array", help="array path inside a zarr group")
    p.add_argument("--codec", help="cdd codec (default: okx_f16/okx_f32 for (N,50,3) float16/32 books, else shuffle)")
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


def main(args: Any) -> int:
    params = {k: v for k, v in {
        "codec": args.codec, "compression": args.compression, "level": args.level,
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
