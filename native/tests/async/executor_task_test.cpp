// executor_task_test.cpp — the async executor runs every job once on its workers, drains its queue at
// destruction, and the coroutine Task/schedule_on/sync_wait machinery resumes on executor threads.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "async/executor.hpp"
#include "async/task.hpp"

namespace {

TEST(AsyncExecutor, RunsEveryJobOnceAndDrainsAtDestruction) {
  std::vector<std::atomic<int>> hits(2000);
  {
    cdd::Executor ex(3);
    EXPECT_EQ(ex.threads(), 3u);
    for (size_t i = 0; i < hits.size(); ++i) {
      ASSERT_TRUE(ex.submit([&hits, i] { hits[i].fetch_add(1); }));
    }
  }
  for (size_t i = 0; i < hits.size(); ++i) EXPECT_EQ(hits[i].load(), 1) << i;
}

TEST(AsyncExecutor, EmptyJobIsInvalidArgument) {
  cdd::Executor ex(1);
  auto st = ex.submit(cdd::Executor::Job{});
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, CDD_E_INVALID_ARGUMENT);
}

TEST(AsyncExecutor, SharedExecutorHasAtLeastTwoWorkers) {
  EXPECT_GE(cdd::Executor::shared().threads(), 2u);
  std::atomic<bool> ran{false};
  ASSERT_TRUE(cdd::Executor::shared().submit([&ran] { ran = true; }));
  for (int i = 0; i < 2000 && !ran; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_TRUE(ran);
}

cdd::async::Task<std::thread::id> where_resumed(cdd::Executor& ex) {
  auto st = co_await cdd::async::schedule_on(ex);
  EXPECT_TRUE(st);
  co_return std::this_thread::get_id();
}

TEST(AsyncTask, ScheduleOnResumesOnAWorker) {
  cdd::Executor ex(2);
  const auto id = cdd::async::sync_wait(where_resumed(ex));
  EXPECT_NE(id, std::this_thread::get_id());
}

cdd::async::Task<int> doubled(cdd::Executor& ex, int x) {
  (void)co_await cdd::async::schedule_on(ex);
  co_return 2 * x;
}

cdd::async::Task<cdd::Status> chain(cdd::Executor& ex, int depth, int& out) {
  int v = 1;
  for (int i = 0; i < depth; ++i) v = co_await doubled(ex, v) / 2 + 1;
  out = v;
  co_return cdd::ok();
}

TEST(AsyncTask, LongChainsOfAwaitsComplete) {
  cdd::Executor ex(2);
  int out = 0;
  auto st = cdd::async::sync_wait(chain(ex, 10000, out));
  EXPECT_TRUE(st);
  EXPECT_EQ(out, 10001);
}

cdd::async::Task<int> throws_after_hop(cdd::Executor& ex) {
  (void)co_await cdd::async::schedule_on(ex);
  throw std::runtime_error("boom");
  co_return 0;
}

TEST(AsyncTask, ExceptionsReachTheAwaiter) {
  cdd::Executor ex(1);
  EXPECT_THROW(cdd::async::sync_wait(throws_after_hop(ex)), std::runtime_error);
}

cdd::async::Task<int> ready_value() { co_return 42; }

TEST(AsyncTask, TaskWithoutSuspensionRunsInline) {
  EXPECT_EQ(cdd::async::sync_wait(ready_value()), 42);
}

TEST(AsyncTask, ManyConcurrentSyncWaits) {
  cdd::Executor ex(2);
  std::vector<std::thread> threads;
  std::atomic<int> sum{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&ex, &sum, t] {
      for (int i = 0; i < 200; ++i) sum += cdd::async::sync_wait(doubled(ex, t));
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(sum.load(), 2 * 200 * (0 + 1 + 2 + 3 + 4 + 5 + 6 + 7));
}

}  // namespace
