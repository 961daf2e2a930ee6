"""cdd.torch: a DataLoader with 2 worker processes (fork and spawn) over a 3-file dataset (book,
timestamps, features) in two groups gives every window exactly once per epoch, each equal to numpy's
slice; batches are read as contiguous slices; time ranges, strides and pickling."""

from __future__ import annotations

import multiprocessing as mp
import pickle
import sys

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="PyTorch is not installed: pip install torch (cdd[torch]); "
                                           ".ci/run installs it so that these tests run in CI")

import cdd  # noqa: E402
from cdd.torch import ContiguousBatchSampler, WindowDataset, make_loader, to_dlpack  # noqa: E402

from conftest import write  # noqa: E402

WINDOW = 48
SPLIT = 1800  # rows of group 0; group 1 has the rest


@pytest.fixture(scope="module")
def data(book_f16, timestamps):
    n = 3000
    rng = np.random.default_rng(5)
    feat = rng.standard_normal((n, 7)).astype(np.float32)
    return {"book": book_f16[:n], "ts": timestamps[:n].reshape(-1, 1), "feat": feat}


@pytest.fixture(scope="module")
def groups(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("torch")
    out = []
    for d, (a, b) in enumerate([(0, SPLIT), (SPLIT, len(data["book"]))]):
        out.append({
            "book": str(write(root / f"d{d}.book.cdd", data["book"][a:b], codec="okx_f16")),
            "ts": str(write(root / f"d{d}.ts.cdd", data["ts"][a:b], codec="delta")),
            "feat": str(write(root / f"d{d}.feat.cdd", data["feat"][a:b], codec="shuffle", chunk_rows=100)),
        })
    return out


def expected_window(data, group: int, start: int, window: int = WINDOW) -> dict[str, np.ndarray]:
    base = 0 if group == 0 else SPLIT
    return {k: v[base + start:base + start + window] for k, v in data.items()}


def check_batch(ds: WindowDataset, data, indices, batch) -> None:
    assert set(batch) == {"book", "ts", "feat"}
    for k, t in batch.items():
        assert isinstance(t, torch.Tensor) and t.shape[0] == len(indices)
    for j, i in enumerate(indices):
        g, start, _ = ds.window_rows(i)
        want = expected_window(data, g, start, ds.window)
        for k in batch:
            np.testing.assert_array_equal(batch[k][j].numpy(), want[k], err_msg=f"window {i} file {k}")


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_dataloader_two_workers_every_sample(groups, data, start_method):
    if start_method not in mp.get_all_start_methods():
        pytest.skip(f"{start_method} is not available on {sys.platform}")
    ds = WindowDataset(groups, window=WINDOW)
    assert len(ds) == (SPLIT - WINDOW + 1) + (3000 - SPLIT - WINDOW + 1)
    loader = make_loader(ds, batch_size=64, num_workers=2, run=16, seed=7, multiprocessing_context=start_method,
                         persistent_workers=False)
    seen: list[int] = []
    order = list(loader.sampler)  # the same batches the workers get (the seed and epoch are fixed)
    loader.sampler.set_epoch(0)
    for indices, batch in zip(order, loader):
        check_batch(ds, data, indices, batch)
        assert batch["book"].dtype == torch.float16 and batch["ts"].dtype == torch.int64
        assert batch["book"].shape[1:] == (WINDOW, 50, 3) and batch["feat"].shape[1:] == (WINDOW, 7)
        seen += indices
    assert sorted(seen) == list(range(len(ds)))  # every window exactly once


def test_plain_dataloader_collates(groups, data):
    ds = WindowDataset(groups, window=WINDOW)
    loader = torch.utils.data.DataLoader(ds, batch_size=16, shuffle=False, num_workers=0)
    it = iter(loader)
    for k in range(3):
        batch = next(it)
        check_batch(ds, data, list(range(16 * k, 16 * k + 16)), batch)


def test_single_items_and_zero_copy(groups, data):
    ds = WindowDataset(groups, window=WINDOW)
    item = ds[SPLIT - WINDOW + 1]  # the first window of group 1
    np.testing.assert_array_equal(item["book"].numpy(), data["book"][SPLIT:SPLIT + WINDOW])
    arr = item["feat"].numpy()
    assert np.shares_memory(arr, item["feat"].numpy())  # from_numpy: tensor and array are one buffer
    caps = to_dlpack(item)
    back = torch.from_dlpack(caps["ts"])
    assert back.data_ptr() == item["ts"].data_ptr()
    np.testing.assert_array_equal(ds[-1]["ts"].numpy(), data["ts"][-WINDOW:])
    with pytest.raises(IndexError):
        ds[len(ds)]


def test_batch_reads_contiguous_slices(groups, data, monkeypatch):
    ds = WindowDataset(groups, window=WINDOW)
    calls: list[tuple[int, int]] = []
    from cdd.reader import Reader

    real = Reader.read

    def counting(self, start=None, stop=None, out=None):
        calls.append((start, stop))
        return real(self, start, stop, out)

    monkeypatch.setattr(Reader, "read", counting)
    indices = [10, 11, 12, 13, 200, 201, 2000, 2001]  # runs in group 0 and one in group 1, unsorted below
    batch = ds[indices[::-1]]
    check_batch(ds, data, indices[::-1], batch)
    assert len(calls) == 3 * 3  # three slices per file, not eight
    assert (10, 13 + WINDOW) in calls


def test_time_range_and_stride(groups, data):
    ts = data["ts"][:, 0]
    t0, t1 = int(ts[500]), int(ts[2500])
    ds = WindowDataset(groups, window=WINDOW, stride=WINDOW, time_range=(t0, t1), timestamps="ts")
    starts = []
    for i in range(len(ds)):
        w = ds[i]["ts"].numpy()[:, 0]
        assert w[0] >= t0 and w[-1] < t1
        starts.append(int(np.searchsorted(ts, w[0])))
    a, b = int(np.searchsorted(ts, t0)), int(np.searchsorted(ts, t1))
    want = list(range(a, SPLIT - WINDOW + 1, WINDOW)) + list(range(SPLIT, b - WINDOW + 1, WINDOW))
    assert starts == want
    with pytest.raises(ValueError, match="timestamps="):
        WindowDataset(groups, window=WINDOW, time_range=(t0, t1))


def test_pickles_as_paths(groups, data):
    ds = WindowDataset(groups, window=WINDOW)
    ds[0]
    blob = pickle.dumps(ds)
    assert b"Reader" not in blob
    clone = pickle.loads(blob)
    np.testing.assert_array_equal(clone[3]["book"].numpy(), data["book"][3:3 + WINDOW])


def test_batch_sampler_runs(groups):
    ds = WindowDataset(groups, window=WINDOW)
    s = ContiguousBatchSampler(ds, batch_size=32, run=8, seed=1, drop_last=True)
    batches = list(s)
    assert len(batches) == len(s) == len(ds) // 32
    segments = 0
    for b in batches:
        assert len(b) == 32
        segments += 1 + sum(1 for x, y in zip(b, b[1:]) if y != x + 1)  # contiguous pieces of the batch
    # Runs of 8 (the last of each group shorter): a batch of 32 is 4 runs, 5 pieces when it starts inside one.
    assert segments <= 5 * len(batches) + 2, segments
    assert len({i for b in batches for i in b}) == 32 * len(batches)  # no window twice
    assert list(s) != batches  # a new order each epoch
    with pytest.raises(ValueError, match="run"):
        ContiguousBatchSampler(ds, batch_size=4, run=5)


def test_pinned_memory_follows_cuda(groups):
    ds = WindowDataset(groups, window=WINDOW)
    loader = make_loader(ds, batch_size=8, num_workers=0, seed=2)
    assert loader.pin_memory is torch.cuda.is_available()  # the default: pinned exactly when CUDA is there
    assert make_loader(ds, batch_size=8, num_workers=0, pin_memory=False).pin_memory is False
    if torch.cuda.is_available():  # batches come out in page-locked memory, ready for non_blocking copies
        batch = next(iter(make_loader(ds, batch_size=8, num_workers=2, pin_memory=True, seed=2)))
        assert all(t.is_pinned() and t.shape[0] == 8 for t in batch.values())


def test_a_tensor_of_indices_gathers_rows(tmp_path):
    data = cdd.gen.orderbook_f16(500, seed=4)
    path = write(tmp_path / "tensor.cdd", data, codec="okx_f16", chunk_rows=50)
    with cdd.open(path) as r:
        idx = torch.tensor([499, 3, 3, -2])
        np.testing.assert_array_equal(r[idx].view(np.uint16), data[idx.numpy()].view(np.uint16))
        np.testing.assert_array_equal(r[torch.tensor(7)].view(np.uint16), data[7].view(np.uint16))  # 0-d: one row
