"""CDD for Python: compressed numeric arrays (order books, timestamps, features) in .cdd files.

    with cdd.open("book.cdd", "w", codec="okx_f16") as w:
        w.append(books)                      # (n, 50, 3) float16, any n, any number of times
    with cdd.open("book.cdd") as r:
        window = r[1000:2024]                # numpy array (1024, 50, 3)
        rows = await r.read_async(0, 4096)   # never blocks the event loop
"""

from __future__ import annotations

import os
from typing import Any, Literal, overload

from . import _lib
from .errors import (
    CancelledError,
    CddError,
    CddIOError,
    CodecError,
    CorruptChunkError,
    FormatError,
    InternalError,
    InvalidArgumentError,
    LockedError,
    NoMemoryError,
    OutOfRangeError,
    StateError,
    UnsupportedError,
    VersionError,
    check,
)
from .reader import Reader
from .store import BytesStore, Store
from .writer import Writer
from .advise import Advice, advise

__all__ = [
    "open", "verify", "advise", "Advice", "Reader", "Writer", "Store", "BytesStore", "version", "abi_version", "format_version", "simd_target",
    "set_threads", "threads", "parallel_backend",
    "CddError", "InvalidArgumentError", "CddIOError", "FormatError", "VersionError", "CorruptChunkError",
    "UnsupportedError", "OutOfRangeError", "NoMemoryError", "LockedError", "StateError", "CancelledError",
    "CodecError", "InternalError",
]

__version__ = _lib.version()


@overload
def open(path: str | os.PathLike[str] | Store, mode: Literal["r"] = "r", **params: Any) -> Reader: ...
@overload
def open(path: str | os.PathLike[str] | Store, mode: Literal["w", "a"], **params: Any) -> Writer: ...


def open(path: str | os.PathLike[str] | Store, mode: str = "r", **params: Any) -> Reader | Writer:  # noqa: A001
    """Opens a .cdd file, or a cdd.Store (cdd.BytesStore for a file in memory, or your own subclass: the
    file's bytes then come and go through its methods); use as a context manager.

    mode "r": Reader(path, verify=True, mmap=False, threads=0, cache=True).
    mode "w": Writer creating (or truncating) the file: dtype=, row_shape= (or taken from the first
      append), codec= ("shuffle" default, "zstd", "lz4", "raw", "delta", "okx_f16", "okx_f32", "ob_f16",
      "ob_f32"; each starts from its preset, cdd_writer_options_set_codec in cdd.h: okx_f16/ob_f16 use the
      bitmap-planar filter on LZ4HC level 9 with 16 KiB chunks; okx_f32/ob_f32 the bitmap filter on LZ4HC 9, 16 KiB), compression= ("zstd" | "lz4" | "none"; a stage other
      than the preset's gets that stage's default level 3 | 1 | 0 and the codec's own filter), level=
      (zstd level; LZ4: 1-2 fast, 3-12 LZ4HC, -a fast with acceleration a), chunk_target_bytes=, chunk_rows=,
      index_capacity=, user_metadata= (bytes), down_cast= (float32 stored as float16 by okx_f16/ob_f16),
      sync= (fsync every commit).
    mode "a": Writer continuing an existing file (its layout comes from the file); sync=.
    """
    if mode == "r":
        return Reader(path, **params)
    if mode in ("w", "a"):
        return Writer(path, mode, **params)
    raise ValueError(f"mode must be 'r', 'w' or 'a', not {mode!r}")


def verify(path: str | os.PathLike[str]) -> None:
    """Checks every index block and chunk hash of a file; raises (CorruptChunkError, FormatError, ...)
    naming the first damaged structure."""
    check(_lib.lib.cdd_verify_file(os.fspath(path).encode()))


def version() -> str:
    return _lib.version()


def abi_version() -> int:
    return int(_lib.lib.cdd_abi_version())


def format_version() -> int:
    return int(_lib.lib.cdd_format_version())


def simd_target() -> str:
    return _lib.lib.cdd_simd_target().decode()


def set_threads(threads: int) -> None:
    """Decode threads of readers opened with threads=0 (the default): n >= 1, or 0 for automatic
    (CDD_THREADS, else every core). Readers opened with threads=k keep k."""
    if threads < 0:
        raise ValueError(f"threads must be >= 0, got {threads}")
    _lib.lib.cdd_set_default_threads(int(threads))


def threads() -> int:
    """Decode threads that readers opened with threads=0 use now."""
    return int(_lib.lib.cdd_default_threads())


def parallel_backend() -> str:
    """"tbb" or "serial": how this libcdd decodes chunks in parallel."""
    return _lib.lib.cdd_parallel_backend().decode()
