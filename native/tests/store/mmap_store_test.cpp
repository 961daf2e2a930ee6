// mmap_store_test.cpp — the memory-mapped read store: zero-copy views of the mapped bytes, positional
// reads past the mapping, remapping after the file grew, and read-only refusals.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <vector>

#include "gen/orderbook_generator.hpp"
#include "io/reader.hpp"
#include "io/writer.hpp"
#include "store/file_store.hpp"
#include "store/mmap_store.hpp"
#include "support/temp_dir.hpp"

namespace {

// A path in this process's own directory (tests run in parallel processes; removed at exit).
std::string temp_path(const char* name) {
  static const cdd::test::TempDir dir("cdd-mmap");
  return dir.file(name);
}

std::vector<std::byte> pattern(size_t n, unsigned seed) {
  std::vector<std::byte> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<std::byte>((i * 131 + seed) & 0xff);
  return v;
}

void write_file(const std::string& path, const std::vector<std::byte>& bytes, uint64_t off = 0) {
  auto store = cdd::open_file_store(path, cdd::FileMode::kCreate);
  ASSERT_TRUE(store) << store.error().message;
  ASSERT_TRUE((*store)->write_at(off, bytes));
}

TEST(StoreMmap, ViewsAreZeroCopyAndMatchTheFile) {
  const auto path = temp_path("view");
  const auto bytes = pattern(100000, 7);
  write_file(path, bytes);
  auto store = cdd::open_mmap_store(path);
  ASSERT_TRUE(store) << store.error().message;
  auto& s = **store;
  EXPECT_FALSE(s.writable());
  EXPECT_EQ(*s.size(), bytes.size());
  const std::byte* p = s.view(0, bytes.size());
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(std::memcmp(p, bytes.data(), bytes.size()), 0);
  EXPECT_EQ(s.view(4096, 10), p + 4096);
  EXPECT_EQ(s.view(bytes.size(), 0), p + bytes.size());
  EXPECT_EQ(s.view(bytes.size() - 1, 2), nullptr);
  EXPECT_EQ(s.view(UINT64_MAX, 1), nullptr);
  std::vector<std::byte> got(333);
  ASSERT_TRUE(s.read_at(777, got));
  EXPECT_TRUE(std::equal(got.begin(), got.end(), bytes.begin() + 777));
  std::filesystem::remove(path);
}

TEST(StoreMmap, ShortReadIsTruncatedFormatError) {
  const auto path = temp_path("short");
  write_file(path, pattern(1000, 1));
  auto store = cdd::open_mmap_store(path);
  ASSERT_TRUE(store);
  std::vector<std::byte> got(10);
  auto st = (*store)->read_at(995, got);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, CDD_E_FORMAT);
  EXPECT_NE(st.error().message.find("file truncated"), std::string::npos) << st.error().message;
  std::filesystem::remove(path);
}

TEST(StoreMmap, GrowthIsReadPositionallyThenMappedAfterRefresh) {
  const auto path = temp_path("grow");
  const auto first = pattern(5000, 3);
  const auto second = pattern(7000, 9);
  write_file(path, first);
  auto store = cdd::open_mmap_store(path);
  ASSERT_TRUE(store);
  auto& s = **store;
  {
    auto writer = cdd::open_file_store(path, cdd::FileMode::kReadWrite);
    ASSERT_TRUE(writer);
    ASSERT_TRUE((*writer)->write_at(first.size(), second));
  }
  EXPECT_EQ(s.view(first.size(), 10), nullptr);  // not mapped yet
  std::vector<std::byte> got(second.size());
  ASSERT_TRUE(s.read_at(first.size(), got));  // but readable
  EXPECT_EQ(got, second);
  ASSERT_TRUE(s.refresh_view());
  const std::byte* p = s.view(first.size(), second.size());
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(std::memcmp(p, second.data(), second.size()), 0);
  std::filesystem::remove(path);
}

TEST(StoreMmap, EmptyFileHasNoViewsButOpens) {
  const auto path = temp_path("empty");
  write_file(path, {});
  auto store = cdd::open_mmap_store(path);
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ(*(*store)->size(), 0u);
  EXPECT_EQ((*store)->view(0, 1), nullptr);
  std::filesystem::remove(path);
}

TEST(StoreMmap, WritesAndLockAreRefused) {
  const auto path = temp_path("ro");
  write_file(path, pattern(64, 2));
  auto store = cdd::open_mmap_store(path);
  ASSERT_TRUE(store);
  const std::vector<std::byte> data(4);
  EXPECT_EQ((*store)->write_at(0, data).error().code, CDD_E_STATE);
  EXPECT_EQ((*store)->truncate(0).error().code, CDD_E_STATE);
  EXPECT_EQ((*store)->lock_writer().error().code, CDD_E_STATE);
  std::filesystem::remove(path);
}

// The reader over a mapped file: rows read through views equal the rows written, and a refresh after the
// writer appended remaps and sees them.
TEST(StoreMmap, ReaderOverMappedFileFollowsTheWriter) {
  const auto path = temp_path("reader");
  cdd::gen::OrderBookGenerator g(41);
  const std::vector<float> book = g.orderbook_f32(3000);
  const size_t row_bytes = 150 * sizeof(float);
  const auto* bytes = reinterpret_cast<const std::byte*>(book.data());
  cdd::WriterOptions o;
  o.dtype = CDD_DTYPE_FLOAT32;
  o.row_shape = {50, 3};
  o.codec = CDD_CODEC_RAW;  // RAW chunks decode straight from the mapping
  o.codec_flags = 0;
  o.chunk_rows = 250;
  o.index_capacity = 4;
  auto file = cdd::open_file_store(path, cdd::FileMode::kCreate);
  ASSERT_TRUE(file) << file.error().message;
  auto w = cdd::Writer::create(*file, o);
  ASSERT_TRUE(w) << w.error().message;
  ASSERT_TRUE((*w)->append({bytes, 1000 * row_bytes}, 1000));
  ASSERT_TRUE((*w)->flush());

  auto mapped = cdd::open_mmap_store(path);
  ASSERT_TRUE(mapped) << mapped.error().message;
  auto r = cdd::Reader::open(*mapped);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ((*r)->num_rows(), 1000u);
  std::vector<std::byte> out(3000 * row_bytes);
  ASSERT_TRUE((*r)->read_rows(0, 1000, out));
  EXPECT_EQ(std::memcmp(out.data(), bytes, 1000 * row_bytes), 0);

  ASSERT_TRUE((*w)->append({bytes + 1000 * row_bytes, 2000 * row_bytes}, 2000));
  ASSERT_TRUE((*w)->close());
  ASSERT_TRUE((*r)->refresh());
  ASSERT_EQ((*r)->num_rows(), 3000u);
  ASSERT_TRUE((*r)->read_rows(0, 3000, out));
  EXPECT_EQ(std::memcmp(out.data(), bytes, out.size()), 0);
  EXPECT_NE((*mapped)->view(0, *(*mapped)->size()), nullptr);  // the whole grown file is mapped now
  std::filesystem::remove(path);
}

TEST(StoreMmap, MissingFileIsIoError) {
  auto store = cdd::open_mmap_store(temp_path("missing_nonexistent"));
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, CDD_E_IO);
}

}  // namespace
