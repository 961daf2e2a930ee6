// cdd_test_process.cpp — the helper process of the multi-process tests (kill at random, one writer with
// many readers, a lock held by another process, errors seen by another user). It talks to libcdd
// through the C ABI only, as a user's process would, and reports on stdout, one line per event:
//   R <rows>            rows committed: printed only after cdd_writer_flush returned
//   L                   the writer lock is held
//   S <rows> <refreshes> <rows_checked>   a reader's summary
//   X <row>             a reader saw a row whose bytes differ from the expected data
//   E <code> <message>  a call failed
// Modes:
//   append PATH SYNC SEED RNG_SEED MAX_ROWS INDEX_CAPACITY   create or open-append, then append
//        batches of deterministic book rows (support/book_rows.hpp), flushing after most of them
//   hold PATH                    open to append, report L, wait for EOF on stdin, close
//   open-append PATH             try to open to append; report OK or E
//   read PATH MMAP SEED TARGET TIMEOUT_S   follow a file being appended with cdd_reader_refresh until it
//        has TARGET rows, checking every row once when it appears and random earlier ranges again
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <vector>

#include "cdd/cdd.h"
#include "support/book_rows.hpp"

namespace {

void say(const std::string& line) {
  std::string l = line + "\n";
  size_t done = 0;
  while (done < l.size()) {
    ssize_t n = ::write(STDOUT_FILENO, l.data() + done, l.size() - done);
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

int fail(int code) {
  say("E " + std::to_string(code) + " " + cdd_last_error_message());
  return 3;
}

cdd_writer_options book_options(uint32_t index_capacity, uint32_t write_flags) {
  cdd_writer_options o;
  cdd_writer_options_init(&o);
  o.dtype = CDD_DTYPE_FLOAT16;
  o.row_ndim = 2;
  o.row_shape[0] = 50;
  o.row_shape[1] = 3;
  cdd_writer_options_set_codec(&o, CDD_CODEC_OKX_OB_F16);  // bitmap filter, LZ4HC, 8 KiB chunks
  o.index_capacity = index_capacity;
  o.write_flags = write_flags;
  return o;
}

int run_append(const std::string& path, bool sync, uint64_t seed, uint64_t rng_seed, uint64_t max_rows,
               uint32_t index_capacity) {
  const uint32_t flags = sync ? CDD_WRITE_SYNC : 0;
  cdd_writer* w = nullptr;
  struct stat st {};
  int rc;
  if (::stat(path.c_str(), &st) != 0 || st.st_size == 0) {
    cdd_writer_options o = book_options(index_capacity, flags);
    rc = cdd_writer_create(path.c_str(), &o, &w);
  } else {
    rc = cdd_writer_open_append(path.c_str(), flags, &w);
  }
  if (rc != CDD_OK) return fail(rc);
  cdd::test::BookRows book(seed);
  std::mt19937_64 rng(rng_seed);
  uint64_t rows = cdd_writer_rows_committed(w);
  say("R " + std::to_string(rows));
  std::vector<std::byte> batch;
  while (rows < max_rows) {
    uint64_t n = std::min<uint64_t>(1 + rng() % 400, max_rows - rows);
    batch.resize(static_cast<size_t>(n * cdd::test::BookRows::kRowBytes));
    book.fill(rows, n, batch.data());
    if ((rc = cdd_writer_append(w, batch.data(), n)) != CDD_OK) return fail(rc);
    rows += n;
    if (rng() % 4 != 0 || rows == max_rows) {  // most batches are flushed; some are left to the chunker
      if ((rc = cdd_writer_flush(w)) != CDD_OK) return fail(rc);
      say("R " + std::to_string(cdd_writer_rows_committed(w)));
    }
  }
  if ((rc = cdd_writer_close(w)) != CDD_OK) return fail(rc);
  say("R " + std::to_string(rows));
  return 0;
}

int run_hold(const std::string& path) {
  cdd_writer* w = nullptr;
  int rc = cdd_writer_open_append(path.c_str(), 0, &w);
  if (rc != CDD_OK) return fail(rc);
  say("L");
  char c;
  while (::read(STDIN_FILENO, &c, 1) > 0) {
  }
  cdd_writer_close(w);
  return 0;
}

int run_open_append(const std::string& path) {
  cdd_writer* w = nullptr;
  int rc = cdd_writer_open_append(path.c_str(), 0, &w);
  if (rc != CDD_OK) return fail(rc);
  cdd_writer_close(w);
  say("OK");
  return 0;
}

int run_read(const std::string& path, bool mmap, uint64_t seed, uint64_t target, double timeout_s) {
  cdd_reader_options o;
  cdd_reader_options_init(&o);
  if (mmap) o.read_flags |= CDD_READ_MMAP;
  o.threads = 1;
  cdd_reader* r = nullptr;
  int rc = cdd_reader_open(path.c_str(), &o, &r);
  if (rc != CDD_OK) return fail(rc);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  cdd::test::BookRows book(seed);
  std::mt19937_64 rng(seed ^ static_cast<uint64_t>(::getpid()));
  const uint64_t rb = cdd::test::BookRows::kRowBytes;
  std::vector<std::byte> got;
  uint64_t seen = 0, refreshes = 0, checked = 0;
  auto check = [&](uint64_t a, uint64_t b) -> int {
    got.resize(static_cast<size_t>((b - a) * rb));
    int st = cdd_reader_read_rows(r, a, b, got.data(), got.size());
    if (st != CDD_OK) return fail(st);
    uint64_t bad = book.first_mismatch(a, b - a, got.data());
    if (bad != UINT64_MAX) {
      say("X " + std::to_string(bad));
      return 1;
    }
    checked += b - a;
    return 0;
  };
  while (true) {
    uint64_t n = cdd_reader_num_rows(r);
    if (n < seen) {
      say("E 0 row count went backwards: " + std::to_string(seen) + " -> " + std::to_string(n));
      return 1;
    }
    for (uint64_t a = seen; a < n; a += 4096) {  // every new row, once
      if (int e = check(a, std::min(n, a + 4096)); e != 0) return e;
    }
    if (n > seen && seen > 0) {  // and a random earlier range again
      uint64_t a = rng() % seen, len = 1 + rng() % 256;
      if (int e = check(a, std::min(seen, a + len)); e != 0) return e;
    }
    seen = n;
    if (seen >= target) break;
    if (std::chrono::steady_clock::now() > deadline) {
      say("E 0 timed out at " + std::to_string(seen) + " of " + std::to_string(target) + " rows");
      return 2;
    }
    if ((rc = cdd_reader_refresh(r)) != CDD_OK) return fail(rc);
    ++refreshes;
    if (cdd_reader_num_rows(r) == seen) std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  say("S " + std::to_string(seen) + " " + std::to_string(refreshes) + " " + std::to_string(checked));
  cdd_reader_close(r);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> a(argv + 1, argv + argc);
  auto u = [&](size_t i) { return std::strtoull(a.at(i).c_str(), nullptr, 10); };
  try {
    if (a.size() == 7 && a[0] == "append") return run_append(a[1], u(2) != 0, u(3), u(4), u(5), static_cast<uint32_t>(u(6)));
    if (a.size() == 2 && a[0] == "hold") return run_hold(a[1]);
    if (a.size() == 2 && a[0] == "open-append") return run_open_append(a[1]);
    if (a.size() == 6 && a[0] == "read") return run_read(a[1], u(2) != 0, u(3), u(4), std::strtod(a[5].c_str(), nullptr));
  } catch (const std::exception& e) {
    say(std::string("E 13 ") + e.what());
    return 4;
  }
  std::fprintf(stderr, "usage: cdd_test_process append|hold|open-append|read ... (see the source)\n");
  return 64;
}
