// xor_test.cpp — temporal XOR, prefix XOR and the fused decode step on every SIMD target against the
// scalar reference: n from 1 to 300, strides below and above the vector width, large buffers, and
// realistic order-book rows.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#include "gen/orderbook_generator.hpp"
#include "simd/kernels.hpp"
#include "simd/scalar_reference.hpp"
#include "for_each_target.hpp"

namespace cdd::simd {
namespace {

template <class T>
std::vector<T> random_values(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<T> v(n);
  for (auto& x : v) x = static_cast<T>(rng());
  return v;
}

template <class T>
void check_xor(const std::vector<T>& in, size_t n, size_t stride) {
  std::vector<T> expect(n), got(n + 1, T(0x5A5A));
  ref::xor_delta(in.data(), expect.data(), n, stride);
  if constexpr (sizeof(T) == 2) xor_delta_u16(in.data(), got.data(), n, stride);
  else xor_delta_u32(in.data(), got.data(), n, stride);
  ASSERT_EQ(0, std::memcmp(expect.data(), got.data(), n * sizeof(T))) << n << " " << stride;
  ASSERT_EQ(got[n], T(0x5A5A));
  if constexpr (sizeof(T) == 2) prefix_xor_u16(got.data(), n, stride);
  else prefix_xor_u32(got.data(), n, stride);
  ASSERT_EQ(0, std::memcmp(in.data(), got.data(), n * sizeof(T))) << n << " " << stride;

  // Fused: shuffle the deltas, then one call must give back the input.
  std::vector<uint8_t> planes(n * sizeof(T));
  ref::byte_shuffle(reinterpret_cast<const uint8_t*>(expect.data()), planes.data(), n, sizeof(T));
  std::vector<T> fused(n + 1, T(0x3C3C));
  if constexpr (sizeof(T) == 2) unshuffle_prefix_xor_u16(planes.data(), fused.data(), n, stride);
  else unshuffle_prefix_xor_u32(planes.data(), fused.data(), n, stride);
  ASSERT_EQ(0, std::memcmp(in.data(), fused.data(), n * sizeof(T))) << n << " " << stride;
  ASSERT_EQ(fused[n], T(0x3C3C));
  if constexpr (sizeof(T) == 2) {
    std::vector<uint16_t> scratch(n);
    std::vector<float> wide(n + 1, 3.0f), wide_ref(n);
    unshuffle_prefix_xor_f16_to_f32(planes.data(), scratch.data(), wide.data(), n, stride);
    ref::f16_to_f32(in.data(), wide_ref.data(), n);
    ASSERT_EQ(0, std::memcmp(wide_ref.data(), wide.data(), n * 4)) << n << " " << stride;
    ASSERT_EQ(wide[n], 3.0f);
  }
}

TEST(SimdXor, U16AllSmallSizesAndStridesOnEveryTarget) {
  const auto in = random_values<uint16_t>(300, 1);
  testing::for_each_target([&](const std::string&) {
    for (size_t stride : {1, 2, 3, 7, 8, 15, 16, 17, 33, 64, 150, 299, 300, 400})
      for (size_t n = 1; n <= 300; ++n) check_xor(in, n, stride);
  });
}

TEST(SimdXor, U32AllSmallSizesAndStridesOnEveryTarget) {
  const auto in = random_values<uint32_t>(300, 2);
  testing::for_each_target([&](const std::string&) {
    for (size_t stride : {1, 3, 4, 5, 8, 9, 16, 31, 150, 300})
      for (size_t n = 1; n <= 300; ++n) check_xor(in, n, stride);
  });
}

TEST(SimdXor, MultiTileRealisticBooksOnEveryTarget) {
  gen::OrderBookGenerator g(9);
  const size_t rows = 333;  // 49950 values: many SCALAR-path tiles with a partial last one
  const auto book = g.orderbook_f32(rows);
  const auto f16 = g.normalized_f16(rows);
  std::vector<uint32_t> u32(book.size());
  std::memcpy(u32.data(), book.data(), book.size() * 4);
  testing::for_each_target([&](const std::string&) {
    check_xor(u32, u32.size(), gen::kValuesPerRow);
    check_xor(f16, f16.size(), gen::kValuesPerRow);
    check_xor(f16, f16.size() - 77, 151);  // odd row width
  });
}

}  // namespace
}  // namespace cdd::simd
