"""Slices at every boundary: chunk edges ±1, the ends, empty and negative ranges, steps, out= buffers."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import cdd

from conftest import write

ROWS = 1000
CHUNK = 37


@pytest.fixture(scope="module")
def book_file(tmp_path_factory, book_f16):
    path = tmp_path_factory.mktemp("slices") / "book.cdd"
    return write(path, book_f16[:ROWS], codec="okx_f16", chunk_rows=CHUNK, index_capacity=5)


def boundaries() -> list[int]:
    points = {0, 1, ROWS - 1, ROWS}
    for edge in range(0, ROWS + 1, CHUNK):
        points.update({edge - 1, edge, edge + 1})
    return sorted(p for p in points if 0 <= p <= ROWS)


def test_every_boundary_pair(book_file, book_f16):
    expected = book_f16[:ROWS]
    pts = boundaries()
    with cdd.open(book_file) as r:
        assert r.num_chunks == -(-ROWS // CHUNK)
        for a, b in itertools.combinations_with_replacement(pts, 2):  # every pair a <= b
            got = r.read(a, b)
            assert got.shape == (b - a, 50, 3)
            np.testing.assert_array_equal(got.view(np.uint16), expected[a:b].view(np.uint16), err_msg=f"[{a},{b})")


def test_single_rows_and_negative_indices(book_file, book_f16):
    expected = book_f16[:ROWS]
    with cdd.open(book_file) as r:
        for i in boundaries()[:-1]:
            np.testing.assert_array_equal(r[i], expected[i])
            np.testing.assert_array_equal(r[i - ROWS], expected[i])
        np.testing.assert_array_equal(r[-1], expected[-1])
        np.testing.assert_array_equal(r[-CHUNK - 1:], expected[-CHUNK - 1:])
        np.testing.assert_array_equal(r.read(-100, -3), expected[-100:-3])
        np.testing.assert_array_equal(r[np.int64(5)], expected[5])


def test_python_slice_semantics(book_file, book_f16):
    expected = book_f16[:ROWS]
    with cdd.open(book_file) as r:
        for key in [slice(None), slice(10, None), slice(None, 10), slice(500, 400), slice(-5000, 5000),
                    slice(3, 900, 7), slice(None, None, -1), slice(800, 100, -13), slice(5, 5)]:
            np.testing.assert_array_equal(r[key], expected[key], err_msg=str(key))
        np.testing.assert_array_equal(r[3:9, 10:20, 0], expected[3:9, 10:20, 0])
        np.testing.assert_array_equal(r[7, :, 1], expected[7, :, 1])
        np.testing.assert_array_equal(np.asarray(r), expected)


def test_out_of_range(book_file):
    with cdd.open(book_file) as r:
        for bad in [ROWS, -ROWS - 1, 10**12]:
            with pytest.raises(cdd.OutOfRangeError):
                r[bad]
        with pytest.raises(IndexError):  # OutOfRangeError is an IndexError too
            r.read(0, ROWS + 1)
        with pytest.raises(cdd.OutOfRangeError):
            r.read(10, 5)
        with pytest.raises(cdd.OutOfRangeError):
            r.chunk(r.num_chunks)
        with pytest.raises(TypeError):
            r["a"]


def test_read_into_out(book_file, book_f16):
    with cdd.open(book_file) as r:
        out = np.zeros((100, 50, 3), np.float16)
        assert r.read(36, 136, out=out) is out
        np.testing.assert_array_equal(out, book_f16[36:136])
        flat = np.zeros(100 * 150, np.float16)
        r.read(0, 100, out=flat)  # any C-contiguous shape of the right size
        np.testing.assert_array_equal(flat.reshape(100, 50, 3), book_f16[:100])
        with pytest.raises(TypeError, match="dtype"):
            r.read(0, 10, out=np.zeros((10, 50, 3), np.float32))
        with pytest.raises(ValueError, match="contiguous"):
            r.read(0, 10, out=np.zeros((20, 50, 3), np.float16)[::2])
        with pytest.raises(ValueError, match="bytes"):
            r.read(0, 10, out=np.zeros((11, 50, 3), np.float16))
        ro = np.zeros((10, 50, 3), np.float16)
        ro.flags.writeable = False
        with pytest.raises(ValueError, match="writeable"):
            r.read(0, 10, out=ro)
        with pytest.raises(TypeError):
            r.read(0, 10, out=bytearray(3000))


def test_threads_from_many_python_threads(book_file, book_f16):
    from concurrent.futures import ThreadPoolExecutor

    expected = book_f16[:ROWS]
    rng = np.random.default_rng(5)
    starts = rng.integers(0, ROWS - 64, size=400)
    with cdd.open(book_file) as r:
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(lambda s: (s, r.read(s, s + 64)), starts))
    for s, got in results:
        np.testing.assert_array_equal(got, expected[s:s + 64])
