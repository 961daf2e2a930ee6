// interleave.cpp — dispatched decode step of the order-book bitmap-planar filter (filter 5): rows held
// as three field planes (all prices, then all sizes, then all counts) interleaved back into (level, field)
// order, with Highway's StoreInterleaved3 (full vectors, then 128-bit vectors, then one element at a time).
#include <cstring>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/interleave.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "simd/kernels.hpp"
#include "simd/target.hpp"

HWY_BEFORE_NAMESPACE();
namespace cdd::simd::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Elements [i, n) of one row's planes p0, p1, p2 into out (3 per element), vectors of tag d; returns
// the first element not done.
template <class D, class T>
HWY_INLINE size_t Interleave3Span(D d, const T* HWY_RESTRICT p0, const T* HWY_RESTRICT p1,
                                  const T* HWY_RESTRICT p2, T* HWY_RESTRICT out, size_t i, size_t n) {
  const size_t N = hn::Lanes(d);
  for (; i + N <= n; i += N)
    hn::StoreInterleaved3(hn::LoadU(d, p0 + i), hn::LoadU(d, p1 + i), hn::LoadU(d, p2 + i), d, out + 3 * i);
  return i;
}

template <class T>
HWY_INLINE void Planar3ToRowsT(const T* HWY_RESTRICT planar, T* HWY_RESTRICT out, size_t rows, size_t levels) {
  const hn::ScalableTag<T> d;
  const hn::CappedTag<T, 16 / sizeof(T)> d128;
  for (size_t r = 0; r < rows; ++r) {
    const T* p0 = planar + r * 3 * levels;
    const T* p1 = p0 + levels;
    const T* p2 = p1 + levels;
    T* o = out + r * 3 * levels;
    size_t i = Interleave3Span(d, p0, p1, p2, o, 0, levels);
    i = Interleave3Span(d128, p0, p1, p2, o, i, levels);
    for (; i < levels; ++i) {
      o[3 * i] = p0[i];
      o[3 * i + 1] = p1[i];
      o[3 * i + 2] = p2[i];
    }
  }
}

inline void Planar3ToRows16(const uint16_t* planar, uint16_t* out, size_t rows, size_t levels) {
  Planar3ToRowsT(planar, out, rows, levels);
}
inline void Planar3ToRows32(const uint32_t* planar, uint32_t* out, size_t rows, size_t levels) {
  Planar3ToRowsT(planar, out, rows, levels);
}

}  // namespace cdd::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace cdd::simd {

HWY_EXPORT(Planar3ToRows16);
HWY_EXPORT(Planar3ToRows32);

void planar3_to_rows_u16(const uint16_t* planar, uint16_t* out, size_t rows, size_t levels) {
  detail::apply_env_cap_once();
  HWY_DYNAMIC_DISPATCH(Planar3ToRows16)(planar, out, rows, levels);
}
void planar3_to_rows_u32(const uint32_t* planar, uint32_t* out, size_t rows, size_t levels) {
  detail::apply_env_cap_once();
  HWY_DYNAMIC_DISPATCH(Planar3ToRows32)(planar, out, rows, levels);
}

}  // namespace cdd::simd
#endif  // HWY_ONCE
