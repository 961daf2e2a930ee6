// repack.cpp — rewrite a file with sealed index blocks written whole (LZ4 where smaller, FORMAT §4.2):
// header, block 0, its chunks, then for every later block its chunks followed by the block itself.
#include <algorithm>

#include "format/chunk_frame.hpp"
#include "format/header.hpp"
#include "format/index_block.hpp"
#include "io/chain.hpp"
#include "io/reader.hpp"
#include "io/verify.hpp"

namespace cdd {
namespace {

struct PlannedBlock {
  uint64_t offset = 0;
  uint64_t first = 0, count = 0;  // chunks [first, first + count)
  uint32_t capacity = 0;          // RAW capacity (LZ4: = count)
  bool lz4 = false;
  uint64_t size = 0;
};

std::vector<std::byte> build_block(const PlannedBlock& b, std::span<const uint64_t> offsets,
                                   std::span<const uint64_t> rows, uint64_t next) {
  auto o = offsets.subspan(b.first, b.count), r = rows.subspan(b.first, b.count);
  CommitRecord rec = make_commit_record(1, b.count, next, o, r);
  if (b.lz4) {
    if (auto z = serialize_lz4_index_block(o, r, rec)) return std::move(*z);
  }
  return serialize_raw_index_block(b.capacity, o, r, rec);
}

}  // namespace

Status repack_store(const Store& in, Store& out) {
  CDD_RETURN_ERROR_IF(!out.writable(), CDD_E_INVALID_ARGUMENT, out.name() + " is not writable");
  CDD_ASSIGN_OR_RETURN(Header header, read_header(in));
  Chain chain;
  CDD_FORWARD_IF_ERROR(load_chain(in, header, chain));
  CDD_ASSIGN_OR_RETURN(uint64_t file_size, in.size());
  auto bounds = chunk_bounds(chain);
  const uint64_t n = chain.num_chunks();

  // Read and check every frame first (the output gets only verified chunks).
  std::vector<std::vector<std::byte>> frames(n);
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t off = chain.offsets[i];
    std::string where = chunk_where(i, off);
    uint64_t bound = std::min(bounds[i], file_size);
    CDD_RETURN_ERROR_IF(off >= bound, CDD_E_FORMAT, where + ": " + truncated_message(kChunkFixedBytes, off, file_size));
    std::vector<std::byte> buf(static_cast<size_t>(bound - off));
    CDD_FORWARD_IF_ERROR(in.read_at(off, buf));
    CDD_ASSIGN_OR_RETURN(ChunkHeader h, parse_chunk_header(buf, buf.size(), where, true));
    CDD_FORWARD_IF_ERROR(check_chunk_against(h, header.meta, chain.rows[i], where));
    buf.resize(h.size);
    frames[i] = std::move(buf);
  }

  CDD_ASSIGN_OR_RETURN(auto head, serialize_header(header.meta, header.user_meta));
  const uint32_t cap0 = header.meta.index_capacity;
  std::vector<PlannedBlock> blocks;
  std::vector<uint64_t> offsets(n);
  uint64_t pos = head.size();
  uint64_t next_chunk = 0;
  for (uint64_t k = 0; k == 0 || next_chunk < n; ++k) {
    PlannedBlock b;
    uint32_t cap = writer_block_capacity(cap0, k);
    b.first = next_chunk;
    b.count = std::min<uint64_t>(cap, n - next_chunk);
    b.capacity = cap;
    if (k == 0) {
      b.offset = pos;
      b.size = raw_index_block_size(cap);
      pos += b.size;
    }
    for (uint64_t i = b.first; i < b.first + b.count; ++i) {
      offsets[i] = pos;
      pos += frames[i].size();
    }
    if (k > 0) {
      b.offset = pos;
      bool last = b.first + b.count == n;
      if (!last) b.capacity = static_cast<uint32_t>(b.count);
      auto z = serialize_lz4_index_block(std::span(offsets).subspan(b.first, b.count),
                                         std::span(chain.rows).subspan(b.first, b.count), CommitRecord{});
      b.lz4 = z.has_value() && z->size() < raw_index_block_size(b.capacity);
      b.size = b.lz4 ? z->size() : raw_index_block_size(b.capacity);
      pos += b.size;
    }
    next_chunk = b.first + b.count;
    blocks.push_back(b);
  }

  CDD_FORWARD_IF_ERROR(out.truncate(0));
  CDD_FORWARD_IF_ERROR(out.write_at(0, head));
  for (size_t k = 0; k < blocks.size(); ++k) {
    const PlannedBlock& b = blocks[k];
    uint64_t next = k + 1 < blocks.size() ? blocks[k + 1].offset : 0;
    auto bytes = build_block(b, offsets, chain.rows, next);
    CDD_RETURN_ERROR_IF(bytes.size() != b.size, CDD_E_INTERNAL, "repack: index block size changed between passes");
    CDD_FORWARD_IF_ERROR(out.write_at(b.offset, bytes));
    for (uint64_t i = b.first; i < b.first + b.count; ++i) CDD_FORWARD_IF_ERROR(out.write_at(offsets[i], frames[i]));
  }
  return out.sync();
}

}  // namespace cdd
