// bench_util.hpp — what the native benchmarks share: this thread's CPU clock (other jobs on a shared
// machine do not count; wall time where POSIX clocks are missing), timed passes, comma-separated lists.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <sstream>
#include <string>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <time.h>
#endif

namespace cdd::bench {

inline double thread_cpu_seconds() {
#if defined(__unix__) || defined(__APPLE__)
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
#else
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
#endif
}

// CPU seconds of one pass of `fn`: passes repeated until `min_seconds` have passed (no warm-up).
template <class Fn>
double timed_pass(Fn&& fn, double min_seconds) {
  size_t passes = 0;
  const double t0 = thread_cpu_seconds();
  double elapsed = 0;
  do {
    fn();
    ++passes;
    elapsed = thread_cpu_seconds() - t0;
  } while (elapsed < min_seconds);
  return elapsed / static_cast<double>(passes);
}

// The best of `rounds` timed_pass measurements after one warm-up pass: the round least disturbed by the
// other jobs of a shared machine.
template <class Fn>
double best_seconds_per_pass(Fn&& fn, int rounds, double min_seconds) {
  fn();
  double best = 1e300;
  for (int i = 0; i < rounds; ++i) best = std::min(best, timed_pass(fn, min_seconds));
  return best;
}

// "a,b,,c" -> {"a", "b", "c"}.
inline std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string t; std::getline(ss, t, ',');)
    if (!t.empty()) out.push_back(t);
  return out;
}

}  // namespace cdd::bench
