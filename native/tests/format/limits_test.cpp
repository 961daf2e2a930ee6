// limits_test.cpp — sizes a file declares are bounded by the bytes that hold them before anything is
// allocated for them (issue 13, FORMAT §8): a zstd blob declaring more than its blocks can produce, an
// LZ4 index block whose payload cannot fill its capacity, chunk payloads too small for the rows they
// claim (generic codecs and the order-book filters), and a chunk or block running past a 1 KB file.
#include <gtest/gtest.h>

#include <cstring>

#include "codec/codec.hpp"
#include "core/le.hpp"
#include "format/header.hpp"
#include "format/index_block.hpp"
#include "format/zstd_blob.hpp"
#include "io/reader.hpp"
#include "io/writer.hpp"
#include "store/memory_store.hpp"
#include "support/test_data.hpp"

namespace cdd {
namespace {

using test::contains;

// A zstd frame whose header declares `content` bytes, holding one RLE block of `rle` bytes.
std::vector<std::byte> zstd_frame_declaring(uint64_t content, uint32_t rle) {
  std::vector<std::byte> f;
  for (uint8_t b : {0x28, 0xB5, 0x2F, 0xFD, 0xE0}) f.push_back(std::byte{b});  // magic, FHD: 8-byte FCS, single segment
  for (int i = 0; i < 8; ++i) f.push_back(static_cast<std::byte>(content >> (8 * i)));
  const uint32_t bh = (rle << 3) | (1u << 1) | 1u;  // last block, type RLE
  for (int i = 0; i < 3; ++i) f.push_back(static_cast<std::byte>(bh >> (8 * i)));
  f.push_back(std::byte{0x41});
  return f;
}

TEST(FormatLimits, ZstdBlobDeclaringMoreThanItsBlocksHold) {
  // 512 MiB declared (under the 1 GiB USER_META limit) in a 17-byte frame: refused before allocating.
  auto big = zstd_blob_decode(zstd_frame_declaring(512ull << 20, 1000), kMaxUserMetaBytes, "USER_META");
  ASSERT_FALSE(big.has_value());
  EXPECT_EQ(big.error().code, CDD_E_FORMAT);
  EXPECT_TRUE(contains(big.error().message, "more than its 17-byte zstd frame can hold")) << big.error().message;
  // The same frame declaring what its block holds decodes.
  auto fine = zstd_blob_decode(zstd_frame_declaring(1000, 1000), kMaxUserMetaBytes, "USER_META");
  ASSERT_TRUE(fine.has_value()) << fine.error().message;
  EXPECT_EQ(fine->size(), 1000u);
}

TEST(FormatLimits, Lz4IndexBlockWhosePayloadCannotFillItsCapacity) {
  // Capacity 2^20 (16 MiB of slots) from a 20-byte LZ4 payload: refused before the slots are allocated.
  std::vector<std::byte> block(kIndexFixedBytes + 4 + 20, std::byte{0});
  le::store<uint32_t>(block.data(), static_cast<uint32_t>(block.size()));
  le::store<uint16_t>(block.data() + 4, kIndexTypeLz4);
  le::store<uint32_t>(block.data() + 8, 1u << 20);
  le::store<uint32_t>(block.data() + kIndexFixedBytes, 20);
  auto b = parse_index_block(500, block);
  ASSERT_FALSE(b.has_value());
  EXPECT_EQ(b.error().code, CDD_E_FORMAT);
  EXPECT_TRUE(contains(b.error().message, "20 LZ4 bytes cannot hold 1048576 slots")) << b.error().message;
}

ChunkDesc desc_of(uint16_t dtype, const std::vector<uint32_t>& shape, uint64_t rows, uint64_t flags, size_t elem) {
  ChunkDesc d;
  d.dtype = dtype;
  d.flags = flags | CDD_FLAG_LITTLE_ENDIAN;
  d.rows = rows;
  d.row_shape = shape;
  d.elem_size = elem;
  d.row_elems = 1;
  for (uint32_t x : shape) d.row_elems *= x;
  return d;
}

TEST(FormatLimits, GenericPayloadTooSmallForItsRows) {
  // 1 GiB of int32 rows claimed by a 64-byte payload: the codec refuses before its scratch grows (the
  // output is the caller's: decode_range asks for one row only).
  const std::vector<uint32_t> shape{1024};
  const uint64_t rows = (1ull << 30) / 4096;
  for (uint16_t type : {uint16_t{CDD_CODEC_SHUFFLE}, uint16_t{CDD_CODEC_DELTA}}) {
    for (uint64_t stage : {uint64_t{CDD_FLAG_LZ4}, uint64_t{CDD_FLAG_ZSTD}}) {
      const Codec* c = find_codec(type);
      ASSERT_NE(c, nullptr);
      auto d = desc_of(CDD_DTYPE_INT32, shape, rows, stage, 4);
      std::vector<std::byte> payload(64, std::byte{0x11});
      std::vector<std::byte> one(4096);
      auto st = c->decode_range(d, payload, one, 0, 1);
      ASSERT_FALSE(st.has_value()) << c->name();
      EXPECT_EQ(st.error().code, CDD_E_CODEC) << c->name();
      EXPECT_TRUE(contains(st.error().message, "cannot come from a payload of 64 bytes")) << st.error().message;
    }
  }
}

#if defined(CDD_HAVE_OB)
TEST(FormatLimits, OrderBookPayloadTooSmallForItsRows) {
  // An OKX float32 chunk of 2^21 rows (1.2 GiB) whose payload is an 8-byte header and 16 LZ4 bytes.
  const Codec* c = find_codec(CDD_CODEC_OKX_OB_F32);
  ASSERT_NE(c, nullptr);
  const uint64_t rows = 1ull << 21;
  auto d = desc_of(CDD_DTYPE_FLOAT32, {50, 3}, rows, CDD_FLAG_LZ4, 4);
  std::vector<std::byte> payload(8 + 16, std::byte{0});
  le::store<uint32_t>(payload.data() + 4, static_cast<uint32_t>(rows * 600));  // filter 0 (none): all values
  std::vector<std::byte> one(600);
  auto st = c->decode_range(d, payload, one, 0, 1);
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code, CDD_E_CODEC);
  EXPECT_TRUE(contains(st.error().message, "cannot come from a payload of 16 bytes")) << st.error().message;
}
#endif

TEST(FormatLimits, ChunkDeclaringMoreRowsThanTheFileHoldsFailsAtRead) {
  // A 1 KB file: its one chunk's index entry claims 2^21 rows of 600 bytes (the 2^31-byte limit allows
  // it); reading a row fails with a typed error instead of allocating 1.2 GiB.
  test::Array a = test::orderbook_f32(1);
  WriterOptions o;
  o.codec = CDD_CODEC_SHUFFLE;
  o.codec_flags = CDD_FLAG_LZ4;
  o.index_capacity = 4;
  auto file = test::bytes_of(*test::write_memory(a, o));
  ASSERT_LT(file.size(), 2048u);
  auto r0 = Reader::open(copy_memory(file.data(), file.size()));
  ASSERT_TRUE(r0.has_value());
  const uint64_t block = (*r0)->index_blocks()[0].offset;
  le::store<uint64_t>(file.data() + block + slot_rows_pos(4, 0), 1ull << 21);
  // Re-commit record B (seq 2, count 1) over the changed slot, so that only the size is wrong.
  uint64_t off[1] = {le::u64(file.data() + block + slot_offset_pos(0))}, rows[1] = {1ull << 21};
  encode_commit_record(make_commit_record(2, 1, 0, off, rows), file.data() + block + record_pos(1));
  auto r = Reader::open(copy_memory(file.data(), file.size()));
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ((*r)->num_rows(), 1ull << 21);
  std::vector<std::byte> row(a.row_bytes());
  auto st = (*r)->read_rows(0, 1, row);
  ASSERT_FALSE(st.has_value());
  EXPECT_NE(st.error().code, CDD_E_INTERNAL);
  EXPECT_NE(st.error().code, CDD_E_NO_MEMORY);
}

TEST(FormatLimits, IndexBlockOrMetadataPastTheEndOfASmallFile) {
  test::Array a = test::orderbook_f32(3);
  WriterOptions o;
  o.codec = CDD_CODEC_RAW;
  o.codec_flags = 0;
  o.index_capacity = 2;
  auto file = test::bytes_of(*test::write_memory(a, o));
  {  // METADATA length 0xFFFFFFF0
    auto f = file;
    le::store<uint32_t>(f.data() + 12, 0xFFFFFFF0u);
    auto h = read_header(*copy_memory(f.data(), f.size()));
    ASSERT_FALSE(h.has_value());
    EXPECT_EQ(h.error().code, CDD_E_FORMAT);
  }
  {  // index block 0 claims capacity 2^20: its size runs past the file
    auto r0 = Reader::open(copy_memory(file.data(), file.size()));
    ASSERT_TRUE(r0.has_value());
    auto f = file;
    const uint64_t b0 = (*r0)->index_blocks()[0].offset;
    le::store<uint32_t>(f.data() + b0, static_cast<uint32_t>(raw_index_block_size(1u << 20)));
    le::store<uint32_t>(f.data() + b0 + 8, 1u << 20);
    auto r = Reader::open(copy_memory(f.data(), f.size()));
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, CDD_E_FORMAT);
    EXPECT_TRUE(contains(r.error().message, "index block at offset " + std::to_string(b0))) << r.error().message;
  }
}

}  // namespace
}  // namespace cdd
