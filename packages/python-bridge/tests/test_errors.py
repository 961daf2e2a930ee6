"""Every error type, raised on the matching damage or misuse, carrying the native message."""

from __future__ import annotations

import struct

import numpy as np
import pytest

import cdd
from cdd import _lib, errors

from conftest import write


@pytest.fixture
def small(tmp_path):
    data = np.arange(64 * 40, dtype=np.float32).reshape(64 * 10, 4)
    return write(tmp_path / "s.cdd", data, codec="zstd", chunk_rows=64), data


def first_chunk_offset(path) -> int:
    with cdd.open(path) as r:
        return r.chunk_info(0)["offset"]


def patch(path, offset: int, data: bytes) -> None:
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(data)


def test_every_status_has_a_class():
    for code in range(1, 14):
        exc = errors.from_status(code, "msg")
        assert isinstance(exc, cdd.CddError)
        assert exc.code == code
        assert exc.status.startswith("CDD_E_")
    assert isinstance(errors.from_status(_lib.E_OUT_OF_RANGE, "x"), IndexError)
    assert isinstance(errors.from_status(_lib.E_INVALID_ARGUMENT, "x"), ValueError)
    assert isinstance(errors.from_status(_lib.E_NO_MEMORY, "x"), MemoryError)
    assert isinstance(errors.from_status(_lib.E_VERSION, "x"), cdd.FormatError)
    assert type(errors.from_status(999, "x")) is cdd.CddError


def test_missing_file_is_io_error(tmp_path):
    with pytest.raises(cdd.CddIOError, match="nope.cdd"):
        cdd.open(tmp_path / "nope.cdd")


def test_bad_magic_is_format_error(small):
    path, _ = small
    patch(path, 0, b"NOTACDD!")
    with pytest.raises(cdd.FormatError) as info:
        cdd.open(path)
    assert type(info.value) is cdd.FormatError
    assert info.value.code == _lib.E_FORMAT


def test_truncated_header_is_format_error(tmp_path, small):
    path, _ = small
    cut = tmp_path / "cut.cdd"
    cut.write_bytes(path.read_bytes()[:14])
    with pytest.raises(cdd.FormatError, match="truncated"):
        cdd.open(cut)


def test_unknown_version_is_version_error(small):
    path, _ = small
    patch(path, 8, struct.pack("<I", 99))
    with pytest.raises(cdd.VersionError, match="99"):
        cdd.open(path)


def test_flipped_payload_byte_is_corrupt_chunk(small):
    path, data = small
    off = first_chunk_offset(path)
    with cdd.open(path) as r:
        frame = r.chunk_nbytes(0)
    raw = bytearray(path.read_bytes())
    raw[off + frame - 3] ^= 0x40
    path.write_bytes(bytes(raw))
    with cdd.open(path) as r:
        np.testing.assert_array_equal(r[64:128], data[64:128])  # other chunks still read
        with pytest.raises(cdd.CorruptChunkError, match="chunk 0"):
            r[0:10]
    with pytest.raises(cdd.CorruptChunkError, match="chunk 0"):
        cdd.verify(path)


def test_damaged_payload_unverified_is_codec_error(small):
    path, _ = small
    off = first_chunk_offset(path)
    # ZSTD frame of rows (64, 4): payload after the 32-byte header and shape [64, 4, 0].
    patch(path, off + 32 + 12, b"\x00\x00\x00\x00")
    with cdd.open(path, verify=False) as r:
        with pytest.raises(cdd.CodecError):
            r[0:1]
    with cdd.open(path) as r:
        with pytest.raises(cdd.CorruptChunkError):
            r[0:1]


def index_block0_offset(raw: bytes) -> int:
    (meta_len,) = struct.unpack_from("<I", raw, 12)
    (user_len,) = struct.unpack_from("<I", raw, 16 + meta_len)
    return 20 + meta_len + user_len


def test_damaged_index_block_is_corrupt(small):
    path, _ = small
    raw = bytearray(path.read_bytes())
    block = index_block0_offset(raw)
    assert struct.unpack_from("<H", raw, block + 4)[0] in (1, 2)  # RAW or LZ4 index block
    raw[block + 16 + 24] ^= 1  # hash of commit record A
    raw[block + 56 + 24] ^= 1  # hash of commit record B
    path.write_bytes(bytes(raw))
    with pytest.raises(cdd.CorruptChunkError):
        cdd.open(path)


def test_unknown_codec_code_is_unsupported(tmp_path):
    with pytest.raises(cdd.UnsupportedError):
        cdd.open(tmp_path / "u.cdd", "w", dtype="float32", row_shape=(4,), codec=999)


def test_bad_options_are_invalid_argument(tmp_path):
    with pytest.raises(cdd.InvalidArgumentError):
        cdd.open(tmp_path / "i.cdd", "w", dtype="float32", row_shape=(4,), index_capacity=0)


@pytest.mark.parametrize("params, says", [(b"\x06", "unknown order-book filter 6"), (b"\x04\x00", "must be 1 byte")])
def test_bad_orderbook_codec_params_fail_at_create(tmp_path, params, says):
    with pytest.raises(cdd.InvalidArgumentError, match=says):
        cdd.open(tmp_path / "p.cdd", "w", dtype="float16", row_shape=(50, 3), codec="okx_f16", codec_params=params)
    assert not (tmp_path / "p.cdd").exists() or (tmp_path / "p.cdd").stat().st_size == 0


def test_orderbook_codec_rejects_other_shapes(tmp_path):
    with pytest.raises(cdd.CddError):
        cdd.open(tmp_path / "ob.cdd", "w", dtype="float16", row_shape=(7,), codec="okx_f16")


def test_second_writer_is_locked(tmp_path):
    path = tmp_path / "lock.cdd"
    with cdd.open(path, "w", dtype="int64", row_shape=(1,)) as w:
        w.append(np.arange(10))
        w.flush()
        with pytest.raises(cdd.LockedError):
            cdd.open(path, "a")
    with cdd.open(path, "a") as w2:  # released at close
        w2.append(np.arange(10, 20))
    with cdd.open(path) as r:
        np.testing.assert_array_equal(r[:, 0], np.arange(20))


def test_closed_reader_is_state_error(small):
    path, _ = small
    r = cdd.open(path)
    r.close()
    r.close()  # idempotent
    with pytest.raises(cdd.StateError, match="closed"):
        r[0:1]


def test_native_range_check_and_message(small):
    path, _ = small
    with cdd.open(path) as r:
        buf = np.empty((10, 4), np.float32)
        code = _lib.lib.cdd_reader_read_rows(r._handle, 635, 645, buf.ctypes.data, buf.nbytes)
        with pytest.raises(cdd.OutOfRangeError) as info:
            errors.check(code)
        assert "640" in str(info.value)  # the native message names the array's row count
