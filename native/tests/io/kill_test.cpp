// kill_test.cpp — FORMAT §6's promise against a real process death: a writer process (cdd_test_process
// append) appends and flushes realistic book rows in a loop and reports each committed row count after
// the flush returned; this test SIGKILLs it at random moments. After each kill the file opens, holds at
// least the rows last reported, every row it holds reads back bit-exact (rows are computable from their
// index), nothing past them reads, and the next round reopens it for append (repairing the tail) and
// continues. With and without CDD_WRITE_SYNC. The random seed is printed (CDD_KILL_SEED reproduces a run;
// the kill moments themselves also depend on the machine's timing).
#ifndef _WIN32

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>

#include "io/reader.hpp"
#include "io/verify.hpp"
#include "io/writer.hpp"
#include "store/file_store.hpp"
#include "support/book_rows.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace cdd {
namespace {

constexpr uint64_t kBookSeed = 4242;

uint64_t kill_seed() {
  if (const char* s = std::getenv("CDD_KILL_SEED")) return std::strtoull(s, nullptr, 10);
  return std::random_device{}();
}

// Rows [from, n) of the file at `path` must equal the book stream; rows past n must not read.
void check_file(const std::string& path, uint64_t from, uint64_t n, test::BookRows& book, const std::string& what) {
  auto store = open_file_store(path, FileMode::kRead);
  ASSERT_TRUE(store.has_value()) << what << ": " << store.error().message;
  auto r = Reader::open(*store);
  ASSERT_TRUE(r.has_value()) << what << ": " << r.error().message;
  ASSERT_EQ((*r)->num_rows(), n) << what;
  std::vector<std::byte> got;
  for (uint64_t a = from; a < n; a += 8192) {
    const uint64_t b = std::min(n, a + 8192);
    got.resize(static_cast<size_t>((b - a) * test::BookRows::kRowBytes));
    auto st = (*r)->read_rows(a, b, got);
    ASSERT_TRUE(st.has_value()) << what << ": rows [" << a << ", " << b << "): " << st.error().message;
    ASSERT_EQ(book.first_mismatch(a, b - a, got.data()), UINT64_MAX) << what << ": rows [" << a << ", " << b << ")";
  }
  std::vector<std::byte> one(test::BookRows::kRowBytes);
  auto past = (*r)->read_rows(n, n + 1, one);
  ASSERT_FALSE(past.has_value()) << what;
  EXPECT_EQ(past.error().code, CDD_E_OUT_OF_RANGE) << what;
}

uint64_t rows_in(const std::string& path) {
  auto store = open_file_store(path, FileMode::kRead);
  if (!store) return 0;
  auto r = Reader::open(*store);
  return r ? (*r)->num_rows() : 0;
}

void kill_at_random(bool sync, int kills) {
  const uint64_t seed = kill_seed();
  std::printf("[ kill seed ] CDD_KILL_SEED=%llu\n", static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);
  test::TempDir dir("cdd-kill");
  const std::string path = dir.file("killed.cdd");
  test::BookRows book(kBookSeed);
  const auto t0 = std::chrono::steady_clock::now();
  uint64_t checked_to = 0;  // rows [0, checked_to) verified in an earlier round
  uint64_t rows_checked = 0, reports = 0, kills_done = 0, mid_flush = 0;
  for (int round = 0; round < kills; ++round) {
    const std::string what = "round " + std::to_string(round) + " (CDD_KILL_SEED=" + std::to_string(seed) + ")";
    // index capacity 4: new index blocks (the commit of a full block) are frequent, as are chunk commits.
    test::ChildProcess p(test::process_helper_path(),
                         {"append", path, sync ? "1" : "0", std::to_string(kBookSeed), std::to_string(rng()),
                          "100000000", "4"});
    ASSERT_TRUE(p.started()) << what;
    std::string first;
    ASSERT_TRUE(p.read_line(first, std::chrono::seconds(60))) << what << ": the writer did not start";
    ASSERT_EQ(first.rfind("R ", 0), 0u) << what << ": " << first;
    const uint64_t at_open = std::strtoull(first.c_str() + 2, nullptr, 10);
    ASSERT_EQ(at_open, checked_to) << what << ": the writer reopened with other rows than the file held";
    // A random moment: most kills land in the middle of appending, encoding, writing or committing. Half
    // of the rounds first let the writer report 1 to 3 flushes (a slow, sanitized writer would otherwise
    // rarely get to its first flush), so that reported rows are at stake in every kind of round.
    uint64_t reported = at_open;
    std::string line;
    for (uint64_t wait = rng() % 2 ? 1 + rng() % 3 : 0; wait > 0 && p.read_line(line, std::chrono::seconds(30)); --wait) {
      ASSERT_EQ(line.rfind("R ", 0), 0u) << what << ": " << line;
      reported = std::max<uint64_t>(reported, std::strtoull(line.c_str() + 2, nullptr, 10));
      ++reports;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200 + rng() % 30000));
    p.kill_now();
    for (const std::string& line : p.read_all_lines()) {
      ASSERT_EQ(line.rfind("R ", 0), 0u) << what << ": " << line;
      reported = std::max<uint64_t>(reported, std::strtoull(line.c_str() + 2, nullptr, 10));
      ++reports;
    }
    ASSERT_EQ(p.wait(std::chrono::seconds(30)), 128 + SIGKILL) << what << ": the writer was not killed";
    ++kills_done;
    const uint64_t n = rows_in(path);
    ASSERT_GE(n, reported) << what << ": rows reported durable were lost";
    if (n > reported) ++mid_flush;  // killed after a commit, before it could report it
    check_file(path, checked_to, n, book, what);
    if (::testing::Test::HasFatalFailure()) return;
    rows_checked += n - checked_to;
    checked_to = n;
  }
  // The file after the last kill: open for append (repair), close, and check it whole and strictly.
  {
    auto store = open_file_store(path, FileMode::kReadWrite);
    ASSERT_TRUE(store.has_value());
    auto w = Writer::open_append(*store, false);
    ASSERT_TRUE(w.has_value()) << w.error().message;
    ASSERT_EQ((*w)->rows_committed(), checked_to);
    ASSERT_TRUE((*w)->close().has_value());
    auto v = verify_store(**store);
    ASSERT_TRUE(v.has_value()) << v.error().message;
    EXPECT_EQ(v->rows, checked_to);
  }
  check_file(path, 0, checked_to, book, "the final file");
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("[ kill figures ] sync=%d kills=%llu rows=%llu rows_checked=%llu reports=%llu "
              "killed_between_commit_and_report=%llu seconds=%.1f\n",
              sync ? 1 : 0, static_cast<unsigned long long>(kills_done), static_cast<unsigned long long>(checked_to),
              static_cast<unsigned long long>(rows_checked + checked_to), static_cast<unsigned long long>(reports),
              static_cast<unsigned long long>(mid_flush), secs);
  EXPECT_GT(checked_to, 0u);
}

TEST(IoKillAtRandom, WriterProcessKilledWhileAppending) { kill_at_random(false, 50); }

TEST(IoKillAtRandom, WriterProcessKilledWhileAppendingWithSync) { kill_at_random(true, 50); }

}  // namespace
}  // namespace cdd

#endif  // !_WIN32
