// target_report_test.cpp — prints the SIMD targets that the per-target kernel tests (for_each_target)
// run on this machine, so CI logs name them (scripts/cross-test.sh: qemu NEON/SVE/SVE2, wine x86), and
// fails when CDD_EXPECT_SIMD_TARGETS (comma-separated names, e.g. "SVE2,SVE,NEON") names a target that
// is not available: an emulator or build that silently lost a target cannot pass the cross tests.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "simd/target.hpp"

namespace cdd::simd {
namespace {

TEST(SimdTarget, ReportsTargetsAndMeetsExpectation) {
  const auto targets = available_targets();
  std::string joined;
  for (const auto& t : targets) joined += (joined.empty() ? "" : ", ") + t;
  std::printf("SIMD targets run by the per-target tests here (best first): %s\n", joined.c_str());
  std::fflush(stdout);

  const char* env = std::getenv("CDD_EXPECT_SIMD_TARGETS");
  const std::string expected = env != nullptr ? env : "";
  size_t start = 0;
  while (start < expected.size()) {
    size_t end = expected.find(',', start);
    if (end == std::string::npos) end = expected.size();
    const std::string name = expected.substr(start, end - start);
    if (!name.empty()) {
      EXPECT_NE(std::find(targets.begin(), targets.end(), name), targets.end())
          << "CDD_EXPECT_SIMD_TARGETS names " << name << ", but the targets here are: " << joined;
    }
    start = end + 1;
  }
}

}  // namespace
}  // namespace cdd::simd
