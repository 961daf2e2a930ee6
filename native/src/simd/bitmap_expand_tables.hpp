// bitmap_expand_tables.hpp — the byte-shuffle and bit-count tables of the changed-element expand kernels
// (bitmap_expand.cpp), built at compile time and shared by every Highway target. No SIMD code.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace cdd::simd::detail {

// One 16-byte shuffle: output byte b takes input byte bytes[b]; 0xFF marks a lane that keeps its
// prediction (the kernel tests the lane's sign, so such lanes may hold anything after the shuffle).
struct alignas(16) ExpandShuffle {
  uint8_t bytes[16];
};

// For each mask of the 16 / lane_bytes lanes of 16 bytes: changed lane i (bit i set) takes the next
// stored element, i.e. element popcount(mask & ((1 << i) - 1)) of the packed values.
template <size_t kLaneBytes>
constexpr std::array<ExpandShuffle, (size_t{1} << (16 / kLaneBytes))> make_expand_table() {
  constexpr size_t kLanes = 16 / kLaneBytes;
  std::array<ExpandShuffle, (size_t{1} << kLanes)> table{};
  for (size_t mask = 0; mask < table.size(); ++mask) {
    size_t next = 0;
    for (size_t lane = 0; lane < kLanes; ++lane) {
      const bool changed = ((mask >> lane) & 1u) != 0;
      for (size_t b = 0; b < kLaneBytes; ++b)
        table[mask].bytes[lane * kLaneBytes + b] = changed ? static_cast<uint8_t>(next * kLaneBytes + b) : 0xFF;
      next += changed ? 1 : 0;
    }
  }
  return table;
}

// Set bits of each byte: the stored elements a group consumes (popcount without the POPCNT instruction,
// which the baseline x86-64 targets lack).
constexpr std::array<uint8_t, 256> make_bit_counts() {
  std::array<uint8_t, 256> counts{};
  for (size_t b = 0; b < 256; ++b) counts[b] = static_cast<uint8_t>((b & 1u) + counts[b >> 1]);
  return counts;
}

inline constexpr auto kBitCount = make_bit_counts();
inline constexpr auto kExpandTableU16 = make_expand_table<2>();  // 256 masks of 8 lanes
inline constexpr auto kExpandTableU32 = make_expand_table<4>();  // 16 masks of 4 lanes

static_assert(kExpandTableU16[0b101].bytes[0] == 0 && kExpandTableU16[0b101].bytes[2] == 0xFF &&
              kExpandTableU16[0b101].bytes[4] == 2 && kExpandTableU16[0b101].bytes[5] == 3);
static_assert(kBitCount[0] == 0 && kBitCount[0b1011] == 3 && kBitCount[255] == 8);
static_assert(kExpandTableU32[0b1000].bytes[12] == 0 && kExpandTableU32[0b1000].bytes[15] == 3 &&
              kExpandTableU32[0b1000].bytes[0] == 0xFF);

}  // namespace cdd::simd::detail
