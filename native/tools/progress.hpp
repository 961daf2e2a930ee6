// progress.hpp — a one-line progress meter on stderr for long CLI work, shown only when stderr is a
// terminal and redrawn at most five times a second.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace cdd::tools {

class Progress {
 public:
  Progress(std::string what, uint64_t total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(uint64_t done);
  void finish();  // clears the line

 private:
  std::string what_;
  uint64_t total_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace cdd::tools
