// child_process.cpp — fork/exec, pipes, kill and wait for the multi-process tests (child_process.hpp).
#ifndef _WIN32

#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

namespace cdd::test {

std::string process_helper_path() {
#ifdef CDD_TEST_PROCESS_HELPER
  return CDD_TEST_PROCESS_HELPER;
#else
  return "cdd_test_process";
#endif
}

ChildProcess::ChildProcess(const std::string& exe, const std::vector<std::string>& args, int run_as_uid) {
  int out[2], in[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return;
  if (::pipe2(in, O_CLOEXEC) != 0) {
    ::close(out[0]);
    ::close(out[1]);
    return;
  }
  std::vector<std::string> argv_s{exe};
#ifdef CDD_TEST_PROCESS_EMULATOR
  argv_s.insert(argv_s.begin(), CDD_TEST_PROCESS_EMULATOR);  // a cross build: the helper runs under qemu
#endif
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {  // the child: only async-signal-safe calls until exec
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(in[0], STDIN_FILENO);
    if (run_as_uid >= 0) {
      if (::setgid(static_cast<gid_t>(run_as_uid)) != 0 || ::setuid(static_cast<uid_t>(run_as_uid)) != 0) ::_exit(126);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  ::close(in[0]);
  if (pid < 0) {
    ::close(out[0]);
    ::close(in[1]);
    return;
  }
  pid_ = pid;
  out_fd_ = out[0];
  in_fd_ = in[1];
  ::signal(SIGPIPE, SIG_IGN);  // a dead child's stdin must not kill the test
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status_, 0);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
  if (in_fd_ >= 0) ::close(in_fd_);
}

bool ChildProcess::read_line(std::string& line, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (auto nl = buffer_.find('\n'); nl != std::string::npos) {
      line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return true;
    }
    if (eof_ || out_fd_ < 0) return false;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{out_fd_, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    char buf[4096];
    ssize_t n = ::read(out_fd_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      eof_ = true;
      continue;
    }
    buffer_.append(buf, static_cast<size_t>(n));
  }
}

std::vector<std::string> ChildProcess::read_all_lines(std::chrono::seconds quiet_limit) {
  std::vector<std::string> lines;
  std::string line;
  while (read_line(line, quiet_limit)) lines.push_back(line);
  return lines;
}

bool ChildProcess::write_stdin(const std::string& text) {
  if (in_fd_ < 0) return false;
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(in_fd_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

void ChildProcess::close_stdin() {
  if (in_fd_ >= 0) ::close(in_fd_);
  in_fd_ = -1;
}

void ChildProcess::kill_now() {
  if (pid_ > 0 && !reaped_) ::kill(pid_, SIGKILL);
}

int ChildProcess::wait(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool killed = false;
  while (!reaped_) {
    pid_t r = ::waitpid(pid_, &status_, WNOHANG);
    if (r == pid_) {
      reaped_ = true;
      break;
    }
    if (r < 0 && errno != EINTR) return -1;
    if (!killed && std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid_, SIGKILL);
      killed = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (killed) return -1;
  if (WIFEXITED(status_)) return WEXITSTATUS(status_);
  if (WIFSIGNALED(status_)) return 128 + WTERMSIG(status_);
  return -1;
}

}  // namespace cdd::test

#endif  // !_WIN32
