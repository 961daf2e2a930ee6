// file_store.hpp — a Store over an operating-system file with positional I/O: pread/pwrite/flock on
// POSIX (file_store_posix.cpp), ReadFile/WriteFile with OVERLAPPED offsets and LockFileEx on Win32
// (file_store_win32.cpp).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "store/store.hpp"

namespace cdd {

enum class FileMode {
  kRead,       // existing file, read-only
  kReadWrite,  // existing file, read and write (append)
  kCreate,     // create or open read-write; the caller truncates after taking the writer lock
};

// Opens `path`. Errors: CDD_E_IO naming the path and the OS reason.
Result<std::shared_ptr<Store>> open_file_store(const std::string& path, FileMode mode);

#ifndef _WIN32
namespace test_hooks {
// Test hook (POSIX): caps the bytes of every pread/pwrite the file stores issue, so that tests see the
// kernel's short transfers continued; 0 (the default) = no cap.
void set_file_io_limit(size_t bytes);
}  // namespace test_hooks
#endif

}  // namespace cdd
