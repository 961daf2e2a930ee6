/* cdd.h — the stable C ABI of libcdd: the one interface Python, Node and C# load.
 *
 * Rules of this header:
 *  - Handles are opaque. Every free/close function accepts NULL.
 *  - Every function that can fail returns an `int` status: CDD_OK (0) or a cdd_status code. On failure
 *    the thread-local last error (cdd_last_error_code / cdd_last_error_message) holds the code and a
 *    human-readable message. No C++ exception ever crosses this boundary.
 *  - Status codes are never renumbered; new ones are only appended.
 *  - Option structs start with `struct_size`; call the matching *_init() first, so a newer library can
 *    accept an older caller's smaller struct.
 *  - All sizes are in bytes, all row indices are 0-based, ranges are half-open [start, end).
 */
#ifndef CDD_H
#define CDD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(CDD_SHARED)
#  ifdef CDD_BUILDING
#    define CDD_API __declspec(dllexport)
#  else
#    define CDD_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__)
#  define CDD_API __attribute__((visibility("default")))
#else
#  define CDD_API
#endif

/* ===================================================================================================
 * Versions and errors
 * =================================================================================================== */

#define CDD_ABI_VERSION 1u    /* bumped on any incompatible change of this header */
#define CDD_FORMAT_VERSION 1u /* the file format version written (spec/FORMAT.md) */

typedef enum cdd_status {
  CDD_OK = 0,
  CDD_E_INVALID_ARGUMENT = 1, /* a caller error: NULL handle, bad shape, wrong buffer size, bad option */
  CDD_E_IO = 2,               /* the operating system refused a read, write, open, lock or sync */
  CDD_E_FORMAT = 3,           /* not a CDD file, or a structure that violates spec/FORMAT.md */
  CDD_E_VERSION = 4,          /* a CDD file of a format version this library does not know */
  CDD_E_CORRUPT = 5,          /* a hash mismatch: chunk or index block damaged */
  CDD_E_UNSUPPORTED = 6,      /* unknown chunk type, flag, dtype or codec; or a feature not built in */
  CDD_E_OUT_OF_RANGE = 7,     /* row or chunk index outside the array */
  CDD_E_NO_MEMORY = 8,        /* an allocation failed */
  CDD_E_LOCKED = 9,           /* another writer holds the file */
  CDD_E_STATE = 10,           /* the handle is closed or in the wrong mode for the call */
  CDD_E_CANCELLED = 11,       /* an async operation was cancelled (reader closed while in flight) */
  CDD_E_CODEC = 12,           /* a codec failed to decode a payload whose hash was valid (or unverified) */
  CDD_E_INTERNAL = 13         /* a bug in libcdd: please report it with the message */
} cdd_status;

/* "1.2.3" of the library. Never NULL. */
CDD_API const char* cdd_version_string(void);
/* CDD_ABI_VERSION the library was built with; bindings refuse a mismatch. */
CDD_API uint32_t cdd_abi_version(void);
/* CDD_FORMAT_VERSION the library writes. */
CDD_API uint32_t cdd_format_version(void);
/* Static name of a status code, e.g. "CDD_E_CORRUPT"; "CDD_E_UNKNOWN" for unknown codes. */
CDD_API const char* cdd_status_name(int code);
/* The code of the last failing call on this thread (CDD_OK if none since cdd_clear_error). */
CDD_API int cdd_last_error_code(void);
/* The message of the last failing call on this thread; "" if none. Valid until the next failing call on
 * this thread. */
CDD_API const char* cdd_last_error_message(void);
CDD_API void cdd_clear_error(void);

/* ===================================================================================================
 * Enumerations of the format (spec/FORMAT.md §5)
 * =================================================================================================== */

typedef enum cdd_dtype {
  CDD_DTYPE_FLOAT16 = 1, CDD_DTYPE_BFLOAT16 = 2, CDD_DTYPE_FLOAT32 = 3, CDD_DTYPE_FLOAT64 = 4,
  CDD_DTYPE_INT8 = 5, CDD_DTYPE_INT16 = 6, CDD_DTYPE_INT32 = 7, CDD_DTYPE_INT64 = 8,
  CDD_DTYPE_UINT8 = 9, CDD_DTYPE_UINT16 = 10, CDD_DTYPE_UINT32 = 11, CDD_DTYPE_UINT64 = 12
} cdd_dtype;

/* Chunk types = codecs. */
typedef enum cdd_codec {
  CDD_CODEC_RAW = 1, CDD_CODEC_ZSTD = 2, CDD_CODEC_LZ4 = 3, CDD_CODEC_SHUFFLE = 4, CDD_CODEC_DELTA = 5,
  CDD_CODEC_OKX_OB_F16 = 16, CDD_CODEC_OKX_OB_F32 = 17,
  CDD_CODEC_GENERIC_OB_F16 = 18, CDD_CODEC_GENERIC_OB_F32 = 19
} cdd_codec;

/* Chunk flags (u64). */
#define CDD_FLAG_LZ4 (1ull << 0)
#define CDD_FLAG_ZSTD (1ull << 1)
#define CDD_FLAG_LITTLE_ENDIAN (1ull << 2)
#define CDD_FLAG_BIG_ENDIAN (1ull << 3)
#define CDD_FLAG_DOWN_CAST_8 (1ull << 4)
#define CDD_FLAG_DOWN_CAST_16 (1ull << 5)
#define CDD_FLAG_DOWN_CAST_32 (1ull << 6)
#define CDD_FLAG_DOWN_CAST_64 (1ull << 7)
#define CDD_FLAG_DOWN_CAST_128 (1ull << 8)
#define CDD_FLAG_RESERVED (1ull << 63)

/* Bytes of one element of a dtype; 0 for an unknown code. */
CDD_API size_t cdd_dtype_size(int dtype);
/* Static name ("float32", ...) of a dtype, or NULL for an unknown code. */
CDD_API const char* cdd_dtype_name(int dtype);
/* Static name ("ZSTD", "OKX_OB_F16", ...) of a codec, or NULL for an unknown code. */
CDD_API const char* cdd_codec_name(int codec);

#define CDD_MAX_ROW_DIMS 7

/* ===================================================================================================
 * Stores: where the bytes live
 * =================================================================================================== */

typedef struct cdd_store cdd_store;

/* A growable in-memory store, empty. */
CDD_API int cdd_store_memory_new(cdd_store** out);
/* A read-only store over caller bytes (not copied: they must outlive every reader using the store). */
CDD_API int cdd_store_memory_wrap(const void* data, size_t size, cdd_store** out);
/* A read-only store with a copy of the caller's bytes. */
CDD_API int cdd_store_memory_copy(const void* data, size_t size, cdd_store** out);
/* The current bytes of a memory store; the pointer is valid until the next write to it or its free. */
CDD_API int cdd_store_memory_bytes(const cdd_store* store, const void** data, size_t* size);
/* A store whose bytes the caller keeps (a Python object, a remote blob, a test that injects I/O errors):
 * libcdd calls these functions for every access. Each returns 0 on success or an errno value (EIO,
 * ENOSPC, ...): the operation then fails with CDD_E_IO "cannot read|write|truncate|sync|stat NAME:
 * REASON at offset X", REASON being what the callback passed to cdd_store_callback_message before it
 * returned, or else strerror of the value. read_at may be called from several threads at once; writes,
 * truncate and sync come from one writer at a time. One writer per store object (a second one is
 * CDD_E_LOCKED); the callbacks know nothing of other processes. */
typedef struct cdd_store_callbacks {
  uint32_t struct_size; /* sizeof(cdd_store_callbacks) */
  void* ctx;            /* passed to every callback */
  /* Required: the current size in bytes. */
  int (*size)(void* ctx, uint64_t* size);
  /* Required: up to `length` bytes at `offset` into `out`, their count in *got (0 only at the end of the
   * bytes, fewer than asked is allowed: libcdd asks again for the rest). */
  int (*read_at)(void* ctx, uint64_t offset, void* out, size_t length, size_t* got);
  /* All three or none (a read-only store): write all of `data` at `offset`, growing the store if needed;
   * set the size (shrink, or zero-extend); make every write so far durable. */
  int (*write_at)(void* ctx, uint64_t offset, const void* data, size_t length);
  int (*truncate)(void* ctx, uint64_t size);
  int (*sync)(void* ctx);
  /* Optional: called once, when the last reference to the store goes (after cdd_store_free and after
   * every reader and writer over it is closed), from whichever thread lets go of it last. */
  void (*release)(void* ctx);
} cdd_store_callbacks;

/* A store over `callbacks` (copied), called `name` in error messages (NULL or "": "<callbacks>"). On
 * failure nothing is kept and release is not called. */
CDD_API int cdd_store_callbacks_new(const cdd_store_callbacks* callbacks, const char* name, cdd_store** out);
/* From inside a failing callback: the reason its error message gives (copied; this thread only). */
CDD_API void cdd_store_callback_message(const char* message);

/* Releases the caller's reference. Writers and readers keep their own references: a store may be freed
 * while they still use it. */
CDD_API void cdd_store_free(cdd_store* store);

/* ===================================================================================================
 * Writing
 * =================================================================================================== */

typedef struct cdd_writer cdd_writer;

#define CDD_WRITE_SYNC (1u << 0) /* fsync at every commit (flush, chunk cut and close) */

typedef struct cdd_writer_options {
  uint32_t struct_size;         /* = sizeof(cdd_writer_options); set by cdd_writer_options_init */
  int32_t dtype;                /* cdd_dtype of the array; required */
  uint32_t row_ndim;            /* number of dims of one row, 1..CDD_MAX_ROW_DIMS; required */
  uint32_t row_shape[CDD_MAX_ROW_DIMS]; /* e.g. {50, 3}; each >= 1 */
  int32_t codec;                /* cdd_codec; default CDD_CODEC_SHUFFLE */
  int32_t level;                /* zstd level (1..22, negative = fast); LZ4 as the lz4 command line:
                                   1..2 fast, 3..12 LZ4HC (smaller, slower to write, as fast to read),
                                   -a fast with acceleration a. Default 3 */
  uint64_t codec_flags;         /* CDD_FLAG_LZ4 or CDD_FLAG_ZSTD (or 0 for none where the codec allows);
                                   default CDD_FLAG_ZSTD. LITTLE_ENDIAN is added by the library. */
  uint32_t chunk_target_bytes;  /* adaptive chunking: target stored bytes per chunk; default 4096 */
  uint32_t chunk_rows;          /* fixed rows per chunk; 0 = adaptive (default) */
  uint32_t index_capacity;      /* slots of the first index block; default 1024 */
  uint32_t write_flags;         /* CDD_WRITE_* */
  const void* user_meta;        /* opaque bytes stored in USER_META; may be NULL */
  size_t user_meta_size;
  const void* codec_params;     /* codec-specific parameter bytes (metadata tag 10); may be NULL */
  size_t codec_params_size;
} cdd_writer_options;

/* Fills defaults; dtype and row shape stay unset (must be given). */
CDD_API void cdd_writer_options_init(cdd_writer_options* opts);
/* Sets opts->codec and the settings that codec starts from: codec_flags' stage, level, chunk_target_bytes
 * and codec_params (static bytes owned by the library). RAW: no stage; LZ4: LZ4, level 1; ZSTD, SHUFFLE,
 * DELTA: ZSTD level 3, 4 KiB chunks; the float16 order-book codecs: bitmap-planar filter (codec_params
 * {5}), LZ4 level 9 (LZ4HC), 16 KiB chunks; the float32 order-book codecs: bitmap filter (codec_params
 * {4}), LZ4 level 9, 16 KiB chunks (docs/BENCHMARKS.md "Codec presets"). Other fields (dtype, shape,
 * DOWN_CAST flags, user metadata, index capacity, write flags) are kept. CDD_E_UNSUPPORTED for an
 * unknown codec (opts unchanged). Call it before overriding any of those settings. */
CDD_API int cdd_writer_options_set_codec(cdd_writer_options* opts, int32_t codec);

/* Creates (or truncates) a file and writes its header. Takes the advisory single-writer lock. */
CDD_API int cdd_writer_create(const char* path, const cdd_writer_options* opts, cdd_writer** out);
/* Opens an existing file to append: repairs an interrupted tail (spec §6.1) and continues its chain.
 * The array's parameters come from the file. Takes the single-writer lock (CDD_E_LOCKED if held). */
CDD_API int cdd_writer_open_append(const char* path, uint32_t write_flags, cdd_writer** out);
/* Same two over a store (memory stores: growable ones only). */
CDD_API int cdd_writer_create_store(cdd_store* store, const cdd_writer_options* opts, cdd_writer** out);
CDD_API int cdd_writer_open_append_store(cdd_store* store, uint32_t write_flags, cdd_writer** out);

/* Appends `nrows` rows (nrows * row_bytes bytes at `data`, row-major, native little-endian). The writer
 * buffers rows and cuts chunks by its chunking rule; rows are durable after the next commit. */
CDD_API int cdd_writer_append(cdd_writer* w, const void* data, uint64_t nrows);
/* Cuts the buffered rows (if any) into a chunk and commits: after it returns, every appended row survives
 * a crash of this process. */
CDD_API int cdd_writer_flush(cdd_writer* w);
/* Rows committed to the file, and rows appended in total (committed + buffered). */
CDD_API uint64_t cdd_writer_rows_committed(const cdd_writer* w);
CDD_API uint64_t cdd_writer_rows_appended(const cdd_writer* w);
/* Flushes, releases the lock and frees the writer (also on failure). Returns the flush status. */
CDD_API int cdd_writer_close(cdd_writer* w);

/* ===================================================================================================
 * Reading
 * =================================================================================================== */

typedef struct cdd_reader cdd_reader;

#define CDD_READ_SKIP_CHUNK_VERIFY (1u << 0) /* do not check chunk hashes (index blocks are always checked);
                                               without it a reader checks each chunk's hash the first time it
                                               reads the chunk (committed chunks never change) */
#define CDD_READ_MMAP (1u << 1)              /* map the file instead of positional reads */
#define CDD_READ_NO_CHUNK_CACHE (1u << 2)    /* keep no decoded chunks: without it a read that needs only part
                                               of one chunk (a single row, a short range) decodes the whole
                                               chunk into a small per-reader cache (8 chunks, at most 16 MiB)
                                               and later reads of its rows copy them from there */

typedef struct cdd_reader_options {
  uint32_t struct_size; /* = sizeof(cdd_reader_options) */
  uint32_t read_flags;  /* CDD_READ_* */
  uint32_t threads;     /* decode threads for multi-chunk reads: 0 = library default, 1 = this thread only */
} cdd_reader_options;

CDD_API void cdd_reader_options_init(cdd_reader_options* opts);
/* opts may be NULL for defaults. */
CDD_API int cdd_reader_open(const char* path, const cdd_reader_options* opts, cdd_reader** out);
CDD_API int cdd_reader_open_store(cdd_store* store, const cdd_reader_options* opts, cdd_reader** out);
/* Waits for (and cancels where possible) async reads in flight, then frees. Accepts NULL. */
CDD_API void cdd_reader_close(cdd_reader* r);

typedef struct cdd_array_info {
  uint32_t struct_size;      /* = sizeof(cdd_array_info); set by the caller */
  int32_t dtype;
  uint32_t row_ndim;
  uint32_t row_shape[CDD_MAX_ROW_DIMS];
  uint64_t row_bytes;        /* bytes of one decoded row */
  uint64_t num_rows;
  uint64_t num_chunks;
  uint64_t num_index_blocks;
  int32_t codec;             /* writer defaults from the metadata */
  int32_t level;
  uint64_t codec_flags;
  uint32_t chunk_target_bytes;
  uint32_t chunk_rows;
  uint32_t index_capacity;
  uint32_t format_version;
  uint64_t file_bytes;       /* logical end of the file */
  char writer[64];           /* NUL-terminated writer string from the metadata ("" if absent) */
} cdd_array_info;

CDD_API int cdd_reader_info(const cdd_reader* r, cdd_array_info* out);
CDD_API uint64_t cdd_reader_num_rows(const cdd_reader* r);
CDD_API uint64_t cdd_reader_num_chunks(const cdd_reader* r);
/* The user metadata bytes (NULL/0 if absent); valid until the reader is closed. */
CDD_API int cdd_reader_user_meta(const cdd_reader* r, const void** data, size_t* size);

typedef struct cdd_chunk_info {
  uint32_t struct_size;  /* = sizeof(cdd_chunk_info); set by the caller */
  int32_t codec;         /* chunk type; 0 until the frame header was read (see cdd_reader_chunk_header) */
  uint64_t offset;       /* absolute offset of the chunk frame */
  uint64_t stored_bytes; /* size of the frame on disk (0 until read; see cdd_reader_chunk_header) */
  uint64_t first_row;
  uint64_t rows;
  uint64_t flags;        /* chunk flags (0 until read) */
} cdd_chunk_info;

/* From the index only (no chunk I/O): offset, first_row, rows. stored_bytes is derived from the index
 * (distance to the next structure) only after cdd_reader_chunk_header. */
CDD_API int cdd_reader_chunk_info(const cdd_reader* r, uint64_t chunk, cdd_chunk_info* out);
/* Reads and checks the frame header of a chunk: fills every field of out. */
CDD_API int cdd_reader_chunk_header(cdd_reader* r, uint64_t chunk, cdd_chunk_info* out);
/* Decodes chunk i into out (out_size must be >= rows * row_bytes). */
CDD_API int cdd_reader_read_chunk(cdd_reader* r, uint64_t chunk, void* out, size_t out_size);
/* Decodes rows [start, end) into out (out_size must be >= (end-start) * row_bytes). Thread-safe: several
 * threads may read from one reader at once. */
CDD_API int cdd_reader_read_rows(cdd_reader* r, uint64_t start, uint64_t end, void* out, size_t out_size);
/* Decodes the rows at rows[0 .. count) (any order, repeats allowed, each < num_rows) into out, row rows[i]
 * at out + i * row_bytes (out_size must be >= count * row_bytes): a batch of random rows in one call. Each
 * chunk is read and decoded once, up to the last row asked of it, on the reader's decode threads. An index
 * out of range is CDD_E_OUT_OF_RANGE (naming it) before anything is read. Thread-safe like
 * cdd_reader_read_rows. */
CDD_API int cdd_reader_read_rows_at(cdd_reader* r, const uint64_t* rows, size_t count, void* out, size_t out_size);
/* Picks up chunks committed by a writer since open (or the last refresh). Not concurrent with reads on
 * other threads of the same reader. */
CDD_API int cdd_reader_refresh(cdd_reader* r);

/* Async read: returns at once; `callback(user_data, status, message)` runs on a library thread when
 * rows are in `out` (status CDD_OK) or the read failed (message: the error text, valid during the call).
 * `out` must stay valid until then. Closing the reader completes pending reads with CDD_E_CANCELLED or
 * their result before cdd_reader_close returns. Argument errors (NULL reader or callback, rows out of
 * range, out_size too small) and a closing reader are returned at once, and then no callback runs. The
 * callback must not close its own reader. */
typedef void (*cdd_read_callback)(void* user_data, int status, const char* message);
CDD_API int cdd_reader_read_rows_async(cdd_reader* r, uint64_t start, uint64_t end, void* out,
                                       size_t out_size, cdd_read_callback callback, void* user_data);

/* ===================================================================================================
 * Verification and SIMD
 * =================================================================================================== */

/* Checks every index block record and chunk hash of a file. On the first problem returns an error whose
 * message names the structure (e.g. "chunk 17 at offset 73821: hash mismatch"). */
CDD_API int cdd_verify_file(const char* path);

/* Name of the Highway target the kernels dispatch to ("AVX2", "SSE4", "SCALAR", ...). */
CDD_API const char* cdd_simd_target(void);
/* Caps the targets used (a name as above, e.g. "SSE4"); NULL or "" removes the cap. The environment
 * variable CDD_SIMD_TARGET does the same at load. */
CDD_API int cdd_simd_set_target(const char* name);

/* Threads of the library's parallel decoding (oneTBB when built with it; otherwise always 1).
 * cdd_set_default_threads(n): readers opened with threads = 0 use n threads; 0 restores the automatic
 * choice (the CDD_THREADS environment variable, else every core). A caller already running inside its
 * own tbb::task_arena gets its reads decoded in that arena instead ("external TBB"). */
CDD_API void cdd_set_default_threads(uint32_t threads);
/* The thread count readers with threads = 0 use now. */
CDD_API uint32_t cdd_default_threads(void);
/* "tbb" or "serial". */
CDD_API const char* cdd_parallel_backend(void);

/* ===================================================================================================
 * Realistic order-book data (the generator used by tests, benchmarks and the demo)
 * =================================================================================================== */

/* Writes `rows` OKX-style snapshots as float32 (rows, 50, 3): 25 ask then 25 bid levels of
 * (price, size, count) with real microstructure (tick grid, levels shifting as the mid moves, sparse size
 * changes, heavy-tailed lot-grid sizes, small integer counts). Deterministic for a seed; each call
 * continues the stream where the previous call on the same state stopped. */
typedef struct cdd_gen_state cdd_gen_state;
CDD_API int cdd_gen_new(uint64_t seed, cdd_gen_state** out);
CDD_API void cdd_gen_free(cdd_gen_state* g);
CDD_API int cdd_gen_orderbook_f32(cdd_gen_state* g, uint64_t rows, float* out, size_t out_size);
/* The normalized float16 view the ML pipeline stores, (rows, 50, 3) as IEEE binary16 bits: price in
 * basis points from the mid, log1p of sizes, counts; from the same stream. */
CDD_API int cdd_gen_orderbook_f16(cdd_gen_state* g, uint64_t rows, uint16_t* out, size_t out_size);
/* Millisecond int64 timestamps matching the snapshots (irregular ~100 ms steps). */
CDD_API int cdd_gen_timestamps_ms(cdd_gen_state* g, uint64_t rows, int64_t* out, size_t out_size);

/* Market regimes (docs/ARCHITECTURE.md, "Generator regimes", lists their parameters and what shuffle+zstd
 * gets on each). cdd_gen_new gives CDD_GEN_LEGACY: the original dynamics, kept for the golden vectors and
 * far easier to compress than real books; CDD_GEN_NORMAL and CDD_GEN_BUSY are calibrated on realistic
 * books. Values are never renumbered; new regimes are appended. */
typedef enum cdd_gen_regime {
  CDD_GEN_LEGACY = 0,   /* original dynamics: few changes per snapshot, rare jumps */
  CDD_GEN_CALM = 1,     /* ~5% of levels change size per snapshot, the mid moves in ~8% of snapshots */
  CDD_GEN_NORMAL = 2,   /* ~27% of levels change size per snapshot, the mid moves in ~1/3 */
  CDD_GEN_BUSY = 3,     /* ~39% of levels change, the mid moves in ~36%, bursts of cancels */
  CDD_GEN_TRENDING = 4, /* normal flow, but the mid drifts one way for long runs */
  CDD_GEN_GAPPY = 5,    /* thin books: many empty ticks between levels, sides often under 25 levels */
  CDD_GEN_STRESS = 6    /* near-incompressible: every size redrawn every snapshot, the mid moves often */
} cdd_gen_regime;
#define CDD_GEN_REGIME_COUNT 7

typedef struct cdd_gen_options {
  uint32_t struct_size; /* = sizeof(cdd_gen_options); set by cdd_gen_options_init */
  uint32_t regime;      /* a cdd_gen_regime; cdd_gen_options_init sets CDD_GEN_NORMAL */
  uint64_t seed;        /* cdd_gen_options_init sets 1 */
} cdd_gen_options;
CDD_API void cdd_gen_options_init(cdd_gen_options* opts);
/* A generator for opts' regime and seed (opts NULL = the defaults of cdd_gen_options_init). An unknown
 * regime is CDD_E_INVALID_ARGUMENT. cdd_gen_new(seed, out) equals a CDD_GEN_LEGACY generator. */
CDD_API int cdd_gen_new_with(const cdd_gen_options* opts, cdd_gen_state** out);
/* "legacy", "calm", "normal", "busy", "trending", "gappy", "stress"; NULL for an unknown value. */
CDD_API const char* cdd_gen_regime_name(uint32_t regime);
/* The regime named `name` (as cdd_gen_regime_name spells it); CDD_E_INVALID_ARGUMENT if none. */
CDD_API int cdd_gen_regime_from_name(const char* name, uint32_t* out);

/* ===================================================================================================
 * Chunk advisor (`cdd advise`, cdd.advise): tries codecs and chunk sizes on a sample of an array in
 * memory and measures what each gives: ratio, write speed, random-slice rate and full-scan speed.
 * =================================================================================================== */

typedef struct cdd_advise_options {
  uint32_t struct_size;        /* = sizeof(cdd_advise_options); set by cdd_advise_options_init */
  uint64_t sample_rows;        /* rows tried, taken as 8 evenly spaced runs of the array; default 65536 */
  uint32_t slice_rows;         /* rows of one random slice; default 1024 */
  double seconds_per_trial;    /* time measuring random slices, per trial; default 0.1 */
  double min_speed_fraction;   /* the recommendation: the best ratio among the trials whose slice rate is
                                  at least this fraction of the fastest's; default 0.5 */
  uint32_t threads;            /* decode threads of the measuring reader; default 1 */
  uint64_t seed;               /* of the random slice positions */
} cdd_advise_options;

typedef struct cdd_advise_trial {
  int32_t codec;               /* cdd_codec */
  int32_t level;
  uint64_t codec_flags;        /* the stage: CDD_FLAG_ZSTD, CDD_FLAG_LZ4 or 0 */
  uint32_t chunk_target_bytes;
  uint32_t reserved;
  uint64_t sample_bytes;       /* decoded bytes of the sample */
  uint64_t stored_bytes;       /* bytes of the whole .cdd file written from the sample */
  uint64_t chunks;
  double ratio;                /* sample_bytes / stored_bytes */
  double write_mb_s;           /* decoded MB appended per second */
  double slices_per_s;         /* random slices of slice_rows rows per second */
  double scan_gb_s;            /* decoded GB per second reading the sample whole */
} cdd_advise_trial;

#define CDD_ADVISE_MAX_TRIALS 64

CDD_API void cdd_advise_options_init(cdd_advise_options* opts);
/* Tries the codecs that suit the layout (dtype, row_ndim, row_shape of `layout`; its other fields are
 * ignored) — the order-book codecs for (50, 3) and (D, 3) float rows, delta for integers, shuffle, zstd
 * and lz4 — each at several chunk sizes, on `nrows` rows at `data`. Writes up to `capacity` trials to
 * `trials` (CDD_ADVISE_MAX_TRIALS always suffice), their number to *count and the index of the
 * recommended one to *best. CDD_E_INVALID_ARGUMENT for no rows, a bad layout or too small a capacity
 * (*count then says how many are needed). */
CDD_API int cdd_advise(const cdd_writer_options* layout, const void* data, uint64_t nrows,
                       const cdd_advise_options* opts, cdd_advise_trial* trials, size_t capacity, size_t* count,
                       size_t* best);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CDD_H */
