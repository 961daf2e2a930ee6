// chunk_cache_test.cpp — the reader's decoded-chunk cache: ChunkCache's eviction and buffer rules, and
// reads through the cache bit-exact with every codec, under concurrent readers, across refresh on a
// growing file, and on damaged chunks (a chunk that fails its checks fails on every read, never served
// from the cache).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <thread>

#include "codec/codec.hpp"
#include "core/le.hpp"
#include "io/chunk_cache.hpp"
#include "io/codec_presets.hpp"
#include "io/reader.hpp"
#include "io/writer.hpp"
#include "store/file_store.hpp"
#include "support/codec_cases.hpp"
#include "support/test_data.hpp"

namespace cdd {
namespace {

std::shared_ptr<ChunkCache::Block> block_of(ChunkCache& c, size_t bytes, uint8_t fill) {
  auto b = c.buffer(bytes);
  std::memset(b->data.get(), fill, bytes);
  return b;
}

TEST(ChunkCache, KeepsTheMostRecentlyUsedChunks) {
  ChunkCache c(3, 1 << 20);
  for (uint64_t k = 0; k < 3; ++k) c.insert(k, block_of(c, 100, static_cast<uint8_t>(k)));
  EXPECT_EQ(c.size(), 3u);
  ASSERT_NE(c.find(0), nullptr);  // 0 is now the most recent; 1 the least
  c.insert(3, block_of(c, 100, 3));
  EXPECT_EQ(c.find(1), nullptr);
  for (uint64_t k : {0, 2, 3}) {
    auto hit = c.find(k);
    ASSERT_NE(hit, nullptr) << k;
    EXPECT_EQ(hit->size, 100u);
    EXPECT_EQ(std::to_integer<int>(hit->data[99]), static_cast<int>(k));
  }
  // Inserting a chunk already present keeps the first copy.
  c.insert(2, block_of(c, 100, 77));
  EXPECT_EQ(std::to_integer<int>(c.find(2)->data[0]), 2);
  c.clear();
  EXPECT_EQ(c.size(), 0u);
  EXPECT_EQ(c.find(0), nullptr);
}

TEST(ChunkCache, AdmitsAChunkOnItsSecondTouch) {
  ChunkCache c(3, 1 << 20);
  EXPECT_FALSE(c.admit(7));  // first touch: remembered
  EXPECT_TRUE(c.admit(7));   // second: admitted, and forgotten
  EXPECT_FALSE(c.admit(7));
  // The last `slots` first touches are remembered: 7 is pushed out by three others.
  EXPECT_FALSE(c.admit(1));
  EXPECT_FALSE(c.admit(2));
  EXPECT_FALSE(c.admit(3));
  EXPECT_FALSE(c.admit(7));
  EXPECT_TRUE(c.admit(3));
  EXPECT_FALSE(c.admit(0));  // chunk 0 is a chunk like any other (the ring's empty mark is not 0)
  EXPECT_TRUE(c.admit(0));
  c.admit(5);
  c.clear();  // a refresh forgets the touches too
  EXPECT_FALSE(c.admit(5));
  ChunkCache off(0, 1 << 20);
  EXPECT_FALSE(off.admit(1));
  EXPECT_FALSE(off.admit(1));
}

TEST(ChunkCache, RespectsTheByteBudget) {
  ChunkCache c(8, 1000);
  c.insert(0, block_of(c, 400, 0));
  c.insert(1, block_of(c, 400, 1));
  c.insert(2, block_of(c, 400, 2));  // 1200 > 1000: chunk 0 goes
  EXPECT_EQ(c.find(0), nullptr);
  EXPECT_NE(c.find(1), nullptr);
  EXPECT_NE(c.find(2), nullptr);
  c.insert(3, block_of(c, 1001, 3));  // larger than the whole budget: never kept
  EXPECT_EQ(c.find(3), nullptr);
  EXPECT_EQ(c.size(), 2u);
}

TEST(ChunkCache, AnEvictedChunkStaysValidForItsHolder) {
  ChunkCache c(1, 1 << 20);
  c.insert(0, block_of(c, 64, 5));
  ChunkCache::Ref held = c.find(0);
  c.insert(1, block_of(c, 64, 6));  // evicts 0 while `held` still refers to it
  EXPECT_EQ(c.find(0), nullptr);
  for (int k = 2; k < 6; ++k) c.insert(static_cast<uint64_t>(k), block_of(c, 64, 9));  // new blocks, never 0's
  for (size_t i = 0; i < 64; ++i) ASSERT_EQ(std::to_integer<int>(held->data[i]), 5);
}

TEST(ChunkCache, ZeroSlotsIsOff) {
  ChunkCache c(0, 1 << 20);
  EXPECT_FALSE(c.enabled());
  c.insert(0, block_of(c, 10, 1));
  EXPECT_EQ(c.find(0), nullptr);
}

using test::codec_cases;
using test::CodecCase;
using test::options_for;

test::Array data_for(uint16_t codec, uint64_t rows) { return test::data_for(codec, rows, 31); }

// Reads rows one by one in a shuffled order, short ranges inside chunks and ranges across chunks, through
// `r`, and compares them with `a`.
void expect_reads_match(const Reader& r, const test::Array& a, uint64_t seed, const std::string& what) {
  const uint64_t rb = a.row_bytes();
  std::vector<uint64_t> order(a.rows);
  for (uint64_t i = 0; i < a.rows; ++i) order[i] = i;
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<std::byte> out(64 * rb);
  for (uint64_t i : order) {
    ASSERT_TRUE(r.read_rows(i, i + 1, std::span(out).first(rb)).has_value()) << what << " row " << i;
    ASSERT_EQ(std::memcmp(out.data(), a.bytes.data() + i * rb, rb), 0) << what << " row " << i;
    const uint64_t n = 1 + rng() % 64, s = rng() % (a.rows - n + 1);
    std::fill(out.begin(), out.end(), std::byte{0xEE});
    ASSERT_TRUE(r.read_rows(s, s + n, std::span(out).first(n * rb)).has_value()) << what << " rows " << s;
    ASSERT_EQ(std::memcmp(out.data(), a.bytes.data() + s * rb, n * rb), 0) << what << " rows " << s << "+" << n;
  }
}

TEST(ReaderChunkCache, EveryCodecReadsBitExactThroughTheCache) {
  for (const auto& c : codec_cases()) {
    test::Array a = data_for(c.codec, 1500);
    auto mem = test::write_memory(a, options_for(c), 500);
    auto r = Reader::open(mem, ReaderOptions{true, 1});
    ASSERT_TRUE(r.has_value()) << c.name << ": " << r.error().message;
    ASSERT_GT((*r)->num_chunks(), 10u) << c.name;
    expect_reads_match(**r, a, 7, c.name);
    EXPECT_GT((*r)->cached_chunks(), 0u) << c.name;
    // The same reads without the cache agree.
    ReaderOptions off{true, 1};
    off.cache_chunks = 0;
    auto r2 = Reader::open(mem, off);
    ASSERT_TRUE(r2.has_value());
    expect_reads_match(**r2, a, 8, std::string(c.name) + " (no cache)");
    EXPECT_EQ((*r2)->cached_chunks(), 0u);
  }
}

TEST(ReaderChunkCache, AFirstTouchDecodesOnlyItsRowsAndASecondKeepsTheChunk) {
  for (const auto& c : codec_cases()) {
    test::Array a = data_for(c.codec, 600);
    auto mem = test::write_memory(a, options_for(c), 600);
    auto r = Reader::open(mem, ReaderOptions{true, 1});
    ASSERT_TRUE(r.has_value()) << c.name;
    ASSERT_GT((*r)->num_chunks(), 4u) << c.name;
    const uint64_t rb = a.row_bytes();
    std::vector<std::byte> out(3 * rb);
    // One read in each chunk, at its last, second or a middle row in turn: first touches, never kept.
    for (uint64_t k = 0; k < (*r)->num_chunks(); ++k) {
      const ChunkEntry e = *(*r)->chunk_entry(k);
      ASSERT_GE(e.rows, 3u);
      const uint64_t row = e.first_row + (k % 3 == 0 ? 1 : k % 3 == 1 ? e.rows - 1 : e.rows / 2);
      const uint64_t n = std::min<uint64_t>(k % 2 == 0 ? 1 : 2, e.first_row + e.rows - row);
      std::fill(out.begin(), out.end(), std::byte{0xEE});
      ASSERT_TRUE((*r)->read_rows(row, row + n, std::span(out).first(n * rb)).has_value()) << c.name << " row " << row;
      ASSERT_EQ(std::memcmp(out.data(), a.bytes.data() + row * rb, n * rb), 0) << c.name << " row " << row;
      ASSERT_EQ((*r)->cached_chunks(), 0u) << c.name << " chunk " << k;
    }
    // Rows read in order from a chunk's first row: the chunk is decoded whole into the cache at once.
    const ChunkEntry e = *(*r)->chunk_entry(2);
    for (uint64_t row = e.first_row; row < e.first_row + e.rows; ++row) {
      ASSERT_TRUE((*r)->read_rows(row, row + 1, std::span(out).first(rb)).has_value()) << c.name;
      ASSERT_EQ(std::memcmp(out.data(), a.bytes.data() + row * rb, rb), 0) << c.name << " row " << row;
      ASSERT_EQ((*r)->cached_chunks(), 1u) << c.name << " row " << row;
    }
    // Rows read in order from the middle of a chunk (a new reader): its second touch keeps it.
    auto r2 = Reader::open(mem, ReaderOptions{true, 1});
    ASSERT_TRUE(r2.has_value()) << c.name;
    const ChunkEntry m = *(*r2)->chunk_entry(3);
    for (uint64_t row = m.first_row + 1; row < m.first_row + m.rows; ++row) {
      ASSERT_TRUE((*r2)->read_rows(row, row + 1, std::span(out).first(rb)).has_value()) << c.name;
      ASSERT_EQ(std::memcmp(out.data(), a.bytes.data() + row * rb, rb), 0) << c.name << " row " << row;
      ASSERT_EQ((*r2)->cached_chunks(), row == m.first_row + 1 ? 0u : 1u) << c.name << " row " << row;
    }
  }
}

TEST(ReaderChunkCache, ConcurrentReadersSeeBitExactRows) {
  for (const auto& c : codec_cases()) {
    test::Array a = data_for(c.codec, 1200);
    auto mem = test::write_memory(a, options_for(c), 400);
    ReaderOptions o{true, 2};
    o.cache_chunks = 3;  // fewer slots than the threads' working sets: evictions while others copy
    auto r = Reader::open(mem, o);
    ASSERT_TRUE(r.has_value()) << c.name;
    const uint64_t rb = a.row_bytes();
    std::atomic<int> bad{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        std::mt19937_64 rng(100 + t);
        std::vector<std::byte> out(200 * rb);
        for (int k = 0; k < 1500; ++k) {
          // Mostly single rows near each other (cache hits and misses), sometimes longer ranges.
          const uint64_t n = k % 10 == 0 ? 1 + rng() % 200 : 1 + rng() % 3;
          const uint64_t s = rng() % (a.rows - n + 1);
          if (!(*r)->read_rows(s, s + n, std::span(out).first(n * rb)).has_value() ||
              std::memcmp(out.data(), a.bytes.data() + s * rb, n * rb) != 0) {
            ++bad;
          }
        }
      });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(bad.load(), 0) << c.name;
  }
}

TEST(ReaderChunkCache, RefreshOnAGrowingFileReadsNewAndOldRows) {
  test::Array a = test::orderbook_f32(900, 5);
  const uint64_t rb = a.row_bytes();
  const std::string path = test::temp_file("cache_refresh");
  WriterOptions o;
  o.dtype = a.dtype;
  o.row_shape = a.row_shape;
  o.codec = CDD_CODEC_LZ4;
  o.codec_flags = CDD_FLAG_LZ4;
  o.chunk_rows = 40;
  auto fs = open_file_store(path, FileMode::kCreate);
  ASSERT_TRUE(fs.has_value()) << fs.error().message;
  auto w = Writer::create(*fs, o);
  ASSERT_TRUE(w.has_value()) << w.error().message;
  ASSERT_TRUE((*w)->append(std::span(a.bytes).first(300 * rb), 300).has_value());
  ASSERT_TRUE((*w)->flush().has_value());
  auto rs = open_file_store(path, FileMode::kRead);
  ASSERT_TRUE(rs.has_value());
  auto r = Reader::open(*rs, ReaderOptions{true, 1});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  std::vector<std::byte> row(rb);
  uint64_t rows = (*r)->num_rows();
  ASSERT_GE(rows, 280u);  // whole chunks of 40 rows are committed; the rest waits in the writer
  for (uint64_t i = rows - 1;; i -= 7) {  // the last chunks, through the cache
    ASSERT_TRUE((*r)->read_rows(i, i + 1, row).has_value());
    ASSERT_EQ(std::memcmp(row.data(), a.bytes.data() + i * rb, rb), 0) << i;
    if (i < 7) break;
  }
  EXPECT_GT((*r)->cached_chunks(), 0u);
  for (uint64_t appended = 300; appended < 900; appended += 200) {
    ASSERT_TRUE((*w)->append(std::span(a.bytes).subspan(appended * rb, 200 * rb), 200).has_value());
    ASSERT_TRUE((*w)->flush().has_value());
    ASSERT_TRUE((*r)->refresh().has_value());
    EXPECT_EQ((*r)->cached_chunks(), 0u);
    ASSERT_GT((*r)->num_rows(), rows);
    rows = (*r)->num_rows();
    for (uint64_t i = 0; i < rows; i += 3) {
      ASSERT_TRUE((*r)->read_rows(i, i + 1, row).has_value());
      ASSERT_EQ(std::memcmp(row.data(), a.bytes.data() + i * rb, rb), 0) << i << " of " << rows;
    }
  }
  ASSERT_TRUE((*w)->close().has_value());
  ASSERT_TRUE((*r)->refresh().has_value());
  EXPECT_EQ((*r)->num_rows(), 900u);
  expect_reads_match(**r, a, 3, "after close");
  std::remove(path.c_str());
}

// Chunk frames of a memory file and their offsets.
struct DamageFixture {
  test::Array a = test::orderbook_f32(200, 13);
  std::vector<std::byte> file;
  std::vector<uint64_t> offsets;
  explicit DamageFixture(const CodecCase& c) {
    WriterOptions o = options_for(c);
    o.chunk_rows = 20;
    file = test::bytes_of(*test::write_memory(a, o));
    auto r = Reader::open(copy_memory(file.data(), file.size()));
    for (uint64_t i = 0; i < (*r)->num_chunks(); ++i) offsets.push_back((*r)->chunk_entry(i)->offset);
  }
};

TEST(ReaderChunkCache, AChunkFailingItsHashFailsOnEveryRead) {
  for (const auto& c : codec_cases()) {
    if (c.codec == CDD_CODEC_OKX_OB_F16) continue;  // float32 data
    DamageFixture f(c);
    auto file = f.file;
    const uint64_t size = le::u32(file.data() + f.offsets[3]);
    file[f.offsets[3] + size - 3] ^= std::byte{0x10};  // inside chunk 3's payload (rows 60..79)
    auto r = Reader::open(copy_memory(file.data(), file.size()), ReaderOptions{true, 1});
    ASSERT_TRUE(r.has_value()) << c.name;
    const uint64_t rb = f.a.row_bytes();
    std::vector<std::byte> out(40 * rb);
    for (int attempt = 0; attempt < 4; ++attempt) {
      for (uint64_t row : {60, 61, 79}) {
        auto st = (*r)->read_rows(row, row + 1, std::span(out).first(rb));
        ASSERT_FALSE(st.has_value()) << c.name << " attempt " << attempt << " row " << row;
        EXPECT_EQ(st.error().code, CDD_E_CORRUPT) << c.name << ": " << st.error().message;
        EXPECT_TRUE(test::contains(st.error().message, "chunk 3 ")) << st.error().message;
      }
      // Reads that end or start inside the damaged chunk fail too, whatever the cache holds.
      EXPECT_FALSE((*r)->read_rows(50, 65, std::span(out).first(15 * rb)).has_value()) << c.name;
      EXPECT_FALSE((*r)->read_rows(75, 90, std::span(out).first(15 * rb)).has_value()) << c.name;
      // Neighbours still read, through the cache.
      ASSERT_TRUE((*r)->read_rows(59, 60, std::span(out).first(rb)).has_value()) << c.name;
      EXPECT_EQ(std::memcmp(out.data(), f.a.bytes.data() + 59 * rb, rb), 0);
      ASSERT_TRUE((*r)->read_rows(80, 81, std::span(out).first(rb)).has_value()) << c.name;
      EXPECT_EQ(std::memcmp(out.data(), f.a.bytes.data() + 80 * rb, rb), 0);
    }
  }
}

TEST(ReaderChunkCache, AnUnreadableChunkFailsOnEveryReadWithoutVerification) {
  // With hash checks off, a frame whose size runs past its neighbour is still a format error, every time.
  for (const auto& c : codec_cases()) {
    if (c.codec == CDD_CODEC_OKX_OB_F16) continue;
    DamageFixture f(c);
    auto file = f.file;
    le::store<uint32_t>(file.data() + f.offsets[2], static_cast<uint32_t>(f.offsets[4] - f.offsets[2]));
    ReaderOptions o{false, 1};
    auto r = Reader::open(copy_memory(file.data(), file.size()), o);
    ASSERT_TRUE(r.has_value()) << c.name;
    std::vector<std::byte> out(f.a.row_bytes());
    for (int attempt = 0; attempt < 3; ++attempt) {
      auto st = (*r)->read_rows(45, 46, out);
      ASSERT_FALSE(st.has_value()) << c.name << " attempt " << attempt;
      EXPECT_EQ(st.error().code, CDD_E_FORMAT) << st.error().message;
    }
    EXPECT_EQ((*r)->cached_chunks(), 0u) << c.name;
    ASSERT_TRUE((*r)->read_rows(65, 66, out).has_value()) << c.name;  // first touch: decoded, not kept
    EXPECT_EQ((*r)->cached_chunks(), 0u) << c.name;
    ASSERT_TRUE((*r)->read_rows(66, 67, out).has_value()) << c.name;  // second touch: kept
    EXPECT_EQ((*r)->cached_chunks(), 1u) << c.name;
  }
}

}  // namespace
}  // namespace cdd
