// decode_prefix_test.cpp — OrderBookCodec::decode_prefix/decode_range on every SIMD target: every prefix
// (and ranges starting inside the chunk) of small chunks with every filter and stage equals those rows of
// the whole decode (float32, float16 and
// DOWN_CAST_16, aligned and misaligned outputs), books whose rows mix shift-0 runs and shifted rows
// (the bitmap decoder's fused kernel runs and its per-row path), and bad prefix arguments.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "gen/orderbook_generator.hpp"
#include "ob/filter_params.hpp"
#include "ob/orderbook_codec.hpp"
#include "ob_test_util.hpp"
#include "../simd/for_each_target.hpp"

namespace cdd::ob {
namespace {

using testing::Chunk;

constexpr uint64_t kLE = CDD_FLAG_LITTLE_ENDIAN;
const uint64_t kStages[] = {CDD_FLAG_LZ4, CDD_FLAG_ZSTD, 0};
constexpr size_t kRowElems = 150;

// A (rows, 50, 3) book where row r is row r - 1 with a few changes, and every 5th row has its asks
// (or bids) moved by one or two levels, so the bitmap and shift-xor encoders pick non-zero shifts.
std::vector<float> shifting_book(size_t rows, uint32_t seed) {
  gen::OrderBookGenerator g(seed);
  std::vector<float> x = g.orderbook_f32(rows);
  for (size_t r = 1; r < rows; ++r) {
    float* row = x.data() + r * kRowElems;
    const float* prev = row - kRowElems;
    std::memcpy(row, prev, kRowElems * 4);
    if (r % 5 == 0) {
      const size_t side = (r / 5) % 2, first = side * 25, by = 1 + (r / 10) % 2;
      for (size_t j = 0; j + by < 25; ++j)
        std::memcpy(row + (first + j) * 3, prev + (first + j + by) * 3, 12);  // level j <- level j + by
    }
    row[(r * 7) % kRowElems] += 0.25f;
    if (r % 3 == 0) row[(r * 13) % kRowElems] += 1.0f;
  }
  return x;
}

// Every prefix of the chunk equals the first rows of its whole decode, which equals `want`.
void check_every_prefix(const Codec& c, const Chunk& k, const std::vector<std::byte>& payload,
                        const std::vector<std::byte>& want) {
  const auto whole = testing::decode(c, k, payload);
  ASSERT_TRUE(whole.has_value()) << whole.error().message;
  ASSERT_EQ(*whole, want);
  const size_t row_bytes = want.size() / k.rows;
  for (uint64_t rows = 1; rows <= k.rows; ++rows) {
    const auto got = testing::decode_prefix(c, k, payload, rows);
    ASSERT_TRUE(got.has_value()) << "prefix " << rows << ": " << got.error().message;
    ASSERT_EQ(0, std::memcmp(got->data(), want.data(), rows * row_bytes)) << "prefix " << rows;
  }
  // Ranges that start inside the chunk (the rows before them rebuilt in scratch), into exactly sized
  // buffers.
  const ChunkDesc d = k.desc();
  for (uint64_t first = 1; first < k.rows; ++first) {
    for (uint64_t end : {first + 1, (first + k.rows + 1) / 2, k.rows}) {
      if (end <= first || end > k.rows) continue;
      std::vector<std::byte> out((end - first) * row_bytes);
      const auto st = c.decode_range(d, payload, out, first, end);
      ASSERT_TRUE(st.has_value()) << "rows [" << first << ", " << end << "): " << st.error().message;
      ASSERT_EQ(0, std::memcmp(out.data(), want.data() + first * row_bytes, out.size()))
          << "rows [" << first << ", " << end << ")";
    }
  }
  // Misaligned output, as a reader slicing into a caller's buffer may pass.
  for (uint64_t rows : {uint64_t{1}, k.rows / 2 + 1, k.rows}) {
    std::vector<std::byte> out(rows * row_bytes + 3);
    const auto st = c.decode_prefix(d, payload, std::span<std::byte>(out).subspan(1, rows * row_bytes), rows);
    ASSERT_TRUE(st.has_value()) << st.error().message;
    ASSERT_EQ(0, std::memcmp(out.data() + 1, want.data(), rows * row_bytes)) << "misaligned prefix " << rows;
  }
}

std::vector<std::byte> as_bytes(const void* p, size_t n) {
  const auto* b = static_cast<const std::byte*>(p);
  return {b, b + n};
}

void check_codecs_on(const std::vector<float>& x, uint64_t rows) {
  const auto want16 = testing::f16_round_trip(x.data(), rows * kRowElems);
  for (uint8_t f = 0; f < kFilterCount; ++f)
    for (uint64_t stage : kStages) {
      SCOPED_TRACE(std::string("filter ") + filter_name(static_cast<Filter>(f)) + " stage " + std::to_string(stage) +
                   " rows " + std::to_string(rows));
      Chunk k{CDD_DTYPE_FLOAT32, kLE | stage, {50, 3}, rows, testing::filter_param(f)};
      auto enc = testing::encode(okx_ob_f32_codec(), k, x.data());
      ASSERT_TRUE(enc.has_value());
      check_every_prefix(okx_ob_f32_codec(), k, *enc, as_bytes(x.data(), rows * kRowElems * 4));
      check_every_prefix(generic_ob_f32_codec(), k, *enc, as_bytes(x.data(), rows * kRowElems * 4));
      k.flags |= CDD_FLAG_DOWN_CAST_16;
      enc = testing::encode(okx_ob_f16_codec(), k, x.data());
      ASSERT_TRUE(enc.has_value());
      check_every_prefix(okx_ob_f16_codec(), k, *enc, as_bytes(want16.data(), want16.size() * 4));
      // The same values stored as float16 without widening.
      std::vector<uint16_t> h(rows * kRowElems);
      simd::ref::f32_to_f16(x.data(), h.data(), h.size());
      Chunk k16{CDD_DTYPE_FLOAT16, kLE | stage, {50, 3}, rows, testing::filter_param(f)};
      enc = testing::encode(okx_ob_f16_codec(), k16, h.data());
      ASSERT_TRUE(enc.has_value());
      check_every_prefix(okx_ob_f16_codec(), k16, *enc, as_bytes(h.data(), h.size() * 2));
      if (::testing::Test::HasFatalFailure()) return;
    }
}

TEST(ObPrefix, EveryPrefixOfSmallChunksOnEveryTarget) {
  gen::OrderBookGenerator g(404);
  const auto book = g.orderbook_f32(40);
  simd::testing::for_each_target([&](const std::string&) {
    for (uint64_t rows : {1, 2, 17, 40}) check_codecs_on(book, rows);
  });
}

TEST(ObPrefix, MixedShiftRowsOnEveryTarget) {
  const uint64_t rows = 60;
  const auto book = shifting_book(rows, 9);
  // The bitmap encoder does choose shifts here (the stored shifts follow row 0 in a verbatim payload).
  Chunk k{CDD_DTYPE_FLOAT32, kLE, {50, 3}, rows, testing::filter_param(uint8_t(Filter::kBitmap))};
  const auto enc = testing::encode(okx_ob_f32_codec(), k, book.data());
  ASSERT_TRUE(enc.has_value());
  size_t shifted = 0, zero = 0;
  for (size_t r = 1; r < rows; ++r) {
    const size_t at = kPayloadHeaderBytes + kRowElems * 4 + 2 * (r - 1);
    ((*enc)[at] != std::byte{0} || (*enc)[at + 1] != std::byte{0} ? shifted : zero) += 1;
  }
  EXPECT_GE(shifted, 8u);
  EXPECT_GE(zero, 30u);
  simd::testing::for_each_target([&](const std::string&) { check_codecs_on(book, rows); });
}

// A bitmap filter on an LZ4 stage decompresses, for rows [first, end) with end < rows, only a prefix of
// the filtered bytes: those the rows use, plus a margin. Every range equals the whole decode on every
// target, on a book whose first rows change every value and whose later rows change none (the decoder's
// first guess of the prefix, in proportion to the rows, is then too short and it decompresses again to what
// the bitmaps ask for). With the block's tail cut off, an early row still decodes to the intact row while
// the last rows and the whole chunk are CDD_E_CODEC.
TEST(ObPrefix, Lz4BitmapRangesDecompressOnlyTheirPrefix) {
  constexpr uint64_t rows = 120;
  gen::OrderBookGenerator g(77);
  const auto book = g.orderbook_f32(rows);
  auto front = book;  // rows 1..40: every value changes; rows 41..: row 40 repeated
  for (uint64_t r = 1; r < rows; ++r)
    for (size_t i = 0; i < kRowElems; ++i)
      front[r * kRowElems + i] = r <= 40 ? front[i] + static_cast<float>(r) : front[40 * kRowElems + i];
  const size_t rb = kRowElems * 4;
  std::vector<std::byte> out(rb);
  for (uint8_t f : {uint8_t(Filter::kBitmap), uint8_t(Filter::kBitmapPlanar)}) {
    SCOPED_TRACE(int(f));
    Chunk k{CDD_DTYPE_FLOAT32, kLE | CDD_FLAG_LZ4, {50, 3}, rows, testing::filter_param(f)};
    const ChunkDesc d = k.desc();
    const std::vector<float>* books[] = {&front, &book};
    for (const std::vector<float>* x : books) {
      const auto enc = testing::encode(okx_ob_f32_codec(), k, x->data());
      ASSERT_TRUE(enc.has_value());
      simd::testing::for_each_target([&](const std::string&) {
        for (uint64_t r : {uint64_t{0}, uint64_t{1}, uint64_t{20}, uint64_t{39}, uint64_t{40}, uint64_t{77}, rows - 2}) {
          ASSERT_TRUE(okx_ob_f32_codec().decode_range(d, *enc, out, r, r + 1).has_value()) << r;
          EXPECT_EQ(0, std::memcmp(out.data(), x->data() + r * kRowElems, rb)) << r;
        }
      });
    }
    // The generator's book changes values in every row, so row 1 needs a small share of the block.
    const auto enc = testing::encode(okx_ob_f32_codec(), k, book.data());
    ASSERT_TRUE(enc.has_value());
    auto cut = *enc;
    cut.resize(cut.size() - 8);
    EXPECT_EQ(testing::decode(okx_ob_f32_codec(), k, cut).error().code, CDD_E_CODEC);
    const auto early = okx_ob_f32_codec().decode_range(d, cut, out, 1, 2);
    ASSERT_TRUE(early.has_value()) << early.error().message;
    EXPECT_EQ(0, std::memcmp(out.data(), book.data() + kRowElems, rb));
    const auto late = okx_ob_f32_codec().decode_range(d, cut, out, rows - 2, rows - 1);
    ASSERT_FALSE(late.has_value());
    EXPECT_EQ(late.error().code, CDD_E_CODEC) << late.error().message;
  }
}

TEST(ObPrefix, BadPrefixArgumentsAreRejected) {
  gen::OrderBookGenerator g(3);
  const auto x = g.orderbook_f32(4);
  Chunk k{CDD_DTYPE_FLOAT32, kLE | CDD_FLAG_LZ4, {50, 3}, 4, testing::filter_param(uint8_t(Filter::kBitmap))};
  const auto enc = testing::encode(okx_ob_f32_codec(), k, x.data());
  ASSERT_TRUE(enc.has_value());
  const ChunkDesc d = k.desc();
  std::vector<std::byte> out(5 * kRowElems * 4);
  EXPECT_FALSE(okx_ob_f32_codec().decode_prefix(d, *enc, std::span<std::byte>(out).first(0), 0).has_value());
  EXPECT_FALSE(okx_ob_f32_codec().decode_prefix(d, *enc, out, 5).has_value());
  EXPECT_FALSE(okx_ob_f32_codec().decode_prefix(d, *enc, std::span<std::byte>(out).first(kRowElems * 4), 2).has_value());
  EXPECT_TRUE(okx_ob_f32_codec().decode_prefix(d, *enc, std::span<std::byte>(out).first(kRowElems * 4), 1).has_value());
}

}  // namespace
}  // namespace cdd::ob
