// shuffle_kernels-inl.h — per-target bodies of the byte shuffle and unshuffle, included once per Highway
// target by shuffle.cpp and by the fused decode kernels (xor_kernels.cpp). Toggle guard, no SIMD API.
#if defined(CDD_SIMD_SHUFFLE_KERNELS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef CDD_SIMD_SHUFFLE_KERNELS_INL_H_
#undef CDD_SIMD_SHUFFLE_KERNELS_INL_H_
#else
#define CDD_SIMD_SHUFFLE_KERNELS_INL_H_
#endif

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace cdd::simd::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// out[b * n + i] = in[i * s + b]
inline void ShuffleBytes(const uint8_t* HWY_RESTRICT in, uint8_t* HWY_RESTRICT out, size_t n,
                         size_t s) {
  if (s == 1) {
    if (n != 0) std::memcpy(out, in, n);
    return;
  }
  const hn::ScalableTag<uint8_t> d8;
  const size_t N = hn::Lanes(d8);
  size_t i = 0;
  if (N >= 16) {
    if (s == 2) {
      for (; i + N <= n; i += N) {
        hn::Vec<decltype(d8)> b0, b1;
        hn::LoadInterleaved2(d8, in + 2 * i, b0, b1);
        hn::StoreU(b0, d8, out + i);
        hn::StoreU(b1, d8, out + n + i);
      }
    } else if (s == 4) {
      for (; i + N <= n; i += N) {
        hn::Vec<decltype(d8)> b0, b1, b2, b3;
        hn::LoadInterleaved4(d8, in + 4 * i, b0, b1, b2, b3);
        hn::StoreU(b0, d8, out + i);
        hn::StoreU(b1, d8, out + n + i);
        hn::StoreU(b2, d8, out + 2 * n + i);
        hn::StoreU(b3, d8, out + 3 * n + i);
      }
    } else if (s == 8) {
      // Two steps through an L1 buffer: split elements into their four 16-bit words, then each word
      // plane into its low and high bytes.
      const hn::ScalableTag<uint16_t> d16;
      const size_t N16 = hn::Lanes(d16);
      HWY_ALIGN uint16_t words[4 * HWY_MAX_BYTES];
      for (; i + N <= n; i += N) {
        const uint16_t* src = reinterpret_cast<const uint16_t*>(in + 8 * i);
        for (size_t h = 0; h < 2; ++h) {
          hn::Vec<decltype(d16)> w0, w1, w2, w3;
          hn::LoadInterleaved4(d16, src + h * 4 * N16, w0, w1, w2, w3);
          hn::Store(w0, d16, words + 0 * N + h * N16);
          hn::Store(w1, d16, words + 1 * N + h * N16);
          hn::Store(w2, d16, words + 2 * N + h * N16);
          hn::Store(w3, d16, words + 3 * N + h * N16);
        }
        for (size_t j = 0; j < 4; ++j) {
          hn::Vec<decltype(d8)> lo, hi;
          hn::LoadInterleaved2(d8, reinterpret_cast<const uint8_t*>(words + j * N), lo, hi);
          hn::StoreU(lo, d8, out + (2 * j) * n + i);
          hn::StoreU(hi, d8, out + (2 * j + 1) * n + i);
        }
      }
    }
  }
  for (; i < n; ++i)
    for (size_t b = 0; b < s; ++b) out[b * n + i] = in[i * s + b];
}

// out[i * s + b] = in[b * plane_stride + i] for i < n (plane_stride >= n lets a caller unshuffle a
// tile of a larger shuffled buffer).
inline void UnshuffleBytes(const uint8_t* HWY_RESTRICT in, size_t plane_stride,
                           uint8_t* HWY_RESTRICT out, size_t n, size_t s) {
  if (s == 1) {
    if (n != 0) std::memcpy(out, in, n);
    return;
  }
  const hn::ScalableTag<uint8_t> d8;
  const size_t N = hn::Lanes(d8);
  const size_t ps = plane_stride;
  size_t i = 0;
  if (N >= 16) {
    if (s == 2) {
      for (; i + N <= n; i += N) {
        const auto b0 = hn::LoadU(d8, in + i);
        const auto b1 = hn::LoadU(d8, in + ps + i);
        hn::StoreInterleaved2(b0, b1, d8, out + 2 * i);
      }
    } else if (s == 4) {
      for (; i + N <= n; i += N) {
        const auto b0 = hn::LoadU(d8, in + i);
        const auto b1 = hn::LoadU(d8, in + ps + i);
        const auto b2 = hn::LoadU(d8, in + 2 * ps + i);
        const auto b3 = hn::LoadU(d8, in + 3 * ps + i);
        hn::StoreInterleaved4(b0, b1, b2, b3, d8, out + 4 * i);
      }
    } else if (s == 8) {
      const hn::ScalableTag<uint16_t> d16;
      const size_t N16 = hn::Lanes(d16);
      HWY_ALIGN uint16_t words[4 * HWY_MAX_BYTES];
      for (; i + N <= n; i += N) {
        for (size_t j = 0; j < 4; ++j) {
          const auto lo = hn::LoadU(d8, in + (2 * j) * ps + i);
          const auto hi = hn::LoadU(d8, in + (2 * j + 1) * ps + i);
          hn::StoreInterleaved2(lo, hi, d8, reinterpret_cast<uint8_t*>(words + j * N));
        }
        uint16_t* dst = reinterpret_cast<uint16_t*>(out + 8 * i);
        for (size_t h = 0; h < 2; ++h) {
          const auto w0 = hn::Load(d16, words + 0 * N + h * N16);
          const auto w1 = hn::Load(d16, words + 1 * N + h * N16);
          const auto w2 = hn::Load(d16, words + 2 * N + h * N16);
          const auto w3 = hn::Load(d16, words + 3 * N + h * N16);
          hn::StoreInterleaved4(w0, w1, w2, w3, d16, dst + h * 4 * N16);
        }
      }
    }
  }
  for (; i < n; ++i)
    for (size_t b = 0; b < s; ++b) out[i * s + b] = in[b * ps + i];
}

}  // namespace cdd::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // include guard (toggle)
