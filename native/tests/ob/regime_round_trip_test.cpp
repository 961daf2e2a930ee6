// regime_round_trip_test.cpp — every order-book filter and stage round-trips bit for bit on every market
// regime of the generator (small chunks of each regime's float32 raw book and float16 normalized book,
// whole and by row ranges), on every SIMD target for the presets' filters (4 and 5).
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "gen/orderbook_generator.hpp"
#include "gen/regimes.hpp"
#include "ob/filter_params.hpp"
#include "ob/orderbook_codec.hpp"
#include "ob_test_util.hpp"
#include "../simd/for_each_target.hpp"

namespace cdd::ob {
namespace {

using testing::Chunk;

constexpr uint64_t kLE = CDD_FLAG_LITTLE_ENDIAN;
constexpr size_t kRows = 97;  // odd: crosses the bitmap-planar decoder's 32-row blocks unevenly

struct RegimeBooks {
  std::vector<float> raw;
  std::vector<uint16_t> f16;
};

RegimeBooks books_of(gen::Regime r) {
  gen::OrderBookGenerator g(77, r);
  RegimeBooks b;
  b.raw = g.orderbook_f32(kRows);
  b.f16.resize(b.raw.size());
  g.normalized_f16(kRows, b.f16.data());
  return b;
}

void check(const Codec& c, const Chunk& k, const void* x, size_t row_bytes, int level) {
  const auto enc = testing::encode(c, k, x, level);
  ASSERT_TRUE(enc.has_value()) << enc.error().message;
  const auto dec = testing::decode(c, k, *enc);
  ASSERT_TRUE(dec.has_value()) << dec.error().message;
  ASSERT_EQ(0, std::memcmp(dec->data(), x, kRows * row_bytes));
  const ChunkDesc d = k.desc();
  for (const auto& [first, end] : {std::pair<size_t, size_t>{0, 1}, {31, 34}, {33, 97}, {60, 61}, {96, 97}}) {
    std::vector<std::byte> out((end - first) * row_bytes);
    const auto st = c.decode_range(d, *enc, out, first, end);
    ASSERT_TRUE(st.has_value()) << st.error().message;
    ASSERT_EQ(0, std::memcmp(out.data(), static_cast<const std::byte*>(x) + first * row_bytes, out.size()))
        << "rows [" << first << ", " << end << ")";
  }
}

void check_regime(gen::Regime r, std::initializer_list<uint8_t> filters) {
  const RegimeBooks b = books_of(r);
  for (uint8_t f : filters)
    for (uint64_t stage : {uint64_t{CDD_FLAG_LZ4}, uint64_t{CDD_FLAG_ZSTD}, uint64_t{0}}) {
      SCOPED_TRACE(std::string("regime ") + std::to_string(static_cast<int>(r)) + " filter " +
                   filter_name(static_cast<Filter>(f)) + " stage " + std::to_string(stage));
      const int level = stage == CDD_FLAG_LZ4 ? 9 : 1;
      check(okx_ob_f32_codec(), Chunk{CDD_DTYPE_FLOAT32, kLE | stage, {50, 3}, kRows, testing::filter_param(f)},
            b.raw.data(), 150 * 4, level);
      check(okx_ob_f16_codec(), Chunk{CDD_DTYPE_FLOAT16, kLE | stage, {50, 3}, kRows, testing::filter_param(f)},
            b.f16.data(), 150 * 2, level);
      check(generic_ob_f16_codec(), Chunk{CDD_DTYPE_FLOAT16, kLE | stage, {50, 3}, kRows, testing::filter_param(f)},
            b.f16.data(), 150 * 2, level);
      if (::testing::Test::HasFatalFailure()) return;
    }
}

TEST(ObRegimes, EveryFilterAndStageRoundTripsOnEveryRegime) {
  for (uint32_t r = 0; r < gen::kRegimeCount; ++r) {
    check_regime(static_cast<gen::Regime>(r), {0, 1, 2, 3, 4, 5});
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(ObRegimes, PresetFiltersRoundTripOnEveryRegimeAndTarget) {
  simd::testing::for_each_target([](const std::string&) {
    for (uint32_t r = 1; r < gen::kRegimeCount; ++r) {
      check_regime(static_cast<gen::Regime>(r), {uint8_t(Filter::kBitmap), uint8_t(Filter::kBitmapPlanar)});
      if (::testing::Test::HasFatalFailure()) return;
    }
  });
}

}  // namespace
}  // namespace cdd::ob
