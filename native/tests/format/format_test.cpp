// format_test.cpp — byte-level checks of FORMAT §1–5: BLAKE3-128, header layout, metadata records,
// index blocks (RAW and LZ4, record selection) and chunk frames.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "core/le.hpp"
#include "format/chunk_frame.hpp"
#include "format/header.hpp"
#include "format/index_block.hpp"
#include "format/metadata.hpp"
#include "format/zstd_blob.hpp"
#include "store/memory_store.hpp"
#include "support/test_data.hpp"

namespace cdd {
namespace {

using test::contains;

Metadata book_meta() {
  Metadata m;
  m.dtype = CDD_DTYPE_FLOAT32;
  m.row_shape = {50, 3};
  m.codec = CDD_CODEC_SHUFFLE;
  m.codec_level = -5;
  m.codec_flags = CDD_FLAG_ZSTD;
  m.chunk_target_bytes = 4096;
  m.chunk_rows = 0;
  m.index_capacity = 1024;
  m.writer = "libcdd test";
  return m;
}

TEST(FormatHash, Blake3KnownVectorTruncatedTo128) {
  EXPECT_EQ(to_hex(blake3_128({})), "af1349b9f5f9a1a6a0404dea36dcc949");
  // Incremental over pieces equals one shot.
  auto a = test::orderbook_f32(10);
  Hasher128 h;
  h.update(std::span(a.bytes).first(1000));
  h.update(std::span(a.bytes).subspan(1000));
  EXPECT_EQ(h.finish(), blake3_128(a.bytes));
}

TEST(FormatHeader, ByteLayout) {
  const std::byte um[3] = {std::byte{1}, std::byte{2}, std::byte{3}};
  auto h = serialize_header(book_meta(), um);
  ASSERT_TRUE(h.has_value());
  const std::byte* p = h->data();
  EXPECT_EQ(to_hex(std::span(p, 8)), "894344440d0a1a0a");
  EXPECT_EQ(le::u32(p + 8), 1u);
  uint32_t lm = le::u32(p + 12);
  uint32_t lu = le::u32(p + 16 + lm);
  EXPECT_EQ(h->size(), 20u + lm + lu);
  auto store = new_memory_store(*h);
  auto back = read_header(*store);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(back->index0_offset, h->size());
  EXPECT_EQ(back->meta.row_shape, (std::vector<uint32_t>{50, 3}));
  EXPECT_EQ(back->meta.codec_level, -5);
  EXPECT_EQ(back->meta.writer, "libcdd test");
  ASSERT_EQ(back->user_meta.size(), 3u);
  EXPECT_EQ(back->user_meta[2], std::byte{3});
  // No user meta: length 0.
  auto h2 = serialize_header(book_meta(), {});
  EXPECT_EQ(le::u32(h2->data() + 16 + le::u32(h2->data() + 12)), 0u);
}

TEST(FormatMetadata, RoundTripAndRecordOrder) {
  Metadata m = book_meta();
  m.codec_params = {std::byte{9}, std::byte{8}};
  auto rec = encode_metadata_records(m);
  // First record: tag 1, len 2, dtype 3.
  EXPECT_EQ(le::u16(rec.data()), 1u);
  EXPECT_EQ(le::u32(rec.data() + 2), 2u);
  EXPECT_EQ(le::u16(rec.data() + 6), CDD_DTYPE_FLOAT32);
  auto back = parse_metadata_records(rec);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(back->codec_params, m.codec_params);
  EXPECT_EQ(back->codec_flags, m.codec_flags);
  EXPECT_EQ(back->index_capacity, 1024u);
}

TEST(FormatMetadata, UnknownTagsAreSkipped) {
  auto rec = encode_metadata_records(book_meta());
  le::put<uint16_t>(rec, 500);
  le::put<uint32_t>(rec, 3);
  rec.insert(rec.end(), 3, std::byte{0xAB});
  auto back = parse_metadata_records(rec);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(back->dtype, CDD_DTYPE_FLOAT32);
}

TEST(FormatMetadata, MalformedRecordsAreErrors) {
  auto good = encode_metadata_records(book_meta());
  auto rec = good;
  rec.resize(rec.size() - 1);  // the last record runs past the end
  EXPECT_TRUE(contains(parse_metadata_records(rec).error().message, "runs past the end"));
  rec = good;
  le::store<uint32_t>(rec.data() + 2, 4);  // dtype with 4 bytes
  EXPECT_FALSE(parse_metadata_records(rec).has_value());
  rec.assign(good.begin() + 8, good.end());  // no dtype record
  EXPECT_TRUE(contains(parse_metadata_records(rec).error().message, "lacks required record 1"));
  rec = good;
  le::put<uint16_t>(rec, 1);  // tag 1 again, out of order
  le::put<uint32_t>(rec, 2);
  le::put<uint16_t>(rec, 3);
  EXPECT_TRUE(contains(parse_metadata_records(rec).error().message, "out of order or repeated"));
  Metadata m = book_meta();
  m.dtype = 77;
  EXPECT_TRUE(contains(parse_metadata_records(encode_metadata_records(m)).error().message, "unknown dtype 77"));
}

TEST(FormatZstdBlob, RequiresOneFrameWithContentSize) {
  std::vector<std::byte> data(1000, std::byte{5});
  auto blob = zstd_blob_encode(data);
  ASSERT_TRUE(blob.has_value());
  EXPECT_EQ(*zstd_blob_decode(*blob, 1 << 20, "X"), data);
  auto two = *blob;
  two.insert(two.end(), blob->begin(), blob->end());
  EXPECT_TRUE(contains(zstd_blob_decode(two, 1 << 20, "X").error().message, "not exactly one zstd frame"));
  EXPECT_TRUE(contains(zstd_blob_decode(*blob, 10, "X").error().message, "more than the limit"));
  std::vector<std::byte> junk(20, std::byte{0x33});
  EXPECT_EQ(zstd_blob_decode(junk, 1 << 20, "X").error().code, CDD_E_FORMAT);
}

TEST(FormatIndexBlock, RawLayoutAndRecordSelection) {
  std::vector<uint64_t> offs = {1000, 2000, 3000}, rows = {5, 5, 4};
  auto a = make_commit_record(1, 2, 0, offs, rows);
  auto block = serialize_raw_index_block(4, offs, rows, a);
  ASSERT_EQ(block.size(), 96u + 16 * 4);
  EXPECT_EQ(le::u32(block.data()), block.size());
  EXPECT_EQ(le::u16(block.data() + 4), kIndexTypeRaw);
  EXPECT_EQ(le::u32(block.data() + 8), 4u);
  EXPECT_EQ(le::u64(block.data() + 96 + 8 * 2), 3000u);       // offsets[2]
  EXPECT_EQ(le::u64(block.data() + 96 + 8 * 4 + 8 * 2), 4u);  // rows[2]
  auto b = parse_index_block(500, block);
  ASSERT_TRUE(b.has_value()) << b.error().message;
  EXPECT_EQ(b->current, 0);
  EXPECT_EQ(b->count(), 2u);
  // Slot 2 is filled but not counted: strict check reports it.
  EXPECT_TRUE(contains(check_index_block_strict(*b).error().message, "slot 2 beyond count 2 is not zero"));
  // Commit record B with seq 2, count 3: becomes the state.
  encode_commit_record(make_commit_record(2, 3, 0, offs, rows), block.data() + kRecordBOffset);
  b = parse_index_block(500, block);
  EXPECT_EQ(b->current, 1);
  EXPECT_EQ(b->count(), 3u);
  EXPECT_TRUE(check_index_block_strict(*b).has_value());
  // B flipped after its commit completed: falling back to A would drop chunk 2 silently, so corrupt.
  auto flipped = block;
  flipped[kRecordBOffset + 30] ^= std::byte{1};
  auto lost = parse_index_block(500, flipped);
  ASSERT_FALSE(lost.has_value());
  EXPECT_EQ(lost.error().code, CDD_E_CORRUPT);
  EXPECT_TRUE(contains(lost.error().message, "commit record B is damaged (hash mismatch) and is not the trace of an interrupted commit"))
      << lost.error().message;
  // B's write interrupted after 30 bytes (the rest still zero): the trace of a crash, falls back to A.
  std::fill(block.begin() + kRecordBOffset + 30, block.begin() + kRecordBOffset + kRecordBytes, std::byte{0});
  b = parse_index_block(500, block);
  ASSERT_TRUE(b.has_value()) << b.error().message;
  EXPECT_EQ(b->current, 0);
  EXPECT_EQ(b->damaged_other, DamagedRecord::kInterrupted);
  EXPECT_TRUE(contains(check_index_block_strict(*b).error().message, "commit record B is damaged"));
  // Damage A too: corrupt.
  block[kRecordAOffset + 8] ^= std::byte{1};
  auto bad = parse_index_block(500, block);
  EXPECT_EQ(bad.error().code, CDD_E_CORRUPT);
  EXPECT_EQ(bad.error().message, "index block at offset 500: no valid commit record (hash mismatch)");
}

// FORMAT §4.1 "Damaged records": what a damaged non-current record of a block is, from its bytes.
TEST(FormatIndexBlock, DamagedRecordClassification) {
  // A block of capacity 4 after three commits of one chunk each: A = (3, 2), B = (4, 3) current; the
  // next commit (5, 4) goes to A over (3, 2).
  std::vector<uint64_t> offs = {1000, 2000, 3000, 4000}, rows = {5, 5, 4, 7};
  auto rec = [&](uint64_t seq, uint64_t count, uint64_t next) {
    std::vector<std::byte> r(kRecordBytes);
    encode_commit_record(make_commit_record(seq, count, next, offs, rows), r.data());
    return r;
  };
  auto block_with = [&](const std::vector<std::byte>& a, const std::vector<std::byte>& b, uint64_t filled) {
    auto blk = serialize_raw_index_block(4, std::span(offs).first(filled), std::span(rows).first(filled),
                                         make_commit_record(1, 0, 0, {}, {}));
    std::copy(a.begin(), a.end(), blk.begin() + kRecordAOffset);
    std::copy(b.begin(), b.end(), blk.begin() + kRecordBOffset);
    return blk;
  };
  const auto older = rec(3, 2, 0), current = rec(4, 3, 0), next = rec(5, 4, 0);
  auto kind = [](const std::vector<std::byte>& blk) -> std::optional<DamagedRecord> {
    auto b = parse_index_block(500, blk);
    if (!b) return std::nullopt;
    return b->damaged_other;
  };
  EXPECT_EQ(kind(block_with(older, current, 3)), DamagedRecord::kNone);
  // The older record damaged (a bit, a byte, four bytes): B is still the newest, all rows read.
  for (size_t i = 0; i < kRecordBytes; ++i) {
    auto a = older;
    a[i] ^= std::byte{0x04};
    EXPECT_EQ(kind(block_with(a, current, 3)), DamagedRecord::kOlder) << "byte " << i;
  }
  // Every interrupted write of the next commit over the older record (slot 3 already written): cut after
  // k bytes, or with byte k garbage.
  for (size_t k = 0; k < kRecordBytes; ++k) {
    auto cut = older;
    std::copy(next.begin(), next.begin() + static_cast<ptrdiff_t>(k), cut.begin());
    auto torn = cut;
    torn[k] = next[k] ^ std::byte{0xFF};
    if (cut != older) {
      EXPECT_NE(kind(block_with(cut, current, 4)), DamagedRecord::kCommitted) << "cut at " << k;
    }
    EXPECT_NE(kind(block_with(torn, current, 4)), DamagedRecord::kCommitted) << "torn at " << k;
  }
  // The next commit completed, then one bit of it flipped: corrupt, except where the bytes are the same
  // as a write interrupted there (its last byte; earlier only where it ends like the older record).
  for (size_t i = 0; i < kRecordBytes; ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      auto a = next;
      a[i] ^= std::byte{static_cast<unsigned char>(1u << bit)};
      auto k = kind(block_with(a, current, 4));
      // The bytes after i are those an interrupted write would have left from what the place held before
      // (the older record, or zero after a repair).
      const auto after = next.begin() + static_cast<ptrdiff_t>(i) + 1;
      const bool ends_like_before = std::equal(after, next.end(), older.begin() + static_cast<ptrdiff_t>(i) + 1) ||
                                    std::all_of(after, next.end(), [](std::byte x) { return x == std::byte{0}; });
      if (ends_like_before) {
        EXPECT_EQ(k, DamagedRecord::kInterrupted) << "byte " << i << " bit " << bit;
      } else {
        EXPECT_EQ(k, std::nullopt) << "byte " << i << " bit " << bit;
      }
    }
  }
  // A full block's linking commit (5, 4, next 9000) damaged after it completed: corrupt (the rows of
  // the next blocks would be lost); interrupted in its `next` field: the trace of a crash.
  const auto link = rec(5, 4, 9000), full = rec(4, 4, 0), before_full = rec(3, 3, 0);
  auto a = link;
  a[10] ^= std::byte{1};
  EXPECT_EQ(kind(block_with(a, full, 4)), std::nullopt);
  a = link;
  a[35] ^= std::byte{1};
  EXPECT_EQ(kind(block_with(a, full, 4)), std::nullopt);
  a = before_full;
  std::copy(link.begin(), link.begin() + 17, a.begin());
  EXPECT_NE(kind(block_with(a, full, 4)), std::nullopt);
  std::copy(link.begin(), link.begin() + 30, a.begin());
  EXPECT_EQ(kind(block_with(a, full, 4)), DamagedRecord::kInterrupted);
  // A block that links on: its damaged record is an older one, whatever it holds.
  std::vector<std::byte> garbage(kRecordBytes, std::byte{0x77});
  EXPECT_EQ(kind(block_with(garbage, link, 4)), DamagedRecord::kOlder);
}

TEST(FormatIndexBlock, Lz4OnlyWhenSmallerAndSameHash) {
  std::vector<uint64_t> offs, rows;
  for (uint64_t i = 0; i < 300; ++i) {
    offs.push_back(4096 + i * 3100 + (i % 7));
    rows.push_back(12);
  }
  auto rec = make_commit_record(1, 300, 77, offs, rows);
  auto z = serialize_lz4_index_block(offs, rows, rec);
  ASSERT_TRUE(z.has_value());
  EXPECT_LT(z->size(), raw_index_block_size(300));
  EXPECT_EQ(le::u32(z->data() + 96) + 100u, z->size());
  auto b = parse_index_block(100, *z);
  ASSERT_TRUE(b.has_value()) << b.error().message;
  EXPECT_EQ(b->offsets, offs);
  EXPECT_EQ(b->rows, rows);
  EXPECT_EQ(b->next(), 77u);
  // The same slots in a RAW block hash the same (the hash covers values, not their encoding).
  auto raw = serialize_raw_index_block(300, offs, rows, rec);
  EXPECT_TRUE(parse_index_block(100, raw).has_value());
  // Incompressible slots: no LZ4 block.
  std::vector<uint64_t> noisy = {0x9E3779B97F4A7C15ull}, one = {0xC2B2AE3D27D4EB4Full};
  EXPECT_FALSE(serialize_lz4_index_block(noisy, one, make_commit_record(1, 1, 0, noisy, one)).has_value());
  // A damaged LZ4 stream is corruption.
  (*z)[110] ^= std::byte{0xFF};
  auto bad = parse_index_block(100, *z);
  EXPECT_FALSE(bad.has_value());
}

TEST(FormatIndexBlock, CommitMessageUsesSegmentDigests) {
  std::vector<uint64_t> offs(600), rows(600, 3);
  for (uint64_t i = 0; i < 600; ++i) offs[i] = 5000 + 977 * i;
  auto plain = [&](uint64_t seq, uint64_t count, uint64_t next) {
    std::vector<std::byte> m;
    le::put<uint64_t>(m, seq);
    le::put<uint64_t>(m, count);
    le::put<uint64_t>(m, next);
    return m;
  };
  // Below one segment: the slots themselves.
  auto m = plain(4, 100, 0);
  for (uint64_t i = 0; i < 100; ++i) le::put<uint64_t>(m, offs[i]);
  for (uint64_t i = 0; i < 100; ++i) le::put<uint64_t>(m, rows[i]);
  EXPECT_EQ(commit_hash(4, 100, 0, offs, rows), blake3_128(m));
  // 600 slots: two segment digests, then slots 512..600.
  m = plain(9, 600, 123);
  for (uint64_t j = 0; j < 2; ++j) {
    std::vector<std::byte> seg;
    for (uint64_t i = 256 * j; i < 256 * j + 256; ++i) le::put<uint64_t>(seg, offs[i]);
    for (uint64_t i = 256 * j; i < 256 * j + 256; ++i) le::put<uint64_t>(seg, rows[i]);
    Hash128 d = blake3_128(seg);
    m.insert(m.end(), d.begin(), d.end());
  }
  for (uint64_t i = 512; i < 600; ++i) le::put<uint64_t>(m, offs[i]);
  for (uint64_t i = 512; i < 600; ++i) le::put<uint64_t>(m, rows[i]);
  EXPECT_EQ(commit_hash(9, 600, 123, offs, rows), blake3_128(m));
  // Cached digests give the same hash.
  Hash128 d0 = segment_digest(std::span(offs).first(256), std::span(rows).first(256));
  EXPECT_EQ(commit_hash(9, 600, 123, offs, rows, std::span(&d0, 1)), blake3_128(m));
}

TEST(FormatChunkFrame, BuildParseAndHashCoverage) {
  std::vector<std::byte> frame;
  const uint32_t row_shape[] = {50, 3};
  begin_chunk_frame(frame, CDD_CODEC_RAW, CDD_DTYPE_FLOAT32, CDD_FLAG_LITTLE_ENDIAN, 2, row_shape);
  EXPECT_EQ(frame.size(), 48u);  // 32 + 4 * (3 + 1)
  frame.insert(frame.end(), 1200, std::byte{7});
  ASSERT_TRUE(finish_chunk_frame(frame).has_value());
  auto h = parse_chunk_header(frame, frame.size(), "c", true);
  ASSERT_TRUE(h.has_value()) << h.error().message;
  EXPECT_EQ(h->size, frame.size());
  EXPECT_EQ(h->header_bytes, 48u);
  EXPECT_EQ(h->shape, (std::vector<uint32_t>{2, 50, 3}));
  // Every byte outside the hash field is covered by it.
  for (size_t i = 0; i < frame.size(); i += (i < 64 ? 1 : 97)) {
    if (i >= 8 && i < 24) continue;
    auto bad = frame;
    bad[i] ^= std::byte{0x10};
    auto r = parse_chunk_header(bad, bad.size(), "chunk 0 at offset 9", true);
    ASSERT_FALSE(r.has_value()) << "byte " << i;
  }
  // More bytes claimed than available.
  EXPECT_TRUE(contains(parse_chunk_header(frame, frame.size() - 1, "c", false).error().message, "runs past"));
}

TEST(FormatChunkFrame, ShapeTerminatorAndDims) {
  std::vector<std::byte> frame;
  const uint32_t nine[8] = {1, 1, 1, 1, 1, 1, 1, 1};
  begin_chunk_frame(frame, CDD_CODEC_RAW, CDD_DTYPE_UINT8, CDD_FLAG_LITTLE_ENDIAN, 1, nine);  // 9 dims
  frame.push_back(std::byte{0});
  ASSERT_TRUE(finish_chunk_frame(frame).has_value());
  EXPECT_TRUE(contains(parse_chunk_header(frame, frame.size(), "c", true).error().message, "no terminating 0"));
  std::vector<std::byte> one;
  begin_chunk_frame(one, CDD_CODEC_RAW, CDD_DTYPE_UINT8, CDD_FLAG_LITTLE_ENDIAN, 4, {});  // rows only: 1 dim
  one.resize(one.size() + 12, std::byte{0});
  ASSERT_TRUE(finish_chunk_frame(one).has_value());
  EXPECT_TRUE(contains(parse_chunk_header(one, one.size(), "c", true).error().message, "shape has 1 dims"));
}

}  // namespace
}  // namespace cdd
