// orderbook_generator.cpp — the book dynamics behind OrderBookGenerator: a price->size ladder per side that
// evolves by size changes, insertions, cancels, trades, spread refills and rare jumps, in three phases
// (Regime::kLegacy; the named regimes' dynamics are in regime_dynamics.cpp).
#include "gen/orderbook_generator.hpp"

#include <algorithm>
#include <cmath>

#include "simd/scalar_reference.hpp"

namespace cdd::gen {
namespace {

constexpr size_t kMinDepth = 40;  // levels kept per side (more than the 25 shown, so shifts reveal
constexpr size_t kMaxDepth = 64;  // persistent deeper levels instead of fresh ones)
constexpr uint64_t kClockSalt = 0xC10CC10CC10CC10Cull;

int bit_length(int64_t v) {
  int n = 0;
  while (v > 0) {
    ++n;
    v >>= 1;
  }
  return n;
}

}  // namespace

OrderBookGenerator::OrderBookGenerator(uint64_t seed, const OrderBookParams& params)
    : params_(params), book_rng_(seed), clock_rng_(seed ^ kClockSalt) {
  now_ms_ = params_.start_time_ms + static_cast<int64_t>(clock_rng_.below(86'400'000));
  init_book();
}

OrderBookGenerator::OrderBookGenerator(uint64_t seed, Regime regime, const OrderBookParams& params)
    : params_(params), book_rng_(seed), clock_rng_(seed ^ kClockSalt), regime_kind_(regime) {
  now_ms_ = params_.start_time_ms + static_cast<int64_t>(clock_rng_.below(86'400'000));
  if (regime == Regime::kLegacy) {
    init_book();
  } else {
    rp_ = &regime_params(regime);
    init_regime_book();
  }
}

// A fresh level size in lots: a power-of-two magnitude with geometric weight (P(size > x) ~ 1/x, i.e.
// Pareto with alpha ~ 1), a uniform mantissa, deeper levels somewhat larger, and the round sizes (10 and
// 100 lots) that traders favour.
int64_t OrderBookGenerator::draw_lots(size_t depth) {
  const int k = book_rng_.geometric(1, 2, 14);
  int64_t lots = (int64_t{1} << k) + static_cast<int64_t>(book_rng_.below(uint64_t{1} << k));
  lots *= 3;
  lots += lots * static_cast<int64_t>(depth) / 20;
  const uint64_t r = book_rng_.below(100);
  if (r < 20 && lots >= 20) {
    lots = lots / 10 * 10;
  } else if (r < 28 && lots >= 200) {
    lots = lots / 100 * 100;
  }
  return std::max<int64_t>(1, lots);
}

// A small order count that grows with the size; never more orders than lots.
int64_t OrderBookGenerator::orders_for(int64_t lots) {
  const int64_t orders = 1 + book_rng_.geometric(1, 2, 6) + bit_length(lots) / 4;
  return std::min(orders, lots);
}

// An index in [0, n), n >= 1, favouring the top of the book (the minimum of two uniform draws).
size_t OrderBookGenerator::biased_index(size_t n) {
  const uint64_t a = book_rng_.below(n);
  const uint64_t b = book_rng_.below(n);
  return static_cast<size_t>(std::min(a, b));
}

void OrderBookGenerator::init_book() {
  asks_.clear();
  bids_.clear();
  int64_t bid = params_.start_mid_ticks;
  int64_t ask = params_.start_mid_ticks + 1;
  for (size_t i = 0; i < kMinDepth + 5; ++i) {
    int64_t lots = draw_lots(i);
    asks_.push_back({ask, lots, orders_for(lots)});
    lots = draw_lots(i);
    bids_.push_back({bid, lots, orders_for(lots)});
    ask += 1 + (book_rng_.chance(22, 100) ? book_rng_.between(1, 3) : 0);
    bid -= 1 + (book_rng_.chance(22, 100) ? book_rng_.between(1, 3) : 0);
  }
}

void OrderBookGenerator::modify_level(Side& side) {
  if (side.empty()) return;
  const size_t i = biased_index(side.size());
  Level& level = side[i];
  if (book_rng_.chance(55, 100)) {
    level.lots += std::max<int64_t>(1, draw_lots(i) / 2);
    level.orders = std::min(level.orders + 1, level.lots);
    return;
  }
  const int64_t cancel = draw_lots(i) / 2 + 1;
  if (cancel >= level.lots) {
    side.erase(side.begin() + static_cast<std::ptrdiff_t>(i));
    return;
  }
  level.lots -= cancel;
  if (level.orders > 1) --level.orders;
  level.orders = std::min(level.orders, level.lots);
}

// A new level in a gap of the ladder near the top (a no-op when the ladder near the drawn level has no
// gap).
void OrderBookGenerator::insert_level(Side& side, bool is_ask) {
  if (side.size() < 2) return;
  const size_t start = biased_index(side.size() - 1);
  const size_t end = std::min(side.size() - 1, start + 8);
  for (size_t i = start; i < end; ++i) {
    const int64_t gap = is_ask ? side[i + 1].ticks - side[i].ticks : side[i].ticks - side[i + 1].ticks;
    if (gap <= 1) continue;
    const int64_t offset = book_rng_.between(1, gap - 1);
    const int64_t ticks = is_ask ? side[i].ticks + offset : side[i].ticks - offset;
    const int64_t lots = draw_lots(i + 1);
    side.insert(side.begin() + static_cast<std::ptrdiff_t>(i + 1), Level{ticks, lots, orders_for(lots)});
    return;
  }
}

void OrderBookGenerator::cancel_level(Side& side) {
  if (side.size() < 2) return;
  size_t i = biased_index(side.size());
  if (i == 0 && book_rng_.chance(2, 3)) i = 1;
  side.erase(side.begin() + static_cast<std::ptrdiff_t>(i));
}

// A market order of `lots` against `side` (asks for a buy, bids for a sell), walking through at most
// `max_levels` levels (larger sweeps are what jump() models).
void OrderBookGenerator::trade(Side& side, int64_t lots, int max_levels) {
  for (int level = 0; lots > 0 && !side.empty() && level < max_levels; ++level) {
    Level& best = side.front();
    if (lots >= best.lots) {
      lots -= best.lots;
      side.erase(side.begin());
      continue;
    }
    best.lots -= lots;
    if (best.orders > 1 && book_rng_.chance(1, 2)) --best.orders;
    best.orders = std::min(best.orders, best.lots);
    return;
  }
}

// A burst: several levels of one side swept at once, and the other side following the price with fresh
// quotes, which moves the mid by many ticks in one snapshot.
void OrderBookGenerator::jump(bool up) {
  Side& swept = up ? asks_ : bids_;
  Side& follower = up ? bids_ : asks_;
  const int64_t levels = book_rng_.between(3, 15);
  for (int64_t i = 0; i < levels && swept.size() > 1; ++i) swept.erase(swept.begin());
  refill(swept, up);
  const int64_t far = swept.front().ticks;
  const int64_t old_best = follower.empty() ? (up ? far - 1 : far + 1) : follower.front().ticks;
  int64_t ticks = up ? far - 1 - book_rng_.between(0, 1) : far + 1 + book_rng_.between(0, 1);
  Side fresh;
  size_t depth = 0;
  while (up ? ticks > old_best : ticks < old_best) {
    const int64_t lots = draw_lots(depth++);
    fresh.push_back({ticks, lots, orders_for(lots)});
    const int64_t gap = 1 + (book_rng_.chance(30, 100) ? book_rng_.between(1, 3) : 0);
    ticks = up ? ticks - gap : ticks + gap;
  }
  follower.insert(follower.begin(), fresh.begin(), fresh.end());
  if (follower.size() > kMaxDepth) follower.resize(kMaxDepth);
}

// Market makers step into a spread wider than one tick: a few quotes per snapshot, each either at the
// edge of the spread or anywhere inside it, so a wide spread closes within a few snapshots.
void OrderBookGenerator::improve_spread() {
  static constexpr uint64_t kImprovePercent[3] = {35, 70, 85};
  for (int quotes = 0; quotes < 8; ++quotes) {
    if (asks_.empty() || bids_.empty()) return;
    const int64_t spread = asks_.front().ticks - bids_.front().ticks;
    if (spread <= 1 || !book_rng_.chance(kImprovePercent[phase_], 100)) return;
    const bool on_ask = book_rng_.chance(1, 2);
    const int64_t inside = book_rng_.chance(1, 2) ? book_rng_.between(1, spread - 1) : 1;
    const int64_t lots = draw_lots(0);
    if (on_ask) {
      asks_.insert(asks_.begin(), Level{asks_.front().ticks - inside, lots, orders_for(lots)});
    } else {
      bids_.insert(bids_.begin(), Level{bids_.front().ticks + inside, lots, orders_for(lots)});
    }
  }
}

// Keeps kMinDepth..kMaxDepth levels: new levels appear beyond the deepest one, with gaps.
void OrderBookGenerator::refill(Side& side, bool is_ask) {
  if (side.empty()) {
    const Side& other = is_ask ? bids_ : asks_;
    const int64_t base = other.empty() ? params_.start_mid_ticks : other.front().ticks;
    const int64_t ticks = is_ask ? base + 1 : base - 1;
    const int64_t lots = draw_lots(0);
    side.push_back({ticks, lots, orders_for(lots)});
  }
  while (side.size() < kMinDepth) {
    int64_t gap = 1;
    const uint64_t r = book_rng_.below(100);
    if (r < 4) {
      gap = book_rng_.between(5, 12);
    } else if (r < 22) {
      gap = book_rng_.between(2, 4);
    }
    const int64_t ticks = is_ask ? side.back().ticks + gap : side.back().ticks - gap;
    const int64_t lots = draw_lots(side.size());
    side.push_back({ticks, lots, orders_for(lots)});
  }
  if (side.size() > kMaxDepth) side.resize(kMaxDepth);
}

void OrderBookGenerator::step() {
  if (rp_ != nullptr) {
    step_regime();
    return;
  }
  // Phase switching: quiet stretches, normal flow, active bursts.
  switch (phase_) {
    case 0:
      if (book_rng_.chance(2, 100)) phase_ = 1;
      break;
    case 1:
      if (book_rng_.chance(1, 100)) {
        phase_ = 0;
      } else if (book_rng_.chance(1, 100)) {
        phase_ = 2;
      }
      break;
    default:
      if (book_rng_.chance(6, 100)) phase_ = 1;
      break;
  }
  static constexpr uint64_t kContinuePercent[3] = {30, 75, 90};
  static constexpr uint64_t kJumpPer10000[3] = {3, 15, 80};

  const int events = book_rng_.geometric(kContinuePercent[phase_], 100, 60);
  for (int e = 0; e < events; ++e) {
    const bool ask_side = book_rng_.chance(1, 2);
    Side& side = ask_side ? asks_ : bids_;
    const uint64_t r = book_rng_.below(100);
    if (r < 50) {
      modify_level(side);
    } else if (r < 65) {
      insert_level(side, ask_side);
    } else if (r < 77) {
      cancel_level(side);
    } else {
      // Two draws, sequenced: function arguments are evaluated in an unspecified order (right to left by
      // GCC on x86-64, left to right on arm64), which made the stream depend on the platform. This is
      // the x86-64 order, the one spec/vectors was generated with.
      const int max_levels = 1 + book_rng_.geometric(1, 4, 3);
      const int64_t lots = draw_lots(0) / 2 + 1;
      trade(side, lots, max_levels);
    }
    refill(asks_, true);
    refill(bids_, false);
  }
  if (book_rng_.chance(kJumpPer10000[phase_], 10000)) jump(book_rng_.chance(1, 2));
  improve_spread();
  refill(asks_, true);
  refill(bids_, false);
}

void OrderBookGenerator::write_row_f32(float* row) const {
  const auto put = [&](const Side& side, size_t base) {
    for (size_t i = 0; i < kLevelsPerSide; ++i) {
      float* v = row + (base + i) * kFields;
      if (i < side.size()) {
        v[0] = static_cast<float>(static_cast<double>(side[i].ticks) * params_.tick);
        v[1] = static_cast<float>(static_cast<double>(side[i].lots) * params_.lot);
        v[2] = static_cast<float>(side[i].orders);
      } else {
        v[0] = v[1] = v[2] = 0.0f;
      }
    }
  };
  put(asks_, 0);
  put(bids_, kLevelsPerSide);
}

void OrderBookGenerator::write_row_normalized(float* row) const {
  const double mid =
      static_cast<double>(asks_.front().ticks + bids_.front().ticks) * params_.tick / 2.0;
  const auto put = [&](const Side& side, size_t base) {
    for (size_t i = 0; i < kLevelsPerSide; ++i) {
      float* v = row + (base + i) * kFields;
      if (i < side.size()) {
        const double price = static_cast<double>(side[i].ticks) * params_.tick;
        v[0] = static_cast<float>((price - mid) / mid * 1e4);
        v[1] = static_cast<float>(std::log1p(static_cast<double>(side[i].lots) * params_.lot));
        v[2] = static_cast<float>(side[i].orders);
      } else {
        v[0] = v[1] = v[2] = 0.0f;
      }
    }
  };
  put(asks_, 0);
  put(bids_, kLevelsPerSide);
}

void OrderBookGenerator::orderbook_f32(size_t rows, float* out) {
  for (size_t r = 0; r < rows; ++r) {
    step();
    write_row_f32(out + r * kValuesPerRow);
    ++snapshots_;
  }
}

void OrderBookGenerator::normalized_f32(size_t rows, float* out) {
  for (size_t r = 0; r < rows; ++r) {
    step();
    write_row_normalized(out + r * kValuesPerRow);
    ++snapshots_;
  }
}

void OrderBookGenerator::normalized_f16(size_t rows, uint16_t* out) {
  float row[kValuesPerRow];
  for (size_t r = 0; r < rows; ++r) {
    step();
    write_row_normalized(row);
    simd::ref::f32_to_f16(row, out + r * kValuesPerRow, kValuesPerRow);
    ++snapshots_;
  }
}

// Snapshots arrive about every 100 ms: a few ms of jitter, sometimes a missed snapshot or two, rarely a
// feed gap of seconds. Steps are always >= 1 ms, so the series is strictly increasing.
void OrderBookGenerator::timestamps_ms(size_t rows, int64_t* out) {
  for (size_t r = 0; r < rows; ++r) {
    out[r] = now_ms_;
    int64_t step_ms = 100 + clock_rng_.between(-3, 12);
    const uint64_t event = clock_rng_.below(10000);
    if (event < 10) {
      step_ms += clock_rng_.between(1000, 30000);
    } else if (event < 300) {
      step_ms += 100 * clock_rng_.between(1, 2);
    }
    now_ms_ += step_ms;
  }
}

std::vector<float> OrderBookGenerator::orderbook_f32(size_t rows) {
  std::vector<float> out(rows * kValuesPerRow);
  orderbook_f32(rows, out.data());
  return out;
}

std::vector<uint16_t> OrderBookGenerator::normalized_f16(size_t rows) {
  std::vector<uint16_t> out(rows * kValuesPerRow);
  normalized_f16(rows, out.data());
  return out;
}

std::vector<int64_t> OrderBookGenerator::timestamps_ms(size_t rows) {
  std::vector<int64_t> out(rows);
  timestamps_ms(rows, out.data());
  return out;
}

}  // namespace cdd::gen
