// regime_dynamics.cpp — the parameterized book dynamics of the named regimes (calm, normal, busy, trending,
// gappy, stress; parameters in regimes.cpp): mid moves that sweep levels and pull the other side along,
// sparse depth-weighted size changes on the lot grid, bursts of cancels, ladder churn and gaps.
#include <algorithm>
#include <cstddef>

#include "gen/orderbook_generator.hpp"

namespace cdd::gen {
namespace {

constexpr uint64_t kPm = 1000;

}  // namespace

// Empty ticks to the next level: mostly none (adjacent ticks), sometimes 1..gap_max.
int64_t OrderBookGenerator::regime_gap() {
  if (!book_rng_.chance(rp_->gap_pm, kPm)) return 1;
  return 1 + book_rng_.between(1, rp_->gap_max);
}

// A fresh size in lots: Pareto-like (alpha ~ 1) power-of-two magnitude with a uniform mantissa, larger
// deeper in the book, often a round 10 or 100 lots; fine_lots scales by 8 and adds 0..7 lots of noise
// instead (no round sizes).
int64_t OrderBookGenerator::regime_lots(size_t depth) {
  const int k = book_rng_.geometric(1, 2, rp_->size_max_pow);
  int64_t lots = (int64_t{1} << k) + static_cast<int64_t>(book_rng_.below(uint64_t{1} << k));
  lots *= 3;
  lots += lots * static_cast<int64_t>(depth) / 20;
  if (rp_->fine_lots) return lots * 8 + static_cast<int64_t>(book_rng_.below(8));
  const uint64_t r = book_rng_.below(100);
  if (r < 20 && lots >= 20) {
    lots = lots / 10 * 10;
  } else if (r < 28 && lots >= 200) {
    lots = lots / 100 * 100;
  }
  return std::max<int64_t>(1, lots);
}

void OrderBookGenerator::init_regime_book() {
  asks_.clear();
  bids_.clear();
  const int64_t bid = params_.start_mid_ticks;
  int64_t lots = regime_lots(0);
  asks_.push_back({bid + 1, lots, orders_for(lots)});
  lots = regime_lots(0);
  bids_.push_back({bid, lots, orders_for(lots)});
  refill_regime(asks_, true);
  refill_regime(bids_, false);
}

// Keeps min_depth..max_depth levels: new levels appear beyond the deepest one, with the regime's gaps.
void OrderBookGenerator::refill_regime(Side& side, bool is_ask) {
  while (side.size() < rp_->min_depth) {
    const int64_t gap = regime_gap();
    const int64_t ticks = is_ask ? side.back().ticks + gap : side.back().ticks - gap;
    const int64_t lots = regime_lots(side.size());
    side.push_back({ticks, lots, orders_for(lots)});
  }
  if (side.size() > rp_->max_depth) side.resize(rp_->max_depth);
}

// The mid moves `ticks` ticks up (down): the asks (bids) below (above) the new best price are swept, a
// quote appears at the new best price if none was there, and the other side follows with fresh quotes up
// to one tick (sometimes 2-3 ticks) from it.
void OrderBookGenerator::move_mid(bool up, int64_t ticks) {
  Side& swept = up ? asks_ : bids_;
  Side& follower = up ? bids_ : asks_;
  const int64_t target = up ? swept.front().ticks + ticks : swept.front().ticks - ticks;
  const auto before_target = [&](int64_t t) { return up ? t < target : t > target; };
  while (swept.size() > 1 && before_target(swept.front().ticks)) swept.erase(swept.begin());
  if (swept.front().ticks != target) {
    if (before_target(swept.front().ticks)) swept.erase(swept.begin());
    const int64_t lots = regime_lots(0);
    swept.insert(swept.begin(), Level{target, lots, orders_for(lots)});
  }
  int64_t edge = up ? target - 1 : target + 1;
  if (book_rng_.chance(rp_->wide_spread_pm, kPm)) {
    const int64_t back = book_rng_.between(1, 2);
    edge = up ? edge - back : edge + back;
  }
  // Whatever the follower had at or beyond the new best price of the swept side is gone (crossed).
  while (!follower.empty() && (up ? follower.front().ticks >= target : follower.front().ticks <= target)) {
    follower.erase(follower.begin());
  }
  const int64_t old_best = follower.empty() ? (up ? edge - 1 : edge + 1) : follower.front().ticks;
  Side fresh;
  for (int64_t t = edge; up ? t > old_best : t < old_best;) {
    const int64_t lots = regime_lots(fresh.size());
    fresh.push_back({t, lots, orders_for(lots)});
    const int64_t gap = regime_gap();
    t = up ? t - gap : t + gap;
  }
  follower.insert(follower.begin(), fresh.begin(), fresh.end());
  if (follower.size() > rp_->max_depth) follower.resize(rp_->max_depth);
  if (follower.empty()) {
    const int64_t lots = regime_lots(0);
    follower.push_back({edge, lots, orders_for(lots)});
  }
}

// An add or a partial cancel at level i (stress: the size is redrawn); the count follows by +-1.
void OrderBookGenerator::change_size(Side& side, size_t i) {
  Level& level = side[i];
  if (rp_->fine_lots) {
    level.lots = regime_lots(i);
    level.orders = orders_for(level.lots);
    return;
  }
  const int64_t delta = std::max<int64_t>(1, regime_lots(i) / 4);
  if (book_rng_.chance(1, 2)) {
    level.lots += delta;
    if (book_rng_.chance(1, 2)) level.orders = std::min(level.orders + 1, level.lots);
    return;
  }
  level.lots = delta < level.lots ? level.lots - delta : std::max<int64_t>(1, level.lots / 2);
  if (level.orders > 1 && book_rng_.chance(1, 2)) --level.orders;
  level.orders = std::min(level.orders, level.lots);
}

// Several levels near the top of one side cancelled at once: some vanish, the others shrink.
void OrderBookGenerator::cancel_burst(Side& side) {
  size_t i = static_cast<size_t>(book_rng_.below(3));
  const int64_t count = book_rng_.between(rp_->burst_levels_min, rp_->burst_levels_max);
  for (int64_t n = 0; n < count && i < side.size(); ++n) {
    if (side.size() > 1 && book_rng_.chance(rp_->burst_remove_pm, kPm)) {
      side.erase(side.begin() + static_cast<std::ptrdiff_t>(i));
      continue;
    }
    Level& level = side[i];
    level.lots = std::max<int64_t>(1, level.lots / 2 - static_cast<int64_t>(book_rng_.below(3)));
    if (level.orders > 1) --level.orders;
    level.orders = std::min(level.orders, level.lots);
    ++i;
  }
}

// A new level in the first gap at or after a top-biased visible level (no-op without a gap among the
// visible levels from there).
void OrderBookGenerator::insert_in_gap(Side& side, bool is_ask) {
  if (side.size() < 2) return;
  const size_t start = biased_index(std::min(side.size() - 1, kLevelsPerSide));
  const size_t end = std::min(side.size() - 1, kLevelsPerSide);
  for (size_t i = start; i < end; ++i) {
    const int64_t gap = is_ask ? side[i + 1].ticks - side[i].ticks : side[i].ticks - side[i + 1].ticks;
    if (gap <= 1) continue;
    const int64_t offset = book_rng_.between(1, gap - 1);
    const int64_t ticks = is_ask ? side[i].ticks + offset : side[i].ticks - offset;
    const int64_t lots = regime_lots(i + 1);
    side.insert(side.begin() + static_cast<std::ptrdiff_t>(i + 1), Level{ticks, lots, orders_for(lots)});
    return;
  }
}

void OrderBookGenerator::step_regime() {
  const RegimeParams& p = *rp_;
  if (book_rng_.chance(p.move_pm, kPm)) {
    const bool up = book_rng_.chance(p.persist_pm, kPm) ? last_up_ : !last_up_;
    const int64_t ticks = book_rng_.chance(p.big_move_pm, kPm) ? book_rng_.between(2, p.max_move_ticks) : 1;
    move_mid(up, ticks);
    last_up_ = up;
  }
  for (Side* side : {&asks_, &bids_}) {
    const size_t visible = std::min(side->size(), kLevelsPerSide);
    for (size_t i = 0; i < visible; ++i) {
      const int64_t top = p.change_top_pm, deep = p.change_deep_pm;
      const int64_t pm = top + (deep - top) * static_cast<int64_t>(i) / static_cast<int64_t>(kLevelsPerSide - 1);
      if (book_rng_.chance(static_cast<uint64_t>(pm), kPm)) change_size(*side, i);
    }
  }
  if (book_rng_.chance(p.burst_pm, kPm)) cancel_burst(book_rng_.chance(1, 2) ? asks_ : bids_);
  for (Side* side : {&asks_, &bids_}) {
    const bool ask = side == &asks_;
    if (book_rng_.chance(p.insert_pm, kPm)) insert_in_gap(*side, ask);
    // Market makers keep the top of the book about as dense as the regime's gaps make it: while the
    // visible levels span more than 1.5x their expected width, a quote fills a gap among them.
    const int64_t max_span = 3 * static_cast<int64_t>(kLevelsPerSide - 1) *
                             (2000 + static_cast<int64_t>(p.gap_pm) * (p.gap_max + 1)) / 4000;
    for (int fill = 0; fill < 4 && side->size() >= kLevelsPerSide; ++fill) {
      const int64_t span = side->front().ticks - (*side)[kLevelsPerSide - 1].ticks;
      if ((span < 0 ? -span : span) <= max_span) break;
      insert_in_gap(*side, ask);
    }
    if (side->size() > 1 && book_rng_.chance(p.remove_pm, kPm)) {
      size_t i = static_cast<size_t>(book_rng_.below(std::min(side->size(), kLevelsPerSide)));
      if (i == 0 && book_rng_.chance(2, 3)) i = 1;
      if (i < side->size()) side->erase(side->begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  // A spread wider than a tick closes over a few snapshots: a quote at its edge on either side.
  const int64_t spread = asks_.front().ticks - bids_.front().ticks;
  if (spread > 1 && book_rng_.chance(1, 2)) {
    const int64_t lots = regime_lots(0);
    if (book_rng_.chance(1, 2)) {
      asks_.insert(asks_.begin(), Level{asks_.front().ticks - 1, lots, orders_for(lots)});
    } else {
      bids_.insert(bids_.begin(), Level{bids_.front().ticks + 1, lots, orders_for(lots)});
    }
  }
  refill_regime(asks_, true);
  refill_regime(bids_, false);
}

}  // namespace cdd::gen
