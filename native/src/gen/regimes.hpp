// regimes.hpp — the named market regimes of the order-book generator (calm, normal, busy, trending, gappy,
// stress, plus the original "legacy" dynamics kept for the golden vectors and existing tests): one table
// of documented parameters per regime, and the name <-> enum mapping the C ABI, CLI and bindings share.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace cdd::gen {

// Values match cdd_gen_regime in cdd.h (append-only).
enum class Regime : uint32_t {
  kLegacy = 0,  // the generator's original dynamics (three internal phases, few changes per snapshot)
  kCalm = 1,
  kNormal = 2,
  kBusy = 3,
  kTrending = 4,
  kGappy = 5,
  kStress = 6,
};
inline constexpr uint32_t kRegimeCount = 7;

// Parameters of the regime dynamics (every regime but kLegacy). Probabilities are per mille so the stream
// depends on integer draws only. "Visible" = the 25 levels per side a snapshot shows.
struct RegimeParams {
  Regime regime;
  const char* name;
  // Mid: P(the mid moves in a snapshot); P(a move keeps the previous move's direction) (500 = random walk,
  // higher = trends); P(a move is 2..max_move_ticks ticks instead of 1).
  uint32_t move_pm;
  uint32_t persist_pm;
  uint32_t big_move_pm;
  int max_move_ticks;
  // Sizes: P(a visible level's size changes in a snapshot), at the top of the book; it falls linearly to
  // change_deep_pm at level 24. A change is an add or a partial cancel (lot grid, count +-1).
  uint32_t change_top_pm;
  uint32_t change_deep_pm;
  // Bursts: P(a snapshot has a burst of cancels on one side); burst_levels levels hit, each removed
  // with P(burst_remove_pm) else reduced.
  uint32_t burst_pm;
  int burst_levels_min;
  int burst_levels_max;
  uint32_t burst_remove_pm;
  // Ladder churn: P(a new level appears in a gap) and P(a visible level vanishes), per snapshot and side.
  uint32_t insert_pm;
  uint32_t remove_pm;
  // Gaps: P(empty ticks between two successive levels) and their count (1..gap_max empty ticks).
  uint32_t gap_pm;
  int gap_max;
  // Depth kept per side (levels beyond 25 are hidden; below 25 the missing levels are all-zero rows).
  uint32_t min_depth;
  uint32_t max_depth;
  // P(a wider spread after a move: the following side stays 1-3 ticks back).
  uint32_t wide_spread_pm;
  // Size scale: lots drawn as 3 * 2^k * (1 + u) with k geometric(1/2) up to size_max_pow; fine_lots =
  // true scales that by 8 and adds a uniform 0..7 lots (no round sizes: near-incompressible mantissas),
  // and a size change redraws the size instead of adding to or cancelling from it.
  int size_max_pow;
  bool fine_lots;
};

// The parameters of a regime. kLegacy's entry is all zeros and never used: the legacy stream keeps the
// original generator's own dynamics (OrderBookGenerator), so regime_dynamics never runs for it.
const RegimeParams& regime_params(Regime regime);
// "legacy", "calm", "normal", "busy", "trending", "gappy", "stress".
std::string_view regime_name(Regime regime);
// The regime with that name (lower case as above), or nothing.
std::optional<Regime> regime_from_name(std::string_view name);
// A uint32 as a Regime if it is one of the enum's values.
std::optional<Regime> regime_from_value(uint32_t value);

}  // namespace cdd::gen
