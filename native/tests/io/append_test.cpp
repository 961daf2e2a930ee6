// append_test.cpp — appends across many index blocks, reopening in append mode (memory and file stores),
// a reader refreshing while a writer appends, and repack into sealed LZ4 index blocks.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "codec/codec.hpp"
#include "format/index_block.hpp"
#include "io/reader.hpp"
#include "io/verify.hpp"
#include "io/writer.hpp"
#include "store/file_store.hpp"
#include "support/test_data.hpp"

namespace cdd {
namespace {

WriterOptions small_chunks(const test::Array& a, uint32_t chunk_rows, uint32_t capacity) {
  WriterOptions o;
  o.dtype = a.dtype;
  o.row_shape = a.row_shape;
  o.codec = CDD_CODEC_RAW;
  o.codec_flags = 0;
  o.chunk_rows = chunk_rows;
  o.index_capacity = capacity;
  return o;
}

TEST(IoAppend, ReopenAppendAcrossIndexBlocksInMemory) {
  test::Array a = test::orderbook_f32(2000, 21);
  const uint64_t rb = a.row_bytes();
  auto store = new_memory_store();
  uint64_t done = 0;
  // Ten sessions, each appending an uneven number of rows in uneven pieces, then closing.
  for (int session = 0; session < 10; ++session) {
    auto w = session == 0 ? Writer::create(store, small_chunks(a, 7, 2)) : Writer::open_append(store, false);
    ASSERT_TRUE(w.has_value()) << w.error().message;
    ASSERT_EQ((*w)->rows_committed(), done);
    uint64_t n = std::min<uint64_t>(a.rows - done, 150 + 13 * static_cast<uint64_t>(session));
    for (uint64_t k = 0; k < n;) {
      uint64_t piece = std::min<uint64_t>(n - k, 1 + (k % 17));
      ASSERT_TRUE((*w)->append(std::span(a.bytes).subspan((done + k) * rb, piece * rb), piece).has_value());
      k += piece;
    }
    EXPECT_EQ((*w)->rows_appended(), done + n);
    ASSERT_TRUE((*w)->close().has_value());
    done += n;
  }
  auto r = Reader::open(store);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ((*r)->num_rows(), done);
  EXPECT_GE((*r)->num_index_blocks(), 6u);  // capacities 2, 4, 8, 16, 32, 64 ...
  auto v = verify_store(*store);
  ASSERT_TRUE(v.has_value()) << v.error().message;
  std::vector<std::byte> back(done * rb);
  ASSERT_TRUE((*r)->read_rows(0, done, back).has_value());
  EXPECT_TRUE(std::equal(back.begin(), back.end(), a.bytes.begin()));
  // Capacities follow FORMAT §4.4.
  for (size_t k = 0; k < (*r)->index_blocks().size(); ++k) {
    EXPECT_EQ((*r)->index_blocks()[k].capacity, std::min<uint64_t>(2ull << k, 65536)) << k;
  }
}

TEST(IoAppend, ReopenAppendFileKeepsUserMetaAndParameters) {
  auto path = test::temp_file("append");
  test::Array a = test::timestamps_ms(5000, 4);
  const uint64_t rb = a.row_bytes();
  WriterOptions o = small_chunks(a, 0, 3);
  o.chunk_target_bytes = 512;
  const char meta[] = "{\"symbol\":\"BTC-USDT\"}";
  o.user_meta.assign(reinterpret_cast<const std::byte*>(meta), reinterpret_cast<const std::byte*>(meta) + sizeof(meta));
  {
    auto w = Writer::create(*open_file_store(path, FileMode::kCreate), o);
    ASSERT_TRUE(w.has_value()) << w.error().message;
    ASSERT_TRUE((*w)->append(std::span(a.bytes).first(3000 * rb), 3000).has_value());
  }  // destructor closes
  {
    auto w = Writer::open_append(*open_file_store(path, FileMode::kReadWrite), true);
    ASSERT_TRUE(w.has_value()) << w.error().message;
    EXPECT_EQ((*w)->rows_committed(), 3000u);
    EXPECT_GT((*w)->planned_chunk_rows(), 0u);  // adaptive chunking resumed from the file's chunks
    ASSERT_TRUE((*w)->append(std::span(a.bytes).subspan(3000 * rb), 2000).has_value());
    ASSERT_TRUE((*w)->close().has_value());
  }
  auto store = open_file_store(path, FileMode::kRead);
  auto r = Reader::open(*store);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ((*r)->num_rows(), 5000u);
  EXPECT_EQ((*r)->metadata().chunk_target_bytes, 512u);
  EXPECT_EQ((*r)->metadata().index_capacity, 3u);
  EXPECT_EQ((*r)->metadata().writer.rfind("libcdd ", 0), 0u);
  ASSERT_EQ((*r)->user_meta().size(), sizeof(meta));
  EXPECT_EQ(std::memcmp((*r)->user_meta().data(), meta, sizeof(meta)), 0);
  EXPECT_EQ(test::read_all(*store), a.bytes);
  std::filesystem::remove(path);
}

TEST(IoAppend, LargeBlockCommitsAcrossSegmentsAndReopen) {
  // One-row chunks in a 1024-slot block: commits cross the 256-slot segments of the commit message, and
  // append sessions end inside segments so that open_append rebuilds the cached digests.
  test::Array a = test::timestamps_ms(1100, 30);
  const uint64_t rb = a.row_bytes();
  auto store = new_memory_store();
  uint64_t done = 0;
  for (uint64_t stop : {300u, 513u, 1030u, 1100u}) {
    auto w = done == 0 ? Writer::create(store, small_chunks(a, 1, 1024)) : Writer::open_append(store, false);
    ASSERT_TRUE(w.has_value()) << w.error().message;
    ASSERT_TRUE((*w)->append(std::span(a.bytes).subspan(done * rb, (stop - done) * rb), stop - done).has_value());
    ASSERT_TRUE((*w)->close().has_value());
    done = stop;
    auto v = verify_store(*store);
    ASSERT_TRUE(v.has_value()) << v.error().message;
    EXPECT_EQ(v->rows, done);
  }
  EXPECT_EQ(test::read_all(store), a.bytes);
}

TEST(IoAppend, ReaderRefreshSeesNewChunks) {
  test::Array a = test::orderbook_f16(400, 8);
  const uint64_t rb = a.row_bytes();
  auto store = new_memory_store();
  auto w = Writer::create(store, small_chunks(a, 10, 2));
  ASSERT_TRUE(w.has_value());
  ASSERT_TRUE((*w)->append(std::span(a.bytes).first(25 * rb), 25).has_value());
  auto r = Reader::open(store);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ((*r)->num_rows(), 20u);  // 5 rows still buffered in the writer
  for (uint64_t done = 25; done < 400; done += 75) {
    uint64_t n = std::min<uint64_t>(75, 400 - done);
    ASSERT_TRUE((*w)->append(std::span(a.bytes).subspan(done * rb, n * rb), n).has_value());
    ASSERT_TRUE((*w)->flush().has_value());
    ASSERT_TRUE((*r)->refresh().has_value());
    ASSERT_EQ((*r)->num_rows(), done + n);
    std::vector<std::byte> tail(n * rb);
    ASSERT_TRUE((*r)->read_rows(done, done + n, tail).has_value());
    EXPECT_TRUE(std::equal(tail.begin(), tail.end(), a.bytes.begin() + done * rb));
  }
  EXPECT_EQ((*r)->logical_end(), *store->size());
}

TEST(IoAppend, RepackSealsBlocksAsLz4AndStaysAppendable) {
  test::Array a = test::orderbook_f32(3000, 2);
  const uint64_t rb = a.row_bytes();
  auto src = test::write_memory(a, small_chunks(a, 3, 16), 500);
  auto dst = new_memory_store();
  auto st = repack_store(*src, *dst);
  ASSERT_TRUE(st.has_value()) << st.error().message;
  auto v = verify_store(*dst);
  ASSERT_TRUE(v.has_value()) << v.error().message;
  EXPECT_EQ(v->rows, 3000u);
  EXPECT_LT(*dst->size(), *src->size());
  auto r = Reader::open(dst);
  ASSERT_TRUE(r.has_value());
  size_t lz4 = 0;
  for (auto& b : (*r)->index_blocks()) lz4 += b.type == kIndexTypeLz4;
  EXPECT_GT(lz4, 0u);
  EXPECT_EQ(test::read_all(dst), a.bytes);
  // Repacking is deterministic.
  auto again = new_memory_store();
  ASSERT_TRUE(repack_store(*dst, *again).has_value());
  EXPECT_EQ(test::bytes_of(*again), test::bytes_of(*dst));
  // And the repacked file takes appends.
  auto w = Writer::open_append(dst, false);
  ASSERT_TRUE(w.has_value()) << w.error().message;
  test::Array more = test::orderbook_f32(50, 99);
  ASSERT_TRUE((*w)->append(more.bytes, 50).has_value());
  ASSERT_TRUE((*w)->close().has_value());
  auto all = test::read_all(dst);
  ASSERT_EQ(all.size(), 3050 * rb);
  EXPECT_TRUE(std::equal(more.bytes.begin(), more.bytes.end(), all.begin() + 3000 * rb));
  ASSERT_TRUE(verify_store(*dst).has_value());
}

TEST(IoAppend, ReadRowsInParallelMatchesSerial) {
  test::Array a = test::orderbook_f32(4000, 6);
  const uint64_t rb = a.row_bytes();
  auto store = test::write_memory(a, small_chunks(a, 37, 64), 4000);
  auto r = Reader::open(store, ReaderOptions{true, 4});
  ASSERT_TRUE(r.has_value());
  std::vector<std::byte> par(3500 * rb), ser(3500 * rb);
  ASSERT_TRUE((*r)->read_rows(250, 3750, par).has_value());
  ASSERT_TRUE((*r)->read_rows(250, 3750, ser, 1).has_value());
  EXPECT_EQ(par, ser);
  EXPECT_TRUE(std::equal(par.begin(), par.end(), a.bytes.begin() + 250 * rb));
  // Chunk-level access agrees with the index.
  auto e = (*r)->chunk_entry(5);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->first_row, 5u * 37);
  EXPECT_EQ(e->rows, 37u);
  std::vector<std::byte> chunk(37 * rb);
  ASSERT_TRUE((*r)->read_chunk(5, chunk).has_value());
  EXPECT_TRUE(std::equal(chunk.begin(), chunk.end(), a.bytes.begin() + 5 * 37 * rb));
  auto h = (*r)->chunk_header(5);
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->type, CDD_CODEC_RAW);
  EXPECT_EQ(h->size, 32u + 16 + 37 * rb);
}

}  // namespace
}  // namespace cdd
