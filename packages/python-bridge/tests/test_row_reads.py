"""Single-row reads and the native decoded-chunk cache behind them: bit-exact with every codec, from
several threads at once, after refresh on a growing file, and on a damaged chunk (which fails on every
read, never served from the cache)."""

from __future__ import annotations

import random
import threading

import numpy as np
import pytest

import cdd

from conftest import write

CODECS = ["raw", "zstd", "lz4", "shuffle", "okx_f16"]


def bits(a: np.ndarray) -> np.ndarray:
    return a.view(np.uint16 if a.dtype.itemsize == 2 else np.uint32)


@pytest.mark.parametrize("codec", CODECS)
def test_rows_one_by_one_match_every_codec(tmp_path, book_f16, codec):
    data = book_f16[:1500]
    path = write(tmp_path / f"{codec}.cdd", data, codec=codec, chunk_rows=37)
    rng = random.Random(3)
    order = list(range(len(data)))
    rng.shuffle(order)
    with cdd.open(path) as r:
        for i in order[:600] + list(range(400, 520)):  # random, then sequential (cache hits)
            row = r[i]
            assert row.shape == (50, 3) and row.dtype == np.float16
            np.testing.assert_array_equal(bits(row), bits(data[i]), err_msg=f"row {i}")
            np.testing.assert_array_equal(bits(r[i - len(data)]), bits(data[i]))
            one = r.read(i, i + 1)
            assert one.shape == (1, 50, 3)
            np.testing.assert_array_equal(bits(one), bits(data[i:i + 1]))
        for a in range(0, len(data) - 50, 97):  # short ranges inside and across chunks
            np.testing.assert_array_equal(bits(r.read(a, a + 5)), bits(data[a:a + 5]))
            np.testing.assert_array_equal(bits(r.read(a, a + 50)), bits(data[a:a + 50]))


@pytest.mark.parametrize("cache", [True, False])
@pytest.mark.parametrize("mmap", [False, True])
def test_rows_from_the_float32_book(tmp_path, book_f32, cache, mmap):
    path = write(tmp_path / "f32.cdd", book_f32, codec="okx_f32")
    with cdd.open(path, cache=cache, mmap=mmap) as r:
        for i in random.Random(5).sample(range(len(book_f32)), 400) + list(range(100, 300)):
            np.testing.assert_array_equal(bits(r[i]), bits(book_f32[i]))


def test_concurrent_threads_read_bit_exact_rows(tmp_path, book_f16):
    data = book_f16[:3000]
    path = write(tmp_path / "book.cdd", data, codec="okx_f16", chunk_rows=50)
    errors: list[str] = []
    with cdd.open(path, threads=2) as r:
        def work(seed: int) -> None:
            rng = random.Random(seed)
            for k in range(1500):
                if k % 10 == 0:
                    a = rng.randrange(0, len(data) - 300)
                    b = a + rng.randrange(1, 300)
                    if not np.array_equal(bits(r.read(a, b)), bits(data[a:b])):
                        errors.append(f"rows [{a}, {b})")
                else:
                    i = rng.randrange(0, len(data))
                    if not np.array_equal(bits(r[i]), bits(data[i])):
                        errors.append(f"row {i}")

        threads = [threading.Thread(target=work, args=(s,)) for s in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []


def test_refresh_on_a_growing_file_serves_new_rows(tmp_path, book_f16):
    data = book_f16[:2000]
    path = tmp_path / "growing.cdd"
    with cdd.open(path, "w", codec="okx_f16", chunk_rows=64) as w:
        w.append(data[:500])
        w.flush()
        with cdd.open(path) as r:
            n = len(r)
            assert n >= 448
            for i in range(n - 1, -1, -5):  # the last committed chunks go through the cache
                np.testing.assert_array_equal(bits(r[i]), bits(data[i]))
            appended = 500
            for end in (900, 1400, 2000):
                w.append(data[appended:end])
                appended = end
                w.flush()
                grown = r.refresh()
                assert grown > n
                n = grown
                for i in range(0, n, 3):
                    np.testing.assert_array_equal(bits(r[i]), bits(data[i]), err_msg=f"row {i} of {n}")


def damaged_file(path, data, codec: str, chunk_rows: int, chunk: int = 2):
    """`data` written to `path`, then one bit flipped near the end of chunk `chunk`'s payload."""
    write(path, data, codec=codec, chunk_rows=chunk_rows)
    with cdd.open(path) as r:
        off = r.chunk_info(chunk)["offset"]
        size = r.chunk_nbytes(chunk)
    raw = bytearray(path.read_bytes())
    raw[off + size - 5] ^= 0x08
    path.write_bytes(bytes(raw))
    return path


def test_damaged_chunk_fails_every_single_row_read(tmp_path, book_f16):
    data = book_f16[:400]
    path = damaged_file(tmp_path / "damaged.cdd", data, "lz4", 40)  # chunk 2: rows 80..119
    with cdd.open(path) as r:
        for _ in range(3):
            for i in (80, 81, 119):
                with pytest.raises(cdd.CorruptChunkError, match="chunk 2 "):
                    r[i]
                with pytest.raises(cdd.CorruptChunkError, match="chunk 2 "):
                    r.read(i, i + 1)
            np.testing.assert_array_equal(bits(r[79]), bits(data[79]))
            np.testing.assert_array_equal(bits(r[120]), bits(data[120]))


def test_refresh_and_close_wait_for_row_reads_in_other_threads(tmp_path, book_f16):
    """Row reads take no lock (see cdd._guard): refresh and close must still wait for them, and a read
    after close is a StateError, never a crash."""
    data = book_f16[:2000]
    path = write(tmp_path / "guard.cdd", data, codec="okx_f16", chunk_rows=50)
    r = cdd.open(path)
    problems: list[str] = []
    closed_errors = [0]

    def work(seed: int) -> None:  # reads until the reader is closed
        rng = random.Random(seed)
        while True:
            i = rng.randrange(0, len(data))
            try:
                row = r[i] if i % 2 else r.read(i, i + 1)[0]
            except cdd.StateError:
                closed_errors[0] += 1
                return
            if not np.array_equal(bits(row), bits(data[i])):
                problems.append(f"row {i}")

    threads = [threading.Thread(target=work, args=(s,)) for s in range(4)]
    for t in threads:
        t.start()
    for _ in range(200):
        assert r.refresh() == len(data)
    r.close()
    for t in threads:
        t.join()
    assert problems == []
    assert closed_errors[0] == len(threads)
    with pytest.raises(cdd.StateError):
        r[0]


@pytest.mark.parametrize("codec", CODECS)
@pytest.mark.parametrize("threads", [1, 2])
def test_take_gathers_rows_like_numpy_fancy_indexing(tmp_path, book_f16, codec, threads):
    data = book_f16[:1200]
    path = write(tmp_path / f"{codec}.cdd", data, codec=codec, chunk_rows=41)
    rng = np.random.default_rng(threads)
    with cdd.open(path, threads=threads) as r:
        for idx in (rng.integers(0, len(data), 500),             # random, repeats, several rows per chunk
                    rng.integers(-len(data), len(data), (20, 7)),  # negatives, a 2-D index
                    np.arange(len(data))[::-1],                    # every row backwards
                    [3], [7, 7, 7], np.array(5), np.array([], dtype=np.int64),
                    np.arange(len(data), dtype=np.uint64)[::3]):
            want = data[np.asarray(idx, dtype=np.int64)]
            got = r.take(idx)
            assert got.shape == want.shape and got.dtype == np.float16
            np.testing.assert_array_equal(bits(got), bits(want))
        mask = rng.random(len(data)) < 0.1
        np.testing.assert_array_equal(bits(r.take(mask)), bits(data[mask]))
        np.testing.assert_array_equal(bits(r[[11, 1199, 0]]), bits(data[[11, 1199, 0]]))
        np.testing.assert_array_equal(bits(r[np.array([4, -1])]), bits(data[[4, -1]]))
        for key in (([5, 9], 3), ([5, 9], [1, 2]), (np.array([[3, 1], [1, 0]]), slice(2, 6), 1), (mask, 2),
                    ([-1, 0, -1], Ellipsis, 0)):
            np.testing.assert_array_equal(bits(r[key]), bits(data[key]), err_msg=str(key))
        out = np.empty((3, 50, 3), np.float16)
        assert r.take([2, 1, 0], out=out) is out
        np.testing.assert_array_equal(bits(out), bits(data[[2, 1, 0]]))


def test_take_errors_are_typed_and_read_nothing(tmp_path, book_f16):
    data = book_f16[:300]
    path = write(tmp_path / "take.cdd", data, codec="okx_f16", chunk_rows=50)
    with cdd.open(path) as r:
        with pytest.raises(cdd.OutOfRangeError, match=r"row 300 \(index 1\) out of range: the array has 300 rows"):
            r.take([2, 300, 5])
        with pytest.raises(cdd.OutOfRangeError, match=r"row -301 \(index 0\)"):
            r[[-301]]
        with pytest.raises(TypeError, match="must be integers or booleans"):
            r.take([1.5, 2.0])
        with pytest.raises(IndexError, match="boolean index of shape"):
            r.take(np.ones(10, bool))
        with pytest.raises(ValueError, match="out holds"):
            r.take([1, 2], out=np.empty((3, 50, 3), np.float16))


def test_take_of_a_damaged_chunk_fails_and_others_read(tmp_path, book_f16):
    data = book_f16[:400]
    path = damaged_file(tmp_path / "damaged.cdd", data, "okx_f16", 50)  # chunk 2: rows 100..149
    with cdd.open(path) as r:
        for _ in range(2):
            with pytest.raises(cdd.CorruptChunkError, match="chunk 2 "):
                r.take([5, 120, 390])
        np.testing.assert_array_equal(bits(r.take([5, 99, 150, 390])), bits(data[[5, 99, 150, 390]]))
