// rng.hpp — the generator's pseudo-random source: xoshiro256** seeded by splitmix64, with draws built from
// integer operations only, so a seed gives the same stream on every compiler and platform.
#pragma once

#include <cstdint>

namespace cdd::gen {

inline uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t sm = seed;
    for (auto& word : s_) word = splitmix64(sm);
  }

  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n) for 1 <= n < 2^32: multiply-shift of the high 32 bits (bias below n / 2^32, far
  // below what the data needs), integer arithmetic only.
  uint64_t below(uint64_t n) { return ((next() >> 32) * n) >> 32; }

  // Uniform in [lo, hi] (inclusive).
  int64_t between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
  }

  // True with probability num / den.
  bool chance(uint64_t num, uint64_t den) { return below(den) < num; }

  // Number of successes before the first failure, each success with probability num / den, capped.
  int geometric(uint64_t num, uint64_t den, int cap) {
    int k = 0;
    while (k < cap && chance(num, den)) ++k;
    return k;
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace cdd::gen
