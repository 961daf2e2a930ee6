// chunk_cache.hpp — a reader's small cache of decoded chunks. A read that needs only part of one chunk (a
// single row, a short range) decodes the whole chunk once into a slot and copies its rows from there; later
// reads of rows of that chunk copy without I/O, hash or decode. A chunk is admitted on its second touch
// (`admit`) or by a read from its first row: otherwise the first read of a chunk decodes only the rows it
// needs, straight into the caller's buffer, so random rows across a large file never pay for whole chunks
// they will not read again, while rows read in order enter each chunk at its first row and are cached. Only chunks that decoded
// (and, when the reader verifies, passed their hash check) are ever inserted, so a damaged chunk fails on
// every read.
// Thread-safe: one mutex guards the slot table; readers copy rows outside it from buffers they hold a
// reference to, so an eviction never frees rows a reader is still copying.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace cdd {

class ChunkCache {
 public:
  // A decoded chunk: `size` bytes of rows at `data`.
  struct Block {
    std::unique_ptr<std::byte[]> data;
    size_t size = 0;
    size_t capacity = 0;
  };
  using Ref = std::shared_ptr<const Block>;

  // At most `slots` chunks and `max_bytes` decoded bytes (a chunk larger than max_bytes is never kept).
  // slots == 0 disables the cache.
  ChunkCache(size_t slots, size_t max_bytes);

  bool enabled() const { return slots_ != 0; }
  size_t max_bytes() const { return max_bytes_; }
  // The decoded chunk `chunk`, or null. The reference keeps the rows alive however the cache changes.
  Ref find(uint64_t chunk) const;
  // A new block of `bytes` bytes to decode a chunk into (contents undefined). May throw std::bad_alloc.
  std::shared_ptr<Block> buffer(size_t bytes);
  // Keeps `block` (size = the chunk's decoded bytes) as chunk `chunk`, evicting the least recently used
  // chunks as needed. A chunk already present is kept as it is.
  void insert(uint64_t chunk, std::shared_ptr<Block> block);
  // Whether a read of part of `chunk` (not cached) should decode the whole chunk into the cache: true when
  // the chunk was touched by one of the last `slots` such reads (it is then forgotten), false on a first
  // touch (which is remembered).
  bool admit(uint64_t chunk);
  // Drops every chunk (the reader's refresh).
  void clear();
  size_t size() const;

 private:
  struct Slot {
    uint64_t chunk = 0;
    uint64_t last_use = 0;
    std::shared_ptr<Block> block;  // null: free slot
  };
  const size_t slots_;
  const size_t max_bytes_;
  mutable std::mutex mu_;
  mutable std::vector<Slot> table_;
  mutable uint64_t clock_ = 0;
  std::vector<uint64_t> touched_;  // chunk + 1 of the last first touches (0: empty), a ring
  size_t touched_next_ = 0;
  size_t bytes_ = 0;  // decoded bytes held by table_
};

}  // namespace cdd
