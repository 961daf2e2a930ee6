// reader.hpp — reading a .cdd file: header and metadata, the chunk index built at open (one read per
// index block), chunk headers, decoded chunks, and rows [start, end) decoded straight into the caller's
// buffer with one I/O per run of contiguous chunks (a few pieces read in parallel with several decode
// threads) and the chunks decoded in parallel; reads inside one chunk go through a small cache of decoded
// chunks (io/chunk_cache.hpp).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/error.hpp"
#include "format/chunk_frame.hpp"
#include "format/header.hpp"
#include "io/chain.hpp"
#include "io/chunk_cache.hpp"
#include "store/store.hpp"

namespace cdd {

struct ReaderOptions {
  bool verify_chunks = true;  // check a chunk's hash before decoding it, the first time this reader reads it
  unsigned threads = 0;       // decode threads for multi-chunk reads (parallel_for: 0 = default, 1 = caller)
  // Decoded chunks kept for reads that need only part of a chunk (single rows, short ranges): at most
  // this many chunks and cache_bytes decoded bytes; 0 = no cache.
  unsigned cache_chunks = 8;
  uint64_t cache_bytes = 16ull << 20;
};

struct ChunkEntry {
  uint64_t offset = 0;
  uint64_t first_row = 0;
  uint64_t rows = 0;
};

class Reader {
 public:
  static Result<std::shared_ptr<Reader>> open(std::shared_ptr<Store> store, const ReaderOptions& opts = {});

  const Metadata& metadata() const { return header_.meta; }
  const Header& header() const { return header_; }
  std::span<const std::byte> user_meta() const { return header_.user_meta; }
  uint64_t row_bytes() const { return row_bytes_; }
  uint64_t num_rows() const { return chain_.num_rows(); }
  uint64_t num_chunks() const { return chain_.num_chunks(); }
  uint64_t num_index_blocks() const { return chain_.blocks.size(); }
  const std::vector<BlockRef>& index_blocks() const { return chain_.blocks; }
  // The largest end of any committed chunk or index block (FORMAT §6.1).
  uint64_t logical_end() const { return logical_end_; }
  const ReaderOptions& options() const { return opts_; }
  const Store& store() const { return *store_; }

  // From the index only.
  Result<ChunkEntry> chunk_entry(uint64_t chunk) const;
  // The chunk whose rows contain `row` (row < num_rows()).
  uint64_t chunk_of_row(uint64_t row) const;
  // Reads and checks a chunk's frame header (not its hash).
  Result<ChunkHeader> chunk_header(uint64_t chunk) const;
  // Decodes chunk `chunk` into out (>= rows * row_bytes bytes).
  Status read_chunk(uint64_t chunk, std::span<std::byte> out) const;
  // Decodes rows [start, end) into out (>= (end - start) * row_bytes bytes). Thread-safe.
  Status read_rows(uint64_t start, uint64_t end, std::span<std::byte> out) const {
    return read_rows(start, end, out, opts_.threads);
  }
  Status read_rows(uint64_t start, uint64_t end, std::span<std::byte> out, unsigned threads) const;
  // Decodes the rows at `rows` (any order, repeats allowed, each < num_rows()) into out (>= rows.size() *
  // row_bytes bytes), row rows[i] at out + i * row_bytes: each chunk is read and decoded once, up to the
  // last row asked of it (io/read_rows_at.cpp). Thread-safe.
  Status read_rows_at(std::span<const uint64_t> rows, std::span<std::byte> out) const {
    return read_rows_at(rows, out, opts_.threads);
  }
  Status read_rows_at(std::span<const uint64_t> rows, std::span<std::byte> out, unsigned threads) const;
  // Picks up chunks committed since open (and empties the chunk cache). Not concurrent with reads of
  // this reader.
  Status refresh();
  // Chunks held by the decoded-chunk cache (tests and diagnostics).
  size_t cached_chunks() const { return cache_ ? cache_->size() : 0; }

 private:
  Reader() = default;
  Status finish_index();  // bounds and logical end from chain_
  // Rows [start, end) of chunk `chunk`, from the cache; on a miss, a read from the chunk's first row or the
  // chunk's second touch decodes the whole chunk into the cache, another first touch only the rows asked
  // for (ChunkCache::admit).
  Status read_cached(uint64_t chunk, uint64_t start, uint64_t end, std::byte* out) const;
  // The frame of chunk `chunk` (a view of the store, or this thread's I/O buffer) and its size.
  Result<std::span<const std::byte>> chunk_frame(uint64_t chunk) const;
  // Checks chunk `chunk` (its hash on the first decode when the reader verifies) and decodes its rows
  // [first, first + out rows) into out.
  Status decode_rows_of(uint64_t chunk, uint64_t first, std::span<std::byte> out) const;
  Result<ChunkCache::Ref> decode_into_cache(uint64_t chunk) const;
  // read_rows_at: a requested row and its place in the request; the picks of one chunk; the rows of chunk
  // `chunk` (picks sorted by row) into their places in out; the parallel_for task of group g.
  struct RowPick {
    uint64_t row;
    size_t pos;
  };
  struct PickGroup;
  struct GatherCtx;
  Status gather_chunk(uint64_t chunk, std::span<const RowPick> picks, std::byte* out) const;
  static void gather_task(void* ctx, size_t g);

  std::shared_ptr<Store> store_;
  ReaderOptions opts_;
  Header header_;
  Chain chain_;
  std::vector<uint64_t> bounds_;  // per chunk: end of the bytes that may belong to it
  uint64_t row_bytes_ = 0;
  uint64_t logical_end_ = 0;
  uint64_t file_size_ = 0;  // store size at open / the last refresh (files only grow past it)
  // Per chunk: 1 once its hash checked out (committed chunks never change, so each is hashed once).
  std::unique_ptr<std::atomic<uint8_t>[]> verified_;
  uint64_t verified_count_ = 0;
  std::unique_ptr<ChunkCache> cache_;
};

}  // namespace cdd
