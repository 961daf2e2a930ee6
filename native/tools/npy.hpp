// npy.hpp — the NumPy .npy file header (format versions 1.0, 2.0 and 3.0): parse one from a stream and
// produce the exact header np.save writes, so that import-npy / export-npy round-trip byte for byte.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace cdd::tools {

struct NpyHeader {
  int dtype = 0;                // cdd_dtype
  std::vector<uint64_t> shape;  // as in the file; may be empty (a 0-d array)
  uint64_t data_offset = 0;     // bytes before the data
  uint64_t elements() const;    // product of shape (1 for 0-d)
};

// Reads and checks the header at the current position of `f` (the start of the file), leaving `f` at the
// first data byte. Refuses, with a message naming what was found: a bad magic, an unknown version,
// big-endian or non-numeric dtypes, Fortran order for more than one dimension, a malformed dict.
Result<NpyHeader> read_npy_header(std::FILE* f, const std::string& path);

// Parses the header dict text alone (exposed for tests).
Result<NpyHeader> parse_npy_dict(const std::string& dict, const std::string& path);

// The descr string numpy uses for a cdd dtype ('<f4', '|u1', ...), or "" when numpy has none (bfloat16).
std::string npy_descr(int dtype);

// The complete header np.save writes for a C-order little-endian array (version 1.0, or 2.0 when the
// header does not fit 1.0): magic, version, length, dict, padding to 64 bytes, newline.
std::string npy_header_bytes(int dtype, const std::vector<uint64_t>& shape);

}  // namespace cdd::tools
