"""cdd.Reader: numpy views of a .cdd file — len/shape/dtype/metadata, chunks, slices decoded straight into
numpy arrays (or a caller's buffer), refresh, and asyncio reads completed by the native callback."""

from __future__ import annotations

import asyncio
import ctypes
import operator
import os
from typing import Any

import numpy as np

from . import _async, _dtypes, _lib
from ._guard import HandleGuard
from .errors import OutOfRangeError, check, last_error
from .store import Store, open_native

_L = _lib.lib
_read_into = _lib.read_rows_into
_byte_view = ctypes.c_ubyte.from_buffer


def _exports_buffer(dtype: np.dtype) -> bool:
    """Whether arrays of `dtype` export the buffer protocol (ml_dtypes' bfloat16 does not)."""
    try:
        _byte_view(np.empty(1, dtype))
        return True
    except (TypeError, ValueError):
        return False


class Reader:
    """Reads a .cdd file. Create with cdd.open(path) (or cdd.open(path, "r", verify=..., mmap=..., threads=...)).

    Several threads may read from one Reader at once; refresh() and close() wait for reads in flight.
    verify=True checks each chunk's BLAKE3 hash the first time this Reader decodes it (committed chunks
    never change; `cdd verify` or a new Reader checks again). cache=True (the default) lets reads that need
    only part of one chunk (reader[i], short slices) decode that chunk once into a small native cache (8
    chunks, at most 16 MiB) and copy later rows of it from there; cache=False decodes every time.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | Store,
        *,
        verify: bool = True,
        mmap: bool = False,
        threads: int = 0,
        cache: bool = True,
    ) -> None:
        if isinstance(path, Store) and mmap:
            raise ValueError("mmap=True maps a file: a cdd.Store is read through its read_at")
        self.path = path.name if isinstance(path, Store) else os.fspath(path)
        self._guard = HandleGuard(f"reader of {self.path}")
        self._handle = ctypes.c_void_p()
        opts = _lib.ReaderOptions()
        _L.cdd_reader_options_init(ctypes.byref(opts))
        opts.read_flags = ((0 if verify else _lib.READ_SKIP_CHUNK_VERIFY) | (_lib.READ_MMAP if mmap else 0)
                           | (0 if cache else _lib.READ_NO_CHUNK_CACHE))
        opts.threads = int(threads)
        open_native(path if isinstance(path, Store) else self.path, _L.cdd_reader_open, _L.cdd_reader_open_store,
                    ctypes.byref(opts), ctypes.byref(self._handle))
        self._load_info()

    def _load_info(self) -> None:
        info = _lib.ArrayInfo()
        info.struct_size = ctypes.sizeof(info)
        check(_L.cdd_reader_info(self._handle, ctypes.byref(info)))
        self._info = info
        self._dtype = _dtypes.numpy_dtype(info.dtype)
        self._row_shape = tuple(int(info.row_shape[i]) for i in range(info.row_ndim))
        self._row_bytes = int(info.row_bytes)
        self._num_rows = int(info.num_rows)
        self._num_chunks = int(info.num_chunks)
        self._fast_rows = self._row_bytes > 0 and _exports_buffer(self._dtype)
        self._chunk_rows_cache: np.ndarray | None = None

    # -- shape and metadata ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._num_rows

    @property
    def shape(self) -> tuple[int, ...]:
        return (self._num_rows,) + self._row_shape

    @property
    def row_shape(self) -> tuple[int, ...]:
        return self._row_shape

    @property
    def ndim(self) -> int:
        return 1 + len(self._row_shape)

    @property
    def dtype(self) -> np.dtype:
        return self._dtype

    @property
    def row_nbytes(self) -> int:
        return self._row_bytes

    @property
    def nbytes(self) -> int:
        """Decoded bytes of the whole array."""
        return self._num_rows * self._row_bytes

    @property
    def num_chunks(self) -> int:
        return self._num_chunks

    @property
    def closed(self) -> bool:
        return self._guard.closed

    @property
    def metadata(self) -> dict[str, Any]:
        i = self._info
        return {
            "dtype": _dtypes.dtype_name(i.dtype),
            "row_shape": list(self._row_shape),
            "row_bytes": int(i.row_bytes),
            "num_rows": int(i.num_rows),
            "num_chunks": int(i.num_chunks),
            "num_index_blocks": int(i.num_index_blocks),
            "codec": _dtypes.codec_name(i.codec),
            "level": int(i.level),
            "codec_flags": int(i.codec_flags),
            "chunk_target_bytes": int(i.chunk_target_bytes),
            "chunk_rows": int(i.chunk_rows),
            "index_capacity": int(i.index_capacity),
            "format_version": int(i.format_version),
            "file_bytes": int(i.file_bytes),
            "writer": i.writer.decode("utf-8", "replace"),
        }

    @property
    def user_metadata(self) -> bytes:
        with self._guard.shared():
            data = ctypes.c_void_p()
            size = ctypes.c_size_t()
            check(_L.cdd_reader_user_meta(self._handle, ctypes.byref(data), ctypes.byref(size)))
            return ctypes.string_at(data, size.value) if data.value and size.value else b""

    # -- chunks ---------------------------------------------------------------------------------------
    def _chunk_index(self, i: int) -> int:
        i = operator.index(i)
        n = self._num_chunks
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise OutOfRangeError(f"chunk {i} out of range: the array has {n} chunks", _lib.E_OUT_OF_RANGE)
        return i

    def chunk_info(self, i: int) -> dict[str, int]:
        """Offset, first row and rows of chunk i, from the index (no chunk I/O)."""
        i = self._chunk_index(i)
        ci = _lib.ChunkInfo()
        ci.struct_size = ctypes.sizeof(ci)
        with self._guard.shared():
            check(_L.cdd_reader_chunk_info(self._handle, i, ctypes.byref(ci)))
        return {"offset": int(ci.offset), "first_row": int(ci.first_row), "rows": int(ci.rows)}

    def chunk_rows(self, i: int) -> int:
        return self.chunk_info(i)["rows"]

    def chunk_nbytes(self, i: int) -> int:
        """Stored bytes of chunk i's frame on disk (reads and checks its header)."""
        i = self._chunk_index(i)
        ci = _lib.ChunkInfo()
        ci.struct_size = ctypes.sizeof(ci)
        with self._guard.shared():
            check(_L.cdd_reader_chunk_header(self._handle, i, ctypes.byref(ci)))
        return int(ci.stored_bytes)

    @property
    def chunk_rows_array(self) -> np.ndarray:
        """Rows of every chunk, as a uint64 array (from the index)."""
        if self._chunk_rows_cache is None or len(self._chunk_rows_cache) != self._num_chunks:
            self._chunk_rows_cache = np.array(
                [self.chunk_info(i)["rows"] for i in range(self._num_chunks)], dtype=np.uint64
            )
        return self._chunk_rows_cache

    def chunk(self, i: int) -> np.ndarray:
        """Chunk i decoded, shape (rows,) + row_shape."""
        info = self.chunk_info(i)
        out = np.empty((info["rows"],) + self._row_shape, dtype=self._dtype)
        with self._guard.shared():
            check(_L.cdd_reader_read_chunk(self._handle, self._chunk_index(i), out.ctypes.data, out.nbytes))
        return out

    # -- rows -----------------------------------------------------------------------------------------
    def _bounds(self, start: int | None, stop: int | None) -> tuple[int, int]:
        n = self._num_rows
        a = 0 if start is None else operator.index(start)
        b = n if stop is None else operator.index(stop)
        if a < 0:
            a += n
        if b < 0:
            b += n
        if a < 0 or b < a or b > n:
            raise OutOfRangeError(
                f"rows [{start}, {stop}) out of range: the array has {n} rows", _lib.E_OUT_OF_RANGE
            )
        return a, b

    def _check_out(self, out: Any, rows: int) -> np.ndarray:
        if not isinstance(out, np.ndarray):
            raise TypeError(f"out must be a numpy.ndarray, not {type(out).__name__}")
        if out.dtype != self._dtype:
            raise TypeError(f"out has dtype {out.dtype}, the array has {self._dtype}")
        if not out.flags.c_contiguous:
            raise ValueError("out must be C-contiguous")
        if not out.flags.writeable:
            raise ValueError("out must be writeable")
        if out.nbytes != rows * self._row_bytes:
            raise ValueError(
                f"out holds {out.nbytes} bytes ({out.shape}); rows {rows} x {self._row_shape} need "
                f"{rows * self._row_bytes}"
            )
        return out

    def _rows(self, a: int, b: int, shape: tuple[int, ...]) -> np.ndarray:
        """Rows [a, b) (0 <= a < b <= len, _fast_rows) into a new array of `shape`: the hot path of
        reader[i] and read(i, j), with nothing allocated but the array and no lock taken (see _guard)."""
        out = np.empty(shape, self._dtype)
        guard = self._guard
        guard.enter()
        try:
            code = _read_into(self._handle, a, b, _byte_view(out), out.nbytes)
        finally:
            guard.leave()
        if code:
            raise last_error(code)
        return out

    def read(self, start: int | None = None, stop: int | None = None, out: np.ndarray | None = None) -> np.ndarray:
        """Rows [start, stop) (negative indices count from the end) decoded into `out` or a new array."""
        if out is None and type(start) is int and type(stop) is int and 0 <= start < stop <= self._num_rows \
                and self._fast_rows:
            return self._rows(start, stop, (stop - start,) + self._row_shape)
        a, b = self._bounds(start, stop)
        rows = b - a
        if out is None:
            out = np.empty((rows,) + self._row_shape, dtype=self._dtype)
        else:
            out = self._check_out(out, rows)
        if rows:
            guard = self._guard  # enter/leave rather than the context manager: this is the hot path
            guard.enter()
            try:
                check(_L.cdd_reader_read_rows(self._handle, a, b, out.ctypes.data, out.nbytes))
            finally:
                guard.leave()
        return out

    def take(self, indices: Any, out: np.ndarray | None = None) -> np.ndarray:
        """The rows at `indices`, as numpy's `array[indices]` gives them: integers in any order, repeats
        allowed, negative ones counting from the end, of any shape (the result has shape
        `indices.shape + row_shape`), or a boolean mask of len(self) rows. One native call reads and decodes
        each chunk once, up to the last row asked of it, on the reader's threads: a batch of random rows
        costs far less per row than reading them one by one. `reader[[i, j, ...]]` is the same."""
        rows = self._index_rows(indices)
        flat = np.ascontiguousarray(rows.reshape(-1)).view(np.uint64)  # rows are >= 0: the same bits, no copy
        if out is None:
            out = np.empty(rows.shape + self._row_shape, self._dtype)
        else:
            out = self._check_out(out, flat.size)
        if flat.size and self._row_bytes:
            guard = self._guard
            guard.enter()
            try:
                check(_L.cdd_reader_read_rows_at(self._handle, flat.ctypes.data, flat.size, out.ctypes.data, out.nbytes))
            finally:
                guard.leave()
        return out

    def _index_rows(self, indices: Any) -> np.ndarray:
        """`indices` (integers of any shape, negatives from the end, or a boolean mask of len(self)) as an
        int64 array of rows in [0, len), the same shape; OutOfRangeError names the first one outside."""
        idx = np.asarray(indices)
        n = self._num_rows
        if idx.dtype == np.bool_:
            if idx.shape != (n,):
                raise IndexError(f"boolean index of shape {idx.shape} does not match the array's {n} rows")
            return np.flatnonzero(idx)
        if idx.size == 0:
            return idx.astype(np.int64)
        if idx.dtype.kind not in "iu":
            raise TypeError(f"cdd.Reader indices must be integers or booleans, not {idx.dtype}")
        flat = idx.reshape(-1)
        if idx.dtype.kind == "u":
            bad = np.flatnonzero(flat >= n)
        else:
            bad = np.flatnonzero((flat < -n) | (flat >= n))
        if bad.size:
            i = int(bad[0])
            raise OutOfRangeError(f"row {flat[i]} (index {i}) out of range: the array has {n} rows", _lib.E_OUT_OF_RANGE)
        rows = idx.astype(np.int64)
        if idx.dtype.kind == "i":
            rows[rows < 0] += n
        return rows

    @staticmethod
    def _is_array_key(key: Any) -> bool:
        # Lists, numpy arrays and other array-likes (a torch tensor of indices); 0-d ones index as integers.
        return isinstance(key, (list, np.ndarray)) or (hasattr(key, "__array__") and getattr(key, "ndim", 0) != 0)

    def __getitem__(self, key: Any) -> np.ndarray:
        if type(key) is int:  # one row: the hot path
            n = self._num_rows
            i = key + n if key < 0 else key
            if 0 <= i < n and self._fast_rows:
                return self._rows(i, i + 1, self._row_shape)
        if isinstance(key, tuple):
            if not key:
                return self.read()
            first, rest = key[0], key[1:]
            if isinstance(first, slice):
                return self[first][(slice(None),) + rest]
            if self._is_array_key(first):
                # The distinct rows once, then numpy's own indexing with the row index replaced by positions
                # among them: the same result as array[key] for any mix of arrays, ints and slices.
                rows = self._index_rows(first)
                distinct, positions = np.unique(rows, return_inverse=True)
                return self.take(distinct)[(positions.reshape(rows.shape),) + rest]
            return self[first][rest]
        if isinstance(key, slice):
            a, b, step = key.indices(self._num_rows)
            if step == 1:
                return self.read(a, max(a, b))
            if step > 1:
                return self.read(a, max(a, b))[::step].copy() if b > a else self._empty()
            # Negative steps: read the covered range forwards, then step through it.
            lo = b + 1
            if a < lo:
                return self._empty()
            return self.read(lo, a + 1)[::step].copy()
        if key is Ellipsis:
            return self.read()
        if self._is_array_key(key):
            return self.take(key)
        try:
            i = operator.index(key)
        except TypeError:
            raise TypeError(
                f"cdd.Reader indices must be integers, slices or integer/boolean arrays, not {type(key).__name__}"
            ) from None
        n = self._num_rows
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise OutOfRangeError(f"row {key} out of range: the array has {n} rows", _lib.E_OUT_OF_RANGE)
        return self.read(i, i + 1)[0]

    def _empty(self) -> np.ndarray:
        return np.empty((0,) + self._row_shape, dtype=self._dtype)

    def __iter__(self):
        for i in range(self._num_chunks):
            yield from self.chunk(i)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        arr = self.read()
        return arr if dtype is None else arr.astype(dtype)

    async def read_async(
        self, start: int | None = None, stop: int | None = None, out: np.ndarray | None = None
    ) -> np.ndarray:
        """Like read(), without blocking the event loop: the native library decodes on its own threads
        and its completion callback resolves the awaited future through loop.call_soon_threadsafe."""
        a, b = self._bounds(start, stop)
        rows = b - a
        if out is None:
            out = np.empty((rows,) + self._row_shape, dtype=self._dtype)
        else:
            out = self._check_out(out, rows)
        if rows == 0:
            return out
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._guard.enter_async()
        try:
            _async.submit(self._handle, a, b, out, future, loop, self._guard.leave_async)
        except BaseException:
            self._guard.leave_async()
            raise
        return await future

    # -- lifecycle ------------------------------------------------------------------------------------
    def refresh(self) -> int:
        """Picks up rows committed by a writer since open; returns the new row count. Waits for reads
        in flight on other threads first."""
        with self._guard.exclusive():
            check(_L.cdd_reader_refresh(self._handle))
            self._load_info()
        return self._num_rows

    def close(self) -> None:
        """Waits for sync reads on other threads, then closes the native reader, which completes every
        async read in flight (with its rows, or cdd.CancelledError if it had not started), then frees it.
        Idempotent."""
        guard = getattr(self, "_guard", None)
        if guard is None:
            return
        with guard.exclusive(closing=True) as first:
            if first and self._handle:
                handle, self._handle = self._handle, ctypes.c_void_p()
                _L.cdd_reader_close(handle)

    def __enter__(self) -> "Reader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"{self._num_chunks} chunks"
        return f"<cdd.Reader {self.path!r} shape={self.shape} dtype={self._dtype} {state}>"


