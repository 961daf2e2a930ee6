// capi_simd_test.cpp — the C ABI of the SIMD cap: cdd_simd_target / cdd_simd_set_target, errors through
// the thread-local last error.
#include <gtest/gtest.h>

#include <string>

#include "cdd/cdd.h"
#include "simd/target.hpp"

namespace {

TEST(SimdCapi, NamesAndCapsTheTarget) {
  const auto targets = cdd::simd::available_targets();
  ASSERT_EQ(cdd_simd_set_target(nullptr), CDD_OK);
  EXPECT_EQ(std::string(cdd_simd_target()), targets.front());
  ASSERT_EQ(cdd_simd_set_target(targets.back().c_str()), CDD_OK);
  EXPECT_EQ(std::string(cdd_simd_target()), targets.back());
  ASSERT_EQ(cdd_simd_set_target(""), CDD_OK);
  EXPECT_EQ(std::string(cdd_simd_target()), targets.front());
}

TEST(SimdCapi, UnknownTargetSetsLastError) {
  cdd_clear_error();
  EXPECT_EQ(cdd_simd_set_target("NEON9"), CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(cdd_last_error_code(), CDD_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(cdd_last_error_message()).find("NEON9"), std::string::npos);
  ASSERT_EQ(cdd_simd_set_target(nullptr), CDD_OK);
}

}  // namespace
