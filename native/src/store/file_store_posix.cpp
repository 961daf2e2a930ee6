// file_store_posix.cpp — the file Store on POSIX systems: pread/pwrite at explicit offsets (thread-safe
// reads; short transfers are continued), ftruncate, fsync and an flock() advisory writer lock.
#ifndef _WIN32

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>

#include "store/file_store.hpp"

namespace cdd {

namespace test_hooks {
std::atomic<size_t> g_file_io_limit{0};
void set_file_io_limit(size_t bytes) { g_file_io_limit.store(bytes, std::memory_order_relaxed); }
}  // namespace test_hooks

namespace {

// Bytes one pread/pwrite may move: everything, or the test hook's cap (forces short transfers).
size_t io_size(size_t want) {
  const size_t cap = test_hooks::g_file_io_limit.load(std::memory_order_relaxed);
  return cap == 0 ? want : std::min(want, cap);
}

std::string os_error(const std::string& what, const std::string& path, int err) {
  return what + " " + path + ": " + std::strerror(err);
}

class PosixFileStore final : public Store {
 public:
  PosixFileStore(int fd, std::string path, bool writable) : fd_(fd), path_(std::move(path)), writable_(writable) {}
  ~PosixFileStore() override {
    unlock_writer();
    ::close(fd_);
  }

  const std::string& name() const override { return path_; }

  Result<uint64_t> size() const override {
    struct stat st {};
    CDD_RETURN_ERROR_IF(::fstat(fd_, &st) != 0, CDD_E_IO, os_error("cannot stat", path_, errno));
    return static_cast<uint64_t>(st.st_size);
  }

  Status read_at(uint64_t off, std::span<std::byte> out) const override {
    size_t done = 0;
    while (done < out.size()) {
      ssize_t n = ::pread(fd_, out.data() + done, io_size(out.size() - done), static_cast<off_t>(off + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        return make_error(CDD_E_IO, os_error("cannot read", path_, errno) + " at offset " + std::to_string(off + done));
      }
      if (n == 0) {
        CDD_ASSIGN_OR_RETURN(uint64_t have, size());
        return make_error(CDD_E_FORMAT, truncated_message(out.size(), off, have));
      }
      done += static_cast<size_t>(n);
    }
    return ok();
  }

  bool writable() const override { return writable_; }

  Status write_at(uint64_t off, std::span<const std::byte> data) override {
    CDD_RETURN_ERROR_IF(!writable_, CDD_E_STATE, path_ + " is open read-only");
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::pwrite(fd_, data.data() + done, io_size(data.size() - done), static_cast<off_t>(off + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        return make_error(CDD_E_IO, os_error("cannot write", path_, errno) + " at offset " + std::to_string(off + done));
      }
      // A short write is continued from where it stopped; no progress at all would loop forever.
      CDD_RETURN_ERROR_IF(n == 0, CDD_E_IO,
                          "cannot write " + path_ + ": the system wrote 0 bytes at offset " + std::to_string(off + done));
      done += static_cast<size_t>(n);
    }
    return ok();
  }

  Status truncate(uint64_t new_size) override {
    CDD_RETURN_ERROR_IF(!writable_, CDD_E_STATE, path_ + " is open read-only");
    CDD_RETURN_ERROR_IF(::ftruncate(fd_, static_cast<off_t>(new_size)) != 0, CDD_E_IO,
                        os_error("cannot truncate", path_, errno));
    return ok();
  }

  Status sync() override {
    CDD_RETURN_ERROR_IF(::fsync(fd_) != 0, CDD_E_IO, os_error("cannot fsync", path_, errno));
    return ok();
  }

  Status lock_writer() override {
    if (locked_) return ok();
    while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      if (errno == EINTR) continue;
      if (errno == EWOULDBLOCK) return make_error(CDD_E_LOCKED, "another writer holds " + path_);
      return make_error(CDD_E_IO, os_error("cannot lock", path_, errno));
    }
    locked_ = true;
    return ok();
  }

  void unlock_writer() override {
    if (locked_) {
      ::flock(fd_, LOCK_UN);
      locked_ = false;
    }
  }

 private:
  int fd_;
  std::string path_;
  bool writable_;
  bool locked_ = false;
};

}  // namespace

Result<std::shared_ptr<Store>> open_file_store(const std::string& path, FileMode mode) {
  int flags = O_CLOEXEC;
  switch (mode) {
    case FileMode::kRead: flags |= O_RDONLY; break;
    case FileMode::kReadWrite: flags |= O_RDWR; break;
    case FileMode::kCreate: flags |= O_RDWR | O_CREAT; break;
  }
  int fd;
  do {
    fd = ::open(path.c_str(), flags, 0644);
  } while (fd < 0 && errno == EINTR);
  CDD_RETURN_ERROR_IF(fd < 0, CDD_E_IO, os_error("cannot open", path, errno));
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return make_error(CDD_E_IO, "cannot open " + path + ": is a directory");
  }
  return std::shared_ptr<Store>(std::make_shared<PosixFileStore>(fd, path, mode != FileMode::kRead));
}

}  // namespace cdd

#endif  // !_WIN32
