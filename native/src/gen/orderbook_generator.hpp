// orderbook_generator.hpp — a deterministic generator of realistic limit-order-book snapshots (BTC-USDT
// style, OKX layout) and their timestamps: the data every test, benchmark and the demo of CDD runs on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "gen/regimes.hpp"
#include "gen/rng.hpp"

namespace cdd::gen {

// Layout of one snapshot row, shape (50, 3), float32:
//   levels 0..24  : asks, level 0 = best ask, prices strictly ascending;
//   levels 25..49 : bids, level 25 = best bid, prices strictly descending;
//   fields        : [0] price (a multiple of the tick), [1] size (a multiple of the lot), [2] number of
//                   orders (an integer >= 1, never more than size / lot).
// Every ask price is greater than every bid price. A level the book does not have is all zeros (price 0,
// size 0, count 0); count >= 1 exactly when size > 0.
inline constexpr size_t kLevelsPerSide = 25;
inline constexpr size_t kLevels = 2 * kLevelsPerSide;
inline constexpr size_t kFields = 3;
inline constexpr size_t kValuesPerRow = kLevels * kFields;  // 150

struct OrderBookParams {
  double tick = 0.1;                             // price grid (USDT)
  double lot = 0.001;                            // size grid (BTC)
  int64_t start_mid_ticks = 600000;              // best bid at start (60000.0); best ask one tick above
  int64_t start_time_ms = 1717200000000;         // 2024-06-01T00:00:00Z; a seed-dependent offset is added
};

// The normalized view stored by ML pipelines, same (50, 3) layout: [0] price in basis points from the mid
// ((price - mid) / mid * 1e4, mid = (best ask + best bid) / 2), [1] log1p(size), [2] count. Missing
// levels are all zeros. The float16 form holds the IEEE binary16 bits of these values (round to nearest
// even).
//
// The generator keeps two independent streams derived from the seed: the book (consumed by the f32, the
// normalized and the f16 calls alike: each call returns the next snapshots) and the clock (consumed by
// the timestamp call), so `orderbook_f32(n)` then `timestamps_ms(n)` gives n snapshots and their times.
// Every call continues its stream: two calls of n and m rows equal one call of n + m rows.
//
// Regimes (regimes.hpp has the parameter table; docs/ARCHITECTURE.md "Generator regimes" documents it):
// Regime::kLegacy (what the one-argument constructor gives) is the original dynamics, kept bit-exact for
// the golden vectors and the tests written against it; it is far easier to compress than real books.
// The other regimes run one parameterized dynamics (regime_dynamics.cpp): per snapshot the mid moves by
// whole ticks with some probability (a move sweeps the levels it crosses and the other side follows with
// fresh quotes), each visible level's size changes with a depth-dependent probability (add or partial
// cancel on the lot grid, count +-1), bursts of cancels hit several levels of one side, levels appear in
// gaps and vanish, and the ladder is refilled beyond the visible 25 levels with the regime's gaps.
// Calibration: "normal" and "busy" are tuned so byte-shuffle + zstd-3 gets the ratios realistic books
// get (about 3 for the float16 view, about 5 for the float32 book). Measured with blosc2 (zstd clevel 3,
// SHUFFLE, typesize 2/4) on 4096-row chunks with blosc2's default blocks, [in brackets] with 4 KiB blocks,
// 60,000 rows, seed 1 (docs/ARCHITECTURE.md "Generator regimes" has the table and the statistics):
//   regime     float16 normalized   float32 raw     levels changing   mid moves
//   calm       14.0  [6.8]          22.2  [6.0]      5%                8%
//   normal      3.54 [2.87]          5.86 [3.58]    27%               33%
//   busy        2.89 [2.46]          4.38 [3.02]    39%               36%
//   trending    3.41 [2.79]          5.97 [3.66]    27%               33% (90% keep direction)
//   gappy       5.04 [3.82]          8.40 [4.47]    22%               27% (18% empty slots)
//   stress      1.71 [1.50]          2.36 [1.84]    97%               70%
//   legacy      9.89 [5.69]         21.1  [6.21]      2%               18% (the original dynamics)
// (blosc2 zstd clevel 1 on normal gives 3.38 / 5.38, the 3.40 / 5.43 an independent realistic generator
// got in issue 10.)
class OrderBookGenerator {
 public:
  explicit OrderBookGenerator(uint64_t seed, const OrderBookParams& params = {});
  OrderBookGenerator(uint64_t seed, Regime regime, const OrderBookParams& params = {});

  // Writes `rows` snapshots of kValuesPerRow floats each.
  void orderbook_f32(size_t rows, float* out);
  // Writes `rows` normalized snapshots as float32 (the values the f16 view rounds).
  void normalized_f32(size_t rows, float* out);
  // Writes `rows` normalized snapshots as binary16 bits.
  void normalized_f16(size_t rows, uint16_t* out);
  // Writes `rows` strictly increasing int64 millisecond timestamps, steps of about 100 ms.
  void timestamps_ms(size_t rows, int64_t* out);

  std::vector<float> orderbook_f32(size_t rows);
  std::vector<uint16_t> normalized_f16(size_t rows);
  std::vector<int64_t> timestamps_ms(size_t rows);

  const OrderBookParams& params() const { return params_; }
  Regime regime() const { return regime_kind_; }
  uint64_t snapshots_generated() const { return snapshots_; }

 private:
  struct Level {
    int64_t ticks;   // price / tick
    int64_t lots;    // size / lot, >= 1
    int64_t orders;  // 1 <= orders <= lots
  };
  // Index 0 = best. asks_ ascending in price, bids_ descending.
  using Side = std::vector<Level>;

  void init_book();
  void step();  // advances the book by one snapshot interval
  void write_row_f32(float* row) const;
  void write_row_normalized(float* row) const;

  int64_t draw_lots(size_t depth);
  int64_t orders_for(int64_t lots);
  void modify_level(Side& side);
  void insert_level(Side& side, bool is_ask);
  void cancel_level(Side& side);
  void trade(Side& side, int64_t lots, int max_levels);
  void jump(bool up);
  void improve_spread();
  void refill(Side& side, bool is_ask);
  size_t biased_index(size_t n);

  // Regime dynamics (regime_dynamics.cpp), every regime but kLegacy.
  void step_regime();
  void init_regime_book();
  void move_mid(bool up, int64_t ticks);
  void change_size(Side& side, size_t i);
  void cancel_burst(Side& side);
  void insert_in_gap(Side& side, bool is_ask);
  void refill_regime(Side& side, bool is_ask);
  int64_t regime_gap();
  int64_t regime_lots(size_t depth);

  OrderBookParams params_;
  Rng book_rng_;
  Rng clock_rng_;
  Side asks_;
  Side bids_;
  Regime regime_kind_ = Regime::kLegacy;
  const RegimeParams* rp_ = nullptr;
  int phase_ = 1;        // kLegacy's internal phases: 0 quiet, 1 normal, 2 active
  bool last_up_ = true;  // direction of the last mid move (regimes)
  int64_t now_ms_ = 0;
  uint64_t snapshots_ = 0;
};

}  // namespace cdd::gen
