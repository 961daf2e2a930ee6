// chunk_cache.cpp — ChunkCache: a few decoded chunks per reader, least recently used evicted first.
#include "io/chunk_cache.hpp"

#include <algorithm>

namespace cdd {

ChunkCache::ChunkCache(size_t slots, size_t max_bytes) : slots_(slots), max_bytes_(max_bytes) {
  table_.resize(slots);
  touched_.assign(slots, 0);
}

ChunkCache::Ref ChunkCache::find(uint64_t chunk) const {
  if (slots_ == 0) return nullptr;
  std::lock_guard lock(mu_);
  for (Slot& s : table_) {
    if (s.block && s.chunk == chunk) {
      s.last_use = ++clock_;
      return s.block;
    }
  }
  return nullptr;
}

std::shared_ptr<ChunkCache::Block> ChunkCache::buffer(size_t bytes) {
  // Always a new block: reusing an evicted one would need to know that no reader still copies from it,
  // and shared_ptr::use_count() is a relaxed load, which orders nothing (ThreadSanitizer flags it).
  auto b = std::make_shared<Block>();
  b->data = std::make_unique_for_overwrite<std::byte[]>(bytes);
  b->size = b->capacity = bytes;
  return b;
}

void ChunkCache::insert(uint64_t chunk, std::shared_ptr<Block> block) {
  if (slots_ == 0 || !block || block->size > max_bytes_) return;
  std::lock_guard lock(mu_);
  for (Slot& s : table_) {
    if (s.block && s.chunk == chunk) {  // another thread decoded it meanwhile
      s.last_use = ++clock_;
      return;
    }
  }
  auto lru = [&]() -> Slot& {
    Slot* best = nullptr;
    for (Slot& s : table_) {
      if (!s.block) return s;
      if (best == nullptr || s.last_use < best->last_use) best = &s;
    }
    return *best;
  };
  // Make room: a free slot, and the byte budget.
  for (;;) {
    Slot& victim = lru();
    const bool full = victim.block != nullptr;
    if (!full && bytes_ + block->size <= max_bytes_) {
      victim.chunk = chunk;
      victim.last_use = ++clock_;
      bytes_ += block->size;
      victim.block = std::move(block);
      return;
    }
    if (!full) {  // a free slot but over the byte budget: evict the oldest occupied one
      Slot* oldest = nullptr;
      for (Slot& s : table_) {
        if (s.block && (oldest == nullptr || s.last_use < oldest->last_use)) oldest = &s;
      }
      if (oldest == nullptr) return;  // cannot happen: block->size <= max_bytes_
      bytes_ -= oldest->block->size;
      oldest->block.reset();  // freed when the last reader copying from it lets go
      continue;
    }
    bytes_ -= victim.block->size;
    victim.block.reset();
  }
}

bool ChunkCache::admit(uint64_t chunk) {
  if (slots_ == 0) return false;
  std::lock_guard lock(mu_);
  for (uint64_t& t : touched_) {
    if (t == chunk + 1) {
      t = 0;
      return true;
    }
  }
  touched_[touched_next_] = chunk + 1;
  touched_next_ = (touched_next_ + 1) % touched_.size();
  return false;
}

void ChunkCache::clear() {
  std::lock_guard lock(mu_);
  for (Slot& s : table_) s.block.reset();
  std::fill(touched_.begin(), touched_.end(), 0);
  bytes_ = 0;
}

size_t ChunkCache::size() const {
  std::lock_guard lock(mu_);
  return static_cast<size_t>(std::count_if(table_.begin(), table_.end(), [](const Slot& s) { return s.block != nullptr; }));
}

}  // namespace cdd
