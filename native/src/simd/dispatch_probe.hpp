// dispatch_probe.hpp — the Highway target bit (HWY_AVX2, ...) that dynamic dispatch selects right now.
#pragma once

#include <cstdint>

namespace cdd::simd::detail {
int64_t dispatched_target();
}  // namespace cdd::simd::detail
