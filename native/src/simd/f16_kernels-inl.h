// f16_kernels-inl.h — per-target float32 <-> float16 conversion with integer operations only, so the
// result is bit-identical on every target and independent of the FPU state (rounding mode, FTZ/DAZ).
// Included once per target by float16.cpp and xor_kernels.cpp. Rules: scalar_reference.hpp.
#if defined(CDD_SIMD_F16_KERNELS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef CDD_SIMD_F16_KERNELS_INL_H_
#undef CDD_SIMD_F16_KERNELS_INL_H_
#else
#define CDD_SIMD_F16_KERNELS_INL_H_
#endif

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "hwy/highway.h"
#include "simd/scalar_reference.hpp"

HWY_BEFORE_NAMESPACE();
namespace cdd::simd::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// u32 lanes holding float32 bits -> u32 lanes holding float16 bits (upper 16 bits zero).
template <class DU32>
HWY_INLINE hn::Vec<DU32> F32BitsToF16Bits(DU32 du, hn::Vec<DU32> x) {
  const hn::RebindToSigned<DU32> di;
  const auto sign = hn::And(hn::ShiftRight<16>(x), hn::Set(du, 0x8000u));
  const auto a = hn::And(x, hn::Set(du, 0x7FFFFFFFu));
  const auto ai = hn::BitCast(di, a);
  const auto is_nan = hn::RebindMask(du, hn::Gt(ai, hn::Set(di, 0x7F800000)));
  const auto is_inf = hn::RebindMask(du, hn::Gt(ai, hn::Set(di, 0x477FEFFF)));
  const auto is_normal = hn::RebindMask(du, hn::Gt(ai, hn::Set(di, 0x387FFFFF)));
  const auto one = hn::Set(du, 1u);

  const auto nan_bits =
      hn::Or(hn::Set(du, 0x7E00u), hn::And(hn::ShiftRight<13>(a), hn::Set(du, 0x3FFu)));
  const auto t = hn::Sub(a, hn::Set(du, 0x38000000u));
  const auto normal = hn::ShiftRight<13>(
      hn::Add(hn::Add(t, hn::Set(du, 0x0FFFu)), hn::And(hn::ShiftRight<13>(t), one)));

  // Subnormal result: round(m >> s) to nearest even, s = 126 - exponent clamped to [1, 25].
  const auto e = hn::ShiftRight<23>(a);
  const auto m = hn::Or(hn::And(a, hn::Set(du, 0x7FFFFFu)), hn::Set(du, 0x800000u));
  const auto s = hn::Max(hn::Min(hn::Sub(hn::Set(du, 126u), e), hn::Set(du, 25u)), one);
  // Shl/Shr, not operator<< / >>: SVE vectors are sizeless built-in types without operators.
  const auto half_m1 = hn::Sub(hn::Shl(one, hn::Sub(s, one)), one);
  const auto odd = hn::And(hn::Shr(m, s), one);
  const auto sub = hn::Shr(hn::Add(hn::Add(m, half_m1), odd), s);

  auto r = hn::IfThenElse(is_normal, normal, sub);
  r = hn::IfThenElse(is_inf, hn::Set(du, 0x7C00u), r);
  r = hn::IfThenElse(is_nan, nan_bits, r);
  return hn::Or(r, sign);
}

// u32 lanes holding float16 bits -> u32 lanes holding float32 bits.
template <class DU32>
HWY_INLINE hn::Vec<DU32> F16BitsToF32Bits(DU32 du, hn::Vec<DU32> h) {
  const hn::RebindToSigned<DU32> di;
  const hn::RebindToFloat<DU32> df;
  const auto sign = hn::ShiftLeft<16>(hn::And(h, hn::Set(du, 0x8000u)));
  const auto a = hn::And(h, hn::Set(du, 0x7FFFu));
  const auto ai = hn::BitCast(di, a);
  const auto is_infnan = hn::RebindMask(du, hn::Gt(ai, hn::Set(di, 0x7BFF)));
  const auto is_nan = hn::RebindMask(du, hn::Gt(ai, hn::Set(di, 0x7C00)));
  const auto is_sub = hn::RebindMask(du, hn::Lt(ai, hn::Set(di, 0x400)));
  const auto is_zero = hn::RebindMask(du, hn::Eq(ai, hn::Zero(di)));

  const auto shifted = hn::ShiftLeft<13>(a);
  const auto normal = hn::Add(shifted, hn::Set(du, 0x38000000u));
  const auto infnan = hn::Or(hn::Or(shifted, hn::Set(du, 0x7F800000u)),
                             hn::IfThenElseZero(is_nan, hn::Set(du, 0x400000u)));
  // Subnormal: the integer mantissa converts to float exactly; dividing by 2^24 is an exponent change.
  const auto as_float = hn::BitCast(du, hn::ConvertTo(df, ai));
  const auto sub = hn::IfThenZeroElse(is_zero, hn::Sub(as_float, hn::Set(du, 24u << 23)));

  const auto r = hn::IfThenElse(is_sub, sub, hn::IfThenElse(is_infnan, infnan, normal));
  return hn::Or(r, sign);
}

inline void F32ToF16(const float* HWY_RESTRICT in, uint16_t* HWY_RESTRICT out, size_t n) {
  const hn::ScalableTag<uint32_t> du;
  const hn::Rebind<uint16_t, decltype(du)> d16;
  const hn::RebindToSigned<decltype(du)> di;
  const size_t N = hn::Lanes(du);
  const uint32_t* bits = reinterpret_cast<const uint32_t*>(in);
  size_t i = 0;
  for (; i + N <= n; i += N) {
    const auto h = F32BitsToF16Bits(du, hn::LoadU(du, bits + i));
    hn::StoreU(hn::DemoteTo(d16, hn::BitCast(di, h)), d16, out + i);
  }
  for (; i < n; ++i) {
    uint32_t x;
    std::memcpy(&x, in + i, 4);
    out[i] = ref::f32_bits_to_f16(x);
  }
}

// `in` may be the upper half of `out`'s bytes (in == (uint16_t*)out + n): every store then lands on
// halves already loaded, so the widening can run in place.
inline void F16ToF32(const uint16_t* in, float* out, size_t n) {
#if HWY_ARCH_X86 && (HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL)
  // 256-bit vectors: measured 4-8% faster than 512-bit for this decode step (docs/BENCHMARKS.md).
  const hn::CappedTag<uint32_t, 8> du;
#else
  const hn::ScalableTag<uint32_t> du;
#endif
  const hn::Rebind<uint16_t, decltype(du)> d16;
  const size_t N = hn::Lanes(du);
  uint32_t* bits = reinterpret_cast<uint32_t*>(out);
  size_t i = 0;
  // Align the stores to the vector size first: full-width stores that split cache lines cost more
  // than the conversion itself (measured: AVX-512 over a 16-byte aligned buffer).
  for (; i < n && reinterpret_cast<uintptr_t>(out + i) % (N * 4) != 0; ++i) {
    const uint32_t x = ref::f16_bits_to_f32(in[i]);
    std::memcpy(out + i, &x, 4);
  }
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX2
  // AVX2 and AVX-512 targets imply F16C, whose widening is exact and equal to the reference for all
  // 65536 inputs (tests: SimdFloat16.*); it ignores the rounding mode and, for half inputs, FTZ/DAZ.
  const hn::RebindToFloat<decltype(du)> df;
  const hn::Rebind<hwy::float16_t, decltype(df)> dh;
  const auto* halves = reinterpret_cast<const hwy::float16_t*>(in);
  for (; i + N <= n; i += N) hn::StoreU(hn::PromoteTo(df, hn::LoadU(dh, halves + i)), df, out + i);
#elif HWY_TARGET == HWY_SCALAR
  (void)d16;
  (void)bits;  // one lane: the branchy scalar definition is the fastest form (tail loop below)
#else
  // A full vector of halves at a time; when none is zero, subnormal, infinite or NaN (exponent 0 or
  // 31), every lane takes the plain rebias: sign | ((h & 0x7FFF) << 13) + 0x38000000.
  const hn::Repartition<uint16_t, decltype(du)> dw;
  const hn::Half<decltype(dw)> dwh;
  const size_t NW = hn::Lanes(dw);
  auto normal = [&](hn::Vec<decltype(du)> h) {
    const auto sign = hn::ShiftLeft<16>(hn::And(h, hn::Set(du, 0x8000u)));
    return hn::Or(sign, hn::Add(hn::ShiftLeft<13>(hn::And(h, hn::Set(du, 0x7FFFu))), hn::Set(du, 0x38000000u)));
  };
  for (; i + NW <= n; i += NW) {
    const auto hw = hn::LoadU(dw, in + i);
    const auto e = hn::And(hw, hn::Set(dw, uint16_t{0x7C00}));
    const auto special = hn::Or(hn::Eq(e, hn::Zero(dw)), hn::Eq(e, hn::Set(dw, uint16_t{0x7C00})));
    const auto lo = hn::PromoteTo(du, hn::LowerHalf(dwh, hw));
    const auto hi = hn::PromoteTo(du, hn::UpperHalf(dwh, hw));
    if (hn::AllFalse(dw, special)) {
      hn::StoreU(normal(lo), du, bits + i);
      hn::StoreU(normal(hi), du, bits + i + N);
    } else {
      hn::StoreU(F16BitsToF32Bits(du, lo), du, bits + i);
      hn::StoreU(F16BitsToF32Bits(du, hi), du, bits + i + N);
    }
  }
  for (; i + N <= n; i += N) hn::StoreU(F16BitsToF32Bits(du, hn::PromoteTo(du, hn::LoadU(d16, in + i))), du, bits + i);
#endif
  for (; i < n; ++i) {
    const uint32_t x = ref::f16_bits_to_f32(in[i]);
    std::memcpy(out + i, &x, 4);
  }
}

}  // namespace cdd::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // include guard (toggle)
