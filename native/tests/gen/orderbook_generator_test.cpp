// orderbook_generator_test.cpp — the order-book generator is deterministic, continues across calls, and
// keeps the microstructure invariants the codecs and benchmarks rely on.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "gen/orderbook_generator.hpp"
#include "simd/scalar_reference.hpp"

namespace {

using cdd::gen::kFields;
using cdd::gen::kLevels;
using cdd::gen::kLevelsPerSide;
using cdd::gen::kValuesPerRow;
using cdd::gen::OrderBookGenerator;

float at(const std::vector<float>& book, size_t row, size_t level, size_t field) {
  return book[(row * kLevels + level) * kFields + field];
}

bool on_grid(float value, double step) {
  const auto units = std::llround(static_cast<double>(value) / step);
  return static_cast<float>(static_cast<double>(units) * step) == value;
}

double mid_of(const std::vector<float>& book, size_t row) {
  return (static_cast<double>(at(book, row, 0, 0)) + at(book, row, kLevelsPerSide, 0)) / 2.0;
}

TEST(GenOrderBook, SameSeedSameStream) {
  OrderBookGenerator a(42), b(42), c(43);
  const auto x = a.orderbook_f32(2000);
  const auto y = b.orderbook_f32(2000);
  const auto z = c.orderbook_f32(2000);
  EXPECT_EQ(std::memcmp(x.data(), y.data(), x.size() * sizeof(float)), 0);
  EXPECT_NE(std::memcmp(x.data(), z.data(), x.size() * sizeof(float)), 0);
  EXPECT_EQ(a.timestamps_ms(500), b.timestamps_ms(500));
  EXPECT_EQ(a.normalized_f16(300), b.normalized_f16(300));
}

TEST(GenOrderBook, ContinuationEqualsOneCall) {
  OrderBookGenerator whole(7), parts(7);
  const auto one = whole.orderbook_f32(1000);
  std::vector<float> pieces(1000 * kValuesPerRow);
  parts.orderbook_f32(1, pieces.data());
  parts.orderbook_f32(498, pieces.data() + 1 * kValuesPerRow);
  parts.orderbook_f32(0, pieces.data());
  parts.orderbook_f32(501, pieces.data() + 499 * kValuesPerRow);
  EXPECT_EQ(std::memcmp(one.data(), pieces.data(), one.size() * sizeof(float)), 0);

  // f16 and timestamps continue their streams the same way.
  const auto h_one = whole.normalized_f16(700);
  auto h_a = parts.normalized_f16(333);
  const auto h_b = parts.normalized_f16(367);
  h_a.insert(h_a.end(), h_b.begin(), h_b.end());
  EXPECT_EQ(h_one, h_a);
  const auto t_one = whole.timestamps_ms(900);
  auto t_a = parts.timestamps_ms(1);
  const auto t_b = parts.timestamps_ms(899);
  t_a.insert(t_a.end(), t_b.begin(), t_b.end());
  EXPECT_EQ(t_one, t_a);
  EXPECT_EQ(whole.snapshots_generated(), parts.snapshots_generated());
}

TEST(GenOrderBook, LadderInvariantsHoldEverywhere) {
  OrderBookGenerator gen(2024);
  constexpr size_t kRows = 20000;
  const auto book = gen.orderbook_f32(kRows);
  for (size_t r = 0; r < kRows; ++r) {
    SCOPED_TRACE(testing::Message() << "row " << r);
    ASSERT_GT(at(book, r, 0, 0), at(book, r, kLevelsPerSide, 0)) << "crossed book";
    for (size_t l = 0; l < kLevels; ++l) {
      const float price = at(book, r, l, 0), size = at(book, r, l, 1), count = at(book, r, l, 2);
      ASSERT_TRUE(on_grid(price, 0.1)) << "level " << l << " price " << price;
      ASSERT_TRUE(on_grid(size, 0.001)) << "level " << l << " size " << size;
      ASSERT_EQ(count, std::floor(count)) << "level " << l;
      ASSERT_EQ(count >= 1.0f, size > 0.0f) << "level " << l;
      ASSERT_LE(count, std::llround(size / 0.001)) << "level " << l << ": more orders than lots";
      ASSERT_GT(price, 0.0f) << "level " << l << " missing (the generator keeps full depth)";
      if (l + 1 < kLevelsPerSide) {
        ASSERT_LT(price, at(book, r, l + 1, 0)) << "asks not ascending at level " << l;
      }
      if (l >= kLevelsPerSide && l + 1 < kLevels) {
        ASSERT_GT(price, at(book, r, l + 1, 0)) << "bids not descending at level " << l;
      }
    }
  }
}

TEST(GenOrderBook, MostLevelsPersistBetweenSnapshots) {
  OrderBookGenerator gen(11);
  constexpr size_t kRows = 20000;
  const auto book = gen.orderbook_f32(kRows);
  size_t unchanged = 0, shifted_rows = 0, identical_rows = 0, gap_rows = 0;
  for (size_t r = 1; r < kRows; ++r) {
    size_t same_row = 0;
    for (size_t l = 0; l < kLevels; ++l) {
      const float* a = &book[((r - 1) * kLevels + l) * kFields];
      const float* b = &book[(r * kLevels + l) * kFields];
      if (std::memcmp(a, b, kFields * sizeof(float)) == 0) ++same_row;
    }
    unchanged += same_row;
    if (same_row == kLevels) ++identical_rows;
    if (at(book, r, 0, 0) != at(book, r - 1, 0, 0) ||
        at(book, r, kLevelsPerSide, 0) != at(book, r - 1, kLevelsPerSide, 0))
      ++shifted_rows;
    for (size_t l = 0; l + 1 < kLevelsPerSide; ++l) {
      if (at(book, r, l + 1, 0) - at(book, r, l, 0) > 0.15f) {
        ++gap_rows;
        break;
      }
    }
  }
  const double n = static_cast<double>(kRows - 1);
  const double unchanged_fraction = static_cast<double>(unchanged) / (n * kLevels);
  EXPECT_GT(unchanged_fraction, 0.5);
  EXPECT_LT(unchanged_fraction, 0.97);
  EXPECT_GT(shifted_rows / n, 0.02) << "the best prices must move";
  EXPECT_LT(shifted_rows / n, 0.6);
  EXPECT_GT(identical_rows / n, 0.05) << "quiet stretches repeat the book exactly";
  EXPECT_GT(gap_rows / n, 0.5) << "the ask ladder should usually have gaps";
}

TEST(GenOrderBook, MidWalksWithJumpsNearSixtyThousand) {
  OrderBookGenerator gen(5);
  constexpr size_t kRows = 100000;
  const auto book = gen.orderbook_f32(kRows);
  double lo = 1e9, hi = 0;
  size_t jumps = 0;
  for (size_t r = 0; r < kRows; ++r) {
    const double mid = mid_of(book, r);
    lo = std::min(lo, mid);
    hi = std::max(hi, mid);
    if (r > 0 && std::fabs(mid - mid_of(book, r - 1)) >= 1.0) ++jumps;  // >= 10 ticks at once
  }
  EXPECT_GT(lo, 50000.0);
  EXPECT_LT(hi, 70000.0);
  EXPECT_GT(hi - lo, 5.0) << "the mid should wander";
  EXPECT_GE(jumps, 5u);
  EXPECT_LT(jumps, kRows / 100);
}

TEST(GenOrderBook, SizesAreHeavyTailed) {
  OrderBookGenerator gen(99);
  const auto book = gen.orderbook_f32(5000);
  std::vector<float> sizes;
  for (size_t r = 0; r < 5000; ++r)
    for (size_t l = 0; l < kLevels; ++l) sizes.push_back(at(book, r, l, 1));
  std::sort(sizes.begin(), sizes.end());
  const float median = sizes[sizes.size() / 2];
  EXPECT_GE(sizes.front(), 0.001f);
  EXPECT_GT(sizes.back(), 100.0f * median) << "median " << median << " max " << sizes.back();
  EXPECT_GT(sizes[sizes.size() * 999 / 1000], 20.0f * median);
}

TEST(GenOrderBook, NormalizedViewMatchesTheBook) {
  OrderBookGenerator raw(31), norm(31), half(31);
  constexpr size_t kRows = 3000;
  const auto book = raw.orderbook_f32(kRows);
  std::vector<float> view(kRows * kValuesPerRow);
  norm.normalized_f32(kRows, view.data());
  const auto bits = half.normalized_f16(kRows);
  for (size_t r = 0; r < kRows; ++r) {
    const double mid = (static_cast<double>(std::llround(at(book, r, 0, 0) * 10.0)) +
                        static_cast<double>(std::llround(at(book, r, kLevelsPerSide, 0) * 10.0))) *
                       0.1 / 2.0;
    for (size_t l = 0; l < kLevels; ++l) {
      const size_t i = (r * kLevels + l) * kFields;
      const double price = static_cast<double>(std::llround(at(book, r, l, 0) * 10.0)) * 0.1;
      const double bp = (price - mid) / mid * 1e4;
      ASSERT_NEAR(view[i], bp, 1e-5 + std::fabs(bp) * 1e-6) << "row " << r << " level " << l;
      ASSERT_EQ(view[i] > 0, l < kLevelsPerSide) << "asks above the mid, bids below";
      ASSERT_NEAR(view[i + 1], std::log1p(static_cast<double>(at(book, r, l, 1))), 1e-5);
      ASSERT_EQ(view[i + 2], at(book, r, l, 2));
      for (size_t f = 0; f < kFields; ++f) {
        uint32_t x;
        std::memcpy(&x, &view[i + f], 4);
        ASSERT_EQ(bits[i + f], cdd::simd::ref::f32_bits_to_f16(x)) << "row " << r << " value " << i + f;
      }
    }
  }
}

TEST(GenOrderBook, TimestampsStepAboutOneHundredMs) {
  OrderBookGenerator gen(3);
  constexpr size_t kRows = 50000;
  const auto ts = gen.timestamps_ms(kRows);
  std::vector<int64_t> steps;
  for (size_t i = 1; i < kRows; ++i) {
    ASSERT_GT(ts[i], ts[i - 1]) << "at " << i;
    steps.push_back(ts[i] - ts[i - 1]);
  }
  EXPECT_GE(ts[0], int64_t{1717200000000});
  std::sort(steps.begin(), steps.end());
  EXPECT_GE(steps[steps.size() / 2], 95);
  EXPECT_LE(steps[steps.size() / 2], 112);
  EXPECT_NE(steps.front(), steps[steps.size() / 2]) << "steps must be irregular";
  EXPECT_GT(steps.back(), 1000) << "feed gaps happen";
}

}  // namespace
