// file_store_win32.cpp — the file Store on Windows: ReadFile/WriteFile with OVERLAPPED offsets
// (positional, thread-safe reads), SetFileInformationByHandle for truncation, FlushFileBuffers and a
// LockFileEx advisory writer lock.
#ifdef _WIN32

#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>

#include <algorithm>

#include "store/file_store.hpp"

namespace cdd {
namespace {

std::string win_error(const std::string& what, const std::string& path) {
  DWORD err = GetLastError();
  char buf[256] = {0};
  FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr, err, 0, buf, sizeof(buf), nullptr);
  return what + " " + path + ": " + buf + " (error " + std::to_string(err) + ")";
}

constexpr uint64_t kLockOffset = 0x7FFFFFFFFFFFFFF0ull;

OVERLAPPED at(uint64_t off) {
  OVERLAPPED ov{};
  ov.Offset = static_cast<DWORD>(off & 0xFFFFFFFFu);
  ov.OffsetHigh = static_cast<DWORD>(off >> 32);
  return ov;
}

class Win32FileStore final : public Store {
 public:
  Win32FileStore(HANDLE h, std::string path, bool writable) : h_(h), path_(std::move(path)), writable_(writable) {}
  ~Win32FileStore() override {
    unlock_writer();
    CloseHandle(h_);
  }

  const std::string& name() const override { return path_; }

  Result<uint64_t> size() const override {
    LARGE_INTEGER sz{};
    CDD_RETURN_ERROR_IF(!GetFileSizeEx(h_, &sz), CDD_E_IO, win_error("cannot stat", path_));
    return static_cast<uint64_t>(sz.QuadPart);
  }

  Status read_at(uint64_t off, std::span<std::byte> out) const override {
    size_t done = 0;
    while (done < out.size()) {
      DWORD want = static_cast<DWORD>(std::min<size_t>(out.size() - done, 1u << 30));
      DWORD got = 0;
      OVERLAPPED ov = at(off + done);
      if (!ReadFile(h_, out.data() + done, want, &got, &ov)) {
        if (GetLastError() != ERROR_HANDLE_EOF) return make_error(CDD_E_IO, win_error("cannot read", path_));
        got = 0;
      }
      if (got == 0) {
        CDD_ASSIGN_OR_RETURN(uint64_t have, size());
        return make_error(CDD_E_FORMAT, truncated_message(out.size(), off, have));
      }
      done += got;
    }
    return ok();
  }

  bool writable() const override { return writable_; }

  Status write_at(uint64_t off, std::span<const std::byte> data) override {
    CDD_RETURN_ERROR_IF(!writable_, CDD_E_STATE, path_ + " is open read-only");
    size_t done = 0;
    while (done < data.size()) {
      DWORD want = static_cast<DWORD>(std::min<size_t>(data.size() - done, 1u << 30));
      DWORD put = 0;
      OVERLAPPED ov = at(off + done);
      CDD_RETURN_ERROR_IF(!WriteFile(h_, data.data() + done, want, &put, &ov) || put == 0, CDD_E_IO,
                          win_error("cannot write", path_));
      done += put;
    }
    return ok();
  }

  Status truncate(uint64_t new_size) override {
    CDD_RETURN_ERROR_IF(!writable_, CDD_E_STATE, path_ + " is open read-only");
    FILE_END_OF_FILE_INFO info{};
    info.EndOfFile.QuadPart = static_cast<LONGLONG>(new_size);
    CDD_RETURN_ERROR_IF(!SetFileInformationByHandle(h_, FileEndOfFileInfo, &info, sizeof(info)), CDD_E_IO,
                        win_error("cannot truncate", path_));
    return ok();
  }

  Status sync() override {
    CDD_RETURN_ERROR_IF(!FlushFileBuffers(h_), CDD_E_IO, win_error("cannot flush", path_));
    return ok();
  }

  Status lock_writer() override {
    if (locked_) return ok();
    // Windows byte-range locks are mandatory, so lock one byte far past any data: readers are unaffected.
    OVERLAPPED ov = at(kLockOffset);
    if (!LockFileEx(h_, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ov)) {
      if (GetLastError() == ERROR_LOCK_VIOLATION) return make_error(CDD_E_LOCKED, "another writer holds " + path_);
      return make_error(CDD_E_IO, win_error("cannot lock", path_));
    }
    locked_ = true;
    return ok();
  }

  void unlock_writer() override {
    if (locked_) {
      OVERLAPPED ov = at(kLockOffset);
      UnlockFileEx(h_, 0, 1, 0, &ov);
      locked_ = false;
    }
  }

 private:
  HANDLE h_;
  std::string path_;
  bool writable_;
  bool locked_ = false;
};

std::wstring widen(const std::string& utf8) {
  int n = MultiByteToWideChar(CP_UTF8, 0, utf8.c_str(), -1, nullptr, 0);
  std::wstring w(n > 0 ? static_cast<size_t>(n) : 0, L'\0');
  if (n > 0) MultiByteToWideChar(CP_UTF8, 0, utf8.c_str(), -1, w.data(), n);
  if (!w.empty()) w.pop_back();
  return w;
}

}  // namespace

Result<std::shared_ptr<Store>> open_file_store(const std::string& path, FileMode mode) {
  DWORD access = GENERIC_READ | (mode == FileMode::kRead ? 0 : GENERIC_WRITE);
  DWORD disposition = mode == FileMode::kCreate ? OPEN_ALWAYS : OPEN_EXISTING;
  HANDLE h = CreateFileW(widen(path).c_str(), access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                         nullptr, disposition, FILE_ATTRIBUTE_NORMAL, nullptr);
  CDD_RETURN_ERROR_IF(h == INVALID_HANDLE_VALUE, CDD_E_IO, win_error("cannot open", path));
  return std::shared_ptr<Store>(std::make_shared<Win32FileStore>(h, path, mode != FileMode::kRead));
}

}  // namespace cdd

#endif  // _WIN32
