// env_threads.cpp — parses CDD_THREADS (a positive decimal thread count) for default_threads().
#include "parallel/env_threads.hpp"

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace cdd::detail {

unsigned threads_from_env() {
  const char* text = std::getenv("CDD_THREADS");
  if (text == nullptr || *text == '\0') return 0;
  unsigned value = 0;
  const char* end = text + std::strlen(text);
  auto [ptr, ec] = std::from_chars(text, end, value);
  if (ec != std::errc() || ptr != end || value > 4096) return 0;
  return value;
}

}  // namespace cdd::detail
