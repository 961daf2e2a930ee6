// target_test.cpp — the SIMD target cap: listing, capping to each target, rejecting unknown names.
#include <gtest/gtest.h>

#include <string>

#include "hwy/targets.h"
#include "simd/target.hpp"

namespace cdd::simd {
namespace {

TEST(SimdTarget, ListsAvailableBestFirstWithFallbackLast) {
  const auto targets = available_targets();
  ASSERT_FALSE(targets.empty());
  // The fallback is the build's baseline: EMU128/SCALAR on x86-64, NEON on arm64.
  EXPECT_EQ(targets.back(), hwy::TargetName(HWY_STATIC_TARGET));
  // Uncapped, dispatch uses the best one.
  ASSERT_TRUE(set_target("").has_value());
  EXPECT_EQ(std::string(target_name()), targets.front());
}

TEST(SimdTarget, CapsToEachAvailableTargetAndBack) {
  const auto targets = available_targets();
  for (const auto& t : targets) {
    ASSERT_TRUE(set_target(t).has_value()) << t;
    EXPECT_EQ(std::string(target_name()), t);
  }
  ASSERT_TRUE(set_target("SCALAR").has_value());
  EXPECT_EQ(std::string(target_name()), targets.back());
  ASSERT_TRUE(set_target("").has_value());
  EXPECT_EQ(std::string(target_name()), targets.front());
}

TEST(SimdTarget, RejectsUnknownNameAndKeepsCurrentTarget) {
  ASSERT_TRUE(set_target("").has_value());
  const std::string before = target_name();
  const auto st = set_target("AVX9000");
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code, CDD_E_INVALID_ARGUMENT);
  EXPECT_NE(st.error().message.find("AVX9000"), std::string::npos);
  EXPECT_NE(st.error().message.find(before), std::string::npos);  // lists what is available
  EXPECT_EQ(std::string(target_name()), before);
}

}  // namespace
}  // namespace cdd::simd
