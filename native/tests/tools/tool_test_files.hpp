// tool_test_files.hpp — helpers of the CLI tests: a self-deleting temporary directory, whole-file reads
// and writes, and .npy files of realistic order-book data from the generator.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "gen/orderbook_generator.hpp"
#include "tools/npy.hpp"

namespace cdd::tools::testing {

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("cdd-tools-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

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
