// float16_test.cpp — exact float32 <-> float16 on every SIMD target: all 65536 float16 inputs (widen),
// every rounding boundary of every float16 plus edge classes and a large random sample (narrow); the
// scalar reference itself is checked against known values and, where the CPU has F16C, the hardware.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CDD_TEST_HAVE_F16C_ORACLE 1
#endif

#include "gen/orderbook_generator.hpp"
#include "simd/kernels.hpp"
#include "simd/scalar_reference.hpp"
#include "for_each_target.hpp"

namespace cdd::simd {
namespace {

uint32_t bits_of(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
float float_of(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

// float32 inputs that exercise every rounding decision: for each float16 value, its exact float32,
// its neighbours, the midpoint to the next float16 and the midpoint's neighbours; then edge classes.
std::vector<uint32_t> demote_inputs() {
  std::vector<uint32_t> v;
  for (uint32_t h = 0; h < 0x7C00; ++h) {
    for (uint32_t sign : {0u, 0x80000000u}) {
      const uint32_t lo = ref::f16_bits_to_f32(static_cast<uint16_t>(h));
      const uint32_t hi = h + 1 < 0x7C00 ? ref::f16_bits_to_f32(static_cast<uint16_t>(h + 1))
                                         : 0x47800000u;  // 65536, where the next f16 would be
      const uint32_t mid = bits_of((float_of(lo) + float_of(hi)) / 2.0f);  // exact: one more bit
      for (uint32_t x : {lo, lo + 1, mid - 1, mid, mid + 1, hi - 1})
        v.push_back(sign | x);
      if (lo != 0) v.push_back(sign | (lo - 1));
    }
  }
  // Infinities, NaNs with every interesting payload (quiet and signalling), f32 subnormals, extremes.
  const uint32_t specials[] = {0x7F800000u, 0x7F800001u, 0x7F800FFFu, 0x7F801000u, 0x7F802000u,
                               0x7FBFFFFFu, 0x7FC00000u, 0x7FC00001u, 0x7FFFE000u, 0x7FFFFFFFu,
                               0x7F7FFFFFu, 0x00000001u, 0x007FFFFFu, 0x00800000u, 0x33000000u,
                               0x33000001u, 0x32FFFFFFu, 0x33800000u, 0x387FC000u, 0x387FE000u,
                               0x387FF000u, 0x38800000u, 0x477FE000u, 0x477FEFFFu, 0x477FF000u,
                               0x477FF001u, 0x47800000u, 0x3F800000u, 0x00000000u};
  for (uint32_t s : specials) {
    v.push_back(s);
    v.push_back(s | 0x80000000u);
  }
  for (uint32_t payload = 1; payload < (1u << 23); payload = payload * 3 + 1)
    v.push_back(0x7F800000u | payload);
  std::mt19937 rng(12345);
  for (int i = 0; i < (1 << 20); ++i) v.push_back(rng());
  return v;
}

TEST(SimdFloat16, ReferenceKnownValues) {
  EXPECT_EQ(ref::f32_bits_to_f16(bits_of(1.0f)), 0x3C00);
  EXPECT_EQ(ref::f32_bits_to_f16(bits_of(-2.0f)), 0xC000);
  EXPECT_EQ(ref::f32_bits_to_f16(bits_of(65504.0f)), 0x7BFF);
  EXPECT_EQ(ref::f32_bits_to_f16(bits_of(65519.996f)), 0x7BFF);
  EXPECT_EQ(ref::f32_bits_to_f16(bits_of(65520.0f)), 0x7C00);  // tie to even overflows
  EXPECT_EQ(ref::f32_bits_to_f16(bits_of(1e10f)), 0x7C00);
  EXPECT_EQ(ref::f32_bits_to_f16(bits_of(-1e10f)), 0xFC00);
  EXPECT_EQ(ref::f32_bits_to_f16(bits_of(0.1f)), 0x2E66);
  EXPECT_EQ(ref::f32_bits_to_f16(bits_of(std::ldexp(1.0f, -24))), 0x0001);
  EXPECT_EQ(ref::f32_bits_to_f16(bits_of(std::ldexp(1.0f, -25))), 0x0000);  // tie to even: 0
  EXPECT_EQ(ref::f32_bits_to_f16(bits_of(std::ldexp(1.5f, -25))), 0x0001);
  EXPECT_EQ(ref::f32_bits_to_f16(bits_of(std::ldexp(3.0f, -25))), 0x0002);  // 1.5 ulp: tie to even
  EXPECT_EQ(ref::f32_bits_to_f16(bits_of(-0.0f)), 0x8000);
  EXPECT_EQ(ref::f32_bits_to_f16(0x7FC00000u), 0x7E00);
  EXPECT_EQ(ref::f32_bits_to_f16(0xFF800001u), 0xFE00);  // signalling NaN comes back quiet
  EXPECT_EQ(ref::f32_bits_to_f16(0x7FA02000u), 0x7F01);  // top payload bits kept
  EXPECT_EQ(ref::f16_bits_to_f32(0x3C00), bits_of(1.0f));
  EXPECT_EQ(ref::f16_bits_to_f32(0x0001), bits_of(std::ldexp(1.0f, -24)));
  EXPECT_EQ(ref::f16_bits_to_f32(0x03FF), bits_of(std::ldexp(1023.0f, -24)));
  EXPECT_EQ(ref::f16_bits_to_f32(0x8000), 0x80000000u);
  EXPECT_EQ(ref::f16_bits_to_f32(0x7C00), 0x7F800000u);
  EXPECT_EQ(ref::f16_bits_to_f32(0x7C01), 0x7FC02000u);
  EXPECT_EQ(ref::f16_bits_to_f32(0xFE00), 0xFFC00000u);
}

TEST(SimdFloat16, ReferenceRoundTripsEveryFloat16) {
  for (uint32_t h = 0; h < 0x10000; ++h) {
    const bool snan = (h & 0x7C00) == 0x7C00 && (h & 0x3FF) != 0 && (h & 0x200) == 0;
    const uint16_t expect = static_cast<uint16_t>(snan ? (h | 0x200) : h);
    ASSERT_EQ(ref::f32_bits_to_f16(ref::f16_bits_to_f32(static_cast<uint16_t>(h))), expect) << h;
  }
}

#ifdef CDD_TEST_HAVE_F16C_ORACLE
__attribute__((target("f16c"))) uint16_t hw_demote(uint32_t x) {
  return static_cast<uint16_t>(_mm_extract_epi16(_mm_cvtps_ph(_mm_set_ss(float_of(x)), 0), 0));
}
__attribute__((target("f16c"))) uint32_t hw_promote(uint16_t h) {
  return bits_of(_mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(h))));
}

TEST(SimdFloat16, ReferenceAgreesWithF16CHardware) {
  if (!__builtin_cpu_supports("f16c")) GTEST_SKIP() << "CPU has no F16C";
  for (uint32_t h = 0; h < 0x10000; ++h)
    ASSERT_EQ(ref::f16_bits_to_f32(static_cast<uint16_t>(h)), hw_promote(static_cast<uint16_t>(h)))
        << std::hex << h;
  for (uint32_t x : demote_inputs()) ASSERT_EQ(ref::f32_bits_to_f16(x), hw_demote(x)) << std::hex << x;
}
#endif

TEST(SimdFloat16, WidensAll65536ExactlyOnEveryTarget) {
  std::vector<uint16_t> in(0x10000);
  for (uint32_t h = 0; h < 0x10000; ++h) in[h] = static_cast<uint16_t>(h);
  std::vector<float> expect(in.size()), got(in.size());
  ref::f16_to_f32(in.data(), expect.data(), in.size());
  testing::for_each_target([&](const std::string&) {
    for (size_t offset : {size_t{0}, size_t{1}, size_t{3}}) {  // misaligned starts and odd tails
      std::fill(got.begin(), got.end(), 0.0f);
      f16_to_f32(in.data() + offset, got.data(), in.size() - offset);
      ASSERT_EQ(0, std::memcmp(expect.data() + offset, got.data(), (in.size() - offset) * 4));
    }
  });
}

TEST(SimdFloat16, WidensInPlaceFromTheUpperHalfOnEveryTarget) {
  std::vector<float> expect(0x10000);
  std::vector<uint16_t> all(0x10000);
  for (uint32_t h = 0; h < 0x10000; ++h) all[h] = static_cast<uint16_t>(h);
  ref::f16_to_f32(all.data(), expect.data(), all.size());
  testing::for_each_target([&](const std::string&) {
    for (size_t n : {size_t{1}, size_t{7}, size_t{33}, size_t{0x10000}}) {
      std::vector<float> buf(n);
      uint16_t* upper = reinterpret_cast<uint16_t*>(buf.data()) + n;
      std::memcpy(upper, all.data() + (0x10000 - n), n * 2);
      f16_to_f32(upper, buf.data(), n);
      ASSERT_EQ(0, std::memcmp(buf.data(), expect.data() + (0x10000 - n), n * 4)) << n;
    }
  });
}

TEST(SimdFloat16, NarrowsEveryBoundaryEdgeClassAndRandomSampleOnEveryTarget) {
  const auto bits = demote_inputs();
  std::vector<float> in(bits.size());
  std::memcpy(in.data(), bits.data(), bits.size() * 4);
  std::vector<uint16_t> expect(in.size()), got(in.size());
  ref::f32_to_f16(in.data(), expect.data(), in.size());
  testing::for_each_target([&](const std::string&) {
    std::fill(got.begin(), got.end(), 0);
    f32_to_f16(in.data(), got.data(), in.size());
    for (size_t i = 0; i < in.size(); ++i)
      ASSERT_EQ(got[i], expect[i]) << "input 0x" << std::hex << bits[i];
  });
}

#ifdef CDD_TEST_HAVE_F16C_ORACLE
// The conversions must not depend on the FPU state a caller may have set (fast-math libraries set
// FTZ/DAZ; some code changes the rounding mode).
TEST(SimdFloat16, ExactUnderFlushToZeroDenormalsAreZeroAndRoundTowardZero) {
  std::vector<uint16_t> all(0x10000);
  for (uint32_t h = 0; h < 0x10000; ++h) all[h] = static_cast<uint16_t>(h);
  const auto bits = demote_inputs();
  std::vector<float> in(bits.size());
  std::memcpy(in.data(), bits.data(), bits.size() * 4);
  std::vector<float> wide_ref(all.size()), wide(all.size());
  std::vector<uint16_t> narrow_ref(in.size()), narrow(in.size());
  ref::f16_to_f32(all.data(), wide_ref.data(), all.size());
  ref::f32_to_f16(in.data(), narrow_ref.data(), in.size());
  const unsigned saved = _mm_getcsr();
  _mm_setcsr((saved & ~0x6000u) | 0x8040u | 0x6000u);  // FTZ, DAZ, round toward zero
  testing::for_each_target([&](const std::string&) {
    f16_to_f32(all.data(), wide.data(), all.size());
    f32_to_f16(in.data(), narrow.data(), in.size());
    EXPECT_EQ(0, std::memcmp(wide_ref.data(), wide.data(), wide.size() * 4));
    EXPECT_EQ(0, std::memcmp(narrow_ref.data(), narrow.data(), narrow.size() * 2));
  });
  _mm_setcsr(saved);
}
#endif

TEST(SimdFloat16, ShortArraysMatchOnEveryTarget) {
  gen::OrderBookGenerator g(3);
  std::vector<float> in(300);
  g.normalized_f32(2, in.data());
  in[5] = std::numeric_limits<float>::quiet_NaN();
  in[17] = -0.0f;
  in[40] = 1e9f;
  testing::for_each_target([&](const std::string&) {
    for (size_t n = 1; n <= 300; ++n) {
      std::vector<uint16_t> e(n), h(n + 1, 0xBEEF);
      ref::f32_to_f16(in.data(), e.data(), n);
      f32_to_f16(in.data(), h.data(), n);
      ASSERT_EQ(0, std::memcmp(e.data(), h.data(), n * 2)) << n;
      ASSERT_EQ(h[n], 0xBEEF) << "wrote past the end, n=" << n;
      std::vector<float> ef(n), gf(n + 1, 7.0f);
      ref::f16_to_f32(h.data(), ef.data(), n);
      f16_to_f32(h.data(), gf.data(), n);
      ASSERT_EQ(0, std::memcmp(ef.data(), gf.data(), n * 4)) << n;
      ASSERT_EQ(gf[n], 7.0f) << "wrote past the end, n=" << n;
    }
  });
}

}  // namespace
}  // namespace cdd::simd
