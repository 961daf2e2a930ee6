// last_error.hpp — the thread-local last error behind cdd_last_error_code / cdd_last_error_message.
#pragma once

#include <string_view>

#include "cdd/cdd.h"

namespace cdd::capi {

// Sets this thread's last error (code and message).
void set_last_error(cdd_status code, std::string_view message);

}  // namespace cdd::capi
