// index_block.hpp — index blocks of FORMAT §4: layout constants, the two commit records, serialize
// (RAW, LZ4) and parse with state selection, and the strict health check used by verify.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/error.hpp"
#include "core/hash.hpp"

namespace cdd {

inline constexpr uint16_t kIndexTypeRaw = 1;
inline constexpr uint16_t kIndexTypeLz4 = 2;
inline constexpr uint32_t kIndexPrefixBytes = 16;  // size, type, pad, capacity, pad
inline constexpr uint32_t kRecordBytes = 40;
inline constexpr uint32_t kRecordAOffset = 16;
inline constexpr uint32_t kRecordBOffset = 56;
inline constexpr uint32_t kIndexFixedBytes = 96;  // prefix + two records; slots (RAW) or u32 C (LZ4) follow
inline constexpr uint32_t kMaxWriterBlockCapacity = 65536;

struct CommitRecord {
  uint64_t seq = 0;
  uint64_t count = 0;
  uint64_t next = 0;
  Hash128 hash{};
  bool all_zero() const;
};

// Bytes of a RAW block of `capacity` slots: 96 + 16·capacity.
constexpr uint64_t raw_index_block_size(uint64_t capacity) { return kIndexFixedBytes + 16 * capacity; }
// Position inside a RAW block of offsets[i], rows[i], and of record r (0 = A, 1 = B).
constexpr uint64_t slot_offset_pos(uint64_t i) { return kIndexFixedBytes + 8 * i; }
constexpr uint64_t slot_rows_pos(uint64_t capacity, uint64_t i) { return kIndexFixedBytes + 8 * capacity + 8 * i; }
constexpr uint64_t record_pos(int r) { return r == 0 ? kRecordAOffset : kRecordBOffset; }
// The record a commit with this seq is written to: odd → A (0), even → B (1).
constexpr int record_for_seq(uint64_t seq) { return (seq & 1) ? 0 : 1; }

// Slots per segment of the commit message (FORMAT §4.1): full segments enter the message as digests,
// so a commit hashes at most ~2 segments of slots however large the block.
inline constexpr uint64_t kCommitSegmentSlots = 256;

// BLAKE3-128 of one full segment: offsets[s·256 .. s·256+256) then rows[...] (the spans hold exactly it).
Hash128 segment_digest(std::span<const uint64_t> offsets, std::span<const uint64_t> rows);

// BLAKE3-128 of the commit message: seq, count, next, the digests of the full segments of slots
// [0, count), then the remaining slots' offsets and rows. `digests` may hold the first digests already
// computed (a writer caches them); the others are computed here.
Hash128 commit_hash(uint64_t seq, uint64_t count, uint64_t next, std::span<const uint64_t> offsets,
                    std::span<const uint64_t> rows, std::span<const Hash128> digests = {});
CommitRecord make_commit_record(uint64_t seq, uint64_t count, uint64_t next, std::span<const uint64_t> offsets,
                                std::span<const uint64_t> rows, std::span<const Hash128> digests = {});
void encode_commit_record(const CommitRecord& r, std::byte* out40);

// A whole new RAW block: `capacity` slots, the first offsets.size() filled, record A = `a`, B zero.
std::vector<std::byte> serialize_raw_index_block(uint32_t capacity, std::span<const uint64_t> offsets,
                                                 std::span<const uint64_t> rows, const CommitRecord& a);
// A whole sealed LZ4 block (capacity = count = offsets.size()), or nullopt when it would not be smaller
// than the RAW block of the same count (then the caller writes RAW).
std::optional<std::vector<std::byte>> serialize_lz4_index_block(std::span<const uint64_t> offsets,
                                                                std::span<const uint64_t> rows,
                                                                const CommitRecord& a);

struct IndexPrefix {
  uint32_t size = 0;
  uint16_t type = 0;
  uint32_t capacity = 0;
};
// Checks the 16-byte prefix (type, padding, capacity, size consistent with the type).
Result<IndexPrefix> parse_index_prefix(uint64_t offset, std::span<const std::byte> prefix16);

// What a damaged non-current record (neither all zero nor valid) is, as far as the bytes tell (FORMAT §4.1).
enum class DamagedRecord {
  kNone,         // the non-current record is zero or valid
  kOlder,        // an older commit, damaged: the current record is still the newest state
  kInterrupted,  // the trace of an interrupted write of the next commit: the current record is the state
  kCommitted,    // a newer commit that completed and was damaged since: falling back would lose its rows
};
// A damaged record within this many bytes of the record its place held before is an older one.
inline constexpr size_t kOlderRecordSlackBytes = 4;

struct IndexBlock {
  uint64_t offset = 0;
  IndexPrefix prefix;
  CommitRecord records[2];
  bool valid[2] = {false, false};
  int current = 0;                // the record that is the block's state
  DamagedRecord damaged_other = DamagedRecord::kNone;
  std::vector<uint64_t> offsets;  // capacity entries (RAW) or count entries (LZ4)
  std::vector<uint64_t> rows;
  uint64_t count() const { return records[current].count; }
  uint64_t next() const { return records[current].next; }
  uint64_t seq() const { return records[current].seq; }
  uint64_t end() const { return offset + prefix.size; }
};

// Parses a whole block (bytes.size() must equal its size) and selects its state; neither record valid
// is CDD_E_CORRUPT "index block at offset X: no valid commit record". A damaged record that can be a
// newer commit which completed (DamagedRecord::kCommitted) is CDD_E_CORRUPT too: the older record is
// used only when the damage is the trace of an interrupted commit or hits an older record.
Result<IndexBlock> parse_index_block(uint64_t offset, std::span<const std::byte> bytes);
// Classifies the block's non-current record; `digests` are segment digests of the slots already known.
DamagedRecord damaged_record_kind(const IndexBlock& block, std::span<const Hash128> digests = {});
// Strict health (FORMAT §4.1): the non-current record is zero or valid, slots >= count are zero.
Status check_index_block_strict(const IndexBlock& block);

}  // namespace cdd
