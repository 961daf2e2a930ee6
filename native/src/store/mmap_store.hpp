// mmap_store.hpp — a read-only Store over a memory-mapped file (mmap on POSIX, CreateFileMapping +
// MapViewOfFile on Win32): view() hands out pointers into the mapping, so RAW chunks and index blocks are
// used without a copy. Bytes past the mapping (appended by a writer since) are read positionally until
// refresh_view() remaps.
#pragma once

#include <memory>
#include <string>

#include "store/store.hpp"

namespace cdd {

// Opens `path` read-only and maps all of it. Errors: CDD_E_IO naming the path and the OS reason.
Result<std::shared_ptr<Store>> open_mmap_store(const std::string& path);

}  // namespace cdd
