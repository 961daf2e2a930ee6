// dispatch_probe.cpp — a dispatched function that returns the Highway target it was compiled for, so
// cdd_simd_target() reports what HWY_DYNAMIC_DISPATCH really selects (same flags as every kernel).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/dispatch_probe.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "simd/dispatch_probe.hpp"

HWY_BEFORE_NAMESPACE();
namespace cdd::simd::HWY_NAMESPACE {
inline int64_t CompiledTarget() { return HWY_TARGET; }
}  // namespace cdd::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace cdd::simd::detail {
HWY_EXPORT(CompiledTarget);
int64_t dispatched_target() { return HWY_DYNAMIC_DISPATCH(CompiledTarget)(); }
}  // namespace cdd::simd::detail
#endif  // HWY_ONCE
