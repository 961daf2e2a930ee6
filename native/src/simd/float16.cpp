// float16.cpp — dispatched float32 <-> float16 array conversion (bodies in f16_kernels-inl.h), exact and
// identical on every Highway target.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/float16.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "simd/f16_kernels-inl.h"
#include "simd/kernels.hpp"
#include "simd/target.hpp"

#if HWY_ONCE
namespace cdd::simd {

HWY_EXPORT(F32ToF16);
HWY_EXPORT(F16ToF32);

void f32_to_f16(const float* in, uint16_t* out, size_t n) {
  detail::apply_env_cap_once();
  HWY_DYNAMIC_DISPATCH(F32ToF16)(in, out, n);
}

void f16_to_f32(const uint16_t* in, float* out, size_t n) {
  detail::apply_env_cap_once();
  HWY_DYNAMIC_DISPATCH(F16ToF32)(in, out, n);
}

}  // namespace cdd::simd
#endif  // HWY_ONCE
