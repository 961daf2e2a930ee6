// bench_data.hpp — the data the native benchmarks run on: a generator regime (--regime NAME, default
// normal; docs/ARCHITECTURE.md "Generator regimes") or a real order book from a .npy file (--data FILE:
// (N, 50, 3) float32/float64 raw book, whose float16-style normalized view is derived as the generator
// derives it, or a float16 (N, 50, 3) normalized book alone).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace cdd::bench {

struct BookData {
  std::string source;             // "regime normal" or the file name
  std::vector<float> raw;         // (rows, 50, 3) float32 raw book; empty if the source has none
  std::vector<float> normalized;  // (rows, 50, 3) normalized view as float32 (codecs down-cast it to f16)
  size_t rows = 0;
};

// `rows` rows of a regime (seed `seed`), both books.
Result<BookData> regime_books(const std::string& regime, size_t rows, uint64_t seed);
// The first `rows` rows (0 = all) of a .npy order book.
Result<BookData> npy_books(const std::string& path, size_t rows);

}  // namespace cdd::bench
