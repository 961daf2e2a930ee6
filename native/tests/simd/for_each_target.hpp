// for_each_target.hpp — runs a test body once per SIMD target this CPU and build support (capping the
// dispatch to each in turn), then removes the cap. Used by every kernel and codec test.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "simd/target.hpp"

namespace cdd::simd::testing {

template <class Fn>
void for_each_target(Fn&& fn) {
  const auto targets = available_targets();
  ASSERT_FALSE(targets.empty());
  for (const std::string& t : targets) {
    SCOPED_TRACE("SIMD target " + t);
    const auto st = set_target(t);
    ASSERT_TRUE(st.has_value()) << st.error().message;
    ASSERT_EQ(std::string(target_name()), t);
    fn(t);
  }
  ASSERT_TRUE(set_target("").has_value());
}

}  // namespace cdd::simd::testing
