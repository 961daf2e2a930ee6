// memory_store.hpp — Stores in memory: growable (read-write, what tests and in-memory writers use), or
// read-only over caller bytes (wrapped, not copied) or over a private copy of them.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "store/store.hpp"

namespace cdd {

class MemoryStore : public Store {
 public:
  // Calls fn(bytes) with the current contents under the store's lock (the span is only valid inside).
  template <class Fn>
  void with_bytes(Fn&& fn) const {
    auto [p, n] = lock_bytes();
    fn(std::span<const std::byte>(p, n));
    unlock_bytes();
  }
  // The current bytes without a lock: valid until the next write (cdd_store_memory_bytes).
  virtual std::span<const std::byte> bytes_unlocked() const = 0;

 protected:
  virtual std::pair<const std::byte*, size_t> lock_bytes() const = 0;
  virtual void unlock_bytes() const = 0;
};

// A growable, writable, empty store. Reads copy under a shared lock (no view(): writes may reallocate).
std::shared_ptr<MemoryStore> new_memory_store();
// A writable store holding `initial` (tests use it to damage files in place).
std::shared_ptr<MemoryStore> new_memory_store(std::vector<std::byte> initial);
// Read-only over caller bytes (not copied; they must outlive the store). view() works.
std::shared_ptr<MemoryStore> wrap_memory(const void* data, size_t size);
// Read-only over a private copy of the bytes. view() works.
std::shared_ptr<MemoryStore> copy_memory(const void* data, size_t size);

}  // namespace cdd
