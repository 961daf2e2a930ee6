// progress.cpp — the stderr progress meter (a carriage-return redrawn line, TTY only).
#include "tools/progress.hpp"

#include <cstdio>

#ifdef _WIN32
#include <io.h>
#define CDD_ISATTY(fd) _isatty(fd)
#else
#include <unistd.h>
#define CDD_ISATTY(fd) isatty(fd)
#endif

namespace cdd::tools {

Progress::Progress(std::string what, uint64_t total)
    : what_(std::move(what)), total_(total), enabled_(CDD_ISATTY(2) != 0), last_(std::chrono::steady_clock::now()) {}

Progress::~Progress() { finish(); }

void Progress::update(uint64_t done) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  const double pct = total_ == 0 ? 100.0 : 100.0 * static_cast<double>(done) / static_cast<double>(total_);
  std::fprintf(stderr, "\r%s: %llu / %llu rows (%.0f%%)   ", what_.c_str(), static_cast<unsigned long long>(done),
               static_cast<unsigned long long>(total_), pct);
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::finish() {
  if (!drawn_) return;
  std::fprintf(stderr, "\r%*s\r", static_cast<int>(what_.size() + 48), "");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace cdd::tools
