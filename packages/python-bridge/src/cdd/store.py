"""Byte stores kept by Python: a .cdd file read or written through methods of a Python object instead of a
path (cdd_store_callbacks of cdd.h). Subclass `Store` for your own storage (a blob in a database, an
object store's ranged reads, a test that injects I/O errors), or use `BytesStore` for a file in memory.

    store = cdd.BytesStore()
    with cdd.open(store, "w", codec="okx_f16") as w:
        w.append(books)
    with cdd.open(cdd.BytesStore(store.getvalue())) as r:
        ...

A method fails an operation by raising: OSError keeps its errno and text (the reader or writer then
raises cdd.CddIOError "cannot read NAME: TEXT at offset X"); any other exception becomes EIO with
"ExceptionType: message" as the text. libcdd may call read_at from several threads at once (reads with
threads > 1, async reads); each call takes the GIL."""

from __future__ import annotations

import ctypes
import errno as _errno
import threading
from typing import Any

from . import _lib
from .errors import InvalidArgumentError, LockedError, check

_L = _lib.lib


class Store:
    """A byte store implemented in Python. Required: size() and read_at(). A writable store also overrides
    write_at(), truncate() and sync() (all three). `name` is what error messages call the store."""

    name = "<python store>"

    def size(self) -> int:
        raise NotImplementedError

    def read_at(self, offset: int, length: int) -> bytes | bytearray | memoryview:
        """Up to `length` bytes at `offset`; fewer only at the end of the bytes (then libcdd asks again
        for the rest, and an empty answer means the end)."""
        raise NotImplementedError

    def write_at(self, offset: int, data: memoryview) -> None:
        """Writes all of `data` at `offset`, growing the store if needed. `data` is valid only during the
        call: copy it."""
        raise NotImplementedError

    def truncate(self, size: int) -> None:
        raise NotImplementedError

    def sync(self) -> None:
        raise NotImplementedError

    _writer_held = False  # one Writer at a time per store object (set by Writer, cleared by its close)

    def _claim_writer(self) -> None:
        with _live_lock:
            if self._writer_held:
                raise LockedError(f"another writer holds {self.name}", _lib.E_LOCKED)
            self._writer_held = True

    def _release_writer(self) -> None:
        self._writer_held = False

    @property
    def writable(self) -> bool:
        cls = type(self)
        return cls.write_at is not Store.write_at

    def _check_writable(self) -> None:
        """Raises unless a Writer can use this store: write_at, truncate and sync all overridden."""
        cls = type(self)
        if not self.writable:
            raise InvalidArgumentError(f"{self.name} is not writable ({cls.__name__} does not override write_at)",
                                       _lib.E_INVALID_ARGUMENT)
        if cls.truncate is Store.truncate or cls.sync is Store.sync:
            raise TypeError(f"{cls.__name__} overrides write_at: it must override truncate and sync too")

    def _handle(self) -> ctypes.c_void_p:
        """A new native cdd_store over this object (the caller frees it with cdd_store_free; readers and
        writers keep their own references, and the callbacks live until the last one goes)."""
        return _bridge(self)


def open_native(target: str | Store, by_path: Any, by_store: Any, *args: Any) -> None:
    """check(by_path(path, *args)) for a file path, or check(by_store(store, *args)) over a fresh native
    store of a cdd.Store (freed here: the reader or writer opened keeps its own reference)."""
    if not isinstance(target, Store):
        check(by_path(target.encode(), *args))
        return
    store = target._handle()
    try:
        check(by_store(store, *args))
    finally:
        _L.cdd_store_free(store)


class BytesStore(Store):
    """A file in memory: starts empty or with a copy of `initial`; getvalue() gives the bytes."""

    def __init__(self, initial: bytes | bytearray | memoryview = b"", name: str = "<bytes>") -> None:
        self._data = bytearray(initial)
        self._lock = threading.Lock()
        self.name = name

    def getvalue(self) -> bytes:
        with self._lock:
            return bytes(self._data)

    def size(self) -> int:
        return len(self._data)

    def read_at(self, offset: int, length: int) -> bytes:
        with self._lock, memoryview(self._data) as view:  # one copy, not a bytearray slice and then bytes
            return bytes(view[offset:offset + length])

    def write_at(self, offset: int, data: memoryview) -> None:
        with self._lock:
            end = offset + len(data)
            if len(self._data) < end:
                self._data.extend(bytes(end - len(self._data)))
            self._data[offset:end] = data

    def truncate(self, size: int) -> None:
        with self._lock:
            if size < len(self._data):
                del self._data[size:]
            else:
                self._data.extend(bytes(size - len(self._data)))

    def sync(self) -> None:
        pass


# -- the bridge: ctypes callbacks over a Store ---------------------------------------------------------------
_SIZE = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint64))
_READ = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_uint64, ctypes.c_void_p, ctypes.c_size_t,
                         ctypes.POINTER(ctypes.c_size_t))
_WRITE = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_uint64, ctypes.c_void_p, ctypes.c_size_t)
_TRUNCATE = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_uint64)
_SYNC = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)
_RELEASE = ctypes.CFUNCTYPE(None, ctypes.c_void_p)


class _Callbacks(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("ctx", ctypes.c_void_p),
        ("size", _SIZE),
        ("read_at", _READ),
        ("write_at", _WRITE),
        ("truncate", _TRUNCATE),
        ("sync", _SYNC),
        ("release", _RELEASE),
    ]


# Stores with a native store alive, by key: the native side calls back until its release.
_live: dict[int, Store] = {}
_live_lock = threading.Lock()
_next_key = 0


def _store_of(ctx: Any) -> Store:
    return _live[int(ctx)]


def _failed(exc: BaseException) -> int:
    """Hands the reason to libcdd (cdd_store_callback_message) and returns the errno to report."""
    if isinstance(exc, OSError) and exc.errno:
        text, code = exc.strerror or str(exc), exc.errno
    else:
        text, code = f"{type(exc).__name__}: {exc}", _errno.EIO
    _L.cdd_store_callback_message(text.encode("utf-8", "replace"))
    return code


@_SIZE
def _size_cb(ctx, out):
    try:
        out[0] = int(_store_of(ctx).size())
        return 0
    except BaseException as exc:  # noqa: BLE001 — nothing may unwind into C
        return _failed(exc)


@_READ
def _read_cb(ctx, offset, out, length, got):
    try:
        data = _store_of(ctx).read_at(int(offset), int(length))
        if type(data) is not bytes:
            data = bytes(data)
        n = len(data)
        if n > length:
            raise ValueError(f"read_at returned {n} bytes, more than the {length} asked")
        if n:
            ctypes.memmove(out, data, n)
        got[0] = n
        return 0
    except BaseException as exc:  # noqa: BLE001
        return _failed(exc)


@_WRITE
def _write_cb(ctx, offset, data, length):
    try:
        view = memoryview((ctypes.c_char * length).from_address(data)).cast("B") if length else memoryview(b"")
        _store_of(ctx).write_at(int(offset), view)
        return 0
    except BaseException as exc:  # noqa: BLE001
        return _failed(exc)


@_TRUNCATE
def _truncate_cb(ctx, size):
    try:
        _store_of(ctx).truncate(int(size))
        return 0
    except BaseException as exc:  # noqa: BLE001
        return _failed(exc)


@_SYNC
def _sync_cb(ctx):
    try:
        _store_of(ctx).sync()
        return 0
    except BaseException as exc:  # noqa: BLE001
        return _failed(exc)


@_RELEASE
def _release_cb(ctx):
    with _live_lock:
        _live.pop(int(ctx), None)


def _bridge(store: Store) -> ctypes.c_void_p:
    global _next_key
    writable = store.writable
    if writable:
        store._check_writable()
    with _live_lock:
        _next_key += 1
        key = _next_key
        _live[key] = store
    cb = _Callbacks()
    cb.struct_size = ctypes.sizeof(cb)
    cb.ctx = key
    cb.size, cb.read_at, cb.release = _size_cb, _read_cb, _release_cb
    if writable:
        cb.write_at, cb.truncate, cb.sync = _write_cb, _truncate_cb, _sync_cb
    handle = ctypes.c_void_p()
    try:
        check(_L.cdd_store_callbacks_new(ctypes.byref(cb), str(store.name).encode("utf-8", "replace"),
                                         ctypes.byref(handle)))
    except BaseException:
        with _live_lock:  # nothing was kept: release will not run
            _live.pop(key, None)
        raise
    return handle
