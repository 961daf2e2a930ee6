// orderbook_codec_test.cpp — round trips of OKX_OB_F16/F32 and GENERIC_OB_F16/F32 with every filter and
// stage on realistic books, on every SIMD target: bit-exact for float32, equal to the scalar-reference
// float16 conversion for DOWN_CAST_16; identical payloads whichever target encoded; odd generic shapes.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <thread>
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

struct Books {
  std::vector<float> raw;         // (300, 50, 3) prices/sizes/counts
  std::vector<float> normalized;  // (300, 50, 3) bps / log sizes / counts
  Books() {
    gen::OrderBookGenerator g(2024);
    raw = g.orderbook_f32(300);
    normalized.resize(raw.size());
    g.normalized_f32(300, normalized.data());
  }
};
const Books& books() {
  static const Books b;
  return b;
}

void expect_round_trip(const Codec& c, Chunk k, const float* x, bool lossy) {
  const auto enc = testing::encode(c, k, x);
  ASSERT_TRUE(enc.has_value()) << enc.error().message;
  const auto dec = testing::decode(c, k, *enc);
  ASSERT_TRUE(dec.has_value()) << dec.error().message;
  const size_t n = dec->size() / 4;
  if (lossy) {
    const auto want = testing::f16_round_trip(x, n);
    ASSERT_EQ(0, std::memcmp(dec->data(), want.data(), n * 4)) << c.name() << " rows=" << k.rows;
  } else {
    ASSERT_EQ(0, std::memcmp(dec->data(), x, n * 4)) << c.name() << " rows=" << k.rows;
  }
}

TEST(ObCodec, OkxEveryFilterAndStageOnEveryTarget) {
  simd::testing::for_each_target([&](const std::string&) {
    for (uint8_t f = 0; f < kFilterCount; ++f)
      for (uint64_t stage : kStages)
        for (uint64_t rows : {1, 2, 3, 5, 16, 17, 63, 64, 65, 150, 299, 300}) {
          SCOPED_TRACE(std::string("filter ") + filter_name(static_cast<Filter>(f)) + " stage " +
                       std::to_string(stage) + " rows " + std::to_string(rows));
          Chunk k{CDD_DTYPE_FLOAT32, kLE | stage, {50, 3}, rows, testing::filter_param(f)};
          expect_round_trip(okx_ob_f32_codec(), k, books().raw.data(), false);
          k.flags |= CDD_FLAG_DOWN_CAST_16;
          expect_round_trip(okx_ob_f16_codec(), k, books().normalized.data(), true);
        }
  });
}

TEST(ObCodec, OkxAllRowCountsOneToThreeHundred) {
  for (uint8_t f : {uint8_t(Filter::kNone), uint8_t(Filter::kXor), uint8_t(Filter::kShiftXor)})
    for (uint64_t rows = 1; rows <= 300; ++rows) {
      SCOPED_TRACE("filter " + std::to_string(f) + " rows " + std::to_string(rows));
      Chunk k{CDD_DTYPE_FLOAT32, kLE | (rows % 2 ? CDD_FLAG_LZ4 : CDD_FLAG_ZSTD), {50, 3}, rows,
              testing::filter_param(f)};
      expect_round_trip(okx_ob_f32_codec(), k, books().raw.data(), false);
      k.flags |= CDD_FLAG_DOWN_CAST_16;
      expect_round_trip(okx_ob_f16_codec(), k, books().normalized.data(), true);
    }
}

TEST(ObCodec, PayloadIsIdenticalWhicheverTargetEncoded) {
  for (uint8_t f = 0; f < kFilterCount; ++f) {
    Chunk k{CDD_DTYPE_FLOAT32, kLE | CDD_FLAG_ZSTD | CDD_FLAG_DOWN_CAST_16, {50, 3}, 97, testing::filter_param(f)};
    std::vector<std::byte> first;
    simd::testing::for_each_target([&](const std::string& t) {
      const auto enc = testing::encode(okx_ob_f16_codec(), k, books().normalized.data(), 3);
      ASSERT_TRUE(enc.has_value());
      if (first.empty()) first = *enc;
      EXPECT_EQ(first, *enc) << "filter " << int(f) << " encoded differently on " << t;
    });
  }
}

TEST(ObCodec, Float16DtypeIsStoredLosslessly) {
  gen::OrderBookGenerator g(5);
  const auto h = g.normalized_f16(77);
  for (uint8_t f = 0; f < kFilterCount; ++f) {
    Chunk k{CDD_DTYPE_FLOAT16, kLE | CDD_FLAG_LZ4, {50, 3}, 77, testing::filter_param(f)};
    const auto enc = testing::encode(okx_ob_f16_codec(), k, h.data());
    ASSERT_TRUE(enc.has_value()) << enc.error().message;
    const auto dec = testing::decode(okx_ob_f16_codec(), k, *enc);
    ASSERT_TRUE(dec.has_value()) << dec.error().message;
    ASSERT_EQ(0, std::memcmp(dec->data(), h.data(), h.size() * 2)) << int(f);
  }
}

TEST(ObCodec, GenericOddShapesOnEveryTarget) {
  std::mt19937 rng(77);
  simd::testing::for_each_target([&](const std::string&) {
    for (uint32_t D : {1u, 2u, 3u, 7u, 51u})
      for (uint32_t F : {1u, 2u, 5u})
        for (uint64_t rows : {1, 4, 33}) {
          // A book-like random walk so the filters see repeats and shifts.
          std::vector<float> x(rows * D * F);
          for (size_t i = 0; i < x.size(); ++i)
            x[i] = (i >= size_t(D) * F && rng() % 3 != 0) ? x[i - size_t(D) * F]
                                                          : static_cast<float>(rng() % 1000) * 0.25f;
          for (uint8_t f = 0; f < kFilterCount; ++f) {
            SCOPED_TRACE("D " + std::to_string(D) + " F " + std::to_string(F) + " rows " +
                         std::to_string(rows) + " filter " + std::to_string(f));
            Chunk k{CDD_DTYPE_FLOAT32, kLE | kStages[f % 3], {D, F}, rows, testing::filter_param(f)};
            expect_round_trip(generic_ob_f32_codec(), k, x.data(), false);
            k.flags |= CDD_FLAG_DOWN_CAST_16;
            expect_round_trip(generic_ob_f16_codec(), k, x.data(), true);
          }
        }
  });
}

TEST(ObCodec, EdgeValuesSurvive) {
  const uint32_t specials[] = {0x7FC00000u, 0x7F800001u, 0xFFA5A5A5u, 0x7FFFFFFFu, 0x00000000u, 0x80000000u,
                               0x00000001u, 0x807FFFFFu, 0x00800000u, 0x7F800000u, 0xFF800000u, 0x477FF000u,
                               0x477FEFFFu, 0xC7800000u, 0x33000000u, 0x33000001u, 0x387FE000u, 0x7F7FFFFFu};
  std::vector<float> x(books().raw.begin(), books().raw.begin() + 40 * 150);
  for (size_t i = 0; i < x.size(); i += 7) std::memcpy(&x[i], &specials[(i / 7) % std::size(specials)], 4);
  for (uint8_t f = 0; f < kFilterCount; ++f) {
    Chunk k{CDD_DTYPE_FLOAT32, kLE | CDD_FLAG_ZSTD, {50, 3}, 40, testing::filter_param(f)};
    expect_round_trip(okx_ob_f32_codec(), k, x.data(), false);
    k.flags |= CDD_FLAG_DOWN_CAST_16;
    expect_round_trip(okx_ob_f16_codec(), k, x.data(), true);
  }
}

TEST(ObCodec, ConcurrentEncodesAndDecodesAgree) {
  // Codecs keep per-thread scratch only: threads coding different chunk shapes at once must not interfere.
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &failures] {
      for (int i = 0; i < 40; ++i) {
        const uint64_t rows = 1 + static_cast<uint64_t>((t * 37 + i * 11) % 120);
        Chunk k{CDD_DTYPE_FLOAT32, kLE | (i % 2 ? CDD_FLAG_LZ4 : CDD_FLAG_ZSTD) | CDD_FLAG_DOWN_CAST_16, {50, 3}, rows,
                testing::filter_param(static_cast<uint8_t>((t + i) % kFilterCount))};
        const float* x = books().normalized.data() + 150 * static_cast<size_t>(t);
        const auto enc = testing::encode(okx_ob_f16_codec(), k, x);
        const auto dec = enc ? testing::decode(okx_ob_f16_codec(), k, *enc) : std::unexpected(enc.error());
        const auto want = testing::f16_round_trip(x, rows * 150);
        if (!dec || std::memcmp(dec->data(), want.data(), want.size() * 4) != 0) ++failures[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(failures[t], 0) << "thread " << t;
}

TEST(ObCodec, MisalignedBuffersRoundTrip) {
  // Readers decode rows into caller buffers at any byte offset; writers may hand over unaligned rows.
  const size_t rows = 21, bytes = rows * 150 * 4;
  for (uint8_t f = 0; f < kFilterCount; ++f)
    for (bool f16 : {false, true}) {
      Chunk k{CDD_DTYPE_FLOAT32, kLE | CDD_FLAG_LZ4 | (f16 ? CDD_FLAG_DOWN_CAST_16 : 0), {50, 3}, rows,
              testing::filter_param(f)};
      const float* x = f16 ? books().normalized.data() : books().raw.data();
      std::vector<std::byte> in(bytes + 3), out(bytes + 3);
      std::memcpy(in.data() + 1, x, bytes);
      const Codec& c = f16 ? okx_ob_f16_codec() : okx_ob_f32_codec();
      const ChunkDesc d = k.desc();
      std::vector<std::byte> payload;
      ASSERT_TRUE(c.encode(d, std::span<const std::byte>(in).subspan(1, bytes), 1, payload).has_value());
      ASSERT_TRUE(c.decode(d, payload, std::span<std::byte>(out).subspan(3, bytes)).has_value());
      const auto want = f16 ? testing::f16_round_trip(x, rows * 150) : std::vector<float>(x, x + rows * 150);
      ASSERT_EQ(0, std::memcmp(out.data() + 3, want.data(), bytes)) << "filter " << int(f) << " f16 " << f16;
    }
}

TEST(ObCodec, DefaultFilterWhenNoParams) {
  Chunk k{CDD_DTYPE_FLOAT32, kLE | CDD_FLAG_LZ4, {50, 3}, 10, {}};
  const auto enc = testing::encode(okx_ob_f32_codec(), k, books().raw.data());
  ASSERT_TRUE(enc.has_value());
  EXPECT_EQ(std::to_integer<uint8_t>((*enc)[0]), static_cast<uint8_t>(kDefaultFilter));
}

TEST(ObCodec, CheckRejectsWrongShapeDtypeAndFlags) {
  const uint32_t okx[] = {50, 3}, other[] = {20, 3}, flat[] = {150};
  const Codec& f16 = okx_ob_f16_codec();
  const Codec& f32 = okx_ob_f32_codec();
  EXPECT_TRUE(f32.check(CDD_DTYPE_FLOAT32, okx, kLE | CDD_FLAG_LZ4).has_value());
  EXPECT_TRUE(f16.check(CDD_DTYPE_FLOAT32, okx, kLE | CDD_FLAG_LZ4 | CDD_FLAG_DOWN_CAST_16).has_value());
  EXPECT_TRUE(f16.check(CDD_DTYPE_FLOAT16, okx, kLE | CDD_FLAG_ZSTD).has_value());
  EXPECT_TRUE(generic_ob_f32_codec().check(CDD_DTYPE_FLOAT32, other, kLE).has_value());
  EXPECT_EQ(f32.check(CDD_DTYPE_FLOAT32, other, kLE).error().code, CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(f32.check(CDD_DTYPE_FLOAT32, flat, kLE).error().code, CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(generic_ob_f32_codec().check(CDD_DTYPE_FLOAT32, flat, kLE).error().code, CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(f32.check(CDD_DTYPE_FLOAT64, okx, kLE).error().code, CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(f32.check(CDD_DTYPE_FLOAT32, okx, kLE | CDD_FLAG_DOWN_CAST_16).error().code, CDD_E_UNSUPPORTED);
  EXPECT_EQ(f16.check(CDD_DTYPE_FLOAT32, okx, kLE).error().code, CDD_E_INVALID_ARGUMENT);  // needs DOWN_CAST_16
  EXPECT_EQ(f16.check(CDD_DTYPE_FLOAT16, okx, kLE | CDD_FLAG_DOWN_CAST_16).error().code, CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(f32.check(CDD_DTYPE_FLOAT32, okx, kLE | CDD_FLAG_LZ4 | CDD_FLAG_ZSTD).error().code, CDD_E_FORMAT);
  EXPECT_EQ(f32.check(CDD_DTYPE_FLOAT32, okx, CDD_FLAG_LZ4).error().code, CDD_E_FORMAT);
  EXPECT_EQ(f32.check(CDD_DTYPE_FLOAT32, okx, kLE | CDD_FLAG_DOWN_CAST_8).error().code, CDD_E_UNSUPPORTED);
}

TEST(ObCodec, BadParamsAreRejectedAtEncode) {
  Chunk k{CDD_DTYPE_FLOAT32, kLE | CDD_FLAG_LZ4, {50, 3}, 3, testing::filter_param(9)};
  const auto bad_filter = testing::encode(okx_ob_f32_codec(), k, books().raw.data());
  ASSERT_FALSE(bad_filter.has_value());
  EXPECT_EQ(bad_filter.error().code, CDD_E_INVALID_ARGUMENT);
  k.params = {std::byte{1}, std::byte{0}};
  const auto too_long = testing::encode(okx_ob_f32_codec(), k, books().raw.data());
  ASSERT_FALSE(too_long.has_value());
  EXPECT_EQ(too_long.error().code, CDD_E_INVALID_ARGUMENT);
}

}  // namespace
}  // namespace cdd::ob
