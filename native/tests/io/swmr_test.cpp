// swmr_test.cpp — one writer process, four reader processes (FORMAT §6.2): the writer (cdd_test_process
// append) appends and flushes 100k realistic book rows; each reader (cdd_test_process read, two with
// positional reads, two memory-mapped) opens the file while it grows, calls cdd_reader_refresh in a loop
// and checks every row the moment it appears — and random earlier ranges again — against the rows
// computed from their index. No reader may see a wrong, torn or unflushed row, a row count going
// backwards, or an error; at the end each has seen all rows. Plus the race of a refresh against a new
// index block, made deterministic.
#ifndef _WIN32

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

#include "io/reader.hpp"
#include "io/verify.hpp"
#include "io/writer.hpp"
#include "store/file_store.hpp"
#include "store/memory_store.hpp"
#include "support/read_only_store.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_data.hpp"

namespace cdd {
namespace {

TEST(IoSwmr, OneWriterFourReaderProcesses) {
  constexpr uint64_t kRows = 100000;
  const std::string book_seed = "777";
  test::TempDir dir("cdd-swmr");
  const std::string path = dir.file("live.cdd");
  const auto t0 = std::chrono::steady_clock::now();
  test::ChildProcess writer(test::process_helper_path(),
                            {"append", path, "0", book_seed, "99", std::to_string(kRows), "16"});
  ASSERT_TRUE(writer.started());
  // Readers start once the file has rows, so they open a file in the middle of its appends.
  std::string line;
  uint64_t first_rows = 0;
  while (first_rows == 0) {
    ASSERT_TRUE(writer.read_line(line, std::chrono::seconds(60))) << "the writer reported nothing";
    ASSERT_EQ(line.rfind("R ", 0), 0u) << line;
    first_rows = std::strtoull(line.c_str() + 2, nullptr, 10);
  }
  std::vector<std::unique_ptr<test::ChildProcess>> readers;
  for (int i = 0; i < 4; ++i) {
    readers.push_back(std::make_unique<test::ChildProcess>(
        test::process_helper_path(),
        std::vector<std::string>{"read", path, i % 2 ? "1" : "0", book_seed, std::to_string(kRows), "240"}));
    ASSERT_TRUE(readers.back()->started());
  }
  uint64_t reports = 1;
  while (writer.read_line(line, std::chrono::seconds(240))) {
    ASSERT_EQ(line.rfind("R ", 0), 0u) << "writer: " << line;
    ++reports;
  }
  ASSERT_EQ(writer.wait(std::chrono::seconds(60)), 0) << "the writer failed";
  const double write_secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  uint64_t refreshes = 0, checked = 0;
  for (size_t i = 0; i < readers.size(); ++i) {
    // A reader prints its one line when it has checked every row: long after the writer on a slow machine
    // (arm64 under qemu with other jobs took more than the default 60 s), so wait as long as it may run.
    auto lines = readers[i]->read_all_lines(std::chrono::seconds(300));
    const int rc = readers[i]->wait(std::chrono::seconds(240));
    std::string all;
    for (auto& l : lines) all += l + "; ";
    ASSERT_EQ(rc, 0) << "reader " << i << (i % 2 ? " (mmap)" : "") << ": " << all;
    ASSERT_EQ(lines.size(), 1u) << all;
    unsigned long long seen = 0, ref = 0, chk = 0;
    ASSERT_EQ(std::sscanf(lines[0].c_str(), "S %llu %llu %llu", &seen, &ref, &chk), 3) << lines[0];
    EXPECT_EQ(seen, kRows) << "reader " << i;
    EXPECT_GT(ref, 2u) << "reader " << i << " saw the file grow only " << ref << " times";
    refreshes += ref;
    checked += chk;
  }
  auto store = open_file_store(path, FileMode::kRead);
  ASSERT_TRUE(store.has_value());
  auto v = verify_store(**store);
  ASSERT_TRUE(v.has_value()) << v.error().message;
  EXPECT_EQ(v->rows, kRows);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("[ swmr figures ] rows=%llu writer_flush_reports=%llu readers=4 refreshes=%llu rows_checked=%llu "
              "chunks=%llu index_blocks=%llu writer_seconds=%.1f seconds=%.1f\n",
              static_cast<unsigned long long>(kRows), static_cast<unsigned long long>(reports),
              static_cast<unsigned long long>(refreshes), static_cast<unsigned long long>(checked),
              static_cast<unsigned long long>(v->chunks), static_cast<unsigned long long>(v->index_blocks), write_secs,
              secs);
}

// A Store whose size() answers `stale` once: what a reader sees when the writer appends between the
// reader's size check and its read of the last index block.
class LaggingSizeStore final : public test::ReadOnlyStoreView {
 public:
  explicit LaggingSizeStore(std::shared_ptr<Store> inner) : ReadOnlyStoreView(std::move(inner)) {}
  uint64_t stale = 0;
  mutable bool lag_once = false;
  Result<uint64_t> size() const override {
    if (lag_once) {
      lag_once = false;
      return stale;
    }
    return inner_->size();
  }
};

// The race the multi-process test can only hit by chance, made deterministic: a refresh that took the
// file size just before the writer filled the last index block and linked a new one must follow the
// link (the new block was written before the commit that links to it) instead of calling the file
// truncated.
TEST(IoSwmr, RefreshFollowsABlockAppendedAfterItsSizeCheck) {
  test::Array data = test::orderbook_f16(40, 3);
  const uint64_t rb = data.row_bytes();
  auto mem = new_memory_store();
  WriterOptions o;
  o.dtype = data.dtype;
  o.row_shape = data.row_shape;
  o.codec = CDD_CODEC_RAW;
  o.codec_flags = 0;
  o.chunk_rows = 4;
  o.index_capacity = 4;
  auto w = Writer::create(mem, o);
  ASSERT_TRUE((*w)->append(std::span(data.bytes).first(12 * rb), 12).has_value());  // 3 of block 0's 4 slots
  auto lag = std::make_shared<LaggingSizeStore>(mem);
  auto r = Reader::open(lag);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ((*r)->num_rows(), 12u);
  lag->stale = *mem->size();
  ASSERT_TRUE((*w)->append(std::span(data.bytes).subspan(12 * rb, 28 * rb), 28).has_value());  // blocks 1 and 2
  lag->lag_once = true;
  auto st = (*r)->refresh();
  ASSERT_TRUE(st.has_value()) << st.error().message;
  ASSERT_EQ((*r)->num_rows(), 40u);
  std::vector<std::byte> back(40 * rb);
  ASSERT_TRUE((*r)->read_rows(0, 40, back).has_value());
  EXPECT_EQ(back, data.bytes);
}

}  // namespace
}  // namespace cdd

#endif  // !_WIN32
