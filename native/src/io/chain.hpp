// chain.hpp — walking the index-block chain of a file (FORMAT §4.3): one read per block, the chain rules
// checked, every chunk's offset and row count gathered, and the structure bounds derived from them.
#pragma once

#include <cstdint>
#include <vector>

#include "core/error.hpp"
#include "format/header.hpp"
#include "format/index_block.hpp"
#include "store/store.hpp"

namespace cdd {

struct BlockRef {
  uint64_t offset = 0;
  uint32_t size = 0;
  uint32_t capacity = 0;
  uint16_t type = 0;
  uint64_t count = 0;
  uint64_t first_chunk = 0;  // chain position of its slot 0
  uint64_t end() const { return offset + size; }
};

struct Chain {
  std::vector<uint64_t> offsets;    // per chunk: frame offset
  std::vector<uint64_t> rows;       // per chunk: row count
  std::vector<uint64_t> first_row;  // per chunk + 1: prefix sums of rows (first_row[n] = total rows)
  std::vector<BlockRef> blocks;
  IndexBlock last;                  // the last block, parsed whole (writers continue it)

  uint64_t num_chunks() const { return offsets.size(); }
  uint64_t num_rows() const { return first_row.empty() ? 0 : first_row.back(); }
};

// Reads the chain from index block 0. `strict` also applies check_index_block_strict to every block
// except that the last block's leftovers of an interrupted append are reported only when strict_last.
Status load_chain(const Store& store, const Header& header, Chain& chain, bool strict = false, bool strict_last = false);
// Re-reads the last block and follows new blocks (a writer appended since): the chain only grows.
Status extend_chain(const Store& store, const Header& header, Chain& chain);

// The end of the structure after each chunk: the next chunk's or index block's offset, whichever is
// first; for a chunk with nothing after it, UINT64_MAX (the caller reads its frame header).
std::vector<uint64_t> chunk_bounds(const Chain& chain);

// The capacity the reference writer gives block k of a chain whose block 0 has `capacity0` (§4.4).
uint32_t writer_block_capacity(uint32_t capacity0, uint64_t k);

}  // namespace cdd
