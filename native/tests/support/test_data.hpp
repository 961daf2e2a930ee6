// test_data.hpp — realistic test arrays for every dtype, derived from the order-book generator
// (gen/orderbook_generator.hpp), and small helpers to build and damage files in memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <gtest/gtest.h>
#include <vector>

#include "io/reader.hpp"
#include "io/writer.hpp"
#include "store/memory_store.hpp"

namespace cdd::test {

struct Array {
  uint16_t dtype = 0;
  std::vector<uint32_t> row_shape;
  uint64_t rows = 0;
  std::vector<std::byte> bytes;  // rows * row_bytes, little-endian
  uint64_t row_bytes() const { return rows ? bytes.size() / rows : 0; }
};

// (rows, 50, 3) float32 snapshots (OKX layout).
Array orderbook_f32(uint64_t rows, uint64_t seed = 1);
// (rows, 50, 3) float16 bits of the normalized view.
Array orderbook_f16(uint64_t rows, uint64_t seed = 1);
// (rows, 1) int64 millisecond timestamps.
Array timestamps_ms(uint64_t rows, uint64_t seed = 1);
// A realistic series of any dtype: float64/bfloat16 from the book, integer dtypes from prices in ticks,
// sizes in lots, order counts and timestamps (wrapped into the dtype's width), shape (50, 3) or (1).
Array realistic(uint16_t dtype, uint64_t rows, uint64_t seed = 1);

// Passes when `text` contains `part`; the failure shows both.
inline ::testing::AssertionResult contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << text << "\" does not contain \"" << part << "\"";
}

// A fresh path in the temporary directory, unique per process and call ("cdd_<tag>_<random>.cdd").
std::string temp_file(const std::string& tag);

// A copy of a memory store's bytes.
std::vector<std::byte> bytes_of(const MemoryStore& store);

// Writes `a` to a new memory store with `opts` (dtype and shape taken from `a`), appending in pieces of
// `piece` rows, and closes the writer.
std::shared_ptr<MemoryStore> write_memory(const Array& a, WriterOptions opts, uint64_t piece = 1000);

// Reads all rows of a store (expects success).
std::vector<std::byte> read_all(std::shared_ptr<Store> store);

}  // namespace cdd::test
