// io_tasks_test.cpp — the coroutine API on realistic order books: awaited appends build a file in a
// memory store, then hundreds of concurrently awaited reads (when_all) return exactly the rows written,
// and errors (out of range) arrive as Status values.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#include "async/io_tasks.hpp"
#include "gen/orderbook_generator.hpp"
#include "store/memory_store.hpp"

namespace {

using cdd::Status;
using cdd::async::Task;

constexpr size_t kRowBytes = 50 * 3 * sizeof(uint16_t);

cdd::WriterOptions book_options() {
  cdd::WriterOptions o;
  o.dtype = CDD_DTYPE_FLOAT16;
  o.row_shape = {50, 3};
  o.codec = CDD_CODEC_SHUFFLE;
  o.codec_flags = CDD_FLAG_ZSTD;
  o.chunk_rows = 97;
  o.index_capacity = 8;
  return o;
}

Task<Status> write_in_parts(cdd::Writer& w, const std::vector<uint16_t>& rows, cdd::Executor& ex) {
  const auto* bytes = reinterpret_cast<const std::byte*>(rows.data());
  const size_t total = rows.size() / 150;
  size_t done = 0;
  for (size_t part : {size_t{1}, size_t{96}, size_t{500}, size_t{0}, size_t{1403}}) {
    part = std::min(part, total - done);
    auto st = co_await cdd::async::append(w, {bytes + done * kRowBytes, part * kRowBytes}, part, ex);
    if (!st) co_return st;
    done += part;
  }
  co_return co_await cdd::async::flush(w, ex);
}

Task<Status> read_many(std::shared_ptr<const cdd::Reader> r, std::vector<std::vector<std::byte>>& outs,
                       const std::vector<uint64_t>& starts, uint64_t len, cdd::Executor& ex) {
  std::vector<Task<Status>> reads;
  for (size_t i = 0; i < starts.size(); ++i) {
    outs[i].resize(len * kRowBytes);
    reads.push_back(cdd::async::read_rows(r, starts[i], starts[i] + len, outs[i], ex));
  }
  auto results = co_await cdd::async::when_all(std::move(reads));
  for (auto& st : results) {
    if (!st) co_return st;
  }
  co_return cdd::ok();
}

class AsyncIoTasks : public ::testing::Test {
 protected:
  void SetUp() override {
    cdd::gen::OrderBookGenerator g(77);
    book_ = g.normalized_f16(2000);
    store_ = cdd::new_memory_store();
    auto w = cdd::Writer::create(store_, book_options());
    ASSERT_TRUE(w) << w.error().message;
    auto st = cdd::async::sync_wait(write_in_parts(**w, book_, ex_));
    ASSERT_TRUE(st) << st.error().message;
    ASSERT_TRUE((*w)->close());
    auto r = cdd::Reader::open(store_);
    ASSERT_TRUE(r) << r.error().message;
    reader_ = *r;
  }

  const std::byte* row(uint64_t i) const { return reinterpret_cast<const std::byte*>(book_.data()) + i * kRowBytes; }

  cdd::Executor ex_{2};
  std::vector<uint16_t> book_;
  std::shared_ptr<cdd::MemoryStore> store_;
  std::shared_ptr<cdd::Reader> reader_;
};

TEST_F(AsyncIoTasks, AwaitedAppendsWriteEveryRow) {
  EXPECT_EQ(reader_->num_rows(), 2000u);
  EXPECT_EQ(reader_->num_chunks(), (2000u + 96) / 97);
  std::vector<std::byte> all(2000 * kRowBytes);
  ASSERT_TRUE(reader_->read_rows(0, 2000, all));
  EXPECT_EQ(std::memcmp(all.data(), book_.data(), all.size()), 0);
}

TEST_F(AsyncIoTasks, HundredsOfConcurrentReads) {
  std::mt19937_64 rng(5);
  std::vector<uint64_t> starts(300);
  for (auto& s : starts) s = rng() % (2000 - 130);
  std::vector<std::vector<std::byte>> outs(starts.size());
  auto st = cdd::async::sync_wait(read_many(reader_, outs, starts, 130, ex_));
  ASSERT_TRUE(st) << st.error().message;
  for (size_t i = 0; i < starts.size(); ++i) {
    ASSERT_EQ(std::memcmp(outs[i].data(), row(starts[i]), outs[i].size()), 0) << "read " << i;
  }
}

TEST_F(AsyncIoTasks, ReadChunkAndErrorsAsStatus) {
  std::vector<std::byte> chunk(97 * kRowBytes);
  auto st = cdd::async::sync_wait(cdd::async::read_chunk(reader_, 3, chunk, ex_));
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(std::memcmp(chunk.data(), row(3 * 97), chunk.size()), 0);

  std::vector<std::byte> out(10 * kRowBytes);
  auto bad = cdd::async::sync_wait(cdd::async::read_rows(reader_, 1995, 2005, out, ex_));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, CDD_E_OUT_OF_RANGE);
}

TEST_F(AsyncIoTasks, WhenAllOfNothingCompletes) {
  std::vector<std::vector<std::byte>> outs;
  auto st = cdd::async::sync_wait(read_many(reader_, outs, {}, 1, ex_));
  EXPECT_TRUE(st);
}

}  // namespace
