// errors_test.cpp — every error path of reading and writing: each test is named after the damage or
// misuse it guards against, and checks the code and that the message names what is wrong.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "core/le.hpp"
#include "format/chunk_frame.hpp"
#include "io/reader.hpp"
#include "io/verify.hpp"
#include "io/writer.hpp"
#include "store/file_store.hpp"
#include "support/test_data.hpp"

namespace cdd {
namespace {

using test::contains;

// A small healthy file: 40 order-book rows in chunks of 4, index blocks of 4 slots.
struct Fixture {
  test::Array data = test::orderbook_f32(40, 9);
  std::vector<std::byte> file;
  std::vector<uint64_t> chunk_offsets;
  Fixture() {
    WriterOptions o;
    o.codec = CDD_CODEC_RAW;
    o.codec_flags = 0;
    o.chunk_rows = 4;
    o.index_capacity = 4;
    file = test::bytes_of(*test::write_memory(data, o));
    auto r = Reader::open(copy_memory(file.data(), file.size()));
    for (uint64_t i = 0; i < (*r)->num_chunks(); ++i) chunk_offsets.push_back((*r)->chunk_entry(i)->offset);
  }
};

Error open_error(const std::vector<std::byte>& file) {
  auto r = Reader::open(copy_memory(file.data(), file.size()));
  EXPECT_FALSE(r.has_value());
  return r ? Error{} : r.error();
}

Error read_error(const std::vector<std::byte>& file, uint64_t start, uint64_t end) {
  auto r = Reader::open(copy_memory(file.data(), file.size()));
  EXPECT_TRUE(r.has_value()) << r.error().message;
  if (!r) return {};
  std::vector<std::byte> out((end - start) * (*r)->row_bytes());
  auto st = (*r)->read_rows(start, end, out);
  EXPECT_FALSE(st.has_value());
  return st ? Error{} : st.error();
}

// Rewrites the hash of the chunk frame at `off` so that a patched header field passes the hash check.
void rehash(std::vector<std::byte>& file, uint64_t off) {
  uint32_t size = le::u32(file.data() + off);
  Hash128 h = chunk_hash(std::span(file).subspan(off, size));
  std::memcpy(file.data() + off + 8, h.data(), 16);
}

TEST(IoErrors, BadMagicNamesTheBytesFound) {
  std::vector<std::byte> file(64, std::byte{0});
  std::memcpy(file.data(), "PK\x03\x04junk", 8);
  Error e = open_error(file);
  EXPECT_EQ(e.code, CDD_E_FORMAT);
  EXPECT_EQ(e.message, "not a CDD file: bad magic 50 4b 03 04 6a 75 6e 6b");
}

TEST(IoErrors, EmptyFileIsNotACddFile) {
  Error e = open_error({});
  EXPECT_EQ(e.code, CDD_E_FORMAT);
  EXPECT_TRUE(contains(e.message, "the file is empty"));
}

TEST(IoErrors, UnknownVersionIsRefused) {
  Fixture f;
  le::store<uint32_t>(f.file.data() + 8, 7);
  Error e = open_error(f.file);
  EXPECT_EQ(e.code, CDD_E_VERSION);
  EXPECT_EQ(e.message, "unsupported format version 7");
}

TEST(IoErrors, TruncatedAnywhereInTheHeaderOrFirstBlock) {
  Fixture f;
  uint64_t first_chunk = f.chunk_offsets[0];
  for (uint64_t cut : {uint64_t{3}, uint64_t{12}, uint64_t{20}, first_chunk - 50, first_chunk - 1}) {
    auto file = f.file;
    file.resize(cut);
    Error e = open_error(file);
    EXPECT_EQ(e.code, CDD_E_FORMAT) << cut;
    EXPECT_TRUE(contains(e.message, "truncated")) << cut << ": " << e.message;
  }
}

TEST(IoErrors, TruncatedChunkIsReportedOnRead) {
  Fixture f;
  // Cut inside chunk 2: the index (block 0 holds chunks 0..3) still opens; reading chunk 2 fails.
  auto file = f.file;
  file.resize(f.chunk_offsets[2] + 100);
  auto r = Reader::open(copy_memory(file.data(), file.size()));
  if (r.has_value()) {
    std::vector<std::byte> out(4 * (*r)->row_bytes());
    auto st = (*r)->read_rows(8, 12, out);
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().code, CDD_E_FORMAT);
  } else {
    EXPECT_EQ(r.error().code, CDD_E_FORMAT);  // or the chain's next block is already past the end
    EXPECT_TRUE(contains(r.error().message, "truncated"));
  }
}

TEST(IoErrors, ChunkPayloadFlipIsHashMismatchNamingTheChunk) {
  Fixture f;
  auto file = f.file;
  file[f.chunk_offsets[1] + 200] ^= std::byte{0x40};
  Error e = read_error(file, 0, 40);
  EXPECT_EQ(e.code, CDD_E_CORRUPT);
  EXPECT_EQ(e.message, "chunk 1 at offset " + std::to_string(f.chunk_offsets[1]) + ": hash mismatch");
  // Rows of other chunks still read.
  auto r = Reader::open(copy_memory(file.data(), file.size()));
  std::vector<std::byte> out(4 * (*r)->row_bytes());
  EXPECT_TRUE((*r)->read_rows(8, 12, out).has_value());
  // Skipping verification decodes the damaged RAW bytes without complaint (and without crashing).
  auto r2 = Reader::open(copy_memory(file.data(), file.size()), ReaderOptions{false, 1});
  EXPECT_TRUE((*r2)->read_rows(4, 8, out).has_value());
}

TEST(IoErrors, AFailedHashCheckIsNotRememberedAsVerified) {
  // A reader hashes each chunk the first time it decodes it; a chunk that failed must fail again (the
  // reader caches successes only), while the healthy chunks around it keep reading.
  Fixture f;
  auto file = f.file;
  file[f.chunk_offsets[2] + 100] ^= std::byte{0x01};
  auto r = Reader::open(copy_memory(file.data(), file.size()));
  ASSERT_TRUE(r.has_value());
  std::vector<std::byte> out(40 * (*r)->row_bytes());
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto st = (*r)->read_rows(0, 40, out, 1 + attempt % 2);
    ASSERT_FALSE(st.has_value()) << "attempt " << attempt;
    EXPECT_EQ(st.error().code, CDD_E_CORRUPT);
    EXPECT_TRUE((*r)->read_rows(0, 8, out).has_value());
    EXPECT_TRUE((*r)->read_rows(12, 40, out).has_value());
  }
}

TEST(IoErrors, IndexSlotFlipIsCorruptBlock) {
  Fixture f;
  auto r = Reader::open(copy_memory(f.file.data(), f.file.size()));
  uint64_t block0 = (*r)->index_blocks()[0].offset;
  auto file = f.file;
  file[block0 + 96] ^= std::byte{0x01};  // offsets[0]: covered by both records
  Error e = open_error(file);
  EXPECT_EQ(e.code, CDD_E_CORRUPT);
  EXPECT_EQ(e.message, "index block at offset " + std::to_string(block0) + ": no valid commit record (hash mismatch)");
}

TEST(IoErrors, IndexBlockTypeAndSizeAreChecked) {
  Fixture f;
  auto r = Reader::open(copy_memory(f.file.data(), f.file.size()));
  uint64_t block0 = (*r)->index_blocks()[0].offset;
  auto file = f.file;
  le::store<uint16_t>(file.data() + block0 + 4, 9);
  EXPECT_TRUE(contains(open_error(file).message, "unknown index block type 9"));
  file = f.file;
  le::store<uint32_t>(file.data() + block0, 1000);
  EXPECT_TRUE(contains(open_error(file).message, "does not match capacity"));
}

TEST(IoErrors, SliceOutOfRange) {
  Fixture f;
  auto r = Reader::open(copy_memory(f.file.data(), f.file.size()));
  std::vector<std::byte> out(50 * (*r)->row_bytes());
  auto st = (*r)->read_rows(30, 41, out);
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code, CDD_E_OUT_OF_RANGE);
  EXPECT_EQ(st.error().message, "rows [30, 41) out of range: the array has 40 rows");
  EXPECT_EQ((*r)->read_rows(5, 4, out).error().code, CDD_E_OUT_OF_RANGE);
  EXPECT_EQ((*r)->chunk_entry(10).error().code, CDD_E_OUT_OF_RANGE);
  std::vector<std::byte> small(10);
  EXPECT_EQ((*r)->read_rows(0, 1, small).error().code, CDD_E_INVALID_ARGUMENT);
  EXPECT_TRUE((*r)->read_rows(40, 40, small).has_value());  // empty range
}

TEST(IoErrors, UnknownChunkType) {
  Fixture f;
  auto file = f.file;
  le::store<uint16_t>(file.data() + f.chunk_offsets[2] + 4, 40000);
  rehash(file, f.chunk_offsets[2]);
  Error e = read_error(file, 8, 12);
  EXPECT_EQ(e.code, CDD_E_UNSUPPORTED);
  EXPECT_EQ(e.message, "chunk 2 at offset " + std::to_string(f.chunk_offsets[2]) + ": unknown chunk type 40000");
}

TEST(IoErrors, UnknownChunkFlag) {
  Fixture f;
  auto file = f.file;
  le::store<uint64_t>(file.data() + f.chunk_offsets[0] + 24, CDD_FLAG_LITTLE_ENDIAN | (1ull << 20));
  rehash(file, f.chunk_offsets[0]);
  Error e = read_error(file, 0, 1);
  EXPECT_EQ(e.code, CDD_E_UNSUPPORTED);
  EXPECT_TRUE(contains(e.message, "unknown chunk flags 0x100000"));
  le::store<uint64_t>(file.data() + f.chunk_offsets[0] + 24, CDD_FLAG_LITTLE_ENDIAN | CDD_FLAG_RESERVED);
  rehash(file, f.chunk_offsets[0]);
  EXPECT_TRUE(contains(read_error(file, 0, 1).message, "unknown chunk flags 0x8000000000000000"));
}

TEST(IoErrors, FlagCombinationsAreChecked) {
  Fixture f;
  struct Case {
    uint64_t flags;
    const char* text;
  } cases[] = {
      {CDD_FLAG_BIG_ENDIAN, "big-endian chunks are not supported"},
      {0, "exactly one of LITTLE_ENDIAN and BIG_ENDIAN"},
      {CDD_FLAG_LITTLE_ENDIAN | CDD_FLAG_LZ4 | CDD_FLAG_ZSTD, "LZ4 and ZSTD both set"},
      {CDD_FLAG_LITTLE_ENDIAN | CDD_FLAG_DOWN_CAST_16, "DOWN_CAST flags on chunk type 1"},
  };
  for (auto& c : cases) {
    auto file = f.file;
    le::store<uint64_t>(file.data() + f.chunk_offsets[0] + 24, c.flags);
    rehash(file, f.chunk_offsets[0]);
    EXPECT_TRUE(contains(read_error(file, 0, 1).message, c.text));
  }
}

TEST(IoErrors, WrongDtypeShapeOrRowsInFrame) {
  Fixture f;
  const uint64_t off = f.chunk_offsets[3];
  auto file = f.file;
  le::store<uint16_t>(file.data() + off + 6, CDD_DTYPE_INT32);
  rehash(file, off);
  Error e = read_error(file, 12, 16);
  EXPECT_EQ(e.code, CDD_E_FORMAT);
  EXPECT_TRUE(contains(e.message, "chunk 3 at offset " + std::to_string(off) + ": dtype 7 differs"));
  file = f.file;
  le::store<uint32_t>(file.data() + off + 36, 49);  // shape[1]
  rehash(file, off);
  EXPECT_TRUE(contains(read_error(file, 12, 16).message, "row shape differs"));
  file = f.file;
  le::store<uint32_t>(file.data() + off + 32, 5);  // shape[0] = rows
  rehash(file, off);
  EXPECT_TRUE(contains(read_error(file, 12, 16).message, "frame has 5 rows, index says 4"));
  file = f.file;
  le::store<uint32_t>(file.data() + off + 40, 7);  // the terminator
  rehash(file, off);
  EXPECT_TRUE(contains(read_error(file, 12, 16).message, "row shape differs"));
}

TEST(IoErrors, LockedFileRefusesSecondWriter) {
  auto path = test::temp_file("locked");
  WriterOptions o;
  o.dtype = CDD_DTYPE_FLOAT32;
  o.row_shape = {50, 3};
  o.codec = CDD_CODEC_RAW;
  o.codec_flags = 0;
  auto w1 = Writer::create(*open_file_store(path, FileMode::kCreate), o);
  ASSERT_TRUE(w1.has_value()) << w1.error().message;
  auto w2 = Writer::open_append(*open_file_store(path, FileMode::kReadWrite), false);
  ASSERT_FALSE(w2.has_value());
  EXPECT_EQ(w2.error().code, CDD_E_LOCKED);
  EXPECT_EQ(w2.error().message, "another writer holds " + path);
  auto w3 = Writer::create(*open_file_store(path, FileMode::kCreate), o);
  ASSERT_FALSE(w3.has_value());
  EXPECT_EQ(w3.error().code, CDD_E_LOCKED);
  ASSERT_TRUE((*w1)->close().has_value());
  auto w4 = Writer::open_append(*open_file_store(path, FileMode::kReadWrite), false);
  EXPECT_TRUE(w4.has_value());
  std::filesystem::remove(path);
}

TEST(IoErrors, BadWriterOptions) {
  auto store = new_memory_store();
  WriterOptions o;
  o.dtype = 99;
  o.row_shape = {3};
  EXPECT_EQ(Writer::create(store, o).error().code, CDD_E_INVALID_ARGUMENT);
  o.dtype = CDD_DTYPE_FLOAT32;
  o.row_shape = {};
  EXPECT_EQ(Writer::create(store, o).error().code, CDD_E_INVALID_ARGUMENT);
  o.row_shape = {2, 0};
  EXPECT_EQ(Writer::create(store, o).error().code, CDD_E_INVALID_ARGUMENT);
  o.row_shape = {1, 1, 1, 1, 1, 1, 1, 1};
  EXPECT_EQ(Writer::create(store, o).error().code, CDD_E_INVALID_ARGUMENT);
  o.row_shape = {3};
  o.codec = 777;
  auto e = Writer::create(store, o);
  EXPECT_EQ(e.error().code, CDD_E_UNSUPPORTED);
  EXPECT_EQ(e.error().message, "unknown chunk type 777");
  o.codec = CDD_CODEC_RAW;
  o.codec_flags = CDD_FLAG_RESERVED;
  EXPECT_EQ(Writer::create(store, o).error().code, CDD_E_INVALID_ARGUMENT);
  o.codec_flags = 0;
  o.index_capacity = 0;
  EXPECT_EQ(Writer::create(store, o).error().code, CDD_E_INVALID_ARGUMENT);
  o.index_capacity = 16;
  o.chunk_rows = 0;
  o.chunk_target_bytes = 10;
  EXPECT_EQ(Writer::create(store, o).error().code, CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(Writer::create(wrap_memory(nullptr, 0), WriterOptions{}).error().code, CDD_E_INVALID_ARGUMENT);
}

TEST(IoErrors, ClosedWriterAndShortAppend) {
  auto store = new_memory_store();
  WriterOptions o;
  o.dtype = CDD_DTYPE_INT64;
  o.row_shape = {1};
  o.codec = CDD_CODEC_RAW;
  o.codec_flags = 0;
  auto w = Writer::create(store, o);
  ASSERT_TRUE(w.has_value());
  std::vector<std::byte> few(12);
  EXPECT_EQ((*w)->append(few, 2).error().code, CDD_E_INVALID_ARGUMENT);
  ASSERT_TRUE((*w)->close().has_value());
  EXPECT_EQ((*w)->append(few, 1).error().code, CDD_E_STATE);
  EXPECT_EQ((*w)->flush().error().code, CDD_E_STATE);
  // The store is free for the next writer.
  EXPECT_TRUE(Writer::open_append(store, false).has_value());
}

TEST(IoErrors, VerifyReportsTailGarbageAndHealthyFiles) {
  Fixture f;
  auto ok_report = verify_store(*copy_memory(f.file.data(), f.file.size()));
  ASSERT_TRUE(ok_report.has_value()) << ok_report.error().message;
  EXPECT_EQ(ok_report->rows, 40u);
  EXPECT_EQ(ok_report->chunks, 10u);
  EXPECT_EQ(ok_report->index_blocks, 2u);  // capacities 4 and 8 hold the 10 chunks
  EXPECT_EQ(ok_report->logical_end, f.file.size());
  auto file = f.file;
  file.resize(file.size() + 5);
  auto bad = verify_store(*copy_memory(file.data(), file.size()));
  ASSERT_FALSE(bad.has_value());
  EXPECT_TRUE(contains(bad.error().message, "5 bytes after the logical end"));
}

}  // namespace
}  // namespace cdd
