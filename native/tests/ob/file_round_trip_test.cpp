// file_round_trip_test.cpp — the order-book codecs end to end through the C ABI: write realistic books
// with OKX_OB_F16 / OKX_OB_F32 / GENERIC_OB_* and each filter into a memory store, read every row back
// (whole, and in odd slices across chunk boundaries), verify the hashes and flags per chunk.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <tuple>
#include <vector>

#include "cdd/cdd.h"
#include "support/book_options.hpp"
#include "gen/orderbook_generator.hpp"
#include "ob/filter_params.hpp"
#include "ob_test_util.hpp"

namespace {

struct Written {
  cdd_store* store = nullptr;
  ~Written() { cdd_store_free(store); }
};

// chunk_rows 0: adaptive chunks of ~2 KiB stored; otherwise that many rows per chunk.
void write_books(cdd_store* store, int codec, uint64_t flags, uint8_t filter, const uint32_t shape[2],
                 const std::vector<float>& x, uint64_t rows, uint32_t chunk_rows = 0) {
  cdd_writer_options o;
  cdd_writer_options_init(&o);
  o.dtype = CDD_DTYPE_FLOAT32;
  o.row_ndim = 2;
  o.row_shape[0] = shape[0];
  o.row_shape[1] = shape[1];
  o.codec = codec;
  o.codec_flags = flags;
  o.codec_params = &filter;
  o.codec_params_size = 1;
  o.chunk_target_bytes = chunk_rows == 0 ? 2048 : 0;  // many chunks
  o.chunk_rows = chunk_rows;
  cdd_writer* w = nullptr;
  ASSERT_EQ(cdd_writer_create_store(store, &o, &w), CDD_OK) << cdd_last_error_message();
  const size_t row_elems = size_t{shape[0]} * shape[1];
  // Appended in uneven pieces, as a live feed does.
  for (uint64_t at = 0; at < rows;) {
    const uint64_t n = std::min<uint64_t>(rows - at, 1 + (at * 7) % 113);
    ASSERT_EQ(cdd_writer_append(w, x.data() + at * row_elems, n), CDD_OK) << cdd_last_error_message();
    at += n;
  }
  ASSERT_EQ(cdd_writer_close(w), CDD_OK) << cdd_last_error_message();
}

void read_and_compare(cdd_store* store, const std::vector<float>& want, uint64_t rows, size_t row_elems, int codec,
                      uint64_t flags) {
  cdd_reader* r = nullptr;
  ASSERT_EQ(cdd_reader_open_store(store, nullptr, &r), CDD_OK) << cdd_last_error_message();
  ASSERT_EQ(cdd_reader_num_rows(r), rows);
  ASSERT_GT(cdd_reader_num_chunks(r), 3u);
  for (uint64_t c = 0; c < cdd_reader_num_chunks(r); ++c) {
    cdd_chunk_info ci;
    ci.struct_size = sizeof ci;
    ASSERT_EQ(cdd_reader_chunk_header(r, c, &ci), CDD_OK) << cdd_last_error_message();
    EXPECT_EQ(ci.codec, codec);
    EXPECT_EQ(ci.flags, flags | CDD_FLAG_LITTLE_ENDIAN);
  }
  std::vector<float> got(rows * row_elems);
  ASSERT_EQ(cdd_reader_read_rows(r, 0, rows, got.data(), got.size() * 4), CDD_OK) << cdd_last_error_message();
  ASSERT_EQ(0, std::memcmp(got.data(), want.data(), got.size() * 4));
  for (uint64_t start = 0; start < rows; start += 37) {  // slices that straddle chunk boundaries
    const uint64_t end = std::min(rows, start + 53);
    std::vector<float> part((end - start) * row_elems);
    ASSERT_EQ(cdd_reader_read_rows(r, start, end, part.data(), part.size() * 4), CDD_OK);
    ASSERT_EQ(0, std::memcmp(part.data(), want.data() + start * row_elems, part.size() * 4)) << start;
  }
  cdd_reader_close(r);
}

TEST(ObFile, OkxBooksEveryFilterThroughTheCApi) {
  const uint64_t rows = 777;
  cdd::gen::OrderBookGenerator g(61);
  const auto raw = g.orderbook_f32(rows);
  std::vector<float> normalized(raw.size());
  g.normalized_f32(rows, normalized.data());
  const auto narrowed = cdd::ob::testing::f16_round_trip(normalized.data(), normalized.size());
  const uint32_t shape[2] = {50, 3};
  for (uint8_t f = 0; f < cdd::ob::kFilterCount; ++f) {
    SCOPED_TRACE("filter " + std::to_string(f));
    {
      Written s;
      ASSERT_EQ(cdd_store_memory_new(&s.store), CDD_OK);
      write_books(s.store, CDD_CODEC_OKX_OB_F32, CDD_FLAG_LZ4, f, shape, raw, rows);
      read_and_compare(s.store, raw, rows, 150, CDD_CODEC_OKX_OB_F32, CDD_FLAG_LZ4);
    }
    {
      Written s;
      ASSERT_EQ(cdd_store_memory_new(&s.store), CDD_OK);
      const uint64_t flags = CDD_FLAG_ZSTD | CDD_FLAG_DOWN_CAST_16;
      write_books(s.store, CDD_CODEC_OKX_OB_F16, flags, f, shape, normalized, rows);
      read_and_compare(s.store, narrowed, rows, 150, CDD_CODEC_OKX_OB_F16, flags);
    }
  }
}

TEST(ObFile, GenericBookOfOddShapeThroughTheCApi) {
  const uint64_t rows = 501;
  const uint32_t shape[2] = {11, 5};
  std::vector<float> x(rows * 55);
  for (size_t i = 0; i < x.size(); ++i) x[i] = i >= 55 && i % 4 != 0 ? x[i - 55] : static_cast<float>(i % 97) * 0.5f;
  Written s;
  ASSERT_EQ(cdd_store_memory_new(&s.store), CDD_OK);
  write_books(s.store, CDD_CODEC_GENERIC_OB_F32, CDD_FLAG_LZ4, uint8_t(cdd::ob::Filter::kShiftXor), shape, x, rows,
              64);
  read_and_compare(s.store, x, rows, 55, CDD_CODEC_GENERIC_OB_F32, CDD_FLAG_LZ4);
}

TEST(ObFile, WriterRejectsMissingDownCastFlag) {
  cdd_store* store = nullptr;
  ASSERT_EQ(cdd_store_memory_new(&store), CDD_OK);
  cdd_writer_options o = cdd::test::book_writer_options(CDD_DTYPE_FLOAT32);
  o.codec = CDD_CODEC_OKX_OB_F16;
  o.codec_flags = CDD_FLAG_LZ4;  // float32 into float16 needs DOWN_CAST_16
  cdd_writer* w = nullptr;
  EXPECT_NE(cdd_writer_create_store(store, &o, &w), CDD_OK);
  EXPECT_NE(std::string(cdd_last_error_message()).find("DOWN_CAST_16"), std::string::npos)
      << cdd_last_error_message();
  cdd_store_free(store);
}

TEST(ObFile, WriterRejectsBadCodecParamsAtCreate) {
  // A filter byte out of range, or more than one byte: refused by cdd_writer_create, before any row.
  const unsigned char bad_filter[] = {6};
  const unsigned char two_bytes[] = {4, 0};
  for (const auto& [params, size, says] : {std::tuple{bad_filter, size_t{1}, "unknown order-book filter 6"},
                                           std::tuple{two_bytes, size_t{2}, "must be 1 byte"}}) {
    cdd_store* store = nullptr;
    ASSERT_EQ(cdd_store_memory_new(&store), CDD_OK);
    cdd_writer_options o = cdd::test::book_writer_options(CDD_DTYPE_FLOAT16);
    ASSERT_EQ(cdd_writer_options_set_codec(&o, CDD_CODEC_OKX_OB_F16), CDD_OK);
    o.codec_params = params;
    o.codec_params_size = size;
    cdd_writer* w = nullptr;
    EXPECT_EQ(cdd_writer_create_store(store, &o, &w), CDD_E_INVALID_ARGUMENT);
    EXPECT_EQ(w, nullptr);
    EXPECT_NE(std::string(cdd_last_error_message()).find(says), std::string::npos) << cdd_last_error_message();
    cdd_store_free(store);
  }
}

}  // namespace
