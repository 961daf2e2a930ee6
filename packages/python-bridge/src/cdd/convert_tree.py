"""`python -m cdd convert SYMBOL.zarr OUT_DIR`: a tree of weekly zarr stores of one symbol
(SYMBOL.zarr/2024-W01.zarr/{data,timestamps,snapshot_metadata,...}, zarr v2 or v3, any numcodecs filters
including the pipeline's temporal XOR of cdd.zarr_codecs) into one .cdd file per array with the weeks
concatenated in time order (OUT_DIR/data.cdd, ...), or one per week and array with split="week"
(OUT_DIR/2024-W01/data.cdd).

Arrays convert in parallel (threads: zarr decoding and libcdd release the GIL). Every batch is committed,
so an interrupted run resumes: the .cdd file's durable row count says where to continue, its
user_metadata names the source it was started from, and OUT_DIR/.cdd-convert.json journals each
output's state. Each output is verified when complete (every chunk hash, then every row against zarr).
"""

from __future__ import annotations

import json
import os
import signal
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

from . import open as cdd_open
from . import verify as cdd_verify
from .errors import CddError
from .progress import Progress
from .reader import Reader

TREE_TAG = "cdd.convert-tree/1"
JOURNAL = ".cdd-convert.json"
KILL_HOOK = "CDD_CONVERT_TEST_KILL_AFTER"  # tests: SIGKILL this process after K committed batches


class ConvertError(SystemExit):
    """A conversion that cannot go on (bad tree, other source, verification failure): exits with the
    message."""


def _zarr() -> Any:
    try:
        import zarr  # type: ignore[import-not-found]
    except ImportError:
        raise ConvertError("cdd convert needs zarr: pip install 'cdd[zarr]'") from None
    from . import zarr_codecs  # noqa: F401  (registers the temporal XOR filter)

    warnings.filterwarnings("ignore", message=".*not in the Zarr version 3 specification.*")
    warnings.filterwarnings("ignore", message=".*Numcodecs codecs are not in the Zarr.*")
    return zarr


def is_tree(src: str) -> bool:
    """A directory of *.zarr stores (the weekly layout), rather than one zarr array or group."""
    p = Path(src)
    return p.is_dir() and any(c.is_dir() and c.suffix == ".zarr" for c in p.iterdir())


@dataclass
class Week:
    name: str  # "2024-W01"
    path: str
    rows: int
    arrays: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Job:
    array: str
    dst: str
    weeks: list[Week]
    dtype: np.dtype
    row_shape: tuple[int, ...]
    params: dict[str, Any]

    @property
    def total(self) -> int:
        return sum(w.rows for w in self.weeks)

    @property
    def row_bytes(self) -> int:
        return int(np.prod(self.row_shape, dtype=np.int64)) * self.dtype.itemsize

    def identity(self, src: str) -> dict[str, Any]:
        return {"tag": TREE_TAG, "source": os.path.abspath(src), "array": self.array,
                "weeks": [[w.name, w.rows] for w in self.weeks], "dtype": str(self.dtype),
                "row_shape": list(self.row_shape)}


def discover(src: str, arrays: list[str] | None = None) -> tuple[list[Week], list[str]]:
    """The weekly stores of `src` in time order and the arrays to convert; checks that every week has the
    arrays with one dtype and row shape, aligned (same rows), and that weeks do not overlap in time."""
    zarr = _zarr()
    stores = sorted((c for c in Path(src).iterdir() if c.is_dir() and c.suffix == ".zarr"), key=lambda c: c.name)
    if not stores:
        raise ConvertError(f"{src}: no weekly *.zarr stores inside")
    weeks: list[Week] = []
    for s in stores:
        try:
            g = zarr.open_group(str(s), mode="r")
        except Exception as exc:  # noqa: BLE001 - zarr raises many kinds
            raise ConvertError(f"{s}: not a zarr group ({exc})") from None
        names = sorted(g.array_keys())
        want = arrays or names
        missing = [a for a in want if a not in names]
        if missing:
            raise ConvertError(f"{s}: has no array {', '.join(missing)} (it has {', '.join(names) or 'none'})")
        found = {a: g[a] for a in want}
        rows = {a: int(v.shape[0]) if v.ndim else 0 for a, v in found.items()}
        if len(set(rows.values())) > 1:
            raise ConvertError(f"{s}: arrays are not aligned: rows {rows}")
        weeks.append(Week(s.stem, str(s), next(iter(rows.values())), found))
    names = list(weeks[0].arrays)
    for w in weeks[1:]:
        if list(w.arrays) != names:
            raise ConvertError(f"{w.path}: arrays {list(w.arrays)} differ from {weeks[0].path}: {names} "
                               "(name the arrays to convert with --arrays)")
        for a in names:
            x, y = weeks[0].arrays[a], w.arrays[a]
            if x.dtype != y.dtype or tuple(x.shape[1:]) != tuple(y.shape[1:]):
                raise ConvertError(f"{w.path}/{a}: {y.dtype} rows of shape {tuple(y.shape[1:])}, but "
                                   f"{weeks[0].path}/{a} has {x.dtype} rows of shape {tuple(x.shape[1:])}")
    if "timestamps" in names:  # time order: by first timestamp, and no overlap between weeks
        def first_last(w: Week) -> tuple[int, int]:
            t = w.arrays["timestamps"]
            return (int(np.asarray(t[0]).reshape(-1)[0]), int(np.asarray(t[-1]).reshape(-1)[0])) if w.rows else (0, 0)

        bounds = {w.name: first_last(w) for w in weeks}
        weeks.sort(key=lambda w: bounds[w.name][0] if w.rows else 0)
        nonempty = [w for w in weeks if w.rows]
        for a, b in zip(nonempty, nonempty[1:]):
            if bounds[b.name][0] < bounds[a.name][1]:
                raise ConvertError(f"weeks {a.name} and {b.name} overlap in time: {a.name} ends at "
                                   f"{bounds[a.name][1]}, {b.name} starts at {bounds[b.name][0]}")
    return weeks, names


def _filters(arr: Any) -> list[Any]:
    meta = arr.metadata
    out = list(getattr(meta, "filters", None) or [])
    out += list(getattr(meta, "codecs", None) or [])
    return out


def stored_as_float16(arr: Any) -> bool:
    """A float32 array whose pipeline casts to float16 (an AsType filter with encode_dtype f2)."""
    if np.dtype(arr.dtype) != np.float32:
        return False
    for f in _filters(arr):
        cfg = getattr(f, "codec_config", None) or (f.get_config() if hasattr(f, "get_config") else {})
        name = getattr(f, "codec_name", None) or cfg.get("id", "")
        if str(name).endswith("astype") and np.dtype(cfg.get("encode_dtype", "f4")) == np.float16:
            return True
    return False


def default_params(name: str, arr: Any) -> dict[str, Any]:
    """The CDD codec for an array: order books okx_f16 (float32 books cast to float16 by the pipeline keep
    float16, lossless: those values are float16 values), integer series delta, the rest shuffle."""
    dtype = np.dtype(arr.dtype)
    row_shape = tuple(arr.shape[1:])
    if row_shape == (50, 3) and dtype in (np.float16, np.float32):
        if dtype == np.float16:
            return {"codec": "okx_f16"}
        return {"codec": "okx_f16", "down_cast": True} if stored_as_float16(arr) else {"codec": "okx_f32"}
    if dtype.kind in "iu" and len(row_shape) <= 1 and int(np.prod(row_shape, dtype=np.int64)) == 1:
        return {"codec": "delta"}
    return {}


class Journal:
    """OUT_DIR/.cdd-convert.json: the plan and each output's state, rewritten atomically."""

    def __init__(self, path: Path, state: dict[str, Any]) -> None:
        self.path, self.state, self._lock = path, state, threading.Lock()

    @classmethod
    def load(cls, out_dir: Path) -> "Journal":
        p = out_dir / JOURNAL
        try:
            state = json.loads(p.read_text())
        except (OSError, ValueError):
            state = {}
        return cls(p, state)

    def set(self, key: str, **values: Any) -> None:
        with self._lock:
            self.state.setdefault("outputs", {}).setdefault(key, {}).update(values)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.state, indent=1, sort_keys=True))
            os.replace(tmp, self.path)

    def get(self, key: str) -> dict[str, Any]:
        return self.state.get("outputs", {}).get(key, {})


class _KillHook:
    def __init__(self) -> None:
        v = os.environ.get(KILL_HOOK)
        self.left = int(v) if v else None
        self._lock = threading.Lock()

    def batch_done(self) -> None:
        if self.left is None:
            return
        with self._lock:
            self.left -= 1
            if self.left <= 0:
                os.kill(os.getpid(), signal.SIGKILL)


def _source_rows(job: Job, a: int, b: int) -> np.ndarray:
    """Rows [a, b) of the concatenated weeks, shaped (b - a,) + row_shape."""
    parts = []
    base = 0
    for w in job.weeks:
        lo, hi = max(a, base), min(b, base + w.rows)
        if lo < hi:
            parts.append(np.asarray(w.arrays[job.array][lo - base:hi - base]))
        base += w.rows
    block = parts[0] if len(parts) == 1 else np.concatenate(parts)
    return np.ascontiguousarray(block, dtype=job.dtype).reshape((b - a,) + job.row_shape)


def _batches(job: Job, start: int, batch_rows: int) -> list[tuple[int, int]]:
    """Batches from `start`, cut at week boundaries (each batch reads one zarr array)."""
    out = []
    base = 0
    for w in job.weeks:
        pos = max(start, base)
        end_w = base + w.rows
        while pos < end_w:
            end = min(end_w, pos + batch_rows)
            out.append((pos, end))
            pos = end
        base = end_w
    return out


def _compare(job: Job, r: Reader, a: int, b: int) -> None:
    got = r.read(a, b)
    want = _source_rows(job, a, b)
    if got.tobytes() != want.tobytes():
        bad = int(np.argmax(np.any((got != want).reshape(b - a, -1), axis=1))) + a
        raise ConvertError(f"verification failed: {job.dst} row {bad} differs from the zarr source "
                           f"({job.array}, rows [{a}, {b}))")


def convert_job(src: str, job: Job, journal: Journal, *, batch_rows: int, verify: bool, restart: bool,
                progress: Progress, verify_progress: Progress | None, hook: _KillHook,
                log: Callable[[str], None]) -> int:
    identity = job.identity(src)
    key = os.path.relpath(job.dst, journal.path.parent)
    total = job.total
    done = 0
    if os.path.exists(job.dst) and not restart:
        try:
            with Reader(job.dst) as r:
                theirs = json.loads(r.user_metadata.decode() or "{}")
                done = len(r)
        except (CddError, ValueError) as exc:
            raise ConvertError(f"{job.dst} exists but is not a resumable conversion ({exc}); use --restart") from None
        if theirs != identity:
            raise ConvertError(f"{job.dst} was converted from another source or plan "
                               f"({theirs.get('source')}, weeks {theirs.get('weeks')}); use --restart")
        if done > total:
            raise ConvertError(f"{job.dst} has {done} rows, more than the source's {total}; use --restart")
        state = journal.get(key)
        if done == total and state.get("status") == "verified":
            progress.skip(total)
            if verify_progress is not None:
                verify_progress.skip(total)
            log(f"{job.dst}: {total} rows, already converted and verified")
            return total
        if done:
            with Reader(job.dst) as r:  # re-verify the tail the interrupted run left before continuing
                _compare(job, r, max(0, done - batch_rows), done)
            log(f"{job.dst}: resuming after {done} of {total} rows")
    progress.skip(done)
    journal.set(key, array=job.array, rows=done, total=total, status="converting")
    if done == 0:
        os.makedirs(os.path.dirname(job.dst) or ".", exist_ok=True)
        writer = cdd_open(job.dst, "w", dtype=job.dtype, row_shape=job.row_shape,
                          user_metadata=json.dumps(identity, sort_keys=True).encode(), **job.params)
    else:
        writer = cdd_open(job.dst, "a")
    with writer:
        for a, b in _batches(job, done, batch_rows):
            writer.append(_source_rows(job, a, b))
            writer.flush()  # committed: a rerun resumes after this batch
            journal.set(key, rows=b)
            progress.update(b - a, (b - a) * job.row_bytes)
            hook.batch_done()
    if verify:
        journal.set(key, status="verifying")
        cdd_verify(job.dst)
        with Reader(job.dst) as r:
            if len(r) != total:
                raise ConvertError(f"{job.dst}: {len(r)} rows after conversion, the source has {total}")
            for a, b in _batches(job, 0, batch_rows):
                _compare(job, r, a, b)
                if verify_progress is not None:
                    verify_progress.update(b - a, (b - a) * job.row_bytes)
        journal.set(key, status="verified")
    else:
        journal.set(key, status="converted")
    return total


def plan_jobs(src: str, out_dir: str, weeks: list[Week], names: list[str], split: str,
              overrides: dict[str, dict[str, Any]]) -> list[Job]:
    jobs = []
    for name in names:
        first = weeks[0].arrays[name]
        dtype = np.dtype(first.dtype)
        row_shape = tuple(int(d) for d in first.shape[1:]) or (1,)
        params = overrides.get(name) or default_params(name, first)
        if split == "week":
            jobs += [Job(name, os.path.join(out_dir, w.name, f"{name}.cdd"), [w], dtype, row_shape, params)
                     for w in weeks]
        else:
            jobs.append(Job(name, os.path.join(out_dir, f"{name}.cdd"), weeks, dtype, row_shape, params))
    return jobs


def convert_tree(src: str, out_dir: str, *, arrays: list[str] | None = None, split: str = "none",
                 jobs: int | None = None, batch_rows: int | None = None, verify: bool = True,
                 restart: bool = False, progress: str = "auto", progress_interval: float = 5.0,
                 overrides: dict[str, dict[str, Any]] | None = None,
                 log: Callable[[str], None] | None = None) -> dict[str, int]:
    """Converts the weekly tree `src` into `out_dir`; returns {output path: rows}. Resumes outputs a
    previous run left (restart=True starts them over)."""
    if split not in ("none", "week"):
        raise ConvertError(f"split must be 'none' or 'week', not {split!r}")
    import sys

    log = log or (lambda m: print(m, file=sys.stderr, flush=True))
    weeks, names = discover(src, arrays)
    plan = plan_jobs(src, out_dir, weeks, names, split, overrides or {})
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    journal = Journal.load(out)
    journal.state.update(source=os.path.abspath(src), split=split, weeks=[[w.name, w.rows] for w in weeks],
                         arrays=names)
    total_rows = sum(j.total for j in plan)
    total_bytes = sum(j.total * j.row_bytes for j in plan)
    row_bytes = total_bytes / max(total_rows, 1)
    sym = Path(src).name
    bar = Progress(f"convert {sym}", total_rows, row_bytes=row_bytes, mode=progress, interval=progress_interval)
    vbar = Progress(f"verify {sym}", total_rows, row_bytes=row_bytes, mode=progress, interval=progress_interval,
                    clock_from_first_update=True) if verify else None
    hook = _KillHook()
    results: dict[str, int] = {}
    try:
        with ThreadPoolExecutor(max(1, min(jobs or os.cpu_count() or 1, len(plan))),
                                thread_name_prefix="cdd-convert") as pool:
            futures = {}
            for j in plan:
                br = batch_rows or max(1024, (32 << 20) // max(j.row_bytes, 1))
                futures[j.dst] = pool.submit(convert_job, src, j, journal, batch_rows=br, verify=verify,
                                             restart=restart, progress=bar, verify_progress=vbar, hook=hook,
                                             log=log)
            for dst, f in futures.items():
                results[dst] = f.result()
    finally:
        bar.close()
        if vbar is not None:
            vbar.close()
    return results
