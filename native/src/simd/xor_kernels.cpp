// xor_kernels.cpp — dispatched temporal XOR (encode), prefix XOR (decode) and the fused decode step:
// unshuffle -> prefix XOR -> optional float16 -> float32 in one pass over registers.
#include <algorithm>
#include <cstring>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/xor_kernels.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "simd/f16_kernels-inl.h"
#include "simd/kernels.hpp"
#include "simd/shuffle_kernels-inl.h"
#include "simd/target.hpp"

HWY_BEFORE_NAMESPACE();
namespace cdd::simd::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Elements per tile of the one-lane (SCALAR) decode: 2048 u16 (4 KiB) + their float32 (8 KiB) stay in L1.
constexpr size_t kTileElems = 2048;

template <class T>
HWY_INLINE void XorDeltaT(const T* HWY_RESTRICT in, T* HWY_RESTRICT out, size_t n, size_t stride) {
  const hn::ScalableTag<T> d;
  const size_t N = hn::Lanes(d);
  const size_t head = std::min(stride, n);
  if (head != 0) std::memcpy(out, in, head * sizeof(T));
  size_t i = head;
  for (; i + N <= n; i += N)
    hn::StoreU(hn::Xor(hn::LoadU(d, in + i), hn::LoadU(d, in + i - stride)), d, out + i);
  for (; i < n; ++i) out[i] = static_cast<T>(in[i] ^ in[i - stride]);
}

// data[i] ^= data[i - stride] for i in [begin, end), begin >= stride, in increasing i.
template <class T>
HWY_INLINE void PrefixXorRange(T* data, size_t begin, size_t end, size_t stride) {
  const hn::ScalableTag<T> d;
  const size_t N = hn::Lanes(d);
  size_t i = begin;
  if (stride >= N) {  // a vector then never reads lanes it is itself writing
    for (; i + N <= end; i += N)
      hn::StoreU(hn::Xor(hn::LoadU(d, data + i), hn::LoadU(d, data + i - stride)), d, data + i);
  }
  for (; i < end; ++i) data[i] = static_cast<T>(data[i] ^ data[i - stride]);
}

inline void XorDelta16(const uint16_t* in, uint16_t* out, size_t n, size_t stride) {
  XorDeltaT(in, out, n, stride);
}
inline void XorDelta32(const uint32_t* in, uint32_t* out, size_t n, size_t stride) {
  XorDeltaT(in, out, n, stride);
}
inline void PrefixXor16(uint16_t* data, size_t n, size_t stride) {
  if (n > stride) PrefixXorRange(data, stride, n, stride);
}
inline void PrefixXor32(uint32_t* data, size_t n, size_t stride) {
  if (n > stride) PrefixXorRange(data, stride, n, stride);
}

#if HWY_TARGET == HWY_SCALAR
// One lane: the tiled passes (unshuffle, prefix XOR, widen) are as good as a fused loop.
template <class T>
HWY_INLINE void UnshufflePrefixXorT(const uint8_t* HWY_RESTRICT planes, T* HWY_RESTRICT out, size_t n,
                                    size_t stride) {
  for (size_t t0 = 0; t0 < n; t0 += kTileElems) {
    const size_t len = std::min(kTileElems, n - t0);
    UnshuffleBytes(planes + t0, n, reinterpret_cast<uint8_t*>(out + t0), len, sizeof(T));
    PrefixXorRange(out, std::max(t0, stride), t0 + len, stride);
  }
}

inline void UnshufflePrefixXor16(const uint8_t* planes, uint16_t* out, size_t n, size_t stride) {
  UnshufflePrefixXorT(planes, out, n, stride);
}
inline void UnshufflePrefixXor32(const uint8_t* planes, uint32_t* out, size_t n, size_t stride) {
  UnshufflePrefixXorT(planes, out, n, stride);
}
inline void UnshufflePrefixXorF16ToF32(const uint8_t* HWY_RESTRICT planes, uint16_t* HWY_RESTRICT scratch,
                                       float* HWY_RESTRICT out, size_t n, size_t stride) {
  for (size_t t0 = 0; t0 < n; t0 += kTileElems) {
    const size_t len = std::min(kTileElems, n - t0);
    UnshuffleBytes(planes + t0, n, reinterpret_cast<uint8_t*>(scratch + t0), len, 2);
    PrefixXorRange(scratch, std::max(t0, stride), t0 + len, stride);
    F16ToF32(scratch + t0, out + t0, len);
  }
}
#else
// One pass in registers: gather each element's bytes from the planes, XOR with the row before (already
// final in `out`), store, and for float16 widen the same vector to float32. Vectors are capped at 256
// bits (wider stores measured slower on unaligned caller buffers).

// Widens the u16 lanes of `h` (float16 bits) into two float32 vectors stored at `out`.
template <class D16>
HWY_INLINE void WidenStore(D16 d16, hn::Vec<D16> h, float* HWY_RESTRICT out) {
  const hn::Half<D16> dh;
  const hn::Rebind<uint32_t, decltype(dh)> du;
  const hn::Rebind<float, decltype(dh)> df;
  const size_t half = hn::Lanes(dh);
  const auto lo = hn::LowerHalf(dh, h);
  const auto hi = hn::UpperHalf(dh, h);
  (void)d16;
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX2
  const hn::Rebind<hwy::float16_t, decltype(df)> dfh;
  (void)du;
  hn::StoreU(hn::PromoteTo(df, hn::BitCast(dfh, lo)), df, out);
  hn::StoreU(hn::PromoteTo(df, hn::BitCast(dfh, hi)), df, out + half);
#else
  hn::StoreU(hn::BitCast(df, F16BitsToF32Bits(du, hn::PromoteTo(du, lo))), df, out);
  hn::StoreU(hn::BitCast(df, F16BitsToF32Bits(du, hn::PromoteTo(du, hi))), df, out + half);
#endif
}

template <bool kWiden>
HWY_INLINE void FusedU16(const uint8_t* HWY_RESTRICT planes, uint16_t* HWY_RESTRICT out, float* HWY_RESTRICT wide,
                         size_t n, size_t stride) {
  const hn::CappedTag<uint16_t, 16> d16;
  const hn::Rebind<uint8_t, decltype(d16)> d8;
  const size_t N = hn::Lanes(d16);
  const uint8_t* p0 = planes;
  const uint8_t* p1 = planes + n;
  auto gather = [&](size_t i) {
    return hn::Or(hn::PromoteTo(d16, hn::LoadU(d8, p0 + i)), hn::ShiftLeft<8>(hn::PromoteTo(d16, hn::LoadU(d8, p1 + i))));
  };
  auto scalar = [&](size_t i) {
    uint16_t x = static_cast<uint16_t>(p0[i] | (p1[i] << 8));
    if (i >= stride) x = static_cast<uint16_t>(x ^ out[i - stride]);
    out[i] = x;
    if constexpr (kWiden) {
      const uint32_t w = ref::f16_bits_to_f32(x);
      std::memcpy(wide + i, &w, 4);
    }
  };
  const size_t first = std::min(stride, n);
  size_t i = 0;
  for (; i + N <= first; i += N) {
    const auto x = gather(i);
    hn::StoreU(x, d16, out + i);
    if constexpr (kWiden) WidenStore(d16, x, wide + i);
  }
  for (; i < first; ++i) scalar(i);
  if (stride >= N) {  // a vector never reads lanes it is itself producing
    for (; i + N <= n; i += N) {
      const auto x = hn::Xor(gather(i), hn::LoadU(d16, out + i - stride));
      hn::StoreU(x, d16, out + i);
      if constexpr (kWiden) WidenStore(d16, x, wide + i);
    }
  }
  for (; i < n; ++i) scalar(i);
}

inline void UnshufflePrefixXor16(const uint8_t* planes, uint16_t* out, size_t n, size_t stride) {
  FusedU16<false>(planes, out, nullptr, n, stride);
}
inline void UnshufflePrefixXorF16ToF32(const uint8_t* HWY_RESTRICT planes, uint16_t* HWY_RESTRICT scratch,
                                       float* HWY_RESTRICT out, size_t n, size_t stride) {
  FusedU16<true>(planes, scratch, out, n, stride);
}

inline void UnshufflePrefixXor32(const uint8_t* HWY_RESTRICT planes, uint32_t* HWY_RESTRICT out, size_t n,
                                 size_t stride) {
  const hn::CappedTag<uint32_t, 8> d32;
  const hn::Rebind<uint8_t, decltype(d32)> d8;
  const size_t N = hn::Lanes(d32);
  const uint8_t* p0 = planes;
  auto gather = [&](size_t i) {
    const auto b0 = hn::PromoteTo(d32, hn::LoadU(d8, p0 + i));
    const auto b1 = hn::ShiftLeft<8>(hn::PromoteTo(d32, hn::LoadU(d8, p0 + n + i)));
    const auto b2 = hn::ShiftLeft<16>(hn::PromoteTo(d32, hn::LoadU(d8, p0 + 2 * n + i)));
    const auto b3 = hn::ShiftLeft<24>(hn::PromoteTo(d32, hn::LoadU(d8, p0 + 3 * n + i)));
    return hn::Or(hn::Or(b0, b1), hn::Or(b2, b3));
  };
  auto scalar = [&](size_t i) {
    uint32_t x = static_cast<uint32_t>(p0[i]) | (static_cast<uint32_t>(p0[n + i]) << 8) |
                 (static_cast<uint32_t>(p0[2 * n + i]) << 16) | (static_cast<uint32_t>(p0[3 * n + i]) << 24);
    if (i >= stride) x ^= out[i - stride];
    out[i] = x;
  };
  const size_t first = std::min(stride, n);
  size_t i = 0;
  for (; i + N <= first; i += N) hn::StoreU(gather(i), d32, out + i);
  for (; i < first; ++i) scalar(i);
  if (stride >= N) {
    for (; i + N <= n; i += N) hn::StoreU(hn::Xor(gather(i), hn::LoadU(d32, out + i - stride)), d32, out + i);
  }
  for (; i < n; ++i) scalar(i);
}
#endif  // HWY_TARGET == HWY_SCALAR

}  // namespace cdd::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace cdd::simd {

HWY_EXPORT(XorDelta16);
HWY_EXPORT(XorDelta32);
HWY_EXPORT(PrefixXor16);
HWY_EXPORT(PrefixXor32);
HWY_EXPORT(UnshufflePrefixXor16);
HWY_EXPORT(UnshufflePrefixXor32);
HWY_EXPORT(UnshufflePrefixXorF16ToF32);

void xor_delta_u16(const uint16_t* in, uint16_t* out, size_t n, size_t stride) {
  detail::apply_env_cap_once();
  HWY_DYNAMIC_DISPATCH(XorDelta16)(in, out, n, stride);
}
void xor_delta_u32(const uint32_t* in, uint32_t* out, size_t n, size_t stride) {
  detail::apply_env_cap_once();
  HWY_DYNAMIC_DISPATCH(XorDelta32)(in, out, n, stride);
}
void prefix_xor_u16(uint16_t* data, size_t n, size_t stride) {
  detail::apply_env_cap_once();
  HWY_DYNAMIC_DISPATCH(PrefixXor16)(data, n, stride);
}
void prefix_xor_u32(uint32_t* data, size_t n, size_t stride) {
  detail::apply_env_cap_once();
  HWY_DYNAMIC_DISPATCH(PrefixXor32)(data, n, stride);
}
void unshuffle_prefix_xor_u16(const uint8_t* planes, uint16_t* out, size_t n, size_t stride) {
  detail::apply_env_cap_once();
  HWY_DYNAMIC_DISPATCH(UnshufflePrefixXor16)(planes, out, n, stride);
}
void unshuffle_prefix_xor_u32(const uint8_t* planes, uint32_t* out, size_t n, size_t stride) {
  detail::apply_env_cap_once();
  HWY_DYNAMIC_DISPATCH(UnshufflePrefixXor32)(planes, out, n, stride);
}
void unshuffle_prefix_xor_f16_to_f32(const uint8_t* planes, uint16_t* scratch, float* out, size_t n,
                                     size_t stride) {
  detail::apply_env_cap_once();
  HWY_DYNAMIC_DISPATCH(UnshufflePrefixXorF16ToF32)(planes, scratch, out, n, stride);
}

}  // namespace cdd::simd
#endif  // HWY_ONCE
