// chain.cpp — load and extend the index-block chain with the rules of FORMAT §4.3.
#include "io/chain.hpp"

#include <algorithm>
#include <limits>
#include <thread>

namespace cdd {

uint32_t writer_block_capacity(uint32_t capacity0, uint64_t k) {
  if (k == 0) return capacity0;
  uint64_t c = capacity0;
  for (uint64_t i = 0; i < k && c < kMaxWriterBlockCapacity; ++i) c *= 2;
  return static_cast<uint32_t>(std::min<uint64_t>(c, kMaxWriterBlockCapacity));
}

namespace {

std::string at_block(uint64_t offset) { return "index block at offset " + std::to_string(offset); }

constexpr int kDamagedBlockRereads = 2;

// `file_size` is the size seen at the start of the walk. A block past it may have been appended since by
// a writer (a reader following a live file, FORMAT §6.2: the block is written before the commit that
// links to it), so the size is looked at again before the block is declared truncated.
Result<IndexBlock> read_block(const Store& store, uint64_t off, uint64_t& file_size, uint32_t capacity_guess) {
  auto past_end = [&](uint64_t need) { return off >= file_size || file_size - off < need; };
  if (past_end(kIndexPrefixBytes)) {
    CDD_ASSIGN_OR_RETURN(file_size, store.size());
  }
  CDD_RETURN_ERROR_IF(off >= file_size || file_size - off < kIndexPrefixBytes, CDD_E_FORMAT,
                      at_block(off) + ": " + truncated_message(kIndexPrefixBytes, off, file_size));
  uint64_t want = std::min<uint64_t>(raw_index_block_size(capacity_guess), file_size - off);
  std::vector<std::byte> buf(static_cast<size_t>(want));
  CDD_FORWARD_IF_ERROR(store.read_at(off, buf));
  CDD_ASSIGN_OR_RETURN(IndexPrefix prefix, parse_index_prefix(off, buf));
  if (past_end(prefix.size)) {
    CDD_ASSIGN_OR_RETURN(file_size, store.size());
  }
  CDD_RETURN_ERROR_IF(prefix.size > file_size - off, CDD_E_FORMAT,
                      at_block(off) + ": " + truncated_message(prefix.size, off, file_size));
  if (prefix.size > buf.size()) {
    size_t had = buf.size();
    buf.resize(prefix.size);
    CDD_FORWARD_IF_ERROR(store.read_at(off + had, std::span(buf).subspan(had)));
  }
  auto block = parse_index_block(off, std::span(buf).first(prefix.size));
  // A reader following a live file can read a commit record while the writer rewrites it; such a view
  // is transient, damage is not. Read the block again before reporting a damaged record.
  for (int retry = 0; retry < kDamagedBlockRereads && !block && block.error().code == CDD_E_CORRUPT; ++retry) {
    std::this_thread::yield();
    buf.resize(prefix.size);
    CDD_FORWARD_IF_ERROR(store.read_at(off, buf));
    CDD_ASSIGN_OR_RETURN(IndexPrefix again, parse_index_prefix(off, buf));
    if (again.size != prefix.size) break;
    block = parse_index_block(off, buf);
  }
  return block;
}

// A full block whose damaged record reads as an interrupted linking commit (FORMAT §4.1): if the block
// it would link holds later commits (seq >= 2, or a link of its own), the writer went on after that
// commit, so it completed and was damaged since — reading only up to this block would drop every row
// after it.
Status check_interrupted_link(const Store& store, const IndexBlock& b, uint64_t file_size) {
  if (b.damaged_other != DamagedRecord::kInterrupted || b.next() != 0 || b.count() != b.prefix.capacity) return ok();
  const uint64_t succ = b.records[1 - b.current].next;
  if (succ <= b.offset || succ >= file_size) return ok();
  uint64_t size = file_size;
  auto next = read_block(store, succ, size, 1);
  if (!next || (next->seq() < 2 && next->next() == 0)) return ok();
  return make_error(CDD_E_CORRUPT, at_block(b.offset) + ": commit record " + (b.current == 0 ? "B" : "A") +
                                       " (the link to the index block at offset " + std::to_string(succ) +
                                       ") is damaged, and that block holds later commits: reading would drop its rows");
}

// Appends the blocks from `off` on (block number k) to the chain.
Status walk(const Store& store, const Header& header, Chain& chain, uint64_t off, bool strict, bool strict_last) {
  CDD_ASSIGN_OR_RETURN(uint64_t file_size, store.size());
  if (chain.first_row.empty()) chain.first_row.push_back(0);
  const uint32_t cap0 = header.meta.index_capacity;
  const uint64_t row_bytes = std::max<uint64_t>(header.meta.row_bytes(), 1);
  while (true) {
    uint64_t k = chain.blocks.size();
    CDD_ASSIGN_OR_RETURN(IndexBlock b, read_block(store, off, file_size, writer_block_capacity(cap0, k)));
    bool is_last = b.next() == 0;
    CDD_FORWARD_IF_ERROR(check_interrupted_link(store, b, file_size));
    if (strict && (!is_last || strict_last)) CDD_FORWARD_IF_ERROR(check_index_block_strict(b));
    CDD_RETURN_ERROR_IF(!is_last && b.count() != b.prefix.capacity, CDD_E_FORMAT,
                        at_block(off) + ": links to a next block but counts only " + std::to_string(b.count()) + " of " +
                            std::to_string(b.prefix.capacity) + " slots");
    CDD_RETURN_ERROR_IF(!is_last && b.next() <= off, CDD_E_FORMAT,
                        at_block(off) + ": next block offset " + std::to_string(b.next()) + " does not move forward");
    BlockRef ref{off, b.prefix.size, b.prefix.capacity, b.prefix.type, b.count(), chain.offsets.size()};
    for (uint64_t i = 0; i < b.count(); ++i) {
      uint64_t co = b.offsets[i], cr = b.rows[i];
      uint64_t chunk = chain.offsets.size();
      std::string where = at_block(off) + ", slot " + std::to_string(i) + " (chunk " + std::to_string(chunk) + ")";
      CDD_RETURN_ERROR_IF(co < header.index0_offset, CDD_E_FORMAT,
                          where + ": chunk offset " + std::to_string(co) + " lies inside the header");
      CDD_RETURN_ERROR_IF(!chain.offsets.empty() && co <= chain.offsets.back(), CDD_E_FORMAT,
                          where + ": chunk offset " + std::to_string(co) + " not after the previous chunk's");
      CDD_RETURN_ERROR_IF(cr == 0, CDD_E_FORMAT, where + ": row count 0");
      CDD_RETURN_ERROR_IF(cr > kMaxChunkDecodedBytes / row_bytes, CDD_E_FORMAT,
                          where + ": " + std::to_string(cr) + " rows exceed the 2^31-byte chunk limit");
      uint64_t total = chain.first_row.back();
      CDD_RETURN_ERROR_IF(cr > std::numeric_limits<uint64_t>::max() - total, CDD_E_FORMAT, where + ": row total overflows");
      chain.offsets.push_back(co);
      chain.rows.push_back(cr);
      chain.first_row.push_back(total + cr);
    }
    chain.blocks.push_back(ref);
    if (is_last) {
      chain.last = std::move(b);
      return ok();
    }
    off = b.next();
  }
}

}  // namespace

Status load_chain(const Store& store, const Header& header, Chain& chain, bool strict, bool strict_last) {
  chain = Chain{};
  return walk(store, header, chain, header.index0_offset, strict, strict_last);
}

Status extend_chain(const Store& store, const Header& header, Chain& chain) {
  if (chain.blocks.empty()) return load_chain(store, header, chain);
  Chain next = chain;
  BlockRef last = next.blocks.back();
  next.blocks.pop_back();
  next.offsets.resize(last.first_chunk);
  next.rows.resize(last.first_chunk);
  next.first_row.resize(last.first_chunk + 1);
  CDD_FORWARD_IF_ERROR(walk(store, header, next, last.offset, false, false));
  CDD_RETURN_ERROR_IF(next.num_chunks() < chain.num_chunks(), CDD_E_FORMAT,
                      "the file lost committed chunks since it was opened (" + std::to_string(chain.num_chunks()) + " -> " +
                          std::to_string(next.num_chunks()) + ")");
  chain = std::move(next);
  return ok();
}

std::vector<uint64_t> chunk_bounds(const Chain& chain) {
  std::vector<uint64_t> bounds(chain.offsets.size(), std::numeric_limits<uint64_t>::max());
  size_t b = 0;
  for (size_t i = 0; i < chain.offsets.size(); ++i) {
    uint64_t co = chain.offsets[i];
    while (b < chain.blocks.size() && chain.blocks[b].offset <= co) ++b;
    uint64_t bound = std::numeric_limits<uint64_t>::max();
    if (i + 1 < chain.offsets.size()) bound = chain.offsets[i + 1];
    if (b < chain.blocks.size()) bound = std::min(bound, chain.blocks[b].offset);
    bounds[i] = bound;
  }
  return bounds;
}

}  // namespace cdd
