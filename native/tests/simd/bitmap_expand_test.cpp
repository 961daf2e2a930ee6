// bitmap_expand_test.cpp — the bitmap-filter expand kernels (one row, and the fused run of rows) on every
// SIMD target against the scalar reference: row widths 1..300 and wider, bitmaps from no bit to every
// bit set, float special bit patterns, rows expanded in sequence from one values buffer that ends
// exactly where its heap block ends (so ASan reports any read at or past values_end), outputs in heap
// blocks of exactly their size, and the returned values pointer.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "simd/kernels.hpp"
#include "simd/scalar_reference.hpp"
#include "bitmap_expand_util.hpp"
#include "for_each_target.hpp"

namespace cdd::simd {
namespace {

using test::ChangedValues;
using test::expand;
using test::expand_rows;
using test::random_pattern;
using test::special_patterns;

// `rows` rows of `width` elements with bits set at density sixteenths/16, expanded row after row as the
// decoder does; the values start `misalign` bytes into their heap block and end at its end.
template <class T>
void check_expand(size_t width, size_t rows, unsigned sixteenths, size_t misalign, uint32_t seed) {
  SCOPED_TRACE("width " + std::to_string(width) + " rows " + std::to_string(rows) + " density " +
               std::to_string(sixteenths) + "/16 misalign " + std::to_string(misalign));
  std::mt19937 rng(seed);
  const size_t bb = (width + 7) / 8;
  const ChangedValues<T> cv(width, rows, sixteenths, misalign, rng);
  const std::vector<uint8_t>& bitmaps = cv.bitmaps;
  const uint8_t* values = cv.values;
  const uint8_t* values_end = cv.values_end;

  // The predictions, in a heap block of exactly rows * width elements (ASan sees a store past the end).
  std::vector<T> expect(rows * width);
  for (auto& x : expect) x = random_pattern<T>(rng);
  const auto got = std::make_unique<T[]>(rows * width);
  std::memcpy(got.get(), expect.data(), rows * width * sizeof(T));

  const uint8_t* ref_v = values;
  const uint8_t* v = values;
  for (size_t r = 0; r < rows; ++r) {
    const uint8_t* bm = bitmaps.data() + r * bb;
    ref_v = ref::expand_changed(expect.data() + r * width, width, bm, ref_v);
    v = expand(got.get() + r * width, width, bm, v, values_end);
    ASSERT_EQ(v - values, ref_v - values) << "values pointer after row " << r;
  }
  ASSERT_EQ(v, values_end);
  ASSERT_EQ(0, std::memcmp(expect.data(), got.get(), rows * width * sizeof(T)));
}


// The fused kernel over `rows` rows after a random row 0, as runs split at `cuts` (each run one call,
// the way the decoder splits a chunk at its shifted rows); the values start `misalign` bytes into their
// heap block and end at its end, and the rows fill a heap block exactly.
template <class T>
void check_expand_rows(size_t width, size_t rows, unsigned sixteenths, size_t misalign, size_t run,
                       uint32_t seed) {
  SCOPED_TRACE("fused: width " + std::to_string(width) + " rows " + std::to_string(rows) + " density " +
               std::to_string(sixteenths) + "/16 misalign " + std::to_string(misalign) + " run " +
               std::to_string(run));
  std::mt19937 rng(seed);
  const size_t bb = (width + 7) / 8;
  const ChangedValues<T> cv(width, rows, sixteenths, misalign, rng);
  const std::vector<uint8_t>& bitmaps = cv.bitmaps;
  const uint8_t* values = cv.values;
  const uint8_t* values_end = cv.values_end;
  // Row 0 is the first prediction; rows 1..rows are rebuilt. Stale garbage in the rows to rebuild.
  const size_t total = (rows + 1) * width;
  std::vector<T> expect(total);
  for (auto& x : expect) x = random_pattern<T>(rng);
  const auto got = std::make_unique<T[]>(total);
  std::memcpy(got.get(), expect.data(), total * sizeof(T));
  for (size_t i = width; i < total; ++i) got[i] = static_cast<T>(rng());

  const uint8_t* ref_end = ref::expand_rows(expect.data() + width, width, rows, bitmaps.data(), values);
  const uint8_t* v = values;
  for (size_t r = 0; r < rows; r += run) {
    const size_t n = std::min(run, rows - r);
    const uint8_t* ref_v = values;
    for (size_t k = 0; k < r; ++k)
      for (size_t i = 0; i < width; ++i) ref_v += ((bitmaps[k * bb + i / 8] >> (i % 8)) & 1u) * sizeof(T);
    ASSERT_EQ(v, ref_v) << "values pointer before row " << r;
    v = expand_rows(got.get() + (r + 1) * width, width, n, bitmaps.data() + r * bb, v, values_end);
  }
  ASSERT_EQ(v, ref_end);
  ASSERT_EQ(v, values_end);
  for (size_t r = 0; r <= rows; ++r)
    ASSERT_EQ(0, std::memcmp(expect.data() + r * width, got.get() + r * width, width * sizeof(T))) << "row " << r;
}

template <class T>
void check_all_shapes() {
  std::vector<size_t> widths;
  for (size_t w = 1; w <= 300; ++w) widths.push_back(w);
  for (size_t w : {301, 511, 512, 513, 1024}) widths.push_back(w);
  uint32_t seed = 1;
  for (size_t width : widths)
    for (unsigned sixteenths : {0u, 1u, 8u, 16u})
      for (size_t misalign : {0, 1}) {
        check_expand<T>(width, 1, sixteenths, misalign, seed++);
        check_expand<T>(width, 4, sixteenths, misalign, seed++);
        check_expand_rows<T>(width, 1, sixteenths, misalign, 1, seed++);
        check_expand_rows<T>(width, 5, sixteenths, misalign, 5, seed++);
        check_expand_rows<T>(width, 7, sixteenths, misalign, 3, seed++);
        if (::testing::Test::HasFatalFailure()) return;
      }
}

TEST(SimdBitmapExpand, U16MatchesReferenceOnEveryTarget) {
  testing::for_each_target([](const std::string&) { check_all_shapes<uint16_t>(); });
}

TEST(SimdBitmapExpand, U32MatchesReferenceOnEveryTarget) {
  testing::for_each_target([](const std::string&) { check_all_shapes<uint32_t>(); });
}

// A hand-checked row, so that the kernels and the reference cannot agree on a wrong answer: 12 listed
// elements of a 24-element row take the stored values in order (long enough for the vector path on
// every target, with a bit-by-bit end); the others keep their prediction.
template <class T>
void check_known_row() {
  constexpr size_t kWidth = 24;
  const size_t changed[] = {0, 2, 9, 10, 11, 12, 13, 14, 15, 16, 17, 23};
  const uint8_t bitmap[3] = {0b00000101, 0b11111110, 0b10000011};
  const std::vector<T> patterns = special_patterns<T>();
  ASSERT_EQ(patterns.size(), std::size(changed));
  const auto block = std::make_unique<uint8_t[]>(patterns.size() * sizeof(T));
  std::memcpy(block.get(), patterns.data(), patterns.size() * sizeof(T));
  const uint8_t* end = block.get() + patterns.size() * sizeof(T);
  T start[kWidth], want[kWidth];
  for (size_t i = 0; i < kWidth; ++i) start[i] = want[i] = static_cast<T>(100 + i);
  for (size_t k = 0; k < std::size(changed); ++k) want[changed[k]] = patterns[k];

  T ref_row[kWidth];
  std::memcpy(ref_row, start, sizeof(start));
  EXPECT_EQ(ref::expand_changed(ref_row, kWidth, bitmap, block.get()), end);
  EXPECT_EQ(0, std::memcmp(ref_row, want, sizeof(want)));

  testing::for_each_target([&](const std::string&) {
    T row[kWidth];
    std::memcpy(row, start, sizeof(start));
    EXPECT_EQ(expand(row, kWidth, bitmap, block.get(), end), end);
    EXPECT_EQ(0, std::memcmp(row, want, sizeof(want)));
  });
}

TEST(SimdBitmapExpand, KnownRowU16) { check_known_row<uint16_t>(); }
TEST(SimdBitmapExpand, KnownRowU32) { check_known_row<uint32_t>(); }

// A hand-checked run of two rows of 21 elements (two full u16 groups or five u32 groups and a partial
// one): row 1 = row 0 with elements 1, 8 and 20 replaced; row 2 = row 1 with 0..7 and 16 replaced.
template <class T>
void check_known_run() {
  constexpr size_t kWidth = 21;
  const uint8_t bitmaps[6] = {0b00000010, 0b00000001, 0b00010000, 0b11111111, 0b00000000, 0b00000001};
  const std::vector<T> patterns = special_patterns<T>();  // 12 values; 3 + 9 are used
  const auto block = std::make_unique<uint8_t[]>(12 * sizeof(T));
  std::memcpy(block.get(), patterns.data(), 12 * sizeof(T));
  const uint8_t* end = block.get() + 12 * sizeof(T);
  T want[3 * kWidth];
  for (size_t i = 0; i < kWidth; ++i) want[i] = static_cast<T>(1000 + i);
  std::memcpy(want + kWidth, want, kWidth * sizeof(T));
  want[kWidth + 1] = patterns[0];
  want[kWidth + 8] = patterns[1];
  want[kWidth + 20] = patterns[2];
  std::memcpy(want + 2 * kWidth, want + kWidth, kWidth * sizeof(T));
  for (size_t i = 0; i < 8; ++i) want[2 * kWidth + i] = patterns[3 + i];
  want[2 * kWidth + 16] = patterns[11];

  testing::for_each_target([&](const std::string&) {
    T rows[3 * kWidth] = {};
    std::memcpy(rows, want, kWidth * sizeof(T));
    EXPECT_EQ(expand_rows(rows + kWidth, kWidth, 2, bitmaps, block.get(), end), end);
    EXPECT_EQ(0, std::memcmp(rows, want, sizeof(want)));
  });
}

TEST(SimdBitmapExpand, KnownRunU16) { check_known_run<uint16_t>(); }
TEST(SimdBitmapExpand, KnownRunU32) { check_known_run<uint32_t>(); }

}  // namespace
}  // namespace cdd::simd
