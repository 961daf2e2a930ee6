// target.hpp — which Highway target the SIMD kernels dispatch to, and the cap that limits it (for tests
// and for users debugging): cdd_simd_set_target / the CDD_SIMD_TARGET environment variable.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace cdd::simd {

// Name of the target the kernels dispatch to now ("AVX3_DL", "AVX3", "AVX2", "SSE4", "EMU128", ...).
const char* target_name();
// Caps dispatch at `name` (the kernels use that target or, if it is not available, fail here);
// "" removes the cap. "SCALAR" names the fallback, the worst target built (EMU128 or SCALAR on x86-64,
// NEON on arm64, where Highway builds no scalar code).
// Unknown name or a target this CPU/build lacks: CDD_E_INVALID_ARGUMENT naming the available ones.
// Not meant to race with running kernels (a kernel started meanwhile may use either target).
Status set_target(std::string_view name);
// Targets that are both compiled in and supported by this CPU, best first (ignores the cap).
std::vector<std::string> available_targets();

namespace detail {
// Applies CDD_SIMD_TARGET once per process, before the first dispatch; every kernel wrapper calls it.
void apply_env_cap_once();
}  // namespace detail

}  // namespace cdd::simd
