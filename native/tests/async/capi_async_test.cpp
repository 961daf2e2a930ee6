// capi_async_test.cpp — cdd_reader_read_rows_async through the C ABI: results equal the sync read,
// hundreds of reads in flight, argument errors at once, and closing a reader with reads queued completes
// every callback exactly once (rows or CDD_E_CANCELLED) before cdd_reader_close returns.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "cdd/cdd.h"
#include "support/book_options.hpp"
#include "support/temp_dir.hpp"

namespace {

constexpr uint64_t kRows = 6000;
constexpr size_t kRowBytes = 150 * sizeof(uint16_t);

struct Completion {
  std::mutex mu;
  std::condition_variable cv;
  int calls = 0;
  int ok = 0;
  int cancelled = 0;
  int other = 0;
  std::string last_message;
};

void on_done(void* user, int status, const char* message) {
  auto* c = static_cast<Completion*>(user);
  std::lock_guard lock(c->mu);
  ++c->calls;
  if (status == CDD_OK) {
    ++c->ok;
  } else if (status == CDD_E_CANCELLED) {
    ++c->cancelled;
  } else {
    ++c->other;
  }
  c->last_message = message != nullptr ? message : "<null>";
  c->cv.notify_all();
}

class CapiAsyncRead : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("book.cdd");  // a directory of its own: tests run in parallel processes
    cdd_gen_state* g = nullptr;
    ASSERT_EQ(cdd_gen_new(31, &g), CDD_OK);
    book_.resize(kRows * 150);
    ASSERT_EQ(cdd_gen_orderbook_f16(g, kRows, book_.data(), book_.size() * sizeof(uint16_t)), CDD_OK);
    cdd_gen_free(g);
    cdd_writer_options o = cdd::test::book_writer_options(CDD_DTYPE_FLOAT16);
    cdd_writer* w = nullptr;
    ASSERT_EQ(cdd_writer_create(path_.c_str(), &o, &w), CDD_OK) << cdd_last_error_message();
    ASSERT_EQ(cdd_writer_append(w, book_.data(), kRows), CDD_OK) << cdd_last_error_message();
    ASSERT_EQ(cdd_writer_close(w), CDD_OK);
    ASSERT_EQ(cdd_reader_open(path_.c_str(), nullptr, &reader_), CDD_OK) << cdd_last_error_message();
  }
  void TearDown() override {
    cdd_reader_close(reader_);
    std::filesystem::remove(path_);
  }

  cdd::test::TempDir dir_{"cdd-capi-async"};
  std::string path_;
  std::vector<uint16_t> book_;
  cdd_reader* reader_ = nullptr;
};

TEST_F(CapiAsyncRead, HundredsInFlightMatchTheData) {
  constexpr int kReads = 400;
  constexpr uint64_t kLen = 1024;
  std::mt19937_64 rng(3);
  std::vector<uint64_t> starts(kReads);
  std::vector<std::vector<uint16_t>> outs(kReads, std::vector<uint16_t>(kLen * 150));
  Completion c;
  for (int i = 0; i < kReads; ++i) {
    starts[i] = rng() % (kRows - kLen);
    ASSERT_EQ(cdd_reader_read_rows_async(reader_, starts[i], starts[i] + kLen, outs[i].data(), kLen * kRowBytes,
                                         on_done, &c),
              CDD_OK)
        << cdd_last_error_message();
  }
  {
    std::unique_lock lock(c.mu);
    ASSERT_TRUE(c.cv.wait_for(lock, std::chrono::seconds(60), [&] { return c.calls == kReads; }));
  }
  EXPECT_EQ(c.ok, kReads) << c.last_message;
  for (int i = 0; i < kReads; ++i) {
    ASSERT_EQ(std::memcmp(outs[i].data(), book_.data() + starts[i] * 150, kLen * kRowBytes), 0) << i;
  }
}

TEST_F(CapiAsyncRead, ArgumentErrorsAreImmediateAndRunNoCallback) {
  Completion c;
  std::vector<uint16_t> out(10 * 150);
  EXPECT_EQ(cdd_reader_read_rows_async(reader_, kRows - 5, kRows + 5, out.data(), 10 * kRowBytes, on_done, &c),
            CDD_E_OUT_OF_RANGE);
  EXPECT_NE(std::string(cdd_last_error_message()).find("out of range"), std::string::npos);
  EXPECT_EQ(cdd_reader_read_rows_async(reader_, 0, 10, out.data(), 10 * kRowBytes - 1, on_done, &c),
            CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(cdd_reader_read_rows_async(reader_, 0, 10, out.data(), 10 * kRowBytes, nullptr, &c),
            CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(cdd_reader_read_rows_async(nullptr, 0, 10, out.data(), 10 * kRowBytes, on_done, &c),
            CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(c.calls, 0);
}

TEST_F(CapiAsyncRead, EmptyRangeCompletesOk) {
  Completion c;
  ASSERT_EQ(cdd_reader_read_rows_async(reader_, 7, 7, nullptr, 0, on_done, &c), CDD_OK);
  std::unique_lock lock(c.mu);
  ASSERT_TRUE(c.cv.wait_for(lock, std::chrono::seconds(30), [&] { return c.calls == 1; }));
  EXPECT_EQ(c.ok, 1);
}

TEST_F(CapiAsyncRead, CloseWithReadsInFlightCompletesEveryOne) {
  constexpr int kReads = 300;
  std::vector<std::vector<uint16_t>> outs(kReads, std::vector<uint16_t>(kRows * 150));
  Completion c;
  for (int i = 0; i < kReads; ++i) {
    ASSERT_EQ(cdd_reader_read_rows_async(reader_, 0, kRows, outs[i].data(), kRows * kRowBytes, on_done, &c), CDD_OK);
  }
  cdd_reader_close(reader_);  // returns only after every callback ran
  reader_ = nullptr;
  std::lock_guard lock(c.mu);
  EXPECT_EQ(c.calls, kReads);
  EXPECT_EQ(c.ok + c.cancelled, kReads);
  EXPECT_EQ(c.other, 0) << c.last_message;
  for (int i = 0; i < kReads; ++i) {
    // A read either finished whole or was cancelled before it started; spot-check finished ones.
    if (outs[i][0] != 0 || outs[i][150 * 100] != 0) {
      EXPECT_EQ(std::memcmp(outs[i].data(), book_.data(), kRows * kRowBytes), 0) << i;
    }
  }
}

}  // namespace
