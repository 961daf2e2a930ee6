// regimes_test.cpp — the generator's market regimes: deterministic per seed and regime, the ladder
// invariants on every regime, and each regime's documented statistics (size-change and mid-move
// fractions, trends, gaps and thin books, bursts of cancels, heavy-tailed lot-grid sizes, small counts).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "gen/orderbook_generator.hpp"
#include "gen/regimes.hpp"

namespace {

using cdd::gen::kFields;
using cdd::gen::kLevels;
using cdd::gen::kLevelsPerSide;
using cdd::gen::kValuesPerRow;
using cdd::gen::OrderBookGenerator;
using cdd::gen::Regime;

constexpr Regime kRealistic[] = {Regime::kCalm,     Regime::kNormal, Regime::kBusy,
                                 Regime::kTrending, Regime::kGappy,  Regime::kStress};

struct Book {
  std::vector<float> v;
  size_t rows;
  float at(size_t r, size_t level, size_t field) const { return v[(r * kLevels + level) * kFields + field]; }
  int64_t ticks(size_t r, size_t level) const { return std::llround(static_cast<double>(at(r, level, 0)) * 10.0); }
  int64_t mid2(size_t r) const { return ticks(r, 0) + ticks(r, kLevelsPerSide); }  // 2 x mid, in ticks
};

Book make(Regime regime, size_t rows, uint64_t seed = 1) {
  OrderBookGenerator g(seed, regime);
  return {g.orderbook_f32(rows), rows};
}

struct Stats {
  double size_change = 0;  // of the levels at an unchanged price, the share whose size changed
  double mid_moves = 0;    // share of snapshots whose mid differs from the previous one
  double same_dir = 0;     // share of consecutive mid moves in the same direction
  double gaps = 0;         // share of adjacent visible levels more than one tick apart
  double empty_ticks = 0;  // mean number of empty ticks between adjacent visible levels
  double empty = 0;        // share of level slots that are empty (thin books)
  double bursts = 0;       // share of snapshots where >= 5 price levels of one side lose >= 40% of their size
};

Stats stats_of(const Book& b) {
  Stats s;
  uint64_t same_price = 0, changed = 0, moves = 0, runs = 0, pairs = 0, gapped = 0, adjacent = 0, empty = 0,
           bursts = 0, empty_ticks = 0;
  int last_dir = 0;
  for (size_t r = 0; r < b.rows; ++r) {
    for (size_t l = 0; l < kLevels; ++l) empty += b.at(r, l, 1) == 0.0f;
    for (size_t side = 0; side < 2; ++side) {
      for (size_t i = 1; i < kLevelsPerSide; ++i) {
        const size_t l = side * kLevelsPerSide + i;
        if (b.at(r, l, 1) == 0.0f) break;
        ++adjacent;
        const int64_t step = std::llabs(b.ticks(r, l) - b.ticks(r, l - 1));
        gapped += step > 1;
        empty_ticks += static_cast<uint64_t>(step - 1);
      }
    }
    if (r == 0) continue;
    bool burst = false;
    for (size_t side = 0; side < 2; ++side) {
      // Levels matched by price (a level keeps its price while the ladder shifts under it).
      int shrunk = 0;
      size_t j = 0;
      for (size_t i = 0; i < kLevelsPerSide; ++i) {
        const size_t l = side * kLevelsPerSide + i;
        if (b.at(r, l, 1) == 0.0f) break;
        const int64_t t = b.ticks(r, l);
        const auto beyond = [&](int64_t u) { return side == 0 ? u < t : u > t; };
        while (j < kLevelsPerSide && b.at(r - 1, side * kLevelsPerSide + j, 1) != 0.0f &&
               beyond(b.ticks(r - 1, side * kLevelsPerSide + j))) {
          ++j;
        }
        const size_t k = side * kLevelsPerSide + j;
        if (j == kLevelsPerSide || b.at(r - 1, k, 1) == 0.0f || b.ticks(r - 1, k) != t) continue;
        ++same_price;
        changed += b.at(r, l, 1) != b.at(r - 1, k, 1);
        shrunk += b.at(r, l, 1) <= 0.6f * b.at(r - 1, k, 1);
      }
      burst = burst || shrunk >= 5;
    }
    bursts += burst;
    const int64_t d = b.mid2(r) - b.mid2(r - 1);
    if (d != 0) {
      ++moves;
      const int dir = d > 0 ? 1 : -1;
      if (last_dir != 0) {
        ++pairs;
        runs += dir == last_dir;
      }
      last_dir = dir;
    }
  }
  s.size_change = static_cast<double>(changed) / static_cast<double>(same_price);
  s.mid_moves = static_cast<double>(moves) / static_cast<double>(b.rows - 1);
  s.same_dir = pairs ? static_cast<double>(runs) / static_cast<double>(pairs) : 0;
  s.gaps = static_cast<double>(gapped) / static_cast<double>(adjacent);
  s.empty_ticks = static_cast<double>(empty_ticks) / static_cast<double>(adjacent);
  s.empty = static_cast<double>(empty) / static_cast<double>(b.rows * kLevels);
  s.bursts = static_cast<double>(bursts) / static_cast<double>(b.rows - 1);
  return s;
}

bool on_grid(float value, double step) {
  const auto units = std::llround(static_cast<double>(value) / step);
  return static_cast<float>(static_cast<double>(units) * step) == value;
}

TEST(GenRegimes, NamesRoundTrip) {
  for (uint32_t v = 0; v < cdd::gen::kRegimeCount; ++v) {
    const auto r = cdd::gen::regime_from_value(v);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(cdd::gen::regime_from_name(cdd::gen::regime_name(*r)), r);
  }
  EXPECT_FALSE(cdd::gen::regime_from_value(cdd::gen::kRegimeCount).has_value());
  EXPECT_FALSE(cdd::gen::regime_from_name("Normal").has_value());
  EXPECT_FALSE(cdd::gen::regime_from_name("").has_value());
  EXPECT_EQ(cdd::gen::regime_name(Regime::kBusy), "busy");
}

TEST(GenRegimes, DeterministicPerSeedAndRegime) {
  for (Regime regime : kRealistic) {
    SCOPED_TRACE(std::string(cdd::gen::regime_name(regime)));
    OrderBookGenerator a(42, regime), b(42, regime), c(43, regime);
    const auto x = a.orderbook_f32(1500);
    const auto y = b.orderbook_f32(1500);
    const auto z = c.orderbook_f32(1500);
    EXPECT_EQ(std::memcmp(x.data(), y.data(), x.size() * sizeof(float)), 0);
    EXPECT_NE(std::memcmp(x.data(), z.data(), x.size() * sizeof(float)), 0);
    EXPECT_EQ(a.normalized_f16(400), b.normalized_f16(400));
    EXPECT_EQ(a.timestamps_ms(300), b.timestamps_ms(300));
    EXPECT_EQ(a.regime(), regime);

    // Two calls continue the stream like one call.
    OrderBookGenerator whole(9, regime), parts(9, regime);
    const auto one = whole.orderbook_f32(900);
    auto p = parts.orderbook_f32(317);
    const auto q = parts.orderbook_f32(583);
    p.insert(p.end(), q.begin(), q.end());
    EXPECT_EQ(std::memcmp(one.data(), p.data(), one.size() * sizeof(float)), 0);
  }
  // The regimes differ from each other and from the legacy stream for one seed.
  std::vector<std::vector<float>> books;
  for (Regime regime : kRealistic) books.push_back(OrderBookGenerator(5, regime).orderbook_f32(200));
  books.push_back(OrderBookGenerator(5).orderbook_f32(200));
  for (size_t i = 0; i < books.size(); ++i) {
    for (size_t j = i + 1; j < books.size(); ++j) EXPECT_NE(books[i], books[j]) << i << " vs " << j;
  }
}

TEST(GenRegimes, LegacyRegimeIsTheOneArgumentStream) {
  OrderBookGenerator a(77), b(77, Regime::kLegacy);
  EXPECT_EQ(a.orderbook_f32(3000), b.orderbook_f32(3000));
  EXPECT_EQ(a.normalized_f16(500), b.normalized_f16(500));
  EXPECT_EQ(a.regime(), Regime::kLegacy);
}

TEST(GenRegimes, LadderInvariantsOnEveryRegime) {
  for (Regime regime : kRealistic) {
    SCOPED_TRACE(std::string(cdd::gen::regime_name(regime)));
    const Book b = make(regime, 6000, 3);
    for (size_t r = 0; r < b.rows; ++r) {
      ASSERT_GT(b.at(r, 0, 0), b.at(r, kLevelsPerSide, 0)) << "crossed book at row " << r;
      for (size_t side = 0; side < 2; ++side) {
        bool ended = false;
        for (size_t i = 0; i < kLevelsPerSide; ++i) {
          const size_t l = side * kLevelsPerSide + i;
          const float price = b.at(r, l, 0), size = b.at(r, l, 1), count = b.at(r, l, 2);
          if (size == 0.0f) {
            ASSERT_GT(i, 0u) << "row " << r << ": an empty side";
            ASSERT_EQ(price, 0.0f);
            ASSERT_EQ(count, 0.0f);
            ended = true;
            continue;
          }
          ASSERT_FALSE(ended) << "row " << r << " level " << l << ": a level after an empty one";
          ASSERT_TRUE(on_grid(price, 0.1)) << "row " << r << " level " << l << " price " << price;
          ASSERT_TRUE(on_grid(size, 0.001)) << "row " << r << " level " << l << " size " << size;
          ASSERT_EQ(count, std::floor(count));
          ASSERT_GE(count, 1.0f);
          ASSERT_LE(count, std::round(size / 0.001f) + 0.5f);
          if (i > 0) {
            const int64_t step = b.ticks(r, l) - b.ticks(r, l - 1);
            ASSERT_TRUE(side == 0 ? step > 0 : step < 0) << "row " << r << " level " << l << ": not monotonic";
          }
        }
      }
    }
  }
}

TEST(GenRegimes, SizesAreHeavyTailedOnTheLotGridAndCountsSmall) {
  for (Regime regime : kRealistic) {
    SCOPED_TRACE(std::string(cdd::gen::regime_name(regime)));
    const Book b = make(regime, 4000, 11);
    std::vector<int64_t> lots;
    std::vector<float> counts;
    for (size_t r = 0; r < b.rows; ++r) {
      for (size_t l = 0; l < kLevels; ++l) {
        if (b.at(r, l, 1) == 0.0f) continue;
        lots.push_back(std::llround(static_cast<double>(b.at(r, l, 1)) / 0.001));
        counts.push_back(b.at(r, l, 2));
      }
    }
    std::sort(lots.begin(), lots.end());
    std::sort(counts.begin(), counts.end());
    const double median = static_cast<double>(lots[lots.size() / 2]);
    const double p999 = static_cast<double>(lots[lots.size() * 999 / 1000]);
    EXPECT_GT(p999 / median, 20.0) << "sizes are not heavy-tailed";
    EXPECT_LE(counts[counts.size() / 2], 8.0f);
    EXPECT_LE(counts.back(), 64.0f);
  }
}

TEST(GenRegimes, StatisticsMatchTheDocumentedParameters) {
  constexpr size_t kRows = 20000;
  const Stats calm = stats_of(make(Regime::kCalm, kRows));
  const Stats normal = stats_of(make(Regime::kNormal, kRows));
  const Stats busy = stats_of(make(Regime::kBusy, kRows));
  const Stats trending = stats_of(make(Regime::kTrending, kRows));
  const Stats gappy = stats_of(make(Regime::kGappy, kRows));
  const Stats stress = stats_of(make(Regime::kStress, kRows));
  for (const Stats* s : {&calm, &normal, &busy, &trending, &gappy, &stress}) {
    std::printf("size_change %.3f mid_moves %.3f same_dir %.3f gaps %.3f empty_ticks %.2f empty %.3f bursts %.3f\n",
                s->size_change, s->mid_moves, s->same_dir, s->gaps, s->empty_ticks, s->empty, s->bursts);
  }

  // Calm: few changes, the mid rarely moves.
  EXPECT_LT(calm.size_change, 0.08);
  EXPECT_LT(calm.mid_moves, 0.12);
  // Normal: about a quarter of the levels change size, the mid moves in about a third of snapshots.
  EXPECT_GT(normal.size_change, 0.20);
  EXPECT_LT(normal.size_change, 0.33);
  EXPECT_GT(normal.mid_moves, 0.28);
  EXPECT_LT(normal.mid_moves, 0.40);
  // Busy: 30-40% of levels change, the mid moves in about a third of snapshots, bursts of cancels.
  EXPECT_GT(busy.size_change, 0.30);
  EXPECT_LT(busy.size_change, 0.45);
  EXPECT_GT(busy.mid_moves, 0.30);
  EXPECT_LT(busy.mid_moves, 0.42);
  EXPECT_GT(busy.bursts, 2.0 * normal.bursts);
  EXPECT_GT(busy.bursts, 0.05);
  // Trending: moves keep their direction; the others are random walks.
  EXPECT_GT(trending.same_dir, 0.85);
  for (const Stats* s : {&calm, &normal, &busy, &gappy}) EXPECT_LT(s->same_dir, 0.65);
  // Gappy: many empty ticks between levels and thin sides (empty level slots); the others are full.
  EXPECT_GT(gappy.gaps, 0.45);
  EXPECT_GT(gappy.empty_ticks, 2.0);
  EXPECT_GT(gappy.empty, 0.05);
  for (const Stats* s : {&calm, &normal, &busy, &trending, &stress}) {
    EXPECT_LT(2 * s->empty_ticks, gappy.empty_ticks);
    EXPECT_EQ(s->empty, 0.0);
  }
  // Stress: nearly every size changes every snapshot, the mid moves most of the time.
  EXPECT_GT(stress.size_change, 0.9);
  EXPECT_GT(stress.mid_moves, 0.6);
  // The order of activity the names promise.
  EXPECT_LT(calm.size_change, normal.size_change);
  EXPECT_LT(normal.size_change, busy.size_change);
  EXPECT_LT(busy.size_change, stress.size_change);
}

TEST(GenRegimes, NormalizedViewFollowsTheRawBook) {
  for (Regime regime : kRealistic) {
    SCOPED_TRACE(std::string(cdd::gen::regime_name(regime)));
    OrderBookGenerator raw(21, regime), norm(21, regime);
    const auto book = raw.orderbook_f32(300);
    std::vector<float> view(300 * kValuesPerRow);
    norm.normalized_f32(300, view.data());
    for (size_t r = 0; r < 300; ++r) {
      const float* b = &book[r * kValuesPerRow];
      const float* v = &view[r * kValuesPerRow];
      const double mid = (static_cast<double>(b[0]) + b[kLevelsPerSide * kFields]) / 2.0;
      for (size_t l = 0; l < kLevels; ++l) {
        if (b[l * kFields + 1] == 0.0f) {
          EXPECT_EQ(v[l * kFields], 0.0f);
          EXPECT_EQ(v[l * kFields + 1], 0.0f);
          continue;
        }
        EXPECT_NEAR(v[l * kFields], (b[l * kFields] - mid) / mid * 1e4, 0.01);
        EXPECT_NEAR(v[l * kFields + 1], std::log1p(b[l * kFields + 1]), 1e-5);
        EXPECT_EQ(v[l * kFields + 2], b[l * kFields + 2]);
      }
    }
  }
}

}  // namespace
