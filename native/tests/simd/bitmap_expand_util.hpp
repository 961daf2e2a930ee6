// bitmap_expand_util.hpp — shared pieces of the bitmap expand kernel tests: the kernels overloaded by
// element type, float special bit patterns, and random bitmaps with their changed values laid out in a
// heap block that ends exactly at values_end.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <random>
#include <vector>

#include "simd/kernels.hpp"

namespace cdd::simd::test {

inline const uint8_t* expand(uint16_t* row, size_t w, const uint8_t* bm, const uint8_t* v, const uint8_t* end) {
  return expand_changed_u16(row, w, bm, v, end);
}
inline const uint8_t* expand(uint32_t* row, size_t w, const uint8_t* bm, const uint8_t* v, const uint8_t* end) {
  return expand_changed_u32(row, w, bm, v, end);
}
inline const uint8_t* expand_rows(uint16_t* out, size_t w, size_t rows, const uint8_t* bm, const uint8_t* v,
                                  const uint8_t* end) {
  return expand_rows_u16(out, w, rows, bm, v, end);
}
inline const uint8_t* expand_rows(uint32_t* out, size_t w, size_t rows, const uint8_t* bm, const uint8_t* v,
                                  const uint8_t* end) {
  return expand_rows_u32(out, w, rows, bm, v, end);
}

// Bit patterns a bit-copying kernel must not alter: NaNs with payloads (quiet and signalling), ±0,
// subnormals, ±inf, the largest finite values.
template <class T>
std::vector<T> special_patterns() {
  if constexpr (sizeof(T) == 2)
    return {0x7E01, 0x7C01, 0xFE3F, 0x7FFF, 0x8000, 0x0000, 0x0001, 0x83FF, 0x7C00, 0xFC00, 0x7BFF, 0xFBFF};
  else
    return {0x7FC00001u, 0x7F800001u, 0xFFBFFFFFu, 0x7FFFFFFFu, 0x80000000u, 0x00000000u,
            0x00000001u, 0x807FFFFFu, 0x7F800000u, 0xFF800000u, 0x7F7FFFFFu, 0xFF7FFFFFu};
}

template <class T>
T random_pattern(std::mt19937& rng) {
  static const std::vector<T> specials = special_patterns<T>();
  if (rng() % 4 == 0) return specials[rng() % specials.size()];
  return static_cast<T>(rng());
}

// `rows` bitmaps of `width` bits set at density sixteenths/16, and one random value per set bit, stored
// `misalign` bytes into a heap block that ends exactly at values_end (ASan sees any read past it).
template <class T>
struct ChangedValues {
  std::vector<uint8_t> bitmaps;
  size_t set = 0;
  std::unique_ptr<uint8_t[]> block;
  const uint8_t* values = nullptr;
  const uint8_t* values_end = nullptr;

  ChangedValues(size_t width, size_t rows, unsigned sixteenths, size_t misalign, std::mt19937& rng) {
    const size_t bb = (width + 7) / 8;
    bitmaps.assign(rows * bb, 0);
    for (size_t r = 0; r < rows; ++r)
      for (size_t i = 0; i < width; ++i)
        if (rng() % 16 < sixteenths) {
          bitmaps[r * bb + i / 8] |= static_cast<uint8_t>(1u << (i % 8));
          ++set;
        }
    block = std::make_unique<uint8_t[]>(misalign + set * sizeof(T));
    values = block.get() + misalign;
    values_end = values + set * sizeof(T);
    for (size_t k = 0; k < set; ++k) {
      const T x = random_pattern<T>(rng);
      std::memcpy(block.get() + misalign + k * sizeof(T), &x, sizeof(T));
    }
  }
};

}  // namespace cdd::simd::test
