// shuffle_test.cpp — byte shuffle/unshuffle on every SIMD target against the scalar reference: every
// n from 1 to 300, element sizes 1..8 and odd/large ones, random bytes and realistic order-book data.
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

std::vector<uint8_t> random_bytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

void check_shuffle(const uint8_t* in, size_t n, size_t s) {
  const size_t bytes = n * s;
  std::vector<uint8_t> expect(bytes), got(bytes + 1, 0xA5), back(bytes + 1, 0x5A);
  ref::byte_shuffle(in, expect.data(), n, s);
  byte_shuffle(in, got.data(), n, s);
  ASSERT_EQ(0, std::memcmp(expect.data(), got.data(), bytes)) << "shuffle n=" << n << " s=" << s;
  ASSERT_EQ(got[bytes], 0xA5) << "shuffle wrote past the end, n=" << n << " s=" << s;
  byte_unshuffle(got.data(), back.data(), n, s);
  ASSERT_EQ(0, std::memcmp(in, back.data(), bytes)) << "unshuffle n=" << n << " s=" << s;
  ASSERT_EQ(back[bytes], 0x5A) << "unshuffle wrote past the end, n=" << n << " s=" << s;
}

TEST(SimdShuffle, MatchesReferenceForAllSmallSizesOnEveryTarget) {
  const auto data = random_bytes(300 * 16, 7);
  testing::for_each_target([&](const std::string&) {
    for (size_t s : {1, 2, 3, 4, 5, 6, 7, 8, 12, 16})
      for (size_t n = 1; n <= 300; ++n) check_shuffle(data.data(), n, s);
  });
}

TEST(SimdShuffle, LargeBuffersOnEveryTarget) {
  const auto data = random_bytes(100003 * 8, 11);
  testing::for_each_target([&](const std::string&) {
    for (size_t s : {2, 4, 8}) check_shuffle(data.data(), 100003, s);
  });
}

TEST(SimdShuffle, RealisticOrderBookFloatsOnEveryTarget) {
  gen::OrderBookGenerator g(42);
  const auto book = g.orderbook_f32(257);
  const auto f16 = g.normalized_f16(257);
  testing::for_each_target([&](const std::string&) {
    check_shuffle(reinterpret_cast<const uint8_t*>(book.data()), book.size(), 4);
    check_shuffle(reinterpret_cast<const uint8_t*>(f16.data()), f16.size(), 2);
  });
}

TEST(SimdShuffle, ZeroElementsIsANoOp) {
  uint8_t in[1] = {1}, out[1] = {9};
  byte_shuffle(in, out, 0, 4);
  byte_unshuffle(in, out, 0, 4);
  EXPECT_EQ(out[0], 9);
}

}  // namespace
}  // namespace cdd::simd
