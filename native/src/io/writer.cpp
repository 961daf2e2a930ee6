// writer.cpp — Writer: create / open_append with tail repair, adaptive or fixed chunk cutting, and the
// commit order of FORMAT §6 (frame, slot, commit record; a new index block before the full block's commit).
#include "io/writer.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include "core/dtype.hpp"
#include "core/le.hpp"
#include "format/chunk_frame.hpp"
#include "format/index_block.hpp"
#include "io/chain.hpp"
#include "io/chunk_codec.hpp"

namespace cdd {
namespace {

constexpr size_t kRecentChunks = 4;

Status write_u64(Store& s, uint64_t off, uint64_t v) {
  std::byte b[8];
  le::store<uint64_t>(b, v);
  return s.write_at(off, b);
}

Status check_codec_for(const Metadata& m, const Codec& codec) {
  uint64_t flags = m.codec_flags | CDD_FLAG_LITTLE_ENDIAN;
  CDD_FORWARD_IF_ERROR(check_chunk_flags(flags, m.codec, "writer options"));
  CDD_FORWARD_IF_ERROR(codec.check(m.dtype, m.row_shape, flags));
  return codec.check_params(m.codec_params);
}

}  // namespace

Writer::~Writer() {
  if (!closed_) (void)close();
}

Status Writer::fail(Error e) {
  failed_ = e.message;
  return std::unexpected(std::move(e));
}

Status Writer::usable() const {
  CDD_RETURN_ERROR_IF(closed_, CDD_E_STATE, "writer is closed");
  CDD_RETURN_ERROR_IF(!failed_.empty(), CDD_E_STATE, "writer stopped after an earlier failure: " + failed_);
  return ok();
}

Result<std::unique_ptr<Writer>> Writer::create(std::shared_ptr<Store> store, const WriterOptions& o) {
  CDD_RETURN_ERROR_IF(!store, CDD_E_INVALID_ARGUMENT, "writer created without a store");
  CDD_RETURN_ERROR_IF(!store->writable(), CDD_E_INVALID_ARGUMENT, store->name() + " is not writable");
  CDD_RETURN_ERROR_IF(dtype_bytes(o.dtype) == 0, CDD_E_INVALID_ARGUMENT, "unknown dtype " + std::to_string(o.dtype));
  CDD_RETURN_ERROR_IF(o.row_shape.empty() || o.row_shape.size() > kMaxRowDims, CDD_E_INVALID_ARGUMENT,
                      "row shape must have 1 to 7 dims, got " + std::to_string(o.row_shape.size()));
  for (uint32_t d : o.row_shape) CDD_RETURN_ERROR_IF(d == 0, CDD_E_INVALID_ARGUMENT, "row shape has a 0 dim");
  CDD_RETURN_ERROR_IF((o.codec_flags & ~(CDD_FLAG_LZ4 | CDD_FLAG_ZSTD | CDD_FLAG_LITTLE_ENDIAN | CDD_FLAG_DOWN_CAST_8 |
                                         CDD_FLAG_DOWN_CAST_16 | CDD_FLAG_DOWN_CAST_32 | CDD_FLAG_DOWN_CAST_64)) != 0,
                      CDD_E_INVALID_ARGUMENT, "codec flags " + std::to_string(o.codec_flags) + " not allowed for writing");
  CDD_RETURN_ERROR_IF(o.chunk_rows == 0 && o.chunk_target_bytes < 64, CDD_E_INVALID_ARGUMENT,
                      "chunk_target_bytes must be at least 64 when chunk_rows is 0");
  CDD_RETURN_ERROR_IF(o.index_capacity == 0 || o.index_capacity > kMaxIndexCapacity, CDD_E_INVALID_ARGUMENT,
                      "index capacity " + std::to_string(o.index_capacity) + " outside 1..2^20");
  CDD_ASSIGN_OR_RETURN(const Codec* codec, codec_for(o.codec));

  std::unique_ptr<Writer> w(new Writer());
  Metadata& m = w->meta_;
  m.dtype = o.dtype;
  m.row_shape = o.row_shape;
  m.codec = o.codec;
  m.codec_level = o.level;
  m.codec_flags = o.codec_flags & ~CDD_FLAG_LITTLE_ENDIAN;
  m.chunk_target_bytes = o.chunk_rows != 0 ? 0 : o.chunk_target_bytes;
  m.chunk_rows = o.chunk_rows;
  m.index_capacity = o.index_capacity;
  m.writer = std::string("libcdd ") + cdd_version_string();
  m.codec_params = o.codec_params;
  CDD_FORWARD_IF_ERROR(validate_metadata(m));
  if (auto st = check_codec_for(m, *codec); !st) {
    return make_error(CDD_E_INVALID_ARGUMENT, std::string("codec ") + std::string(codec->name()) + ": " + st.error().message);
  }
  w->row_bytes_ = m.row_bytes();
  CDD_RETURN_ERROR_IF(o.chunk_rows != 0 && uint64_t{o.chunk_rows} * w->row_bytes_ > kMaxChunkDecodedBytes,
                      CDD_E_INVALID_ARGUMENT, "chunk_rows " + std::to_string(o.chunk_rows) + " makes chunks larger than 2^31 bytes");
  w->codec_ = codec;
  w->sync_ = o.sync;
  w->store_ = std::move(store);
  CDD_ASSIGN_OR_RETURN(auto header, serialize_header(m, o.user_meta));

  CDD_FORWARD_IF_ERROR(w->store_->lock_writer());
  w->locked_ = true;
  CDD_FORWARD_IF_ERROR(w->store_->truncate(0));
  CDD_FORWARD_IF_ERROR(w->store_->write_at(0, header));
  w->block_off_ = header.size();
  w->block_cap_ = o.index_capacity;
  w->block_k_ = 0;
  w->block_seq_ = 1;
  w->block_current_ = 0;
  auto block = serialize_raw_index_block(o.index_capacity, {}, {}, make_commit_record(1, 0, 0, {}, {}));
  CDD_FORWARD_IF_ERROR(w->store_->write_at(w->block_off_, block));
  w->end_ = w->block_off_ + block.size();
  if (w->sync_) CDD_FORWARD_IF_ERROR(w->store_->sync());
  return w;
}

Result<std::unique_ptr<Writer>> Writer::open_append(std::shared_ptr<Store> store, bool sync) {
  CDD_RETURN_ERROR_IF(!store, CDD_E_INVALID_ARGUMENT, "writer opened without a store");
  CDD_RETURN_ERROR_IF(!store->writable(), CDD_E_INVALID_ARGUMENT, store->name() + " is not writable");
  std::unique_ptr<Writer> w(new Writer());
  w->store_ = std::move(store);
  w->sync_ = sync;
  CDD_FORWARD_IF_ERROR(w->store_->lock_writer());
  w->locked_ = true;
  Store& s = *w->store_;
  CDD_ASSIGN_OR_RETURN(Header header, read_header(s));
  w->meta_ = header.meta;
  w->row_bytes_ = w->meta_.row_bytes();
  CDD_ASSIGN_OR_RETURN(w->codec_, codec_for(w->meta_.codec));
  CDD_FORWARD_IF_ERROR(check_codec_for(w->meta_, *w->codec_));
  Chain chain;
  CDD_FORWARD_IF_ERROR(load_chain(s, header, chain));
  CDD_ASSIGN_OR_RETURN(uint64_t file_size, s.size());

  // Logical end (§6.1): the ends of every block, and of the last chunk when nothing follows it.
  uint64_t end = 0;
  for (const auto& b : chain.blocks) end = std::max(end, b.end());
  auto bounds = chunk_bounds(chain);
  if (!bounds.empty() && bounds.back() == std::numeric_limits<uint64_t>::max()) {
    uint64_t off = chain.offsets.back();
    // A committed chunk that starts at or past the end of the file: the file was cut after its commit.
    // Appending would place the next frame at or before it (breaking the chain for every reader), so
    // refuse: the file needs repair, not more rows.
    CDD_RETURN_ERROR_IF(off >= file_size, CDD_E_CORRUPT,
                        chunk_where(chain.num_chunks() - 1, off) + ": the file ends at " + std::to_string(file_size) +
                            ", before this committed chunk (it was cut); append mode refuses to write after it");
    // A committed frame is complete; if its size field or hash is damaged, keep every byte (no repair
    // can tell where it ended) and let verify report the damage.
    uint64_t chunk_end = file_size;
    if (off < file_size && file_size - off >= 4) {
      std::byte size_bytes[4];
      CDD_FORWARD_IF_ERROR(s.read_at(off, size_bytes));
      uint64_t size = le::u32(size_bytes);
      if (size >= kChunkFixedBytes + 12 && size <= file_size - off) {
        std::vector<std::byte> frame(static_cast<size_t>(size));
        CDD_FORWARD_IF_ERROR(s.read_at(off, frame));
        if (parse_chunk_header(frame, size, "", true)) chunk_end = off + size;
      }
    }
    end = std::max(end, std::max(chunk_end, off));
  }

  // Repair the last block: zero the slots past count and a damaged non-current record.
  const IndexBlock& last = chain.last;
  if (last.prefix.type == kIndexTypeRaw) {
    uint64_t cap = last.prefix.capacity, count = last.count();
    if (count < cap) {
      bool dirty = false;
      for (uint64_t i = count; i < cap && !dirty; ++i) dirty = last.offsets[i] != 0 || last.rows[i] != 0;
      if (dirty) {
        std::vector<std::byte> zeros(static_cast<size_t>(8 * (cap - count)), std::byte{0});
        CDD_FORWARD_IF_ERROR(s.write_at(last.offset + slot_offset_pos(count), zeros));
        CDD_FORWARD_IF_ERROR(s.write_at(last.offset + slot_rows_pos(cap, count), zeros));
      }
    }
  }
  int other = 1 - last.current;
  if (!last.valid[other] && !last.records[other].all_zero()) {
    std::byte zeros[kRecordBytes] = {};
    CDD_FORWARD_IF_ERROR(s.write_at(last.offset + record_pos(other), zeros));
  }
  if (end < file_size) CDD_FORWARD_IF_ERROR(s.truncate(end));
  if (sync) CDD_FORWARD_IF_ERROR(s.sync());

  w->end_ = end;
  w->block_off_ = last.offset;
  w->block_cap_ = last.prefix.capacity;
  w->block_k_ = chain.blocks.size() - 1;
  w->block_seq_ = last.seq();
  w->block_current_ = last.current;
  w->block_offsets_.assign(last.offsets.begin(), last.offsets.begin() + static_cast<ptrdiff_t>(last.count()));
  w->block_rows_.assign(last.rows.begin(), last.rows.begin() + static_cast<ptrdiff_t>(last.count()));
  w->note_full_segments();
  w->rows_committed_ = chain.num_rows();
  w->chunks_committed_ = chain.num_chunks();
  // Adaptive chunking resumes from the last chunks' sizes.
  if (w->meta_.chunk_rows == 0) {
    size_t n = chain.num_chunks();
    for (size_t i = n > kRecentChunks ? n - kRecentChunks : 0; i < n; ++i) {
      if (bounds[i] != std::numeric_limits<uint64_t>::max() && bounds[i] > chain.offsets[i]) {
        std::byte size_bytes[4];
        if (s.read_at(chain.offsets[i], size_bytes)) {
          uint64_t size = le::u32(size_bytes);
          if (size <= bounds[i] - chain.offsets[i]) w->learn(size, chain.rows[i]);
        }
      }
    }
  }
  return w;
}

// Caches the commit-message digests of the open block's full slot segments (FORMAT §4.1).
void Writer::note_full_segments() {
  while ((block_digests_.size() + 1) * kCommitSegmentSlots <= block_offsets_.size()) {
    const uint64_t at = block_digests_.size() * kCommitSegmentSlots;
    block_digests_.push_back(segment_digest(std::span(block_offsets_).subspan(at, kCommitSegmentSlots),
                                            std::span(block_rows_).subspan(at, kCommitSegmentSlots)));
  }
}

uint64_t Writer::max_rows() const {
  uint64_t cap = meta_.chunk_rows != 0 ? kMaxChunkDecodedBytes : kAdaptiveMaxChunkDecoded;
  uint64_t r = std::max<uint64_t>(1, cap / std::max<uint64_t>(row_bytes_, 1));
  return std::min<uint64_t>(r, std::numeric_limits<uint32_t>::max());
}

uint64_t Writer::planned_rows() const {
  if (meta_.chunk_rows != 0) return meta_.chunk_rows;
  if (bytes_per_row_ <= 0) return 0;
  const uint64_t header = kChunkFixedBytes + 4 * (meta_.row_shape.size() + 2);  // size..flags, shape, 0
  double room = std::max(1.0, static_cast<double>(meta_.chunk_target_bytes) - static_cast<double>(header));
  double r = room / bytes_per_row_;
  if (r < 1) return 1;
  return std::min<uint64_t>(static_cast<uint64_t>(r), max_rows());
}

void Writer::learn(uint64_t frame_bytes, uint64_t rows) {
  if (meta_.chunk_rows != 0 || rows == 0) return;
  const uint64_t header = kChunkFixedBytes + 4 * (meta_.row_shape.size() + 2);
  uint64_t payload = frame_bytes > header ? frame_bytes - header : 1;
  recent_.emplace_back(payload, rows);
  if (recent_.size() > kRecentChunks) recent_.pop_front();
  uint64_t b = 0, r = 0;
  for (auto [pb, pr] : recent_) {
    b += pb;
    r += pr;
  }
  bytes_per_row_ = std::max(1e-3, static_cast<double>(b) / static_cast<double>(r));
}

// The first adaptive chunk: encode the buffered trial rows once to learn their compressed size per row.
Status Writer::estimate_from_trial() {
  CDD_FORWARD_IF_ERROR(encode_chunk(meta_, *codec_, std::span(pending_).subspan(pending_start_), pending_rows_, frame_));
  learn(frame_.size(), pending_rows_);
  return ok();
}

Status Writer::cut(const std::byte* rows, uint64_t nrows) {
  auto st = encode_chunk(meta_, *codec_, std::span(rows, static_cast<size_t>(nrows * row_bytes_)), nrows, frame_);
  if (!st) return st;
  learn(frame_.size(), nrows);
  return commit(nrows);
}

Status Writer::commit(uint64_t rows) {
  Store& s = *store_;
  const uint64_t chunk_off = end_;
  // 1. the frame at the logical end
  if (auto st = s.write_at(chunk_off, frame_); !st) return fail(st.error());
  end_ += frame_.size();
  if (sync_) {
    if (auto st = s.sync(); !st) return fail(st.error());
  }
  if (block_offsets_.size() < block_cap_) {
    // 2. the slot, 3. the other commit record: the commit point
    uint64_t n = block_offsets_.size();
    if (auto st = write_u64(s, block_off_ + slot_offset_pos(n), chunk_off); !st) return fail(st.error());
    if (auto st = write_u64(s, block_off_ + slot_rows_pos(block_cap_, n), rows); !st) return fail(st.error());
    block_offsets_.push_back(chunk_off);
    block_rows_.push_back(rows);
    CommitRecord rec = make_commit_record(block_seq_ + 1, n + 1, 0, block_offsets_, block_rows_, block_digests_);
    std::byte buf[kRecordBytes];
    encode_commit_record(rec, buf);
    int target = 1 - block_current_;
    if (auto st = s.write_at(block_off_ + record_pos(target), buf); !st) return fail(st.error());
    block_seq_ += 1;
    block_current_ = target;
    note_full_segments();
  } else {
    // The open block is full: a new block (holding this chunk) after the frame, then the full block's
    // commit with `next` pointing at it.
    uint32_t cap = writer_block_capacity(meta_.index_capacity, block_k_ + 1);
    uint64_t one_off[1] = {chunk_off}, one_rows[1] = {rows};
    auto block = serialize_raw_index_block(cap, one_off, one_rows, make_commit_record(1, 1, 0, one_off, one_rows));
    const uint64_t new_off = end_;
    if (auto st = s.write_at(new_off, block); !st) return fail(st.error());
    end_ += block.size();
    if (sync_) {
      if (auto st = s.sync(); !st) return fail(st.error());
    }
    CommitRecord rec =
        make_commit_record(block_seq_ + 1, block_offsets_.size(), new_off, block_offsets_, block_rows_, block_digests_);
    std::byte buf[kRecordBytes];
    encode_commit_record(rec, buf);
    if (auto st = s.write_at(block_off_ + record_pos(1 - block_current_), buf); !st) return fail(st.error());
    block_off_ = new_off;
    block_cap_ = cap;
    block_k_ += 1;
    block_seq_ = 1;
    block_current_ = 0;
    block_offsets_.assign(one_off, one_off + 1);
    block_rows_.assign(one_rows, one_rows + 1);
    block_digests_.clear();
    note_full_segments();
  }
  if (sync_) {
    if (auto st = s.sync(); !st) return fail(st.error());
  }
  rows_committed_ += rows;
  chunks_committed_ += 1;
  return ok();
}

Status Writer::append(std::span<const std::byte> data, uint64_t nrows) {
  CDD_FORWARD_IF_ERROR(usable());
  CDD_RETURN_ERROR_IF(row_bytes_ != 0 && data.size() / row_bytes_ < nrows, CDD_E_INVALID_ARGUMENT,
                      "append of " + std::to_string(nrows) + " rows needs " + std::to_string(nrows * row_bytes_) +
                          " bytes, got " + std::to_string(data.size()));
  const std::byte* p = data.data();
  while (nrows > 0) {
    uint64_t r = planned_rows();
    if (r == 0) {
      // Adaptive, nothing learned yet: buffer a trial of about 8 targets of raw rows, then estimate.
      uint64_t trial = std::clamp<uint64_t>(8ull * meta_.chunk_target_bytes / std::max<uint64_t>(row_bytes_, 1), 1, max_rows());
      uint64_t take = std::min(nrows, trial - std::min(trial, pending_rows_));
      pending_.insert(pending_.end(), p, p + take * row_bytes_);
      pending_rows_ += take;
      p += take * row_bytes_;
      nrows -= take;
      if (pending_rows_ >= trial) CDD_FORWARD_IF_ERROR(estimate_from_trial());
      continue;
    }
    if (pending_rows_ >= r) {
      CDD_FORWARD_IF_ERROR(cut(pending_.data() + pending_start_, r));
      pending_start_ += static_cast<size_t>(r * row_bytes_);
      pending_rows_ -= r;
      if (pending_rows_ == 0) {
        pending_.clear();
        pending_start_ = 0;
      }
      continue;
    }
    if (pending_rows_ == 0 && nrows >= r) {
      CDD_FORWARD_IF_ERROR(cut(p, r));
      p += r * row_bytes_;
      nrows -= r;
      continue;
    }
    if (pending_start_ > 0) {
      pending_.erase(pending_.begin(), pending_.begin() + static_cast<ptrdiff_t>(pending_start_));
      pending_start_ = 0;
    }
    uint64_t take = std::min(nrows, r - pending_rows_);
    pending_.insert(pending_.end(), p, p + take * row_bytes_);
    pending_rows_ += take;
    p += take * row_bytes_;
    nrows -= take;
  }
  // Cut what the last estimate says is already a full chunk.
  for (uint64_t r = planned_rows(); r != 0 && pending_rows_ >= r; r = planned_rows()) {
    CDD_FORWARD_IF_ERROR(cut(pending_.data() + pending_start_, r));
    pending_start_ += static_cast<size_t>(r * row_bytes_);
    pending_rows_ -= r;
  }
  if (pending_rows_ == 0) {
    pending_.clear();
    pending_start_ = 0;
  }
  return ok();
}

Status Writer::flush() {
  CDD_FORWARD_IF_ERROR(usable());
  while (pending_rows_ > 0) {
    uint64_t r = planned_rows();
    uint64_t take = r == 0 ? std::min(pending_rows_, max_rows()) : std::min(pending_rows_, r);
    CDD_FORWARD_IF_ERROR(cut(pending_.data() + pending_start_, take));
    pending_start_ += static_cast<size_t>(take * row_bytes_);
    pending_rows_ -= take;
  }
  pending_.clear();
  pending_start_ = 0;
  return ok();
}

Status Writer::close() {
  if (closed_) return make_error(CDD_E_STATE, "writer is closed");
  Status st = failed_.empty() ? flush() : Status(make_error(CDD_E_STATE, "writer stopped after an earlier failure: " + failed_));
  closed_ = true;
  if (locked_ && store_) {
    store_->unlock_writer();
    locked_ = false;
  }
  return st;
}

}  // namespace cdd
