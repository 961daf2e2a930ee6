// io_count_test.cpp — the reader's I/O pattern on a store without views: one read per index block at
// open, and one read per run of contiguous chunks in read_rows (FORMAT §4.3, the read path's contract);
// with several decode threads, a run is read as a few pieces, in parallel, never one read per chunk.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>

#include "io/reader.hpp"
#include "io/writer.hpp"
#include "support/read_only_store.hpp"
#include "support/test_data.hpp"

namespace cdd {
namespace {

class CountingStore final : public test::ReadOnlyStoreView {
 public:
  explicit CountingStore(std::shared_ptr<MemoryStore> inner) : ReadOnlyStoreView(std::move(inner)) {}
  mutable std::atomic<int> reads{0};
  Status read_at(uint64_t off, std::span<std::byte> out) const override {
    ++reads;
    return ReadOnlyStoreView::read_at(off, out);
  }
};

TEST(IoReadPattern, OneReadPerIndexBlockAndPerChunkRun) {
  test::Array a = test::orderbook_f32(1000, 17);
  const uint64_t rb = a.row_bytes();
  WriterOptions o;
  o.codec = CDD_CODEC_RAW;
  o.codec_flags = 0;
  o.chunk_rows = 10;     // 100 chunks
  o.index_capacity = 8;  // blocks of 8, 16, 32, 64
  auto mem = test::write_memory(a, o, 1000);
  auto counting = std::make_shared<CountingStore>(mem);
  auto r = Reader::open(counting, ReaderOptions{true, 1});
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ((*r)->num_index_blocks(), 4u);
  // The header: one speculative read; then one read per index block; then
  // the last chunk's frame header (its end is the file's logical end).
  EXPECT_EQ(counting->reads.load(), 1 + 4 + 1);

  // Rows 100..180 lie in chunks 10..17, all in block 1 and adjacent on disk: one read.
  counting->reads = 0;
  std::vector<std::byte> out(80 * rb);
  ASSERT_TRUE((*r)->read_rows(100, 180, out).has_value());
  EXPECT_EQ(counting->reads.load(), 1);
  EXPECT_TRUE(std::equal(out.begin(), out.end(), a.bytes.begin() + 100 * rb));

  // Rows 75..95 span chunks 7 and 8 with block 1 written between them: two runs, two reads.
  counting->reads = 0;
  ASSERT_TRUE((*r)->read_rows(75, 95, std::span(out).first(20 * rb)).has_value());
  EXPECT_EQ(counting->reads.load(), 2);
  EXPECT_TRUE(std::equal(out.begin(), out.begin() + 20 * rb, a.bytes.begin() + 75 * rb));

  // With two decode threads the run of chunks 10..17 (~49 KB) is read as pieces of about half its bytes,
  // each by the thread that decodes it: more than one read, never one per chunk.
  counting->reads = 0;
  std::fill(out.begin(), out.end(), std::byte{0});
  ASSERT_TRUE((*r)->read_rows(100, 180, out, 2).has_value());
  EXPECT_GE(counting->reads.load(), 2);
  EXPECT_LE(counting->reads.load(), 4);
  EXPECT_TRUE(std::equal(out.begin(), out.end(), a.bytes.begin() + 100 * rb));
}

}  // namespace
}  // namespace cdd
