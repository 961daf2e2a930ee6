// interleave_test.cpp — the bitmap-planar filter's plane interleave (planar3_to_rows_u16/u32) on every
// SIMD target against the scalar reference: level counts from 1 to 130 (below, at and above every
// vector width), several rows, edge bit patterns (NaN payloads, -0.0, subnormals, infinities), and no
// write past the output.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#include "simd/kernels.hpp"
#include "simd/scalar_reference.hpp"
#include "for_each_target.hpp"

namespace cdd::simd {
namespace {

template <class T>
void check(size_t rows, size_t levels, uint32_t seed) {
  std::mt19937 rng(seed);
  const size_t n = rows * levels * 3;
  std::vector<T> planar(n);
  // Random bits with edge values mixed in: NaN with payloads, -0.0, subnormals, +-inf.
  const T edges16[] = {0x7E01, 0xFC00, 0x8000, 0x0001, 0x7C00, 0x7BFF, 0xFFFF};
  const T edges32[] = {T(0x7FC00001u), T(0xFF800000u), T(0x80000000u), T(0x00000001u), T(0x7F800000u), T(0xFFFFFFFFu)};
  for (size_t i = 0; i < n; ++i) {
    planar[i] = static_cast<T>(rng());
    if (rng() % 5 == 0) {
      if constexpr (sizeof(T) == 2) planar[i] = edges16[rng() % 7];
      else planar[i] = edges32[rng() % 6];
    }
  }
  std::vector<T> want(n), got(n + 2, T(0x5A5A));
  ref::planar_to_rows(planar.data(), want.data(), rows, levels, 3);
  if constexpr (sizeof(T) == 2) planar3_to_rows_u16(planar.data(), got.data(), rows, levels);
  else planar3_to_rows_u32(planar.data(), got.data(), rows, levels);
  ASSERT_EQ(0, std::memcmp(want.data(), got.data(), n * sizeof(T))) << "rows " << rows << " levels " << levels;
  EXPECT_EQ(got[n], T(0x5A5A));
  EXPECT_EQ(got[n + 1], T(0x5A5A));
}

TEST(Interleave, Planar3MatchesReferenceOnEveryTarget) {
  testing::for_each_target([](const std::string&) {
    for (size_t levels = 1; levels <= 130; ++levels) {
      check<uint16_t>(1, levels, static_cast<uint32_t>(levels));
      check<uint32_t>(1, levels, static_cast<uint32_t>(levels) + 1000);
    }
    for (size_t rows : {2, 7, 64}) {
      check<uint16_t>(rows, 50, static_cast<uint32_t>(rows));
      check<uint32_t>(rows, 50, static_cast<uint32_t>(rows) + 7);
      check<uint16_t>(rows, 33, static_cast<uint32_t>(rows) + 3);
    }
  });
}

}  // namespace
}  // namespace cdd::simd
