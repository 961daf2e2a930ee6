"""cdd.Writer: creates or appends to a .cdd file and appends numpy rows (dtype and row shape checked)."""

from __future__ import annotations

import ctypes
import os
import threading
from typing import Any

import numpy as np

from . import _dtypes, _lib
from .errors import StateError, check, last_error
from .store import Store, open_native

_L = _lib.lib


class Writer:
    """Appends rows to a .cdd file. Create with cdd.open(path, "w" | "a", ...).

    `down_cast=True` lets the f16 order-book codecs (okx_f16, ob_f16) store a float32 array as float16
    (lossy; reads return the widened float32 values).

    In "w" mode the dtype and row shape come from the `dtype=` and `row_shape=` parameters, or, when they
    are not given, from the first array appended (the file is created then).
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | Store,
        mode: str = "w",
        *,
        dtype: Any = None,
        row_shape: tuple[int, ...] | None = None,
        codec: str | int | None = None,
        compression: str | None = None,
        level: int | None = None,
        chunk_target_bytes: int | None = None,
        chunk_rows: int | None = None,
        index_capacity: int | None = None,
        user_metadata: bytes | None = None,
        codec_params: bytes | None = None,
        down_cast: bool = False,
        sync: bool = False,
    ) -> None:
        if mode not in ("w", "a"):
            raise ValueError(f"Writer mode must be 'w' or 'a', not {mode!r}")
        self._store = path if isinstance(path, Store) else None
        self.path = path.name if isinstance(path, Store) else os.fspath(path)
        self._target = path if isinstance(path, Store) else self.path  # what open_native opens
        self.mode = mode
        self._holds_store = False
        if self._store is not None:
            self._store._check_writable()
            self._store._claim_writer()  # one Writer per Store object; released by close() or on failure here
            self._holds_store = True
        try:
            self._lock = threading.Lock()
            self._handle = ctypes.c_void_p()
            self._flags = _lib.WRITE_SYNC if sync else 0
            self._dtype: np.dtype | None = None
            self._row_shape: tuple[int, ...] | None = None
            if mode == "a":
                open_native(self._target, _L.cdd_writer_open_append, _L.cdd_writer_open_append_store, self._flags,
                            ctypes.byref(self._handle))
                self._read_back_layout()
                return
            self._options = self._build_options(
                codec, compression, level, chunk_target_bytes, chunk_rows, index_capacity, user_metadata,
                codec_params,
            )
            if down_cast:  # float32 stored as float16 by the order-book f16 codecs (lossy, spec/CODECS.md)
                self._options.codec_flags |= _lib.FLAG_DOWN_CAST_16
            if dtype is not None and row_shape is not None:
                self._create(_dtypes.dtype_code(dtype), tuple(int(d) for d in row_shape))
            elif dtype is not None or row_shape is not None:
                raise ValueError("give both dtype= and row_shape=, or neither (then the first append sets them)")
        except BaseException:
            self._release_store()
            raise

    def _release_store(self) -> None:
        """Lets go of this writer's claim on its cdd.Store (once: a second close must not free a claim that
        a later writer took)."""
        if self._holds_store:
            self._holds_store = False
            self._store._release_writer()

    # -- creation -------------------------------------------------------------------------------------
    def _build_options(self, codec, compression, level, chunk_target_bytes, chunk_rows, index_capacity,
                       user_metadata, codec_params) -> _lib.WriterOptions:
        opts = _lib.WriterOptions()
        _L.cdd_writer_options_init(ctypes.byref(opts))
        ctype, flags = _dtypes.codec_params(codec, compression)
        if ctype is not None:  # the codec's preset: stage, level, chunk target, codec_params
            check(_L.cdd_writer_options_set_codec(ctypes.byref(opts), ctype))
        stage = _lib.FLAG_ZSTD | _lib.FLAG_LZ4
        if flags is not None and flags != opts.codec_flags & stage:
            # Another stage than the preset's: that stage's default level and the codec's own filter.
            opts.codec_flags = (opts.codec_flags & ~stage) | flags
            opts.level = _dtypes.STAGE_DEFAULT_LEVEL[flags]
            opts.codec_params = None
            opts.codec_params_size = 0
        if level is not None:
            opts.level = int(level)
        if chunk_target_bytes is not None:
            opts.chunk_target_bytes = int(chunk_target_bytes)
        if chunk_rows is not None:
            opts.chunk_rows = int(chunk_rows)
        if index_capacity is not None:
            opts.index_capacity = int(index_capacity)
        opts.write_flags = self._flags
        # The byte buffers must outlive cdd_writer_create: keep them on self.
        self._user_meta = bytes(user_metadata) if user_metadata is not None else None
        self._codec_params = bytes(codec_params) if codec_params is not None else None
        if self._user_meta is not None:
            opts.user_meta = ctypes.cast(ctypes.c_char_p(self._user_meta), ctypes.c_void_p)
            opts.user_meta_size = len(self._user_meta)
        if self._codec_params is not None:
            opts.codec_params = ctypes.cast(ctypes.c_char_p(self._codec_params), ctypes.c_void_p)
            opts.codec_params_size = len(self._codec_params)
        return opts

    def _create(self, code: int, row_shape: tuple[int, ...]) -> None:
        if not 1 <= len(row_shape) <= _lib.MAX_ROW_DIMS:
            raise ValueError(f"a row has 1..{_lib.MAX_ROW_DIMS} dims, got row_shape={row_shape}")
        if any(d < 1 for d in row_shape):
            raise ValueError(f"every row dim must be >= 1, got row_shape={row_shape}")
        opts = self._options
        opts.dtype = code
        opts.row_ndim = len(row_shape)
        for i, d in enumerate(row_shape):
            opts.row_shape[i] = d
        open_native(self._target, _L.cdd_writer_create, _L.cdd_writer_create_store, ctypes.byref(opts),
                    ctypes.byref(self._handle))
        self._dtype = _dtypes.numpy_dtype(code)
        self._row_shape = row_shape

    def _read_back_layout(self) -> None:
        # Append mode: the array's layout comes from the file; read it with a short-lived reader.
        r = ctypes.c_void_p()
        open_native(self._target, _L.cdd_reader_open, _L.cdd_reader_open_store, None, ctypes.byref(r))
        try:
            info = _lib.ArrayInfo()
            info.struct_size = ctypes.sizeof(info)
            check(_L.cdd_reader_info(r, ctypes.byref(info)))
        finally:
            _L.cdd_reader_close(r)
        self._dtype = _dtypes.numpy_dtype(info.dtype)
        self._row_shape = tuple(info.row_shape[i] for i in range(info.row_ndim))

    # -- API ------------------------------------------------------------------------------------------
    @property
    def dtype(self) -> np.dtype | None:
        return self._dtype

    @property
    def row_shape(self) -> tuple[int, ...] | None:
        return self._row_shape

    @property
    def closed(self) -> bool:
        return not self._handle

    def _live(self) -> ctypes.c_void_p:
        if not self._handle and self._dtype is not None:
            raise StateError(f"writer of {self.path} is closed")
        return self._handle

    def append(self, rows: Any) -> None:
        """Appends rows: an array of shape (n,) + row_shape (n >= 0), or one row of shape row_shape; a 1-D
        array appends n scalar rows when row_shape is (1,)."""
        arr = np.asarray(rows)
        with self._lock:
            if self._dtype is None:
                if getattr(self, "_closed_empty", False):
                    raise StateError(f"writer of {self.path} is closed")
                if arr.ndim == 0:
                    raise ValueError("the first append sets the row shape: give an array of rows, not a scalar")
                if arr.ndim == 1:  # a series of scalars: rows of shape (1,)
                    arr = arr.reshape(-1, 1)
                self._create(_dtypes.dtype_code(arr.dtype), tuple(arr.shape[1:]))
            handle = self._live()
            assert self._row_shape is not None
            if arr.dtype != self._dtype:
                raise TypeError(f"cannot append {arr.dtype} rows to a {self._dtype} array (convert first)")
            if arr.shape == self._row_shape:
                arr = arr.reshape((1,) + self._row_shape)
            elif arr.ndim == 1 and self._row_shape == (1,):
                arr = arr.reshape(-1, 1)
            if arr.shape[1:] != self._row_shape:
                raise ValueError(
                    f"rows of shape {arr.shape[1:]} do not match the array's row shape {self._row_shape}"
                )
            n = arr.shape[0]
            if n == 0:
                return
            arr = np.ascontiguousarray(arr)
            check(_L.cdd_writer_append(handle, arr.ctypes.data, n))

    def flush(self) -> None:
        """Cuts buffered rows into a chunk and commits them: they survive a crash of this process."""
        with self._lock:
            if self._dtype is None:
                return
            check(_L.cdd_writer_flush(self._live()))

    @property
    def rows_committed(self) -> int:
        with self._lock:
            return int(_L.cdd_writer_rows_committed(self._handle)) if self._handle else 0

    @property
    def rows_appended(self) -> int:
        with self._lock:
            return int(_L.cdd_writer_rows_appended(self._handle)) if self._handle else 0

    def __len__(self) -> int:
        return self.rows_appended

    def close(self) -> None:
        """Flushes, releases the lock and frees the writer (idempotent). A writer whose dtype was never
        set (no dtype=, nothing appended) creates no file."""
        with self._lock:
            try:
                if not self._handle:
                    self._closed_empty = self._dtype is None
                    return
                handle, self._handle = self._handle, ctypes.c_void_p()
                code = _L.cdd_writer_close(handle)
                if code != _lib.OK:
                    raise last_error(code)
            finally:
                self._release_store()

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_handle", None) or getattr(self, "_holds_store", False):  # also a claim on a Store
            try:
                self.close()
            except Exception:
                pass

    def __repr__(self) -> str:
        state = "closed" if self.closed and self._dtype is not None else "open"
        return f"<cdd.Writer {self.path!r} mode={self.mode} dtype={self._dtype} row_shape={self._row_shape} {state}>"
