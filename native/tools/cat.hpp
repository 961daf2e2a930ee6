// cat.hpp — `cdd cat FILE [--rows A:B] [--csv]`: rows of a .cdd file as text. A table by default (for
// (N, 50, 3) order books one block per row: level, price, size, count), or CSV (books: one line per row
// and level). Values print exactly enough digits to read back the stored value.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "core/error.hpp"
#include "tools/npy_convert.hpp"

namespace cdd::tools {

struct CatOptions {
  RowRange rows;           // default: the first 10 rows
  bool csv = false;
  bool header = true;      // CSV header line
};

// Prints the rows to `out`; a note naming the range (when none was given) goes to stderr.
Status cat_file(const std::string& path, const CatOptions& options, std::FILE* out);

// One element of `dtype` at `p` as text (exposed for tests): integers exactly, floats with the shortest
// %g precision that round-trips (float16 and bfloat16 through float).
std::string format_value(int dtype, const unsigned char* p);

}  // namespace cdd::tools
