"""cdd.Store: files read and written through a Python object's methods (cdd_store_callbacks of cdd.h).
A book round-trips through cdd.BytesStore byte-identical to the same file on disk; I/O errors raised by
the store's methods (EIO on read, ENOSPC on write, a failing sync, any other exception) come back as cdd.CddIOError with
the store's reason, the flushed rows survive and appending goes on; short reads are continued; one
writer per store; reads from native threads (threads=2, read_async) call back safely; every native
store is released once its reader or writer closes."""

from __future__ import annotations

import asyncio
import errno
import gc

import numpy as np
import pytest

import cdd
from cdd import gen
from cdd import store as store_module


class FaultyStore(cdd.BytesStore):
    """A BytesStore whose reads fail with EIO over [eio_from, eio_to), whose writes fail with ENOSPC past
    `space` bytes, and whose reads return at most `read_cap` bytes a call."""

    def __init__(self, initial: bytes = b"") -> None:
        super().__init__(initial, name="faulty-store")
        self.eio_from = self.eio_to = 0
        self.space = None
        self.read_cap = None
        self.boom = False

    def read_at(self, offset: int, length: int) -> bytes:
        if self.boom:
            raise ZeroDivisionError("the store's own bug")
        if offset < self.eio_to and offset + length > self.eio_from:
            raise OSError(errno.EIO, "bad sector (injected)")
        if self.read_cap is not None:
            length = min(length, self.read_cap)
        return super().read_at(offset, length)

    def write_at(self, offset: int, data: memoryview) -> None:
        if self.space is not None and offset + len(data) > self.space:
            raise OSError(errno.ENOSPC, "No space left on device")
        super().write_at(offset, data)


def write_books(where, books: np.ndarray, **params) -> None:
    with cdd.open(where, "w", codec="okx_f16", chunk_rows=64, **params) as w:
        for a in range(0, len(books), 100):
            w.append(books[a:a + 100])
            w.flush()


def no_native_stores_left() -> bool:
    gc.collect()
    return not store_module._live


def test_bytes_store_round_trip_is_byte_identical_to_the_file(tmp_path):
    books = gen.orderbook_f16(3000, seed=11)
    mem = cdd.BytesStore()
    write_books(mem, books)
    write_books(tmp_path / "books.cdd", books)
    assert mem.getvalue() == (tmp_path / "books.cdd").read_bytes()
    with cdd.open(cdd.BytesStore(mem.getvalue())) as r:
        assert r.shape == books.shape and r.path == "<bytes>"
        np.testing.assert_array_equal(r[:].view(np.uint16), books.view(np.uint16))
        np.testing.assert_array_equal(r[1234].view(np.uint16), books[1234].view(np.uint16))
    with cdd.open(mem, "a") as w:  # appending through the same store object
        w.append(books[:10])
    with cdd.open(mem) as r:
        assert len(r) == 3010
    assert no_native_stores_left()


def test_eio_on_read_is_cdd_io_error_with_the_stores_reason_and_not_remembered():
    books = gen.orderbook_f16(3000, seed=12)
    st = FaultyStore()
    write_books(st, books)
    with cdd.open(st) as r:
        st.eio_from, st.eio_to = st.size() // 3, 2 * st.size() // 3
        with pytest.raises(cdd.CddIOError) as info:
            r.read(0, 3000)
        assert "cannot read faulty-store: bad sector (injected) at offset" in str(info.value)
        np.testing.assert_array_equal(r.read(0, 64).view(np.uint16), books[:64].view(np.uint16))
        st.eio_from = st.eio_to = 0
        np.testing.assert_array_equal(r[:].view(np.uint16), books.view(np.uint16))
        st.boom = True
        with pytest.raises(cdd.CddIOError, match="ZeroDivisionError: the store's own bug"):
            r.read(2000, 2100)  # a chunk not read since (the cache holds only a few)
        st.boom = False
    assert no_native_stores_left()


def test_enospc_on_write_keeps_the_flushed_rows_and_appending_goes_on():
    books = gen.orderbook_f16(6000, seed=13)
    st = FaultyStore()
    write_books(st, books[:2000])
    st.space = st.size() + 20000
    w = cdd.open(st, "a")
    last_ok = 2000
    with pytest.raises(cdd.CddIOError) as info:
        for a in range(2000, 6000, 100):
            w.append(books[a:a + 100])
            w.flush()
            last_ok = w.rows_committed
    assert "cannot write faulty-store: No space left on device at offset" in str(info.value)
    with pytest.raises(cdd.StateError):  # the writer stopped at the failure
        w.close()
    assert last_ok > 2000
    with cdd.open(st) as r:
        have = len(r)
        assert last_ok <= have < 6000
        np.testing.assert_array_equal(r[:].view(np.uint16), books[:have].view(np.uint16))
    st.space = None
    with cdd.open(st, "a") as w:  # the writer lock was released by the failed close
        w.append(books[have:])
    with cdd.open(st) as r:
        np.testing.assert_array_equal(r[:].view(np.uint16), books.view(np.uint16))
    assert no_native_stores_left()


def test_short_reads_are_continued():
    books = gen.orderbook_f16(800, seed=14)
    st = FaultyStore()
    write_books(st, books)
    st.read_cap = 7
    with cdd.open(st, cache=False) as r:
        np.testing.assert_array_equal(r[:].view(np.uint16), books.view(np.uint16))


def test_one_writer_per_store_and_read_only_stores_take_none():
    st = cdd.BytesStore()
    w = cdd.open(st, "w", codec="okx_f16")
    with pytest.raises(cdd.LockedError, match="another writer holds <bytes>"):
        cdd.open(st, "w")
    w.append(gen.orderbook_f16(10, seed=1))
    w.close()
    cdd.open(st, "a").close()  # free again after close
    w2 = cdd.open(st, "a")
    w.close()  # closing the first writer again must not free the second one's claim
    with pytest.raises(cdd.LockedError):
        cdd.open(st, "a")
    w2.close()
    unused = cdd.open(st, "w")  # a writer that never creates its file lets go when collected
    del unused
    gc.collect()
    cdd.open(st, "a").close()

    class ReadOnly(cdd.Store):
        name = "read-only-store"

        def __init__(self, data: bytes) -> None:
            self.data = data

        def size(self) -> int:
            return len(self.data)

        def read_at(self, offset: int, length: int) -> bytes:
            return self.data[offset:offset + length]

    ro = ReadOnly(st.getvalue())
    with cdd.open(ro) as r:
        assert len(r) == 10
    with pytest.raises(cdd.CddError, match="read-only-store is not writable"):
        cdd.open(ro, "a")
    with pytest.raises(ValueError, match="mmap"):
        cdd.Reader(ro, mmap=True)

    class HalfWritable(ReadOnly):
        def write_at(self, offset: int, data: memoryview) -> None:
            pass

    with pytest.raises(TypeError, match="truncate and sync"):
        cdd.open(HalfWritable(b""), "w")
    assert no_native_stores_left()


def test_reads_on_native_threads_call_back_safely():
    books = gen.orderbook_f16(5000, seed=15)
    st = cdd.BytesStore()
    write_books(st, books)
    with cdd.open(st, threads=2, cache=False) as r:
        np.testing.assert_array_equal(r[:].view(np.uint16), books.view(np.uint16))

        async def many() -> list[np.ndarray]:
            return await asyncio.gather(*(r.read_async(a, a + 300) for a in range(0, 4700, 97)))

        for a, got in zip(range(0, 4700, 97), asyncio.run(many())):
            np.testing.assert_array_equal(got.view(np.uint16), books[a:a + 300].view(np.uint16))
    assert no_native_stores_left()


class FailingSyncStore(cdd.BytesStore):
    """A BytesStore whose sync() fails with EIO while `fail_sync` is set."""

    fail_sync = False

    def sync(self) -> None:
        if self.fail_sync:
            raise OSError(errno.EIO, "fsync failed (injected)")


def test_fsync_failing_is_cdd_io_error_and_the_synced_rows_survive():
    books = gen.orderbook_f16(3000, seed=16)
    st = FailingSyncStore(name="sync-store")
    w = cdd.open(st, "w", codec="okx_f16", chunk_rows=64, sync=True)
    w.append(books[:1000])
    w.flush()
    st.fail_sync = True
    with pytest.raises(cdd.CddIOError, match="cannot sync sync-store: fsync failed \\(injected\\)"):
        w.append(books[1000:1100])  # commits a full chunk, and syncs it
        w.flush()
    with pytest.raises(cdd.StateError):
        w.close()
    st.fail_sync = False
    with cdd.open(st) as r:
        have = len(r)
        assert 1000 <= have <= 1100
        np.testing.assert_array_equal(r[:].view(np.uint16), books[:have].view(np.uint16))
    with cdd.open(st, "a", sync=True) as w:
        w.append(books[have:])
    with cdd.open(st) as r:
        np.testing.assert_array_equal(r[:].view(np.uint16), books.view(np.uint16))
    assert no_native_stores_left()


class OverlongStore(cdd.BytesStore):
    """A store whose read_at answers more bytes than were asked (a bug in the store)."""

    def read_at(self, offset: int, length: int) -> bytes:
        return super().read_at(offset, length) + b"extra"


def test_read_at_answering_more_than_asked_is_cdd_io_error():
    st = cdd.BytesStore()
    write_books(st, gen.orderbook_f16(200, seed=17))
    with pytest.raises(cdd.CddIOError, match="cannot read <bytes>: ValueError: read_at returned"):
        cdd.open(OverlongStore(st.getvalue()))
    assert no_native_stores_left()
