// read_rows_at_test.cpp — Reader::read_rows_at (a gather of rows at any indices): bit-exact with reading
// each row alone for every codec (the order-book presets included, whose bitmap filters then decompress a
// prefix of their stage), on one and two decode threads, with repeats, any order and rows the cache holds;
// typed errors for indices out of range and short buffers before anything is read; a damaged chunk fails
// the gathers that touch it and no other.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "codec/codec.hpp"
#include "core/le.hpp"
#include "io/codec_presets.hpp"
#include "io/reader.hpp"
#include "io/writer.hpp"
#include "store/memory_store.hpp"
#include "support/codec_cases.hpp"
#include "support/test_data.hpp"

namespace cdd {
namespace {

using test::codec_cases;
using test::CodecCase;
using test::options_for;

void expect_gather(const Reader& r, const test::Array& a, const std::vector<uint64_t>& rows, unsigned threads,
                   const std::string& what) {
  const uint64_t rb = a.row_bytes();
  std::vector<std::byte> out(rows.size() * rb, std::byte{0xEE});
  const auto st = r.read_rows_at(rows, out, threads);
  ASSERT_TRUE(st.has_value()) << what << ": " << st.error().message;
  for (size_t i = 0; i < rows.size(); ++i) {
    ASSERT_EQ(std::memcmp(out.data() + i * rb, a.bytes.data() + rows[i] * rb, rb), 0)
        << what << ": index " << i << " (row " << rows[i] << ")";
  }
}

TEST(ReaderGather, EveryCodecGathersBitExact) {
  for (const CodecCase& c : codec_cases()) {
    const test::Array a = test::data_for(c.codec, 1200, 5);
    auto mem = test::write_memory(a, options_for(c), 400);
    for (unsigned threads : {1u, 2u}) {
      auto r = Reader::open(mem, ReaderOptions{true, threads});
      ASSERT_TRUE(r.has_value()) << c.name;
      ASSERT_GT((*r)->num_chunks(), 10u) << c.name;
      const std::string what = std::string(c.name) + ", threads " + std::to_string(threads);
      std::mt19937_64 rng(threads);
      std::vector<uint64_t> random(700);
      for (auto& x : random) x = rng() % a.rows;  // repeats and several rows of one chunk included
      expect_gather(**r, a, random, threads, what + ", random");
      std::vector<uint64_t> all(a.rows);
      for (uint64_t i = 0; i < a.rows; ++i) all[i] = a.rows - 1 - i;
      expect_gather(**r, a, all, threads, what + ", every row backwards");
      expect_gather(**r, a, {a.rows - 1}, threads, what + ", the last row");
      expect_gather(**r, a, {7, 7, 7}, threads, what + ", one row thrice");
      // With chunk 0 in the decoded-chunk cache (a read from its first row puts it there).
      std::vector<std::byte> row(a.row_bytes());
      ASSERT_TRUE((*r)->read_rows(0, 1, row).has_value());
      ASSERT_GT((*r)->cached_chunks(), 0u) << what;
      expect_gather(**r, a, {3, 0, 900, 1, 3}, threads, what + ", with the cache");
    }
  }
}

TEST(ReaderGather, BadRequestsAreTypedErrorsBeforeAnyRead) {
  const test::Array a = test::orderbook_f32(100, 2);
  auto r = Reader::open(test::write_memory(a, options_for(CodecCase{CDD_CODEC_LZ4, CDD_FLAG_LZ4, "LZ4"})));
  ASSERT_TRUE(r.has_value());
  const uint64_t rb = a.row_bytes();
  std::vector<std::byte> out(3 * rb, std::byte{0xEE});
  const std::vector<uint64_t> past{1, 100, 2};
  auto st = (*r)->read_rows_at(past, out);
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code, CDD_E_OUT_OF_RANGE);
  EXPECT_TRUE(test::contains(st.error().message, "row 100 (index 1 of the request) out of range: the array has 100 rows"));
  EXPECT_EQ(std::to_integer<int>(out[0]), 0xEE);  // nothing read
  const std::vector<uint64_t> three{1, 2, 3};
  st = (*r)->read_rows_at(three, std::span(out).first(3 * rb - 1));
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code, CDD_E_INVALID_ARGUMENT);
  EXPECT_TRUE(test::contains(st.error().message, "too small for 3 rows"));
  EXPECT_TRUE((*r)->read_rows_at({}, {}).has_value());
}

TEST(ReaderGather, ADamagedChunkFailsTheGathersThatTouchIt) {
  const test::Array a = test::orderbook_f32(200, 13);
  WriterOptions o = options_for(CodecCase{CDD_CODEC_OKX_OB_F32, CDD_FLAG_ZSTD, "OKX_OB_F32"});
  o.chunk_rows = 20;
  auto file = test::bytes_of(*test::write_memory(a, o));
  uint64_t off3 = 0;
  {
    auto r = Reader::open(copy_memory(file.data(), file.size()));
    ASSERT_TRUE(r.has_value());
    off3 = (*r)->chunk_entry(3)->offset;
  }
  file[off3 + le::u32(file.data() + off3) - 3] ^= std::byte{0x10};  // inside chunk 3's payload (rows 60..79)
  for (unsigned threads : {1u, 2u}) {
    auto r = Reader::open(copy_memory(file.data(), file.size()), ReaderOptions{true, threads});
    ASSERT_TRUE(r.has_value());
    std::vector<std::byte> out(4 * a.row_bytes());
    const std::vector<uint64_t> touching{5, 150, 61, 199};
    for (int attempt = 0; attempt < 2; ++attempt) {
      const auto st = (*r)->read_rows_at(touching, out);
      ASSERT_FALSE(st.has_value()) << threads;
      EXPECT_EQ(st.error().code, CDD_E_CORRUPT) << st.error().message;
      EXPECT_TRUE(test::contains(st.error().message, "chunk 3 ")) << st.error().message;
    }
    expect_gather(**r, a, {5, 150, 59, 80, 199}, threads, "around the damaged chunk");
  }
}

}  // namespace
}  // namespace cdd
