// env_threads.hpp — reads the CDD_THREADS environment variable shared by both parallel backends.
#pragma once

namespace cdd::detail {

// The positive integer in CDD_THREADS, or 0 when unset, empty, not a number or out of range.
unsigned threads_from_env();

}  // namespace cdd::detail
