"""WindowSampler: aligned windows across files and groups, map-style and iterable (batched, read ahead),
picklable for DataLoader workers, DLPack export."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from cdd.sampler import WindowSampler, dlpack

from conftest import write


@pytest.fixture(scope="module")
def days(tmp_path_factory, book_f16, timestamps):
    root = tmp_path_factory.mktemp("sampler")
    groups = []
    for d, (a, b) in enumerate([(0, 3000), (3000, 5000)]):
        book = write(root / f"d{d}.book.cdd", book_f16[a:b], codec="okx_f16")
        ts = write(root / f"d{d}.ts.cdd", timestamps[a:b].reshape(-1, 1), codec="delta")
        groups.append({"book": str(book), "ts": str(ts)})
    return groups


def test_map_style_windows_never_cross_groups(days, book_f16, timestamps):
    s = WindowSampler(days, window=100)
    assert len(s) == (3000 - 99) + (2000 - 99)
    first = s[0]
    np.testing.assert_array_equal(first["book"], book_f16[:100])
    np.testing.assert_array_equal(first["ts"][:, 0], timestamps[:100])
    last_of_day0 = s[3000 - 100]
    np.testing.assert_array_equal(last_of_day0["book"], book_f16[2900:3000])
    first_of_day1 = s[3000 - 99]
    np.testing.assert_array_equal(first_of_day1["book"], book_f16[3000:3100])
    np.testing.assert_array_equal(s[-1]["ts"][:, 0], timestamps[4900:5000])
    with pytest.raises(IndexError):
        s[len(s)]
    s.close()


def test_iterable_batches_are_aligned_windows(days, book_f16, timestamps):
    with WindowSampler(days, window=64, batch_size=16, num_windows=200, seed=3, workers=3, prefetch=3) as s:
        batches = list(s)
    assert [len(b["book"]) for b in batches] == [16] * 12 + [8]
    for b in batches:
        assert b["book"].shape[1:] == (64, 50, 3) and b["ts"].shape[1:] == (64, 1)
        for book, ts in zip(b["book"], b["ts"][:, :, 0]):
            start = int(np.searchsorted(timestamps, ts[0]))
            np.testing.assert_array_equal(ts, timestamps[start:start + 64])  # consecutive rows
            np.testing.assert_array_equal(book, book_f16[start:start + 64])  # book aligned with time


def test_epochs_differ_and_seed_repeats(days):
    a = WindowSampler(days, window=32, num_windows=20, seed=1)
    e1 = [w["ts"][0, 0] for w in a]
    e2 = [w["ts"][0, 0] for w in a]
    b = WindowSampler(days, window=32, num_windows=20, seed=1)
    assert e1 != e2
    assert e1 == [w["ts"][0, 0] for w in b]


def test_pickles_and_reopens(days, book_f16):
    s = WindowSampler(days, window=10)
    clone = pickle.loads(pickle.dumps(s))
    np.testing.assert_array_equal(clone[5]["book"], book_f16[5:15])


def test_dlpack_export(days):
    s = WindowSampler(days, window=8, batch_size=2, num_windows=2)
    batch = next(iter(s))
    caps = dlpack(batch)
    assert set(caps) == {"book", "ts"}
    back = np.from_dlpack(batch["book"])
    assert back.shape == (2, 8, 50, 3) and back.dtype == np.float16


def test_too_short_or_mismatched(days):
    with pytest.raises(ValueError, match="rows"):
        WindowSampler(days, window=10_000)
    with pytest.raises(ValueError, match="same names"):
        WindowSampler([days[0], {"book": days[1]["book"]}], window=4)
