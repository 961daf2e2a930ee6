"""Round trips through cdd.open: every dtype with every generic codec, the order-book codecs on realistic
books, appends of any size, append mode, metadata, chunks and several index blocks."""

from __future__ import annotations

import numpy as np
import pytest

import cdd
from cdd import _dtypes

from conftest import write

INT_DTYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
FLOAT_DTYPES = ["float16", "float32", "float64"]
GENERIC_CODECS = ["raw", "zstd", "lz4", "shuffle_zstd", "shuffle_lz4"]


def sample(dtype: str, rows: int, row_shape: tuple[int, ...], seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    shape = (rows,) + row_shape
    if dtype.startswith("float"):
        # A random walk with repeats: compressible like real features, with every bit pattern kind.
        base = np.cumsum(rng.normal(size=shape), axis=0)
        return base.astype(dtype)
    info = np.iinfo(dtype)
    walk = np.cumsum(rng.integers(-3, 4, size=shape), axis=0) + rng.integers(0, 50)
    data = np.clip(walk, info.min, info.max).astype(dtype)
    data[rows // 2] = info.max  # extremes survive
    data[rows // 3] = info.min
    return data


@pytest.mark.parametrize("codec", GENERIC_CODECS)
@pytest.mark.parametrize("dtype", FLOAT_DTYPES + INT_DTYPES)
def test_every_dtype_and_generic_codec(tmp_path, dtype, codec):
    data = sample(dtype, 1537, (5, 3), seed=len(dtype) + len(codec))
    path = write(tmp_path / "a.cdd", data, codec=codec, chunk_target_bytes=2048)
    with cdd.open(path) as r:
        assert r.shape == data.shape
        assert r.dtype == data.dtype
        assert len(r) == 1537
        np.testing.assert_array_equal(r[:], data)
        assert r.metadata["dtype"] == dtype


@pytest.mark.parametrize("dtype", INT_DTYPES)
def test_delta_codec_on_integers(tmp_path, dtype):
    data = sample(dtype, 3001, (2,), seed=3)
    path = write(tmp_path / "d.cdd", data, codec="delta")
    with cdd.open(path) as r:
        np.testing.assert_array_equal(r.read(), data)


def test_timestamps_delta(tmp_path, timestamps):
    path = write(tmp_path / "ts.cdd", timestamps.reshape(-1, 1), codec="delta")
    with cdd.open(path) as r:
        np.testing.assert_array_equal(r[:, 0], timestamps)
        # int64 ms timestamps compress to a few bits each
        assert r.metadata["file_bytes"] < timestamps.nbytes / 4


def test_one_dimensional_rows_become_row_shape_1(tmp_path, timestamps):
    path = write(tmp_path / "ts1.cdd", timestamps[:100])
    with cdd.open(path) as r:
        assert r.shape == (100, 1)
        np.testing.assert_array_equal(r[:].ravel(), timestamps[:100])


def test_bfloat16_bits_round_trip(tmp_path):
    bits = np.arange(4096, dtype=np.uint16).reshape(-1, 8) * 7
    path = tmp_path / "bf.cdd"
    dt = _dtypes.numpy_dtype(_dtypes.BFLOAT16)
    with cdd.open(path, "w", dtype="bfloat16", row_shape=(8,)) as w:
        w.append(bits.view(dt))
    with cdd.open(path) as r:
        assert r.metadata["dtype"] == "bfloat16"
        np.testing.assert_array_equal(r[:].view(np.uint16), bits)


@pytest.mark.parametrize("codec", ["okx_f16", "ob_f16", "shuffle_zstd"])
def test_orderbook_f16_codecs(tmp_path, book_f16, codec):
    path = write(tmp_path / "b16.cdd", book_f16, codec=codec)
    with cdd.open(path) as r:
        assert r.shape == (5000, 50, 3)
        out = r[:]
        np.testing.assert_array_equal(out.view(np.uint16), book_f16.view(np.uint16))  # bit-exact, NaNs too
        assert r.metadata["file_bytes"] < book_f16.nbytes


@pytest.mark.parametrize("codec", ["okx_f32", "ob_f32", "shuffle_zstd", "zstd"])
def test_orderbook_f32_codecs(tmp_path, book_f32, codec):
    path = write(tmp_path / "b32.cdd", book_f32, codec=codec)
    with cdd.open(path) as r:
        np.testing.assert_array_equal(r[:].view(np.uint32), book_f32.view(np.uint32))


@pytest.mark.parametrize(
    "params, stage, level, target",
    [
        ({}, "lz4", 9, 16384),  # the float16 book preset: bitmap-planar filter on LZ4HC 9, 16 KiB chunks
        ({"compression": "zstd"}, "zstd", 3, 16384),
        ({"compression": "lz4"}, "lz4", 9, 16384),  # the preset's own stage: the preset stays
        ({"level": 9, "chunk_target_bytes": 4096}, "lz4", 9, 4096),
    ],
)
def test_okx_f16_preset_and_overrides(tmp_path, book_f16, params, stage, level, target):
    path = write(tmp_path / "p.cdd", book_f16, codec="okx_f16", **params)
    with cdd.open(path) as r:
        m = r.metadata
        flags = {"lz4": cdd._lib.FLAG_LZ4, "zstd": cdd._lib.FLAG_ZSTD}[stage]
        assert m["codec_flags"] & (cdd._lib.FLAG_LZ4 | cdd._lib.FLAG_ZSTD) == flags
        assert (m["level"], m["chunk_target_bytes"]) == (level, target)
        np.testing.assert_array_equal(r[:].view(np.uint16), book_f16.view(np.uint16))


def test_okx_f16_preset_is_smaller_than_plain_lz4(tmp_path, book_f16):
    # The preset's bitmap-planar filter and LZ4HC level must beat the fast LZ4 stage without a filter.
    preset = write(tmp_path / "preset.cdd", book_f16, codec="okx_f16")
    plain = write(tmp_path / "plain.cdd", book_f16, codec="okx_f16", level=1, codec_params=bytes([0]))
    assert preset.stat().st_size * 1.15 < plain.stat().st_size


def test_float32_down_cast_to_float16(tmp_path, book_f32):
    normalized = (book_f32 / np.float32(1000)).astype(np.float32)  # values float16 can hold
    path = write(tmp_path / "dc.cdd", normalized, codec="ob_f16", down_cast=True)
    with cdd.open(path) as r:
        assert r.dtype == np.float32
        np.testing.assert_array_equal(r[:], normalized.astype(np.float16).astype(np.float32))


def test_appends_of_any_size(tmp_path, book_f16):
    path = tmp_path / "parts.cdd"
    sizes = [0, 1, 2, 17, 0, 1000, 1, 3979]
    with cdd.open(path, "w", dtype=np.float16, row_shape=(50, 3), chunk_rows=64) as w:
        pos = 0
        for n in sizes:
            w.append(book_f16[pos:pos + n])
            pos += n
        w.append(book_f16[0])  # one row of shape row_shape
        assert w.rows_appended == 5001
    with cdd.open(path) as r:
        assert len(r) == 5001
        np.testing.assert_array_equal(r[:5000], book_f16)
        np.testing.assert_array_equal(r[5000], book_f16[0])
        rows = r.chunk_rows_array
        assert rows.sum() == 5001
        assert all(n == 64 for n in rows[:-1])


def test_append_checks_dtype_and_shape(tmp_path, book_f16):
    with cdd.open(tmp_path / "chk.cdd", "w") as w:
        w.append(book_f16[:10])
        with pytest.raises(TypeError, match="float32"):
            w.append(book_f16[:10].astype(np.float32))
        with pytest.raises(ValueError, match="row shape"):
            w.append(book_f16[:10, :40])
        w.append(book_f16[10:20, ::1])
        w.append(np.asfortranarray(book_f16[20:30]))  # non-contiguous input is copied, not refused
    with cdd.open(tmp_path / "chk.cdd") as r:
        np.testing.assert_array_equal(r[:], book_f16[:30])


def test_append_mode_continues(tmp_path, book_f32):
    path = write(tmp_path / "app.cdd", book_f32[:1000], codec="okx_f32", user_metadata=b"venue=okx")
    with cdd.open(path, "a") as w:
        assert w.dtype == np.float32 and w.row_shape == (50, 3)
        w.append(book_f32[1000:])
    with cdd.open(path) as r:
        assert r.user_metadata == b"venue=okx"
        assert r.metadata["codec"] == "okx_ob_f32"
        np.testing.assert_array_equal(r[:], book_f32)


def test_metadata_and_chunk_accessors(tmp_path, book_f16):
    meta = bytes(range(256)) * 3
    path = write(tmp_path / "m.cdd", book_f16, codec="okx_f16", level=5, chunk_rows=100,
                 index_capacity=8, user_metadata=meta)
    with cdd.open(path) as r:
        m = r.metadata
        assert m["row_shape"] == [50, 3]
        assert m["chunk_rows"] == 100 and m["level"] == 5 and m["index_capacity"] == 8
        assert m["num_chunks"] == r.num_chunks == 50
        assert m["num_index_blocks"] > 1  # 50 chunks do not fit 8 slots
        assert m["writer"].startswith("libcdd")
        assert r.user_metadata == meta
        total = 0
        for i in range(r.num_chunks):
            assert r.chunk_rows(i) == 100
            assert r.chunk_nbytes(i) > 0
            total += r.chunk_nbytes(i)
            np.testing.assert_array_equal(r.chunk(i), book_f16[i * 100:(i + 1) * 100])
        assert total < m["file_bytes"]
        np.testing.assert_array_equal(r.chunk(-1), book_f16[-100:])
        assert list(iter(r))[17].tobytes() == book_f16[17].tobytes()


def test_many_index_blocks_adaptive(tmp_path, book_f32):
    path = write(tmp_path / "ib.cdd", book_f32, codec="zstd", chunk_target_bytes=1024, index_capacity=2)
    with cdd.open(path) as r:
        assert r.metadata["num_index_blocks"] >= 3
        np.testing.assert_array_equal(r[:], book_f32)
    cdd.verify(path)


def test_empty_file_reads_empty(tmp_path):
    path = tmp_path / "empty.cdd"
    with cdd.open(path, "w", dtype="float32", row_shape=(4,)):
        pass
    with cdd.open(path) as r:
        assert r.shape == (0, 4) and r.num_chunks == 0
        assert r[:].shape == (0, 4)


def test_lazy_writer_without_data_creates_nothing(tmp_path):
    path = tmp_path / "never.cdd"
    with cdd.open(path, "w"):
        pass
    assert not path.exists()


@pytest.mark.parametrize("threads", [1, 2, 0])
@pytest.mark.parametrize("mmap", [False, True])
def test_reader_options(tmp_path, book_f16, threads, mmap):
    path = write(tmp_path / "o.cdd", book_f16, codec="okx_f16")
    with cdd.open(path, threads=threads, mmap=mmap, verify=not mmap) as r:
        np.testing.assert_array_equal(r[123:4567], book_f16[123:4567])


def test_unknown_codec_and_mode(tmp_path):
    with pytest.raises(ValueError, match="unknown codec"):
        cdd.open(tmp_path / "x.cdd", "w", codec="snappy")
    with pytest.raises(ValueError, match="mode"):
        cdd.open(tmp_path / "x.cdd", "x")


def test_version_info():
    assert cdd.abi_version() == 1
    assert cdd.format_version() == 1
    assert cdd.version().count(".") == 2
    assert cdd.simd_target()
