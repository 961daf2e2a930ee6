// child_process.hpp — the multi-process tests' side of a helper process (POSIX): spawn
// cdd_test_process with arguments (fork + exec, optionally dropping root to another uid first), read the
// lines it reports on its stdout, write to its stdin, SIGKILL it, wait for it with a deadline.
#pragma once

#ifndef _WIN32

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace cdd::test {

// The helper executable built with the tests (its path is compiled in).
std::string process_helper_path();

class ChildProcess {
 public:
  // Starts `exe args...`; its stdout and stdin are pipes to this process. With run_as_uid >= 0 the child
  // switches to that uid/gid before exec (the caller must be root).
  ChildProcess(const std::string& exe, const std::vector<std::string>& args, int run_as_uid = -1);
  ~ChildProcess();  // kills and reaps a child still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool started() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // The next complete line from the child's stdout (without '\n'); false at EOF or after `timeout`.
  bool read_line(std::string& line, std::chrono::milliseconds timeout);
  // Every line the child printed until it closed stdout (its exit or death), or until it printed nothing
  // for `quiet_limit`; the partial last line of a killed child is dropped.
  std::vector<std::string> read_all_lines(std::chrono::seconds quiet_limit = std::chrono::seconds(60));
  // Writes to the child's stdin; close_stdin() sends EOF.
  bool write_stdin(const std::string& text);
  void close_stdin();

  void kill_now();  // SIGKILL
  // Waits until the child ends, at most `timeout` (then SIGKILLs it). Returns its exit code, 128 + signal
  // when a signal ended it, or -1 when it had to be killed at the deadline.
  int wait(std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;  // the child's stdout
  int in_fd_ = -1;   // the child's stdin
  std::string buffer_;
  bool eof_ = false;
  bool reaped_ = false;
  int status_ = 0;
};

}  // namespace cdd::test

#endif  // !_WIN32
