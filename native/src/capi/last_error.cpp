// last_error.cpp — the thread-local last error of the C ABI and its three accessors (cdd.h).
#include "capi/last_error.hpp"

#include <string>

#include "core/thread_object.hpp"

namespace {
thread_local int t_code = CDD_OK;
std::string& last_message() { return cdd::thread_object<std::string, struct LastMessageSite>(); }
void clear_message() noexcept {
  try {
    last_message().clear();
  } catch (...) {
    // this thread's string could not be made: there is no message to clear
  }
}
}  // namespace

namespace cdd::capi {

void set_last_error(cdd_status code, std::string_view message) {
  t_code = code;
  try {
    last_message().assign(message);
  } catch (...) {
    clear_message();  // no memory for the message: the code alone, never an older message
  }
}

}  // namespace cdd::capi

extern "C" {

CDD_API int cdd_last_error_code(void) { return t_code; }
CDD_API const char* cdd_last_error_message(void) {
  try {
    return last_message().c_str();
  } catch (...) {
    return "";  // this thread's string could not be made: it never had a message
  }
}
CDD_API void cdd_clear_error(void) {
  t_code = CDD_OK;
  clear_message();
}

}  // extern "C"
