// store.hpp — the abstract byte store a .cdd file lives in (file, memory, mapped file). The format and io
// layers only ever talk to a Store: positional reads/writes, size, truncate, sync and the writer lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "core/error.hpp"

namespace cdd {

class Store {
 public:
  virtual ~Store() = default;
  Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // What the store is, for error messages: the file path, or "<memory>".
  virtual const std::string& name() const = 0;

  // Current size in bytes.
  virtual Result<uint64_t> size() const = 0;

  // Reads exactly out.size() bytes at `off`. A read past the end is CDD_E_FORMAT
  // "file truncated: wanted N bytes at offset X, file has Y"; an OS failure is CDD_E_IO.
  // Thread-safe: any number of threads may read at once (positional I/O, no shared cursor).
  virtual Status read_at(uint64_t off, std::span<std::byte> out) const = 0;

  // Zero-copy access: a pointer to bytes [off, off+len) if the store has them mapped in memory, else
  // nullptr (the caller then uses read_at). Valid until the next write/truncate/refresh_view of the store.
  virtual const std::byte* view(uint64_t off, uint64_t len) const {
    (void)off;
    (void)len;
    return nullptr;
  }

  // True when write_at/truncate/sync are allowed.
  virtual bool writable() const = 0;

  // Writes all of `data` at `off`, growing the store if needed. Not thread-safe with other writes.
  virtual Status write_at(uint64_t off, std::span<const std::byte> data) = 0;

  // Sets the size to `size` bytes (shrinks or zero-extends).
  virtual Status truncate(uint64_t size) = 0;

  // Makes every write so far durable (fsync / FlushFileBuffers); no-op for memory.
  virtual Status sync() = 0;

  // Takes the advisory single-writer lock (held until unlock_writer or destruction). Another holder:
  // CDD_E_LOCKED "another writer holds <name>". Memory stores allow one writer per store object.
  virtual Status lock_writer() = 0;
  virtual void unlock_writer() = 0;

  // For mapped stores: re-map so that view() covers bytes appended since the last map. Callers serialize
  // it against reads (the reader's refresh). Default: nothing to do.
  virtual Status refresh_view() { return ok(); }
};

// The message for a short read, shared by every store so that the text is the same everywhere.
std::string truncated_message(uint64_t wanted, uint64_t off, uint64_t have);

}  // namespace cdd
