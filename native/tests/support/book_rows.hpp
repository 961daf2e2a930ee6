// book_rows.hpp — a deterministic stream of realistic (50, 3) float16 order-book rows whose content is
// computable from the row index alone: rows [512·b, 512·b + 512) are the generator's normalized float16
// snapshots with seed `seed + b`. Writer and reader processes of the multi-process tests generate the
// same rows independently, so a reader checks every row it sees without being told what was written.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <vector>

#include "gen/orderbook_generator.hpp"

namespace cdd::test {

class BookRows {
 public:
  static constexpr uint64_t kBlockRows = 512;
  static constexpr uint64_t kRowValues = 150;  // 50 levels x (price, size, count)
  static constexpr uint64_t kRowBytes = kRowValues * 2;

  explicit BookRows(uint64_t seed) : seed_(seed) {}

  // Copies rows [first, first + n) into out (n * kRowBytes bytes).
  void fill(uint64_t first, uint64_t n, std::byte* out) {
    while (n > 0) {
      const uint64_t b = first / kBlockRows, at = first % kBlockRows;
      const uint64_t take = std::min<uint64_t>(n, kBlockRows - at);
      const std::vector<uint16_t>& block = get(b);
      std::memcpy(out, block.data() + at * kRowValues, static_cast<size_t>(take * kRowBytes));
      out += take * kRowBytes;
      first += take;
      n -= take;
    }
  }

  std::vector<std::byte> rows(uint64_t first, uint64_t n) {
    std::vector<std::byte> v(static_cast<size_t>(n * kRowBytes));
    fill(first, n, v.data());
    return v;
  }

  // The first row in [first, first + n) whose bytes differ from `got`, or UINT64_MAX when all match.
  uint64_t first_mismatch(uint64_t first, uint64_t n, const std::byte* got) {
    std::vector<std::byte> want = rows(first, n);
    for (uint64_t i = 0; i < n; ++i) {
      if (std::memcmp(want.data() + i * kRowBytes, got + i * kRowBytes, kRowBytes) != 0) return first + i;
    }
    return UINT64_MAX;
  }

 private:
  const std::vector<uint16_t>& get(uint64_t b) {
    auto it = cache_.find(b);
    if (it != cache_.end()) return it->second;
    if (cache_.size() >= 64) cache_.erase(cache_.begin());
    gen::OrderBookGenerator g(seed_ + b);
    return cache_.emplace(b, g.normalized_f16(kBlockRows)).first->second;
  }

  uint64_t seed_;
  std::map<uint64_t, std::vector<uint16_t>> cache_;
};

}  // namespace cdd::test
