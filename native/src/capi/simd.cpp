// simd.cpp — C ABI of the SIMD dispatch: cdd_simd_target (the Highway target in use) and
// cdd_simd_set_target (cap it, as the CDD_SIMD_TARGET environment variable does at load).
#include <exception>
#include <string_view>

#include "capi/last_error.hpp"
#include "cdd/cdd.h"
#include "simd/target.hpp"

extern "C" {

CDD_API const char* cdd_simd_target(void) {
  try {
    return cdd::simd::target_name();
  } catch (const std::exception&) {
    return "unknown";  // only if applying CDD_SIMD_TARGET could not allocate
  }
}

CDD_API int cdd_simd_set_target(const char* name) {
  try {
    const auto st = cdd::simd::set_target(name == nullptr ? std::string_view{} : std::string_view{name});
    if (!st) {
      cdd::capi::set_last_error(st.error().code, st.error().message);
      return st.error().code;
    }
    return CDD_OK;
  } catch (const std::exception& e) {
    cdd::capi::set_last_error(CDD_E_NO_MEMORY, e.what());
    return CDD_E_NO_MEMORY;
  }
}

}  // extern "C"
