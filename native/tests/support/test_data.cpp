// test_data.cpp — realistic arrays from the order-book generator, and memory-file helpers for tests.
#include "test_data.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <random>
#include <cstring>

#include "core/dtype.hpp"
#include "core/le.hpp"
#include "gen/orderbook_generator.hpp"

namespace cdd::test {

namespace {
template <class T>
void put_all(Array& a, const std::vector<T>& v) {
  a.bytes.resize(v.size() * sizeof(T));
  for (size_t i = 0; i < v.size(); ++i) le::store<T>(a.bytes.data() + i * sizeof(T), v[i]);
}
}  // namespace

Array orderbook_f32(uint64_t rows, uint64_t seed) {
  gen::OrderBookGenerator g(seed);
  auto v = g.orderbook_f32(rows);
  Array a{CDD_DTYPE_FLOAT32, {50, 3}, rows, {}};
  a.bytes.resize(v.size() * 4);
  std::memcpy(a.bytes.data(), v.data(), a.bytes.size());
  return a;
}

Array orderbook_f16(uint64_t rows, uint64_t seed) {
  gen::OrderBookGenerator g(seed);
  auto v = g.normalized_f16(rows);
  Array a{CDD_DTYPE_FLOAT16, {50, 3}, rows, {}};
  put_all(a, v);
  return a;
}

Array timestamps_ms(uint64_t rows, uint64_t seed) {
  gen::OrderBookGenerator g(seed);
  auto v = g.timestamps_ms(rows);
  Array a{CDD_DTYPE_INT64, {1}, rows, {}};
  put_all(a, v);
  return a;
}

Array realistic(uint16_t dtype, uint64_t rows, uint64_t seed) {
  if (dtype == CDD_DTYPE_FLOAT32) return orderbook_f32(rows, seed);
  if (dtype == CDD_DTYPE_FLOAT16) return orderbook_f16(rows, seed);
  gen::OrderBookGenerator g(seed);
  std::vector<float> book = g.orderbook_f32(rows);
  Array a{dtype, {50, 3}, rows, {}};
  const double tick = g.params().tick, lot = g.params().lot;
  auto as_int = [&](size_t i) -> int64_t {
    double v = book[i];
    switch (i % 3) {
      case 0: return std::llround(v / tick);  // price in ticks
      case 1: return std::llround(v / lot);   // size in lots
      default: return std::llround(v);        // order count
    }
  };
  switch (dtype) {
    case CDD_DTYPE_FLOAT64: {
      std::vector<double> v(book.begin(), book.end());
      put_all(a, v);
      break;
    }
    case CDD_DTYPE_BFLOAT16: {
      std::vector<uint16_t> v(book.size());
      for (size_t i = 0; i < book.size(); ++i) {
        uint32_t bits;
        std::memcpy(&bits, &book[i], 4);
        v[i] = static_cast<uint16_t>((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);  // round to nearest even
      }
      put_all(a, v);
      break;
    }
    case CDD_DTYPE_INT64:
    case CDD_DTYPE_UINT64: {
      // Timestamps: the series DELTA is made for.
      a.row_shape = {1};
      auto ts = g.timestamps_ms(rows);
      std::vector<uint64_t> v(ts.begin(), ts.end());
      put_all(a, v);
      break;
    }
    default: {
      size_t w = dtype_bytes(dtype);
      a.bytes.resize(book.size() * w);
      for (size_t i = 0; i < book.size(); ++i) {
        uint64_t x = static_cast<uint64_t>(as_int(i));  // wraps into the dtype's width below
        for (size_t b = 0; b < w; ++b) a.bytes[i * w + b] = static_cast<std::byte>((x >> (8 * b)) & 0xFF);
      }
      break;
    }
  }
  return a;
}

std::string temp_file(const std::string& tag) {
  static std::atomic<uint64_t> counter{0};
  static const uint64_t process_salt = std::random_device{}();
  auto name = "cdd_" + tag + "_" + std::to_string(process_salt) + "_" + std::to_string(counter++) + ".cdd";
  return (std::filesystem::temp_directory_path() / name).string();
}

std::vector<std::byte> bytes_of(const MemoryStore& store) {
  std::vector<std::byte> out;
  store.with_bytes([&](std::span<const std::byte> b) { out.assign(b.begin(), b.end()); });
  return out;
}

std::shared_ptr<MemoryStore> write_memory(const Array& a, WriterOptions opts, uint64_t piece) {
  auto store = new_memory_store();
  opts.dtype = a.dtype;
  opts.row_shape = a.row_shape;
  auto w = Writer::create(store, opts);
  EXPECT_TRUE(w.has_value()) << w.error().message;
  if (!w) return store;
  uint64_t rb = a.row_bytes();
  for (uint64_t r = 0; r < a.rows; r += piece) {
    uint64_t n = std::min(piece, a.rows - r);
    auto st = (*w)->append(std::span(a.bytes).subspan(r * rb, n * rb), n);
    EXPECT_TRUE(st.has_value()) << st.error().message;
  }
  auto st = (*w)->close();
  EXPECT_TRUE(st.has_value()) << st.error().message;
  return store;
}

std::vector<std::byte> read_all(std::shared_ptr<Store> store) {
  auto r = Reader::open(std::move(store));
  EXPECT_TRUE(r.has_value()) << r.error().message;
  if (!r) return {};
  std::vector<std::byte> out((*r)->num_rows() * (*r)->row_bytes());
  auto st = (*r)->read_rows(0, (*r)->num_rows(), out);
  EXPECT_TRUE(st.has_value()) << st.error().message;
  return out;
}

}  // namespace cdd::test
