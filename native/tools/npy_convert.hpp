// npy_convert.hpp — streaming conversion between .npy files and .cdd files (cdd import-npy / export-npy):
// neither direction holds more than a few MiB of rows in memory.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/error.hpp"

namespace cdd::tools {

struct ImportOptions {
  std::optional<int> codec;            // cdd_codec; the writer's default when unset
  std::optional<int> level;
  std::optional<uint64_t> stage;       // CDD_FLAG_ZSTD, CDD_FLAG_LZ4 or 0
  std::optional<uint32_t> chunk_bytes; // adaptive target
  std::optional<uint32_t> chunk_rows;  // fixed rows per chunk
  std::optional<uint32_t> index_capacity;
  bool progress = true;
};

// Imports IN.npy (v1/v2/v3, little-endian, C order) into a new OUT.cdd. The npy shape (N, d1, ...) becomes
// N rows of shape (d1, ...); a 1-D array (N,) becomes rows of shape (1). On failure OUT is removed.
Status import_npy(const std::string& in, const std::string& out, const ImportOptions& options);

struct RowRange {
  std::optional<int64_t> start;  // Python slice semantics: negative counts from the end
  std::optional<int64_t> end;
};
// "a:b", "a:", ":b", ":" (Python slice, no step).
Result<RowRange> parse_row_range(const std::string& text);

// Exports rows [start, end) of IN.cdd to OUT.npy with the header np.save writes. Arrays of row shape (1)
// come out 1-D. On failure OUT is removed.
Status export_npy(const std::string& in, const std::string& out, const RowRange& rows, bool progress = true);

// Appends the rows of IN.npy to the existing FILE (cdd append): the npy dtype must be the file's dtype and
// its shape (n,) + the file's row shape (a 1-D npy for rows of shape (1)); both are checked, and the npy's
// length against its header, before any row is written. Returns the rows appended.
Result<uint64_t> append_npy(const std::string& file, const std::string& in, bool progress = true);

}  // namespace cdd::tools
