// shuffle.cpp — byte shuffle / unshuffle (spec/FORMAT.md §5.4), compiled once per Highway target and
// dispatched at run time. Element sizes 2, 4 and 8 use interleaved loads/stores; others are scalar.
#include <cstring>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/shuffle.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "simd/kernels.hpp"
#include "simd/scalar_reference.hpp"
#include "simd/target.hpp"
#include "simd/shuffle_kernels-inl.h"

#if HWY_ONCE
namespace cdd::simd {

HWY_EXPORT(ShuffleBytes);
HWY_EXPORT(UnshuffleBytes);

void byte_shuffle(const uint8_t* in, uint8_t* out, size_t n, size_t elem_size) {
  detail::apply_env_cap_once();
  HWY_DYNAMIC_DISPATCH(ShuffleBytes)(in, out, n, elem_size);
}

void byte_unshuffle(const uint8_t* in, uint8_t* out, size_t n, size_t elem_size) {
  detail::apply_env_cap_once();
  HWY_DYNAMIC_DISPATCH(UnshuffleBytes)(in, n, out, n, elem_size);
}

}  // namespace cdd::simd
#endif  // HWY_ONCE
