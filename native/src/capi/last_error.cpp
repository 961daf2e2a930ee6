// last_error.cpp — the thread-local last error of the C ABI and its three accessors (cdd.h).
#include "capi/last_error.hpp"

#include <string>

namespace {
thread_local int t_code = CDD_OK;
thread_local std::string t_message;
}  // namespace

namespace cdd::capi {

void set_last_error(cdd_status code, std::string_view message) {
  t_code = code;
  try {
    t_message.assign(message);
  } catch (...) {
    t_message.clear();
  }
}

}  // namespace cdd::capi

extern "C" {

CDD_API int cdd_last_error_code(void) { return t_code; }
CDD_API const char* cdd_last_error_message(void) { return t_message.c_str(); }
CDD_API void cdd_clear_error(void) {
  t_code = CDD_OK;
  t_message.clear();
}

}  // extern "C"
