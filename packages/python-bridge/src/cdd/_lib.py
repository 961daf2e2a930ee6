"""Locates libcdd, loads it with ctypes.CDLL (every call releases the GIL) and declares the C ABI of
native/include/cdd/cdd.h: argtypes/restype of every function, with the C declaration above it."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from pathlib import Path

ABI_VERSION = 1
MAX_ROW_DIMS = 7

# cdd_status
OK = 0
E_INVALID_ARGUMENT = 1
E_IO = 2
E_FORMAT = 3
E_VERSION = 4
E_CORRUPT = 5
E_UNSUPPORTED = 6
E_OUT_OF_RANGE = 7
E_NO_MEMORY = 8
E_LOCKED = 9
E_STATE = 10
E_CANCELLED = 11
E_CODEC = 12
E_INTERNAL = 13

# cdd_codec
CODEC_RAW = 1
CODEC_ZSTD = 2
CODEC_LZ4 = 3
CODEC_SHUFFLE = 4
CODEC_DELTA = 5
CODEC_OKX_OB_F16 = 16
CODEC_OKX_OB_F32 = 17
CODEC_GENERIC_OB_F16 = 18
CODEC_GENERIC_OB_F32 = 19

FLAG_LZ4 = 1 << 0
FLAG_ZSTD = 1 << 1
FLAG_LITTLE_ENDIAN = 1 << 2
FLAG_DOWN_CAST_16 = 1 << 5

WRITE_SYNC = 1 << 0
READ_SKIP_CHUNK_VERIFY = 1 << 0
READ_MMAP = 1 << 1
READ_NO_CHUNK_CACHE = 1 << 2


class WriterOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("dtype", ctypes.c_int32),
        ("row_ndim", ctypes.c_uint32),
        ("row_shape", ctypes.c_uint32 * MAX_ROW_DIMS),
        ("codec", ctypes.c_int32),
        ("level", ctypes.c_int32),
        ("codec_flags", ctypes.c_uint64),
        ("chunk_target_bytes", ctypes.c_uint32),
        ("chunk_rows", ctypes.c_uint32),
        ("index_capacity", ctypes.c_uint32),
        ("write_flags", ctypes.c_uint32),
        ("user_meta", ctypes.c_void_p),
        ("user_meta_size", ctypes.c_size_t),
        ("codec_params", ctypes.c_void_p),
        ("codec_params_size", ctypes.c_size_t),
    ]


class ReaderOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("read_flags", ctypes.c_uint32),
        ("threads", ctypes.c_uint32),
    ]


class GenOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("regime", ctypes.c_uint32),
        ("seed", ctypes.c_uint64),
    ]


class ArrayInfo(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("dtype", ctypes.c_int32),
        ("row_ndim", ctypes.c_uint32),
        ("row_shape", ctypes.c_uint32 * MAX_ROW_DIMS),
        ("row_bytes", ctypes.c_uint64),
        ("num_rows", ctypes.c_uint64),
        ("num_chunks", ctypes.c_uint64),
        ("num_index_blocks", ctypes.c_uint64),
        ("codec", ctypes.c_int32),
        ("level", ctypes.c_int32),
        ("codec_flags", ctypes.c_uint64),
        ("chunk_target_bytes", ctypes.c_uint32),
        ("chunk_rows", ctypes.c_uint32),
        ("index_capacity", ctypes.c_uint32),
        ("format_version", ctypes.c_uint32),
        ("file_bytes", ctypes.c_uint64),
        ("writer", ctypes.c_char * 64),
    ]


class ChunkInfo(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("codec", ctypes.c_int32),
        ("offset", ctypes.c_uint64),
        ("stored_bytes", ctypes.c_uint64),
        ("first_row", ctypes.c_uint64),
        ("rows", ctypes.c_uint64),
        ("flags", ctypes.c_uint64),
    ]


# typedef void (*cdd_read_callback)(void* user_data, int status, const char* message);
READ_CALLBACK = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p)


def _platform() -> str:
    return sys.platform


def _candidate_names() -> list[str]:
    if _platform() == "win32":
        return ["cdd.dll", "libcdd.dll"]
    if _platform() == "darwin":
        return ["libcdd.dylib"]
    return ["libcdd.so"]


def _candidates() -> list[Path]:
    """Every path tried, in order: $CDD_LIBRARY (a file, or a directory holding the library), then the
    library installed beside this package by `pip install`."""
    found: list[Path] = []
    env = os.environ.get("CDD_LIBRARY")
    if env:
        p = Path(env)
        if p.is_dir():
            found.extend(p / name for name in _candidate_names())
        else:
            found.append(p)
    here = Path(__file__).resolve().parent
    found.extend(here / name for name in _candidate_names())
    return found


# Folders added to the Windows DLL search path (kept open for the life of the process).
_dll_directories: list = []


def _load() -> ctypes.CDLL:
    tried: list[str] = []
    for path in _candidates():
        if not path.is_file():
            tried.append(f"{path} (not found)")
            continue
        if _platform() == "win32":
            # cdd.dll's own dependencies (vcpkg's zstd.dll, tbb12.dll, ...) lie beside it.
            _dll_directories.append(os.add_dll_directory(str(path.parent)))
        try:
            return ctypes.CDLL(str(path))
        except OSError as exc:
            tried.append(f"{path} ({exc})")
    system = ctypes.util.find_library("cdd")
    if system:
        try:
            return ctypes.CDLL(system)
        except OSError as exc:
            tried.append(f"{system} ({exc})")
    else:
        tried.append("system library search for 'cdd' (not found)")
    raise ImportError(
        "cannot load libcdd; set CDD_LIBRARY to the built library (e.g. build/native/libcdd.so) or "
        "install the package with `pip install ./packages/python-bridge`. Tried: " + "; ".join(tried)
    )


lib = _load()

_p = ctypes.c_void_p
_pp = ctypes.POINTER(ctypes.c_void_p)
_u64 = ctypes.c_uint64
_int = ctypes.c_int
_sz = ctypes.c_size_t


missing: list[str] = []


def _absent(name: str):
    def call(*_args):
        raise ImportError(f"this libcdd build does not export {name}; rebuild libcdd from this checkout")

    return call


def _fn(name: str, restype, *argtypes) -> None:
    """Declares one function. A symbol the loaded library lacks (an older or partial build) becomes a
    function raising ImportError when called, so the rest of the API stays usable."""
    try:
        f = getattr(lib, name)
    except AttributeError:
        missing.append(name)
        setattr(lib, name, _absent(name))
        return
    f.restype = restype
    f.argtypes = list(argtypes)


# const char* cdd_version_string(void);
_fn("cdd_version_string", ctypes.c_char_p)
# uint32_t cdd_abi_version(void);
_fn("cdd_abi_version", ctypes.c_uint32)
# uint32_t cdd_format_version(void);
_fn("cdd_format_version", ctypes.c_uint32)
# const char* cdd_status_name(int code);
_fn("cdd_status_name", ctypes.c_char_p, _int)
# int cdd_last_error_code(void);
_fn("cdd_last_error_code", _int)
# const char* cdd_last_error_message(void);
_fn("cdd_last_error_message", ctypes.c_char_p)
# void cdd_clear_error(void);
_fn("cdd_clear_error", None)
# size_t cdd_dtype_size(int dtype);
_fn("cdd_dtype_size", _sz, _int)
# const char* cdd_dtype_name(int dtype);
_fn("cdd_dtype_name", ctypes.c_char_p, _int)
# const char* cdd_codec_name(int codec);
_fn("cdd_codec_name", ctypes.c_char_p, _int)

# int cdd_store_memory_new(cdd_store** out);
_fn("cdd_store_memory_new", _int, _pp)
# int cdd_store_memory_wrap(const void* data, size_t size, cdd_store** out);
_fn("cdd_store_memory_wrap", _int, _p, _sz, _pp)
# int cdd_store_memory_copy(const void* data, size_t size, cdd_store** out);
_fn("cdd_store_memory_copy", _int, _p, _sz, _pp)
# int cdd_store_memory_bytes(const cdd_store* store, const void** data, size_t* size);
_fn("cdd_store_memory_bytes", _int, _p, _pp, ctypes.POINTER(_sz))
# int cdd_store_callbacks_new(const cdd_store_callbacks* callbacks, const char* name, cdd_store** out);
_fn("cdd_store_callbacks_new", _int, _p, ctypes.c_char_p, _pp)
# void cdd_store_callback_message(const char* message);
_fn("cdd_store_callback_message", None, ctypes.c_char_p)
# void cdd_store_free(cdd_store* store);
_fn("cdd_store_free", None, _p)

# void cdd_writer_options_init(cdd_writer_options* opts);
_fn("cdd_writer_options_init", None, ctypes.POINTER(WriterOptions))
# int cdd_writer_options_set_codec(cdd_writer_options* opts, int32_t codec);
_fn("cdd_writer_options_set_codec", _int, ctypes.POINTER(WriterOptions), ctypes.c_int32)
# int cdd_writer_create(const char* path, const cdd_writer_options* opts, cdd_writer** out);
_fn("cdd_writer_create", _int, ctypes.c_char_p, ctypes.POINTER(WriterOptions), _pp)
# int cdd_writer_open_append(const char* path, uint32_t write_flags, cdd_writer** out);
_fn("cdd_writer_open_append", _int, ctypes.c_char_p, ctypes.c_uint32, _pp)
# int cdd_writer_create_store(cdd_store* store, const cdd_writer_options* opts, cdd_writer** out);
_fn("cdd_writer_create_store", _int, _p, ctypes.POINTER(WriterOptions), _pp)
# int cdd_writer_open_append_store(cdd_store* store, uint32_t write_flags, cdd_writer** out);
_fn("cdd_writer_open_append_store", _int, _p, ctypes.c_uint32, _pp)
# int cdd_writer_append(cdd_writer* w, const void* data, uint64_t nrows);
_fn("cdd_writer_append", _int, _p, _p, _u64)
# int cdd_writer_flush(cdd_writer* w);
_fn("cdd_writer_flush", _int, _p)
# uint64_t cdd_writer_rows_committed(const cdd_writer* w);
_fn("cdd_writer_rows_committed", _u64, _p)
# uint64_t cdd_writer_rows_appended(const cdd_writer* w);
_fn("cdd_writer_rows_appended", _u64, _p)
# int cdd_writer_close(cdd_writer* w);
_fn("cdd_writer_close", _int, _p)

# void cdd_reader_options_init(cdd_reader_options* opts);
_fn("cdd_reader_options_init", None, ctypes.POINTER(ReaderOptions))
# int cdd_reader_open(const char* path, const cdd_reader_options* opts, cdd_reader** out);
_fn("cdd_reader_open", _int, ctypes.c_char_p, ctypes.POINTER(ReaderOptions), _pp)
# int cdd_reader_open_store(cdd_store* store, const cdd_reader_options* opts, cdd_reader** out);
_fn("cdd_reader_open_store", _int, _p, ctypes.POINTER(ReaderOptions), _pp)
# void cdd_reader_close(cdd_reader* r);
_fn("cdd_reader_close", None, _p)
# int cdd_reader_info(const cdd_reader* r, cdd_array_info* out);
_fn("cdd_reader_info", _int, _p, ctypes.POINTER(ArrayInfo))
# uint64_t cdd_reader_num_rows(const cdd_reader* r);
_fn("cdd_reader_num_rows", _u64, _p)
# uint64_t cdd_reader_num_chunks(const cdd_reader* r);
_fn("cdd_reader_num_chunks", _u64, _p)
# int cdd_reader_user_meta(const cdd_reader* r, const void** data, size_t* size);
_fn("cdd_reader_user_meta", _int, _p, _pp, ctypes.POINTER(_sz))
# int cdd_reader_chunk_info(const cdd_reader* r, uint64_t chunk, cdd_chunk_info* out);
_fn("cdd_reader_chunk_info", _int, _p, _u64, ctypes.POINTER(ChunkInfo))
# int cdd_reader_chunk_header(cdd_reader* r, uint64_t chunk, cdd_chunk_info* out);
_fn("cdd_reader_chunk_header", _int, _p, _u64, ctypes.POINTER(ChunkInfo))
# int cdd_reader_read_chunk(cdd_reader* r, uint64_t chunk, void* out, size_t out_size);
_fn("cdd_reader_read_chunk", _int, _p, _u64, _p, _sz)
# int cdd_reader_read_rows(cdd_reader* r, uint64_t start, uint64_t end, void* out, size_t out_size);
_fn("cdd_reader_read_rows", _int, _p, _u64, _u64, _p, _sz)
# int cdd_reader_read_rows_at(cdd_reader* r, const uint64_t* rows, size_t count, void* out, size_t out_size);
_fn("cdd_reader_read_rows_at", _int, _p, _p, _sz, _p, _sz)
# The same function with `out` declared as uint8_t*: a ctypes.c_ubyte.from_buffer(array) then passes by
# reference with no address lookup (numpy's .ctypes.data costs about a microsecond: the row read hot path).
try:
    read_rows_into = ctypes.CFUNCTYPE(_int, _p, _u64, _u64, ctypes.POINTER(ctypes.c_ubyte), _sz)(
        ("cdd_reader_read_rows", lib))
except AttributeError:
    missing.append("cdd_reader_read_rows")
    read_rows_into = _absent("cdd_reader_read_rows")
# int cdd_reader_refresh(cdd_reader* r);
_fn("cdd_reader_refresh", _int, _p)
# int cdd_reader_read_rows_async(cdd_reader* r, uint64_t start, uint64_t end, void* out,
#                                size_t out_size, cdd_read_callback callback, void* user_data);
_fn("cdd_reader_read_rows_async", _int, _p, _u64, _u64, _p, _sz, READ_CALLBACK, _p)

# int cdd_verify_file(const char* path);
_fn("cdd_verify_file", _int, ctypes.c_char_p)
# const char* cdd_simd_target(void);
_fn("cdd_simd_target", ctypes.c_char_p)
# int cdd_simd_set_target(const char* name);
_fn("cdd_simd_set_target", _int, ctypes.c_char_p)

# void cdd_set_default_threads(uint32_t threads);
_fn("cdd_set_default_threads", None, ctypes.c_uint32)
# uint32_t cdd_default_threads(void);
_fn("cdd_default_threads", ctypes.c_uint32)
# const char* cdd_parallel_backend(void);
_fn("cdd_parallel_backend", ctypes.c_char_p)

# int cdd_gen_new(uint64_t seed, cdd_gen_state** out);
_fn("cdd_gen_new", _int, _u64, _pp)
# void cdd_gen_free(cdd_gen_state* g);
_fn("cdd_gen_free", None, _p)
# int cdd_gen_orderbook_f32(cdd_gen_state* g, uint64_t rows, float* out, size_t out_size);
_fn("cdd_gen_orderbook_f32", _int, _p, _u64, _p, _sz)
# int cdd_gen_orderbook_f16(cdd_gen_state* g, uint64_t rows, uint16_t* out, size_t out_size);
_fn("cdd_gen_orderbook_f16", _int, _p, _u64, _p, _sz)
# int cdd_gen_timestamps_ms(cdd_gen_state* g, uint64_t rows, int64_t* out, size_t out_size);
_fn("cdd_gen_timestamps_ms", _int, _p, _u64, _p, _sz)
# void cdd_gen_options_init(cdd_gen_options* opts);
_fn("cdd_gen_options_init", None, ctypes.POINTER(GenOptions))
# int cdd_gen_new_with(const cdd_gen_options* opts, cdd_gen_state** out);
_fn("cdd_gen_new_with", _int, ctypes.POINTER(GenOptions), _pp)
# const char* cdd_gen_regime_name(uint32_t regime);
_fn("cdd_gen_regime_name", ctypes.c_char_p, ctypes.c_uint32)
# int cdd_gen_regime_from_name(const char* name, uint32_t* out);
_fn("cdd_gen_regime_from_name", _int, ctypes.c_char_p, ctypes.POINTER(ctypes.c_uint32))

_abi = lib.cdd_abi_version()
if _abi != ABI_VERSION:
    raise ImportError(f"libcdd ABI version {_abi} does not match the Python package's {ABI_VERSION}")


def version() -> str:
    return lib.cdd_version_string().decode()
