// target.cpp — the dispatch cap over Highway's target selection (hwy::DisableTargets) and the name of
// the target in use. HWY_TARGETS here equals the kernels' own (same flags, default Highway policy).
#include "simd/target.hpp"

#include <cstdlib>
#include <mutex>

#include "hwy/targets.h"
#include "simd/dispatch_probe.hpp"

namespace cdd::simd {
namespace {

constexpr int64_t kCompiled = HWY_TARGETS;

// The fallback compiled into the kernels (the last entry of every dispatch table): the worst target
// compiled, i.e. the highest bit. EMU128 or SCALAR on x86-64 (Highway 1.0.3 has no SSE2 target), but the
// baseline NEON on arm64, where Highway compiles no scalar code at all.
constexpr int64_t fallback_target() {
  int64_t worst = 0;
  for (int64_t bits = kCompiled; bits != 0; bits &= bits - 1) worst = bits & -bits;
  return worst;
}

std::mutex& cap_mutex() {
  static std::mutex m;
  return m;
}

int64_t g_disabled = 0;  // the mask last passed to hwy::DisableTargets; guarded by cap_mutex()

// Targets compiled in and supported by the CPU, ignoring the cap. Caller holds cap_mutex().
// hwy::SupportedTargets() also re-initialises the dispatch with every detected target; the final
// DisableTargets puts the cap back and makes the next dispatch re-select under it.
int64_t available_mask_locked() {
  hwy::DisableTargets(0);
  const int64_t supported = hwy::SupportedTargets();
  hwy::DisableTargets(g_disabled);
  return (supported & kCompiled) | fallback_target();
}

int64_t lowest_bit(int64_t mask) { return mask & -mask; }

int64_t target_by_name(std::string_view name) {
  if (name == "SCALAR") return fallback_target();
  for (int64_t bits = kCompiled; bits != 0; bits &= bits - 1) {
    const int64_t t = lowest_bit(bits);
    if (name == hwy::TargetName(t)) return t;
  }
  return 0;
}

std::string names_of(int64_t mask) {
  std::string out;
  for (int64_t bits = mask; bits != 0; bits &= bits - 1) {
    if (!out.empty()) out += ", ";
    out += hwy::TargetName(lowest_bit(bits));
  }
  return out;
}

Status set_target_locked(std::string_view name) {
  if (name.empty()) {
    g_disabled = 0;
    hwy::DisableTargets(0);
    return ok();
  }
  const int64_t available = available_mask_locked();
  const int64_t t = target_by_name(name);
  CDD_RETURN_ERROR_IF(t == 0, CDD_E_INVALID_ARGUMENT,
                      "unknown SIMD target '" + std::string(name) + "' (available: " +
                          names_of(available) + ")");
  CDD_RETURN_ERROR_IF((available & t) == 0, CDD_E_INVALID_ARGUMENT,
                      "SIMD target '" + std::string(name) + "' is not supported here (available: " +
                          names_of(available) + ")");
  // Lower bits are better targets: disabling every bit below t leaves t as the best one.
  g_disabled = t - 1;
  hwy::DisableTargets(g_disabled);
  return ok();
}

}  // namespace

namespace detail {
void apply_env_cap_once() {
  static const bool applied = [] {
    const char* env = std::getenv("CDD_SIMD_TARGET");
    if (env != nullptr && *env != '\0') {
      std::lock_guard<std::mutex> lock(cap_mutex());
      // An invalid value leaves dispatch uncapped; cdd_simd_target() shows what is in use.
      (void)set_target_locked(env);
    }
    return true;
  }();
  (void)applied;
}
}  // namespace detail

const char* target_name() {
  detail::apply_env_cap_once();
  // Ask the dispatch itself (hwy::SupportedTargets() would re-initialise Highway's chosen target
  // without the cap).
  return hwy::TargetName(detail::dispatched_target());
}

Status set_target(std::string_view name) {
  detail::apply_env_cap_once();
  std::lock_guard<std::mutex> lock(cap_mutex());
  return set_target_locked(name);
}

std::vector<std::string> available_targets() {
  detail::apply_env_cap_once();
  std::lock_guard<std::mutex> lock(cap_mutex());
  std::vector<std::string> out;
  for (int64_t bits = available_mask_locked(); bits != 0; bits &= bits - 1)
    out.emplace_back(hwy::TargetName(lowest_bit(bits)));
  return out;
}

}  // namespace cdd::simd
