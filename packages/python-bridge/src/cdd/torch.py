"""cdd.torch: PyTorch training input from .cdd files (`pip install 'cdd[torch]'`).

- `WindowDataset`: a map-style `torch.utils.data.Dataset` of windows of `window` consecutive rows across
  aligned files (book + timestamps + features; several groups, e.g. one per day), by row (every `stride`
  rows) or limited to a time range looked up in the timestamps file. `ds[i]` is a dict of tensors;
  `ds[[i, j, ...]]` a dict of stacked batch tensors, read as few contiguous slices. The dataset pickles as
  paths: every DataLoader worker (fork or spawn) opens its own readers on first use.
- `ContiguousBatchSampler`: batches made of runs of consecutive windows at random places (shuffled every
  epoch), so that each batch costs a few contiguous reads instead of one read per window.
- `make_loader`: the recipe — DataLoader(batch_size=None, sampler=ContiguousBatchSampler) with worker
  processes, pinned memory when CUDA is there, persistent workers.

Tensors come from `torch.from_numpy` on the freshly decoded arrays (zero copy); `to_dlpack` gives DLPack
capsules for other frameworks.

    ds = WindowDataset({"book": "d1.book.cdd", "ts": "d1.ts.cdd", "feat": "d1.feat.cdd"}, window=256)
    for batch in make_loader(ds, batch_size=64, num_workers=4):
        book = batch["book"].cuda(non_blocking=True)        # (64, 256, 50, 3)
"""

from __future__ import annotations

import math
import operator
from typing import Any, Iterator, Mapping, Sequence

import numpy as np

try:
    import torch
    from torch.utils.data import DataLoader, Dataset, Sampler
except ImportError as exc:  # pragma: no cover - exercised only without torch
    raise ImportError("cdd.torch needs PyTorch: pip install 'cdd[torch]' (or pip install torch)") from exc

from .reader import Reader
from .sampler import Group, WindowSampler

__all__ = ["WindowDataset", "ContiguousBatchSampler", "make_loader", "to_tensors", "to_dlpack"]


def to_tensors(batch: Mapping[str, np.ndarray]) -> dict[str, torch.Tensor]:
    """Zero-copy tensors over numpy arrays (torch.from_numpy: the tensor shares the array's memory)."""
    return {k: torch.from_numpy(v) for k, v in batch.items()}


def to_dlpack(batch: Mapping[str, Any]) -> dict[str, Any]:
    """DLPack capsules of a batch of tensors or numpy arrays (zero copy)."""
    return {k: (torch.utils.dlpack.to_dlpack(v) if isinstance(v, torch.Tensor) else v.__dlpack__())
            for k, v in batch.items()}


class WindowDataset(WindowSampler, Dataset):
    """Windows of `window` consecutive rows that never cross a group; files of a group are aligned row for
    row (a group's length is its shortest file's).

    sources: {name: path} for one group, or a list of such dicts (same names).
    stride: rows between consecutive window starts (1: every row; `window`: disjoint windows).
    time_range=(t0, t1) with timestamps="ts": only windows whose rows all have t0 <= time < t1 (None:
      unbounded), found by binary search in each group's timestamps file.
    reader_params: passed to cdd.Reader in each process (verify=, mmap=, threads=).
    """

    def __init__(
        self,
        sources: Group | Sequence[Group],
        window: int,
        *,
        stride: int = 1,
        time_range: tuple[int | None, int | None] | None = None,
        timestamps: str | None = None,
        reader_params: Mapping[str, Any] | None = None,
    ) -> None:
        WindowSampler.__init__(self, sources, window, stride=stride, time_range=time_range,
                               timestamps=timestamps, reader_params=reader_params)
        self.close()  # the dataset holds paths; each process (the main one too) reopens on first use
        self._groups = [{k: (v.path if isinstance(v, Reader) else v) for k, v in g.items()} for g in self._groups]

    def __getitem__(self, index: Any) -> dict[str, torch.Tensor]:  # type: ignore[override]
        if isinstance(index, (list, tuple, np.ndarray, torch.Tensor)):
            return self.batch(index)
        g, start = self.locate(operator.index(index))
        return to_tensors(self.read_window(g, start))

    def batch(self, indices: Sequence[int]) -> dict[str, torch.Tensor]:
        """A batch: {name: tensor (len(indices), window, ...)}, windows of a group that overlap or touch
        read as one slice. `ds[[i, j, ...]]` is the same (make_loader's workers call it)."""
        if isinstance(indices, torch.Tensor):
            indices = indices.tolist()
        return to_tensors(self.read_windows(list(indices)))

    def __getitems__(self, indices: Sequence[int]) -> list[dict[str, torch.Tensor]]:
        """torch's batched fetch for a plain DataLoader(ds, batch_size=B): the windows, read as few
        slices, as the list of samples its collate_fn expects (make_loader skips that copy)."""
        b = self.batch(indices)
        return [{k: v[j] for k, v in b.items()} for j in range(len(indices))]

    def window_rows(self, index: int) -> tuple[int, int, int]:
        """(group, first row, end row) of window `index`."""
        g, start = self.locate(int(index))
        return g, start, start + self.window

    def __iter__(self) -> Iterator[dict[str, torch.Tensor]]:  # every window in order (map-style)
        return (self[i] for i in range(len(self)))


class ContiguousBatchSampler(Sampler):
    """Batches of `batch_size` window indices for `WindowDataset`, made of runs of `run` consecutive
    windows (default: the whole batch) starting at random places, in a new order every epoch.

    run=1 gives fully random windows (one read per window); run=batch_size gives one contiguous read of
    window + (batch_size-1)*stride rows per file and batch. Every window appears at most once per epoch;
    with drop_last=False the last batch of an epoch may be shorter.
    """

    def __init__(self, dataset: WindowDataset, batch_size: int, *, run: int | None = None, shuffle: bool = True,
                 seed: int = 0, drop_last: bool = False) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        run = batch_size if run is None else int(run)
        if not 1 <= run <= batch_size:
            raise ValueError(f"run must be in 1..batch_size ({batch_size}), got {run}")
        self.batch_size, self.run, self.shuffle, self.seed, self.drop_last = batch_size, run, shuffle, seed, drop_last
        # Runs never cross a group: cut each group's windows into runs of `run` (the last one shorter).
        offsets = dataset._offsets
        self._runs = np.concatenate([
            np.stack([np.arange(a, b, run), np.minimum(np.arange(a, b, run) + run, b)], axis=1)
            for a, b in zip(offsets[:-1], offsets[1:]) if b > a
        ]).astype(np.int64)
        self._total = int(offsets[-1])
        self.epoch = 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = int(epoch)

    def __len__(self) -> int:
        return self._total // self.batch_size if self.drop_last else math.ceil(self._total / self.batch_size)

    def __iter__(self) -> Iterator[list[int]]:
        runs = self._runs
        if self.shuffle:
            rng = np.random.default_rng((self.seed, self.epoch))
            runs = runs[rng.permutation(len(runs))]
        self.epoch += 1
        batch: list[int] = []
        for a, b in runs.tolist():
            for i in range(a, b):
                batch.append(i)
                if len(batch) == self.batch_size:
                    yield batch
                    batch = []
        if batch and not self.drop_last:
            yield batch


def _identity(batch: Any) -> Any:
    return batch


def make_loader(
    dataset: WindowDataset,
    batch_size: int,
    *,
    num_workers: int = 2,
    run: int | None = None,
    shuffle: bool = True,
    seed: int = 0,
    drop_last: bool = False,
    pin_memory: bool | None = None,
    multiprocessing_context: str | None = None,
    prefetch_factor: int | None = 2,
    persistent_workers: bool | None = None,
    **loader_args: Any,
) -> DataLoader:
    """The DataLoader recipe: each worker reads whole batches (dataset[list of indices], a few contiguous
    slices) with its own readers; no per-sample collation. pin_memory defaults to torch.cuda.is_available();
    multiprocessing_context: "fork", "spawn", "forkserver" or None (the platform's default)."""
    sampler = ContiguousBatchSampler(dataset, batch_size, run=run, shuffle=shuffle, seed=seed, drop_last=drop_last)
    if pin_memory is None:
        pin_memory = torch.cuda.is_available()
    if persistent_workers is None:
        persistent_workers = num_workers > 0
    return DataLoader(
        dataset,
        batch_size=None,  # the sampler yields whole batches; the dataset reads and stacks them
        sampler=sampler,
        collate_fn=_identity,
        num_workers=num_workers,
        pin_memory=pin_memory,
        multiprocessing_context=multiprocessing_context if num_workers > 0 else None,
        prefetch_factor=prefetch_factor if num_workers > 0 else None,
        persistent_workers=persistent_workers and num_workers > 0,
        **loader_args,
    )

