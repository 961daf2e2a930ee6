// mmap_store.cpp — the mapped read store (see mmap_store.hpp): one platform mapping of the file's bytes
// at open or last refresh_view(), and a positional file store for the bytes beyond it.
#include "store/mmap_store.hpp"

#include <cstring>

#include "store/file_store.hpp"

#ifdef _WIN32
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#endif

namespace cdd {
namespace {

#ifdef _WIN32

std::wstring widen(const std::string& utf8) {
  if (utf8.empty()) return {};
  int n = ::MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
  std::wstring out(static_cast<size_t>(n), L'\0');
  ::MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), out.data(), n);
  return out;
}

std::string win_error(const std::string& what, const std::string& path) {
  return what + " " + path + ": Windows error " + std::to_string(::GetLastError());
}

// A read-only view of the first `size` bytes of a file.
class Mapping {
 public:
  Mapping() = default;
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  ~Mapping() { reset(); }

  Status map(const std::string& path, uint64_t size) {
    reset();
    if (size == 0) return ok();
    HANDLE file = ::CreateFileW(widen(path).c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                                nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    CDD_RETURN_ERROR_IF(file == INVALID_HANDLE_VALUE, CDD_E_IO, win_error("cannot open", path));
    HANDLE section = ::CreateFileMappingW(file, nullptr, PAGE_READONLY, static_cast<DWORD>(size >> 32),
                                          static_cast<DWORD>(size & 0xffffffffu), nullptr);
    if (section == nullptr) {
      auto err = win_error("cannot map", path);
      ::CloseHandle(file);
      return make_error(CDD_E_IO, err);
    }
    void* base = ::MapViewOfFile(section, FILE_MAP_READ, 0, 0, static_cast<SIZE_T>(size));
    if (base == nullptr) {
      auto err = win_error("cannot map a view of", path);
      ::CloseHandle(section);
      ::CloseHandle(file);
      return make_error(CDD_E_IO, err);
    }
    file_ = file;
    section_ = section;
    data_ = static_cast<const std::byte*>(base);
    size_ = size;
    return ok();
  }

  void reset() {
    if (data_ != nullptr) ::UnmapViewOfFile(data_);
    if (section_ != nullptr) ::CloseHandle(section_);
    if (file_ != nullptr) ::CloseHandle(file_);
    data_ = nullptr;
    section_ = nullptr;
    file_ = nullptr;
    size_ = 0;
  }

  const std::byte* data() const { return data_; }
  uint64_t size() const { return size_; }

 private:
  HANDLE file_ = nullptr;
  HANDLE section_ = nullptr;
  const std::byte* data_ = nullptr;
  uint64_t size_ = 0;
};

#else

std::string posix_error(const std::string& what, const std::string& path, int err) {
  return what + " " + path + ": " + std::strerror(err);
}

// A read-only view of the first `size` bytes of a file.
class Mapping {
 public:
  Mapping() = default;
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  ~Mapping() { reset(); }

  Status map(const std::string& path, uint64_t size) {
    reset();
    if (size == 0) return ok();
    CDD_RETURN_ERROR_IF(size > static_cast<uint64_t>(SIZE_MAX), CDD_E_NO_MEMORY,
                        "cannot map " + path + ": larger than the address space");
    int fd;
    do {
      fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    CDD_RETURN_ERROR_IF(fd < 0, CDD_E_IO, posix_error("cannot open", path, errno));
    void* base = ::mmap(nullptr, static_cast<size_t>(size), PROT_READ, MAP_SHARED, fd, 0);
    const int err = errno;
    ::close(fd);  // the mapping keeps the file referenced
    CDD_RETURN_ERROR_IF(base == MAP_FAILED, CDD_E_IO, posix_error("cannot map", path, err));
    data_ = static_cast<const std::byte*>(base);
    size_ = size;
    return ok();
  }

  void reset() {
    if (data_ != nullptr) ::munmap(const_cast<std::byte*>(data_), static_cast<size_t>(size_));
    data_ = nullptr;
    size_ = 0;
  }

  const std::byte* data() const { return data_; }
  uint64_t size() const { return size_; }

 private:
  const std::byte* data_ = nullptr;
  uint64_t size_ = 0;
};

#endif

class MmapStore final : public Store {
 public:
  explicit MmapStore(std::shared_ptr<Store> file) : file_(std::move(file)) {}

  Status map_current() {
    CDD_ASSIGN_OR_RETURN(uint64_t size, file_->size());
    if (size == mapping_.size()) return ok();
    return mapping_.map(file_->name(), size);
  }

  const std::string& name() const override { return file_->name(); }
  Result<uint64_t> size() const override { return file_->size(); }

  Status read_at(uint64_t off, std::span<std::byte> out) const override {
    if (const std::byte* p = view(off, out.size()); p != nullptr) {
      if (!out.empty()) std::memcpy(out.data(), p, out.size());
      return ok();
    }
    return file_->read_at(off, out);
  }

  const std::byte* view(uint64_t off, uint64_t len) const override {
    const uint64_t mapped = mapping_.size();
    if (mapping_.data() == nullptr || off > mapped || len > mapped - off) return nullptr;
    return mapping_.data() + off;
  }

  bool writable() const override { return false; }
  Status write_at(uint64_t, std::span<const std::byte>) override { return read_only(); }
  Status truncate(uint64_t) override { return read_only(); }
  Status sync() override { return ok(); }
  Status lock_writer() override { return read_only(); }
  void unlock_writer() override {}

  // Remaps when the file grew (a writer appended); a shrunk file keeps the old mapping's prefix valid for
  // nothing, so it is remapped too.
  Status refresh_view() override { return map_current(); }

 private:
  Status read_only() const {
    return make_error(CDD_E_STATE, file_->name() + " is open read-only (memory-mapped)");
  }

  std::shared_ptr<Store> file_;
  Mapping mapping_;
};

}  // namespace

Result<std::shared_ptr<Store>> open_mmap_store(const std::string& path) {
  CDD_ASSIGN_OR_RETURN(auto file, open_file_store(path, FileMode::kRead));
  auto store = std::make_shared<MmapStore>(std::move(file));
  CDD_FORWARD_IF_ERROR(store->map_current());
  return std::shared_ptr<Store>(std::move(store));
}

}  // namespace cdd
