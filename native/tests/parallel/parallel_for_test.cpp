// parallel_for_test.cpp — parallel_for runs every index exactly once, in every mode: serial, the
// library's own arena, and (with TBB) inside a caller's task_arena.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <set>
#include <mutex>
#include <thread>
#include <vector>

#include "parallel/parallel.hpp"

#if defined(CDD_HAVE_TBB) && CDD_HAVE_TBB
#include <oneapi/tbb/task_arena.h>
#endif

namespace {

struct Counts {
  std::vector<std::atomic<int>> hits;
  std::mutex mutex;
  std::set<std::thread::id> threads;
  explicit Counts(size_t n) : hits(n) {}
};

void count_task(void* ctx, size_t i) {
  auto* counts = static_cast<Counts*>(ctx);
  counts->hits[i].fetch_add(1);
  std::lock_guard lock(counts->mutex);
  counts->threads.insert(std::this_thread::get_id());
}

void expect_each_once(Counts& counts) {
  for (size_t i = 0; i < counts.hits.size(); ++i) EXPECT_EQ(counts.hits[i].load(), 1) << "index " << i;
}

TEST(ParallelFor, EmptyRangeRunsNothing) {
  Counts counts(0);
  cdd::parallel_for(0, 0, count_task, &counts);
  EXPECT_TRUE(counts.threads.empty());
}

TEST(ParallelFor, EveryIndexOnceForManyThreadCounts) {
  for (unsigned threads : {0u, 1u, 2u, 3u, 8u, 64u}) {
    for (size_t n : {size_t{1}, size_t{2}, size_t{7}, size_t{1000}}) {
      Counts counts(n);
      cdd::parallel_for(n, threads, count_task, &counts);
      expect_each_once(counts);
    }
  }
}

TEST(ParallelFor, OneThreadRunsOnCaller) {
  Counts counts(100);
  cdd::parallel_for(100, 1, count_task, &counts);
  expect_each_once(counts);
  ASSERT_EQ(counts.threads.size(), 1u);
  EXPECT_EQ(*counts.threads.begin(), std::this_thread::get_id());
}

TEST(ParallelFor, ConcurrentCallersFromManyThreads) {
  std::vector<std::thread> callers;
  std::vector<std::unique_ptr<Counts>> all;
  for (int t = 0; t < 6; ++t) all.push_back(std::make_unique<Counts>(500));
  for (int t = 0; t < 6; ++t) {
    callers.emplace_back([&all, t] { cdd::parallel_for(500, t % 3 + 1, count_task, all[t].get()); });
  }
  for (auto& c : callers) c.join();
  for (auto& counts : all) expect_each_once(*counts);
}

TEST(ParallelFor, NestedCallsComplete) {
  struct Outer {
    std::vector<std::unique_ptr<Counts>> inner;
  } outer;
  for (int i = 0; i < 8; ++i) outer.inner.push_back(std::make_unique<Counts>(50));
  cdd::parallel_for(
      8, 4,
      [](void* ctx, size_t i) {
        auto* o = static_cast<Outer*>(ctx);
        cdd::parallel_for(50, 4, count_task, o->inner[i].get());
      },
      &outer);
  for (auto& counts : outer.inner) expect_each_once(*counts);
}

TEST(ParallelFor, DefaultThreadsOverride) {
  const unsigned automatic = cdd::default_threads();
  EXPECT_GE(automatic, 1u);
  cdd::set_default_threads(3);
  if (std::strcmp(cdd::parallel_backend(), "tbb") == 0) {
    EXPECT_EQ(cdd::default_threads(), 3u);
  } else {
    EXPECT_EQ(cdd::default_threads(), 1u);
  }
  cdd::set_default_threads(0);
  EXPECT_EQ(cdd::default_threads(), automatic);
}

#if defined(CDD_HAVE_TBB) && CDD_HAVE_TBB
TEST(ParallelFor, ExternalArenaIsUsed) {
  tbb::task_arena mine(2);
  Counts counts(200);
  int caller_arena_index = -2;
  mine.execute([&] {
    caller_arena_index = tbb::this_task_arena::current_thread_index();
    cdd::parallel_for(200, 8, count_task, &counts);
  });
  const int not_initialized = tbb::task_arena::not_initialized;
  EXPECT_NE(caller_arena_index, not_initialized);
  expect_each_once(counts);
  // The caller's arena allows 2 threads: no more than 2 distinct threads ran the work.
  EXPECT_LE(counts.threads.size(), 2u);
}

TEST(ParallelFor, InternalArenaHonoursThreadCap) {
  Counts counts(2000);
  cdd::parallel_for(2000, 2, count_task, &counts);
  expect_each_once(counts);
  EXPECT_LE(counts.threads.size(), 2u);
}
#endif

}  // namespace
