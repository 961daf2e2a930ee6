"""Random windows of L consecutive rows for training: across one or several groups of aligned files (e.g.
book + timestamps of one day, per day), with read-ahead on background threads, usable as a PyTorch
map-style Dataset (len/getitem) or IterableDataset (iter) without depending on torch, and exporting DLPack.
Windows start every `stride` rows and may be limited to a time range looked up in a timestamps file;
`read_windows` reads a batch of windows as few contiguous slices (cdd.torch builds on it).

    s = WindowSampler({"book": "day1.book.cdd", "ts": "day1.ts.cdd"}, window=256, batch_size=32)
    for batch in s:                       # dict of numpy arrays, (32, 256, 50, 3) and (32, 256, 1)
        x = torch.from_dlpack(batch["book"])   # zero copy (numpy arrays implement __dlpack__)
"""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Iterator, Mapping, Sequence, Union

import numpy as np

from .reader import Reader

Source = Union[str, "os.PathLike[str]", Reader]
Group = Mapping[str, Source]


class WindowSampler:
    """Windows of `window` consecutive rows, never crossing a group (files of one group are aligned row
    for row; a group's length is the shortest of its files).

    - `sampler[i]`: the i-th window in a fixed order (group by group, every start position): map-style.
    - `iter(sampler)`: `num_windows` random windows (default: len(sampler)) per epoch, batched by
      `batch_size` (None: single windows), read ahead by `workers` threads, `prefetch` items deep.
    Readers open lazily in each process (safe with DataLoader worker processes).
    """

    def __init__(
        self,
        sources: Group | Sequence[Group],
        window: int,
        *,
        batch_size: int | None = None,
        num_windows: int | None = None,
        seed: int | None = 0,
        workers: int = 2,
        prefetch: int = 4,
        drop_last: bool = False,
        reader_params: Mapping[str, Any] | None = None,
        stride: int = 1,
        time_range: tuple[int | None, int | None] | None = None,
        timestamps: str | None = None,
    ) -> None:
        groups = [sources] if isinstance(sources, Mapping) else list(sources)
        if not groups:
            raise ValueError("WindowSampler needs at least one group of files")
        names = list(groups[0].keys())
        if not names:
            raise ValueError("a group needs at least one file")
        for g in groups:
            if list(g.keys()) != names:
                raise ValueError(f"every group needs the same names {names}, got {list(g.keys())}")
        if window < 1:
            raise ValueError(f"window must be >= 1, got {window}")
        if stride < 1:
            raise ValueError(f"stride must be >= 1, got {stride}")
        if time_range is not None and timestamps not in names:
            raise ValueError(f"time_range needs timestamps= naming the timestamps file of each group, one of {names}")
        self.names = names
        self.window = int(window)
        self.stride = int(stride)
        self.time_range = time_range
        self.timestamps = timestamps
        self.batch_size = batch_size
        self.num_windows = num_windows
        self.seed = seed
        self.workers = max(1, int(workers))
        self.prefetch = max(1, int(prefetch))
        self.drop_last = drop_last
        self._groups = groups
        self._reader_params = dict(reader_params or {})
        self._pid = -1
        self._readers: list[dict[str, Reader]] = []
        self._epoch = 0
        self._open()
        lengths = [min(len(r) for r in g.values()) for g in self._readers]
        spans = [(0, n) for n in lengths]
        if time_range is not None:
            t0, t1 = time_range
            spans = [rows_in_time_range(g[timestamps], t0, t1, n) for g, n in zip(self._readers, lengths)]
        self._first_row = np.array([a for a, _ in spans], dtype=np.int64)
        self._starts_per_group = np.array(
            [max(0, (b - a - self.window) // self.stride + 1) for a, b in spans], dtype=np.int64)
        self._offsets = np.concatenate([[0], np.cumsum(self._starts_per_group)])
        if self._offsets[-1] == 0:
            where = "" if time_range is None else f" in time range {time_range} (rows {spans})"
            raise ValueError(f"no group has {self.window} rows{where}: lengths {lengths}")

    # -- readers, per process -------------------------------------------------------------------------
    def _make_reader(self, path: Any) -> Any:
        """Opens one file of a group in this process (a subclass may read another format with the same
        read(a, b, out=)/len/row_shape/dtype interface: the zarr side of `python -m cdd bench --loader`)."""
        return Reader(path, **self._reader_params)

    def _open(self) -> list[dict[str, Reader]]:
        if self._pid != os.getpid():
            self._readers = [
                {k: (v if isinstance(v, Reader) and self._pid == -1 else self._make_reader(
                    v.path if isinstance(v, Reader) else v)) for k, v in g.items()}
                for g in self._groups
            ]
            self._pid = os.getpid()
        return self._readers

    def close(self) -> None:
        for g in self._readers:
            for r in g.values():
                r.close()
        self._readers = []
        self._pid = -1

    def __enter__(self) -> "WindowSampler":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getstate__(self) -> dict[str, Any]:  # picklable for DataLoader workers: readers reopen there
        state = self.__dict__.copy()
        state["_readers"] = []
        state["_pid"] = -1
        state["_groups"] = [{k: (v.path if isinstance(v, Reader) else v) for k, v in g.items()}
                            for g in self._groups]
        return state

    # -- map-style ------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return int(self._offsets[-1])

    def locate(self, index: int) -> tuple[int, int]:
        """(group, first row) of window `index`."""
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError(f"window {index} out of range: {n} windows")
        g = int(np.searchsorted(self._offsets, index, side="right") - 1)
        return g, int(self._first_row[g] + (index - self._offsets[g]) * self.stride)

    def read_window(self, group: int, start: int, out: Mapping[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
        readers = self._open()[group]
        return {k: r.read(start, start + self.window, out=None if out is None else out[k])
                for k, r in readers.items()}

    def __getitem__(self, index: int) -> dict[str, np.ndarray]:
        g, start = self.locate(int(index))
        return self.read_window(g, start)

    # -- iterable -------------------------------------------------------------------------------------
    def _random_windows(self, count: int, rng: np.random.Generator) -> np.ndarray:
        return rng.integers(0, len(self), size=count)

    def _worker_shard(self) -> tuple[int, int]:
        try:  # a torch DataLoader worker gets its own share and seed; torch stays optional
            from torch.utils.data import get_worker_info  # type: ignore[import-not-found]

            info = get_worker_info()
        except Exception:  # noqa: BLE001 - torch absent or not in a worker
            info = None
        return (info.id, info.num_workers) if info is not None else (0, 1)

    def read_windows(self, indices: Sequence[int] | np.ndarray,
                     out: Mapping[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
        """Windows `indices` stacked: {name: (len(indices), window) + row_shape}, in the order given.

        Windows of one group that overlap or touch are read as one contiguous slice of each file (a batch
        of consecutive windows costs one read of window + (n-1)*stride rows per file, not n reads)."""
        readers = self._open()
        first = readers[0]
        n = len(indices)
        if out is None:
            out = {k: np.empty((n, self.window) + r.row_shape, dtype=r.dtype) for k, r in first.items()}
        located = [self.locate(int(i)) for i in indices]
        order = sorted(range(n), key=lambda j: located[j])
        w = self.window
        run: list[int] = []

        def flush() -> None:
            g, a = located[run[0]]
            b = max(located[j][1] for j in run) + w
            if len(run) == 1:
                for k, r in readers[g].items():
                    r.read(a, b, out=out[k][run[0]])
                return
            for k, r in readers[g].items():
                block = r.read(a, b)
                dst = out[k]
                for j in run:
                    s = located[j][1] - a
                    dst[j] = block[s:s + w]

        for j in order:
            if run:
                g, a = located[run[-1]]
                if located[j][0] != g or located[j][1] > a + w:  # another group, or a gap: a new slice
                    flush()
                    run = []
            run.append(j)
        if run:
            flush()
        return dict(out)

    def _read_batch(self, indices: np.ndarray) -> dict[str, np.ndarray]:
        return self.read_windows(indices)

    def __iter__(self) -> Iterator[dict[str, np.ndarray]]:
        worker, nworkers = self._worker_shard()
        total = self.num_windows if self.num_windows is not None else len(self)
        seed = None if self.seed is None else (self.seed, self._epoch, worker)
        self._epoch += 1
        rng = np.random.default_rng(seed)
        count = total // nworkers + (1 if worker < total % nworkers else 0)
        picks = self._random_windows(count, rng)
        size = self.batch_size or 1
        groups = [picks[i:i + size] for i in range(0, len(picks), size)]
        if self.drop_last and groups and len(groups[-1]) < size:
            groups.pop()
        self._open()
        with ThreadPoolExecutor(self.workers, thread_name_prefix="cdd-sampler") as pool:
            pending: deque[Future] = deque()
            it = iter(groups)
            for chunk in it:
                pending.append(pool.submit(self._read_batch, chunk))
                if len(pending) >= self.prefetch:
                    break
            while pending:
                batch = pending.popleft().result()
                nxt = next(it, None)
                if nxt is not None:
                    pending.append(pool.submit(self._read_batch, nxt))
                yield batch if self.batch_size else {k: v[0] for k, v in batch.items()}


def rows_in_time_range(ts: Reader, t0: int | None, t1: int | None, rows: int | None = None) -> tuple[int, int]:
    """Rows [a, b) of a sorted timestamps file whose times t satisfy t0 <= t < t1 (None: unbounded), by
    binary search over the file (a few chunk reads, never the whole column)."""
    n = len(ts) if rows is None else min(rows, len(ts))

    def lower_bound(t: int) -> int:
        lo, hi = 0, n
        while lo < hi:
            mid = (lo + hi) // 2
            if int(ts.read(mid, mid + 1).reshape(-1)[0]) < t:
                lo = mid + 1
            else:
                hi = mid
        return lo

    a = 0 if t0 is None else lower_bound(int(t0))
    b = n if t1 is None else lower_bound(int(t1))
    return a, max(a, b)


def dlpack(batch: Mapping[str, np.ndarray]) -> dict[str, Any]:
    """DLPack capsules of a batch (for frameworks that take capsules rather than objects with
    __dlpack__; torch.from_dlpack(batch[k]) works on the numpy arrays directly)."""
    return {k: v.__dlpack__() for k, v in batch.items()}
