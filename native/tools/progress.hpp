// progress.hpp — progress of long CLI work on stderr: rows (or MB), MB/s and ETA. On a terminal one line
// redrawn at most five times a second; otherwise (logs, pipes) a plain line every CDD_PROGRESS_INTERVAL
// seconds (default 5; 0 = every update) and a last one when done. Disabled by --quiet.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace cdd::tools {

class Progress {
 public:
  // `total` units of `unit_bytes` bytes each: rows of row_bytes, or bytes (unit_bytes = 1, `rows` = the
  // file's rows, shown as an estimate from the bytes done).
  Progress(std::string what, uint64_t total, uint64_t unit_bytes, bool enabled = true, uint64_t rows = 0);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(uint64_t done);  // thread-safe; `done` counts from 0 to total
  void add(uint64_t more);     // thread-safe; done += more
  void finish();               // a terminal line is cleared; plain output gets its last line

  // The text of one line for `done` units after `seconds` (exposed for tests).
  std::string line(uint64_t done, double seconds) const;

 private:
  void draw_locked(bool last);

  std::string what_;
  uint64_t total_;
  uint64_t unit_bytes_;
  uint64_t rows_;
  bool enabled_;
  bool tty_;
  double interval_s_;
  bool drawn_ = false;
  bool finished_ = false;
  uint64_t done_ = 0;
  std::size_t last_width_ = 0;
  std::chrono::steady_clock::time_point start_, last_;
  std::mutex mu_;
};

}  // namespace cdd::tools
