// regimes.cpp — the parameter table of the generator's market regimes and their names. The calibration
// figures (what byte-shuffle + zstd-3 gets on each regime) are in docs/ARCHITECTURE.md ("Generator
// regimes") and in the comment of OrderBookGenerator.
#include "gen/regimes.hpp"

#include <array>

namespace cdd::gen {
namespace {

// clang-format off
//                          move  pers  big  max  chTop chDeep burst bmin bmax brem  ins  rem  gap gmax minD maxD wide pow  fine
constexpr std::array<RegimeParams, kRegimeCount> kTable = {{
    {Regime::kLegacy,   "legacy",     0,   0,   0,  1,    0,    0,    0,  0,   0,   0,    0,   0,   0,  1,  40,  64,   0, 14, false},
    {Regime::kCalm,     "calm",      80, 500,  50,  3,   80,   20,    3,  2,   5, 200,   20,  20, 200,  3,  40,  64,  50, 14, false},
    {Regime::kNormal,   "normal",   320, 500, 200,  5,  400,  150,   40,  3,  10, 300,  150, 150, 300,  5,  40,  64, 150, 14, false},
    {Regime::kBusy,     "busy",     340, 500, 200,  6,  550,  250,   80,  5,  15, 350,  200, 200, 250,  4,  40,  64, 150, 14, false},
    {Regime::kTrending, "trending", 320, 950, 200,  5,  400,  150,   40,  3,  10, 300,  150, 150, 300,  5,  40,  64, 150, 14, false},
    {Regime::kGappy,    "gappy",    250, 500, 200,  8,  300,  120,   30,  2,   6, 400,   80,  80, 750, 12,  14,  30, 300, 14, false},
    {Regime::kStress,   "stress",   700, 500, 400, 10, 1000, 1000,  200,  5,  20, 300,  300, 300, 300,  6,  40,  64, 200, 16, true},
}};
// clang-format on

}  // namespace

const RegimeParams& regime_params(Regime regime) { return kTable[static_cast<uint32_t>(regime)]; }

std::string_view regime_name(Regime regime) { return kTable[static_cast<uint32_t>(regime)].name; }

std::optional<Regime> regime_from_name(std::string_view name) {
  for (const auto& p : kTable) {
    if (name == p.name) return p.regime;
  }
  return std::nullopt;
}

std::optional<Regime> regime_from_value(uint32_t value) {
  if (value >= kRegimeCount) return std::nullopt;
  return static_cast<Regime>(value);
}

}  // namespace cdd::gen
