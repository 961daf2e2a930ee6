// index_block.cpp — serialize/parse of index blocks (FORMAT §4.1–4.2) and their commit records.
#include "format/index_block.hpp"

#include <lz4.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>

#include "core/le.hpp"

namespace cdd {
namespace {

std::string at_block(uint64_t offset) { return "index block at offset " + std::to_string(offset); }

void hash_u64s(Hasher128& h, std::span<const uint64_t> v) {
  if constexpr (std::endian::native == std::endian::little) {
    h.update(std::as_bytes(v));
  } else {
    std::byte buf[8 * 64];
    for (size_t i = 0; i < v.size(); i += 64) {
      size_t n = std::min<size_t>(64, v.size() - i);
      for (size_t j = 0; j < n; ++j) le::store<uint64_t>(buf + 8 * j, v[i + j]);
      h.update(std::span(buf, 8 * n));
    }
  }
}

void load_u64s(const std::byte* p, size_t n, std::vector<uint64_t>& out) {
  out.resize(n);
  if constexpr (std::endian::native == std::endian::little) {
    if (n) std::memcpy(out.data(), p, 8 * n);
  } else {
    for (size_t i = 0; i < n; ++i) out[i] = le::u64(p + 8 * i);
  }
}

void store_u64s(std::byte* p, std::span<const uint64_t> v) {
  for (size_t i = 0; i < v.size(); ++i) le::store<uint64_t>(p + 8 * i, v[i]);
}

CommitRecord decode_record(const std::byte* p) {
  CommitRecord r;
  r.seq = le::u64(p);
  r.count = le::u64(p + 8);
  r.next = le::u64(p + 16);
  std::memcpy(r.hash.data(), p + 24, 16);
  return r;
}

bool record_valid(const CommitRecord& r, uint32_t capacity, const std::vector<uint64_t>& offsets,
                  const std::vector<uint64_t>& rows, std::span<const Hash128> digests) {
  if (r.seq == 0 || r.count > capacity || r.count > offsets.size()) return false;
  return commit_hash(r.seq, r.count, r.next, offsets, rows, digests) == r.hash;
}

}  // namespace

bool CommitRecord::all_zero() const {
  return seq == 0 && count == 0 && next == 0 && std::all_of(hash.begin(), hash.end(), [](std::byte b) { return b == std::byte{0}; });
}

Hash128 segment_digest(std::span<const uint64_t> offsets, std::span<const uint64_t> rows) {
  Hasher128 h;
  hash_u64s(h, offsets);
  hash_u64s(h, rows);
  return h.finish();
}

Hash128 commit_hash(uint64_t seq, uint64_t count, uint64_t next, std::span<const uint64_t> offsets,
                    std::span<const uint64_t> rows, std::span<const Hash128> digests) {
  Hasher128 h;
  std::byte head[24];
  le::store<uint64_t>(head, seq);
  le::store<uint64_t>(head + 8, count);
  le::store<uint64_t>(head + 16, next);
  h.update(head);
  const uint64_t full = count / kCommitSegmentSlots;
  for (uint64_t j = 0; j < full; ++j) {
    if (j < digests.size()) {
      h.update(digests[j]);
    } else {
      const uint64_t at = j * kCommitSegmentSlots;
      h.update(segment_digest(offsets.subspan(at, kCommitSegmentSlots), rows.subspan(at, kCommitSegmentSlots)));
    }
  }
  const uint64_t tail = full * kCommitSegmentSlots;
  hash_u64s(h, offsets.subspan(tail, count - tail));
  hash_u64s(h, rows.subspan(tail, count - tail));
  return h.finish();
}

CommitRecord make_commit_record(uint64_t seq, uint64_t count, uint64_t next, std::span<const uint64_t> offsets,
                                std::span<const uint64_t> rows, std::span<const Hash128> digests) {
  CommitRecord r{seq, count, next, {}};
  r.hash = commit_hash(seq, count, next, offsets, rows, digests);
  return r;
}

void encode_commit_record(const CommitRecord& r, std::byte* out) {
  le::store<uint64_t>(out, r.seq);
  le::store<uint64_t>(out + 8, r.count);
  le::store<uint64_t>(out + 16, r.next);
  std::memcpy(out + 24, r.hash.data(), 16);
}

static void write_prefix(std::byte* p, uint32_t size, uint16_t type, uint32_t capacity) {
  le::store<uint32_t>(p, size);          // 0: size
  le::store<uint16_t>(p + 4, type);      // 4: type
  le::store<uint16_t>(p + 6, 0);         // 6: padding
  le::store<uint32_t>(p + 8, capacity);  // 8: capacity
  le::store<uint32_t>(p + 12, 0);        // 12: padding
}

std::vector<std::byte> serialize_raw_index_block(uint32_t capacity, std::span<const uint64_t> offsets,
                                                 std::span<const uint64_t> rows, const CommitRecord& a) {
  std::vector<std::byte> out(raw_index_block_size(capacity), std::byte{0});
  write_prefix(out.data(), static_cast<uint32_t>(out.size()), kIndexTypeRaw, capacity);
  encode_commit_record(a, out.data() + kRecordAOffset);
  store_u64s(out.data() + slot_offset_pos(0), offsets);
  store_u64s(out.data() + slot_rows_pos(capacity, 0), rows);
  return out;
}

std::optional<std::vector<std::byte>> serialize_lz4_index_block(std::span<const uint64_t> offsets,
                                                                std::span<const uint64_t> rows,
                                                                const CommitRecord& a) {
  size_t count = offsets.size();
  if (count == 0) return std::nullopt;
  std::vector<std::byte> slots(16 * count);
  store_u64s(slots.data(), offsets);
  store_u64s(slots.data() + 8 * count, rows);
  int bound = LZ4_compressBound(static_cast<int>(slots.size()));
  std::vector<std::byte> out(kIndexFixedBytes + 4 + static_cast<size_t>(bound), std::byte{0});
  int c = LZ4_compress_default(reinterpret_cast<const char*>(slots.data()),
                               reinterpret_cast<char*>(out.data() + kIndexFixedBytes + 4), static_cast<int>(slots.size()), bound);
  if (c <= 0) return std::nullopt;
  size_t size = kIndexFixedBytes + 4 + static_cast<size_t>(c);
  if (size >= raw_index_block_size(count)) return std::nullopt;
  out.resize(size);
  write_prefix(out.data(), static_cast<uint32_t>(size), kIndexTypeLz4, static_cast<uint32_t>(count));
  encode_commit_record(a, out.data() + kRecordAOffset);
  le::store<uint32_t>(out.data() + kIndexFixedBytes, static_cast<uint32_t>(c));
  return out;
}

Result<IndexPrefix> parse_index_prefix(uint64_t offset, std::span<const std::byte> p) {
  CDD_RETURN_ERROR_IF(p.size() < kIndexPrefixBytes, CDD_E_INTERNAL, "index prefix too short");
  IndexPrefix x{le::u32(p.data()), le::u16(p.data() + 4), le::u32(p.data() + 8)};
  CDD_RETURN_ERROR_IF(x.type != kIndexTypeRaw && x.type != kIndexTypeLz4, CDD_E_FORMAT,
                      at_block(offset) + ": unknown index block type " + std::to_string(x.type));
  CDD_RETURN_ERROR_IF(le::u16(p.data() + 6) != 0 || le::u32(p.data() + 12) != 0, CDD_E_FORMAT,
                      at_block(offset) + ": non-zero padding");
  CDD_RETURN_ERROR_IF(x.capacity == 0 || x.capacity > (1u << 20), CDD_E_FORMAT,
                      at_block(offset) + ": capacity " + std::to_string(x.capacity) + " outside 1..2^20");
  if (x.type == kIndexTypeRaw) {
    CDD_RETURN_ERROR_IF(x.size != raw_index_block_size(x.capacity), CDD_E_FORMAT,
                        at_block(offset) + ": size " + std::to_string(x.size) + " does not match capacity " +
                            std::to_string(x.capacity));
  } else {
    uint64_t max = kIndexFixedBytes + 4 + static_cast<uint64_t>(LZ4_compressBound(static_cast<int>(16 * x.capacity)));
    CDD_RETURN_ERROR_IF(x.size <= kIndexFixedBytes + 4 || x.size > max, CDD_E_FORMAT,
                        at_block(offset) + ": LZ4 block size " + std::to_string(x.size) + " impossible for capacity " +
                            std::to_string(x.capacity));
  }
  return x;
}

Result<IndexBlock> parse_index_block(uint64_t offset, std::span<const std::byte> bytes) {
  IndexBlock b;
  b.offset = offset;
  CDD_ASSIGN_OR_RETURN(b.prefix, parse_index_prefix(offset, bytes));
  CDD_RETURN_ERROR_IF(bytes.size() != b.prefix.size, CDD_E_INTERNAL, at_block(offset) + ": parsed with wrong length");
  b.records[0] = decode_record(bytes.data() + kRecordAOffset);
  b.records[1] = decode_record(bytes.data() + kRecordBOffset);
  uint32_t cap = b.prefix.capacity;
  if (b.prefix.type == kIndexTypeRaw) {
    load_u64s(bytes.data() + slot_offset_pos(0), cap, b.offsets);
    load_u64s(bytes.data() + slot_rows_pos(cap, 0), cap, b.rows);
  } else {
    uint32_t c = le::u32(bytes.data() + kIndexFixedBytes);
    CDD_RETURN_ERROR_IF(uint64_t{kIndexFixedBytes} + 4 + c != b.prefix.size, CDD_E_FORMAT,
                        at_block(offset) + ": LZ4 length " + std::to_string(c) + " disagrees with block size");
    // LZ4 expands at most 255-fold: a block whose capacity its payload cannot fill is refused before
    // the slots are allocated.
    CDD_RETURN_ERROR_IF(16ull * cap > 255ull * c, CDD_E_FORMAT,
                        at_block(offset) + ": " + std::to_string(c) + " LZ4 bytes cannot hold " + std::to_string(cap) + " slots");
    std::vector<std::byte> slots(16 * size_t{cap});
    int n = LZ4_decompress_safe(reinterpret_cast<const char*>(bytes.data() + kIndexFixedBytes + 4),
                                reinterpret_cast<char*>(slots.data()), static_cast<int>(c), static_cast<int>(slots.size()));
    if (n != static_cast<int>(slots.size())) {
      // A damaged LZ4 stream: report it as corruption, like a record whose hash no longer matches.
      return make_error(CDD_E_CORRUPT, at_block(offset) + ": LZ4 slots do not decompress to " +
                                           std::to_string(slots.size()) + " bytes");
    }
    load_u64s(slots.data(), cap, b.offsets);
    load_u64s(slots.data() + 8 * size_t{cap}, cap, b.rows);
  }
  // Segment digests shared by both records (each slot is hashed once).
  std::vector<Hash128> digests;
  const uint64_t most = std::min<uint64_t>(std::max(b.records[0].count, b.records[1].count), cap);
  for (uint64_t at = 0; at + kCommitSegmentSlots <= most; at += kCommitSegmentSlots) {
    digests.push_back(segment_digest(std::span(b.offsets).subspan(at, kCommitSegmentSlots),
                                     std::span(b.rows).subspan(at, kCommitSegmentSlots)));
  }
  b.valid[0] = record_valid(b.records[0], cap, b.offsets, b.rows, digests);
  b.valid[1] = record_valid(b.records[1], cap, b.offsets, b.rows, digests);
  CDD_RETURN_ERROR_IF(!b.valid[0] && !b.valid[1], CDD_E_CORRUPT, at_block(offset) + ": no valid commit record (hash mismatch)");
  b.current = (b.valid[0] && (!b.valid[1] || b.records[0].seq > b.records[1].seq)) ? 0 : 1;
  if (b.prefix.type == kIndexTypeLz4) {
    CDD_RETURN_ERROR_IF(b.count() != cap, CDD_E_FORMAT,
                        at_block(offset) + ": LZ4 block counts " + std::to_string(b.count()) + " of " + std::to_string(cap) + " slots");
  }
  b.damaged_other = damaged_record_kind(b, digests);
  if (b.damaged_other == DamagedRecord::kCommitted) {
    const int other = 1 - b.current;
    return make_error(CDD_E_CORRUPT,
                      at_block(offset) + ": commit record " + (other == 0 ? "A" : "B") + " is damaged (hash mismatch) and is not " +
                          "the trace of an interrupted commit: the block's newest commit (seq " + std::to_string(b.seq() + 1) +
                          ") may be lost, so the reader refuses to fall back to seq " + std::to_string(b.seq()));
  }
  return b;
}

namespace {

size_t bytes_differing(const std::byte* a, const std::byte* b, size_t n) {
  size_t d = 0;
  for (size_t i = 0; i < n; ++i) d += a[i] != b[i];
  return d;
}

// Whether `d` is what an interrupted write of `n` over `p` leaves (FORMAT §4.1): n's first k bytes, one
// byte of anything, then p's bytes from k + 1 on, for some k < 40.
bool torn_between(const std::byte* d, const std::byte* n, const std::byte* p) {
  size_t m = kRecordBytes;  // d[m..40) == p[m..40)
  while (m > 0 && d[m - 1] == p[m - 1]) --m;
  size_t q = 0;  // d[0..q) == n[0..q)
  while (q < kRecordBytes && d[q] == n[q]) ++q;
  const size_t k = m == 0 ? 0 : m - 1;
  return k <= q && k < kRecordBytes;
}

}  // namespace

DamagedRecord damaged_record_kind(const IndexBlock& b, std::span<const Hash128> digests) {
  const int other = 1 - b.current;
  if (b.valid[other] || b.records[other].all_zero()) return DamagedRecord::kNone;
  // A sealed LZ4 block is written whole: its one record is the only state it ever had. A block that
  // links to a next one received its last commit (linking is final), so the damaged record is older.
  if (b.prefix.type == kIndexTypeLz4 || b.next() != 0) return DamagedRecord::kOlder;
  const CommitRecord& v = b.records[b.current];
  const uint64_t s = v.seq, c = v.count, cap = b.prefix.capacity;
  std::byte d[kRecordBytes];
  encode_commit_record(b.records[other], d);
  // What the damaged record's place held before the next commit: zero (a fresh or repaired place), or the
  // commit before v (one chunk fewer: the writer commits one chunk at a time).
  std::byte before[2][kRecordBytes] = {};
  int nbefore = 1;
  if (s >= 2 && c >= 1) {
    encode_commit_record(make_commit_record(s - 1, c - 1, 0, b.offsets, b.rows, digests), before[1]);
    nbefore = 2;
  }
  for (int i = 0; i < nbefore; ++i) {
    if (bytes_differing(d, before[i], kRecordBytes) <= kOlderRecordSlackBytes) return DamagedRecord::kOlder;
  }
  // The next commit: one more chunk (its slot is written before the record), or, for a full block, the
  // commit that links the next block (whose offset only the damaged record itself can tell).
  std::byte next[kRecordBytes];
  if (c < cap && c < b.offsets.size()) {
    encode_commit_record(make_commit_record(s + 1, c + 1, 0, b.offsets, b.rows, digests), next);
  } else {
    encode_commit_record(make_commit_record(s + 1, c, b.records[other].next, b.offsets, b.rows, digests), next);
  }
  for (int i = 0; i < nbefore; ++i) {
    if (torn_between(d, next, before[i])) return DamagedRecord::kInterrupted;
  }
  return DamagedRecord::kCommitted;
}

Status check_index_block_strict(const IndexBlock& b) {
  int other = 1 - b.current;
  CDD_RETURN_ERROR_IF(!b.valid[other] && !b.records[other].all_zero(), CDD_E_CORRUPT,
                      at_block(b.offset) + ": commit record " + (other == 0 ? "A" : "B") + " is damaged (hash mismatch)");
  for (uint64_t i = b.count(); i < b.offsets.size(); ++i) {
    CDD_RETURN_ERROR_IF(b.offsets[i] != 0 || b.rows[i] != 0, CDD_E_CORRUPT,
                        at_block(b.offset) + ": slot " + std::to_string(i) + " beyond count " + std::to_string(b.count()) + " is not zero");
  }
  return ok();
}

}  // namespace cdd
