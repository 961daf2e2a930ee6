// tool_test_files.hpp — helpers of the CLI tests: whole-file reads and writes, and .npy files of
// realistic order-book data from the generator (TempDir comes from support/temp_dir.hpp).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gen/orderbook_generator.hpp"
#include "support/temp_dir.hpp"
#include "tools/npy.hpp"

namespace cdd::tools::testing {

using cdd::test::TempDir;

inline std::string read_all(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

inline void write_all(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A .npy file (np.save's bytes) holding `data` with `shape`.
template <class T>
std::string npy_bytes(int dtype, const std::vector<uint64_t>& shape, const std::vector<T>& data) {
  std::string out = npy_header_bytes(dtype, shape);
  out.append(reinterpret_cast<const char*>(data.data()), data.size() * sizeof(T));
  return out;
}

// `rows` snapshots of the generator's (rows, 50, 3) float32 book as a .npy file.
inline std::string book_npy(uint64_t seed, uint64_t rows) {
  gen::OrderBookGenerator g(seed);
  return npy_bytes(3 /* CDD_DTYPE_FLOAT32 */, {rows, 50, 3}, g.orderbook_f32(rows));
}

}  // namespace cdd::tools::testing
