// progress.cpp — the stderr progress meter: a carriage-return redrawn line on a terminal, periodic plain
// lines elsewhere (see progress.hpp).
#include "tools/progress.hpp"

#include <cstdio>
#include <cstdlib>

#ifdef _WIN32
#include <io.h>
#define CDD_ISATTY(fd) _isatty(fd)
#else
#include <unistd.h>
#define CDD_ISATTY(fd) isatty(fd)
#endif

namespace cdd::tools {
namespace {

double env_interval() {
  const char* v = std::getenv("CDD_PROGRESS_INTERVAL");
  if (v == nullptr || *v == '\0') return 5.0;
  char* end = nullptr;
  const double s = std::strtod(v, &end);
  return end != v && s >= 0 ? s : 5.0;
}

std::string thousands(uint64_t v) {
  const std::string digits = std::to_string(v);
  std::string s;
  s.reserve(digits.size() + digits.size() / 3);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) s.push_back(',');
    s.push_back(digits[i]);
  }
  return s;
}

std::string clock_text(double seconds) {
  if (!(seconds >= 0) || seconds > 1e8) return "?";
  const auto s = static_cast<uint64_t>(seconds + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%llu:%02llu:%02llu", static_cast<unsigned long long>(s / 3600),
                static_cast<unsigned long long>(s / 60 % 60), static_cast<unsigned long long>(s % 60));
  return buf;
}

}  // namespace

Progress::Progress(std::string what, uint64_t total, uint64_t unit_bytes, bool enabled, uint64_t rows)
    : what_(std::move(what)),
      total_(total),
      unit_bytes_(unit_bytes == 0 ? 1 : unit_bytes),
      rows_(rows),
      enabled_(enabled),
      tty_(CDD_ISATTY(2) != 0),
      interval_s_(env_interval()),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() { finish(); }

std::string Progress::line(uint64_t done, double seconds) const {
  const double frac = total_ == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total_);
  const double mb = static_cast<double>(done) * static_cast<double>(unit_bytes_) / 1e6;
  const double rate = seconds > 0 ? mb / seconds : 0.0;
  const double eta = done >= total_ ? 0.0 : done == 0 || seconds <= 0 ? -1.0 : seconds * (1.0 - frac) / frac;
  char buf[256];
  if (unit_bytes_ == 1) {  // bytes: MB done, and the rows they hold as an estimate
    std::snprintf(buf, sizeof buf, "%s: %.1f / %.1f MB (%.1f%%, ~%s / %s rows)  %.1f MB/s  ETA %s", what_.c_str(), mb,
                  static_cast<double>(total_) / 1e6, 100.0 * frac,
                  thousands(static_cast<uint64_t>(frac * static_cast<double>(rows_))).c_str(),
                  thousands(rows_).c_str(), rate, clock_text(eta).c_str());
  } else {
    std::snprintf(buf, sizeof buf, "%s: %s / %s rows (%.1f%%)  %.1f MB/s  ETA %s", what_.c_str(),
                  thousands(done).c_str(), thousands(total_).c_str(), 100.0 * frac, rate, clock_text(eta).c_str());
  }
  return buf;
}

void Progress::draw_locked(bool last) {
  const auto now = std::chrono::steady_clock::now();
  const double since = std::chrono::duration<double>(now - last_).count();
  if (!last) {
    if (tty_ ? drawn_ && since < 0.2 : since < interval_s_) return;
  }
  last_ = now;
  const std::string text = line(done_, std::chrono::duration<double>(now - start_).count());
  if (tty_) {
    const size_t pad = last_width_ > text.size() ? last_width_ - text.size() : 0;
    std::fprintf(stderr, "\r%s%*s", text.c_str(), static_cast<int>(pad), "");
    last_width_ = text.size();
  } else {
    std::fprintf(stderr, "%s\n", text.c_str());
  }
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::update(uint64_t done) {
  if (!enabled_) return;
  std::lock_guard lock(mu_);
  done_ = done > total_ ? total_ : done;
  draw_locked(false);
}

void Progress::add(uint64_t more) {
  if (!enabled_) return;
  std::lock_guard lock(mu_);
  done_ = done_ + more > total_ ? total_ : done_ + more;
  draw_locked(false);
}

void Progress::finish() {
  if (!enabled_) return;
  std::lock_guard lock(mu_);
  if (finished_) return;
  finished_ = true;
  if (tty_) {
    if (drawn_) {
      std::fprintf(stderr, "\r%*s\r", static_cast<int>(last_width_), "");
      std::fflush(stderr);
    }
  } else if (drawn_) {
    draw_locked(true);  // the last state of the periodic lines
  }
}

}  // namespace cdd::tools
