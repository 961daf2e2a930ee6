// machine_errors_test.cpp — the machine's errors while writing and reading (issue 13 §4): a disk that
// fills up (a real 256 KiB tmpfs when the test may mount one, and an injected ENOSPC at every write of a
// sequence of flushes, after a partial write too), an fsync that fails at every sync, short writes of
// the kernel (RLIMIT_FSIZE) and short transfers (the file store's I/O cap hook), EIO on read, permission
// denied (checked as another user when the test runs as root), and a file locked by another process.
// Each gives a typed error naming what failed; the file stays readable up to the last successful flush,
// bit-exact, and opening it to append afterwards repairs it and continues: nothing flushed is lost.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "cdd/cdd.h"
#include "io/reader.hpp"
#include "io/verify.hpp"
#include "io/writer.hpp"
#include "store/file_store.hpp"
#include "store/mmap_store.hpp"
#include "support/book_rows.hpp"
#include "support/fault_store.hpp"
#include "support/temp_dir.hpp"
#include "support/test_data.hpp"

#ifndef _WIN32
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

#include "support/child_process.hpp"
#endif

namespace cdd {
namespace {

using test::contains;
constexpr uint64_t kRB = test::BookRows::kRowBytes;

WriterOptions book_options(bool sync) {
  WriterOptions o;
  o.dtype = CDD_DTYPE_FLOAT16;
  o.row_shape = {50, 3};
  o.codec = CDD_CODEC_OKX_OB_F16;
  o.codec_flags = CDD_FLAG_LZ4;
  o.level = 1;
  o.codec_params = {std::byte{4}};  // bitmap filter, as cdd_writer_options_set_codec chooses
  o.chunk_rows = 24;
  o.index_capacity = 4;  // the flushes below fill blocks and start new ones
  o.sync = sync;
  return o;
}

// The flushes of the write sequence: rows appended before each flush (chunks of 24 cut on the way).
constexpr uint64_t kFlushes[] = {10, 50, 3, 70, 24, 41};
constexpr uint64_t kBaseRows = 30;  // flushed before the faults are armed

uint64_t sequence_rows() {
  uint64_t n = kBaseRows;
  for (uint64_t f : kFlushes) n += f;
  return n + 40;  // + rows appended after the repair
}

// Every row of `store` must match the book stream; returns how many it has (at least `at_least`).
uint64_t check_prefix(const Store& store, uint64_t at_least, uint64_t at_most, const std::string& what) {
  auto size = store.size();
  EXPECT_TRUE(size.has_value());
  std::vector<std::byte> bytes(static_cast<size_t>(*size));
  EXPECT_TRUE(store.read_at(0, bytes).has_value());
  auto r = Reader::open(copy_memory(bytes.data(), bytes.size()));
  EXPECT_TRUE(r.has_value()) << what << ": " << r.error().message;
  if (!r) return 0;
  const uint64_t n = (*r)->num_rows();
  EXPECT_GE(n, at_least) << what << ": flushed rows lost";
  EXPECT_LE(n, at_most) << what;
  std::vector<std::byte> got(static_cast<size_t>(n * kRB));
  auto st = (*r)->read_rows(0, n, got);
  EXPECT_TRUE(st.has_value()) << what << ": " << st.error().message;
  test::BookRows book(1);
  EXPECT_EQ(book.first_mismatch(0, n, got.data()), UINT64_MAX) << what;
  return n;
}

// Repairs `store` by opening it to append, appends the rest of the sequence, and checks the whole file.
void repair_and_finish(std::shared_ptr<Store> store, uint64_t have, const std::string& what) {
  test::BookRows book(1);
  const uint64_t total = sequence_rows();
  {
    auto w = Writer::open_append(store, false);
    ASSERT_TRUE(w.has_value()) << what << ": " << w.error().message;
    ASSERT_EQ((*w)->rows_committed(), have) << what;
    ASSERT_TRUE((*w)->append(book.rows(have, total - have), total - have).has_value()) << what;
    ASSERT_TRUE((*w)->close().has_value()) << what;
  }
  auto v = verify_store(*store);
  ASSERT_TRUE(v.has_value()) << what << ": " << v.error().message;
  ASSERT_EQ(v->rows, total) << what;
  check_prefix(*store, total, total, what);
}

enum class Fault { kWrite, kSync };

// Runs the flush sequence over a FaultStore whose k-th write (or sync) after the base rows fails.
// Returns false once k is past the last write (or sync) of the sequence.
bool run_with_fault(Fault fault, uint64_t k, uint64_t prefix, const std::string& what) {
  test::BookRows book(1);
  auto mem = new_memory_store();
  auto faulty = std::make_shared<test::FaultStore>(mem);
  auto w = Writer::create(faulty, book_options(true));
  EXPECT_TRUE(w.has_value());
  EXPECT_TRUE((*w)->append(book.rows(0, kBaseRows), kBaseRows).has_value());
  EXPECT_TRUE((*w)->flush().has_value());
  if (fault == Fault::kWrite) faulty->fail_write(k, prefix, true);
  else faulty->fail_sync(k);
  uint64_t rows = kBaseRows, last_ok = kBaseRows;
  bool failed = false;
  for (uint64_t f : kFlushes) {
    auto a = (*w)->append(book.rows(rows, f), f);
    rows += f;
    Status st = a ? (*w)->flush() : a;
    if (!st) {
      failed = true;
      EXPECT_EQ(st.error().code, CDD_E_IO) << what << ": " << st.error().message;
      EXPECT_TRUE(contains(st.error().message, fault == Fault::kWrite ? "No space left on device" : "cannot fsync"))
          << what;
      // The writer stops: no later write could land after a hole.
      auto again = (*w)->flush();
      EXPECT_FALSE(again.has_value()) << what;
      if (!again) {
        EXPECT_EQ(again.error().code, CDD_E_STATE) << what;
        EXPECT_TRUE(contains(again.error().message, "earlier failure")) << what;
      }
      break;
    }
    last_ok = rows;
  }
  auto closed = (*w)->close();
  EXPECT_EQ(closed.has_value(), !failed) << what;
  w->reset();
  if (!failed) return false;
  faulty->clear();
  const uint64_t have = check_prefix(*mem, last_ok, rows, what);
  repair_and_finish(mem, have, what);
  return true;
}

TEST(IoMachineErrors, DiskFullAtEveryWriteOfLaterFlushesKeepsEveryFlushedRow) {
  uint64_t cases = 0;
  for (uint64_t prefix : {uint64_t{0}, uint64_t{7}, uint64_t{1} << 40}) {  // none, a short write, all of it
    for (uint64_t k = 0;; ++k) {
      const std::string what = "write " + std::to_string(k) + " fails after " + std::to_string(prefix) + " bytes";
      if (!run_with_fault(Fault::kWrite, k, prefix, what)) break;
      if (::testing::Test::HasFailure()) return;
      ++cases;
    }
  }
  std::printf("[ figures ] injected ENOSPC cases: %llu\n", static_cast<unsigned long long>(cases));
  EXPECT_GT(cases, 60u);
}

TEST(IoMachineErrors, FsyncFailingAtEverySyncKeepsEveryFlushedRow) {
  uint64_t cases = 0;
  for (uint64_t k = 0;; ++k) {
    if (!run_with_fault(Fault::kSync, k, 0, "sync " + std::to_string(k) + " fails")) break;
    if (::testing::Test::HasFailure()) return;
    ++cases;
  }
  std::printf("[ figures ] injected fsync failures: %llu\n", static_cast<unsigned long long>(cases));
  EXPECT_GE(cases, 20u);
}

TEST(IoMachineErrors, ReadEioIsTypedAndNothingIsCachedOrRepaired) {
  test::BookRows book(1);
  auto mem = new_memory_store();
  {
    auto w = Writer::create(mem, book_options(false));
    ASSERT_TRUE((*w)->append(book.rows(0, 200), 200).has_value());
    ASSERT_TRUE((*w)->close().has_value());
  }
  const auto before = test::bytes_of(*mem);
  auto faulty = std::make_shared<test::FaultStore>(mem);
  auto r = Reader::open(faulty);
  ASSERT_TRUE(r.has_value());
  const uint64_t c2 = (*r)->chunk_entry(2)->offset;
  faulty->fail_reads(c2 + 10, c2 + 11);
  std::vector<std::byte> out(200 * kRB);
  for (int i = 0; i < 2; ++i) {
    auto st = (*r)->read_rows(40, 80, out);  // chunk 2 holds rows [48, 72)
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().code, CDD_E_IO);
    EXPECT_TRUE(contains(st.error().message, "Input/output error"));
  }
  EXPECT_TRUE((*r)->read_rows(0, 48, out).has_value());  // other chunks read
  faulty->clear();
  ASSERT_TRUE((*r)->read_rows(0, 200, out).has_value());
  EXPECT_EQ(book.first_mismatch(0, 200, out.data()), UINT64_MAX);
  // EIO inside the index: the open fails, typed.
  faulty->fail_reads((*r)->index_blocks()[0].offset + 20, (*r)->index_blocks()[0].offset + 21);
  auto bad = Reader::open(faulty);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, CDD_E_IO);
  // EIO while opening to append: refused before any repair, the file is untouched.
  for (uint64_t at : {(*r)->index_blocks().back().offset + 30, (*r)->chunk_entry((*r)->num_chunks() - 1)->offset + 5}) {
    faulty->fail_reads(at, at + 1);
    auto w = Writer::open_append(faulty, false);
    ASSERT_FALSE(w.has_value());
    EXPECT_EQ(w.error().code, CDD_E_IO);
    EXPECT_EQ(test::bytes_of(*mem), before);
    mem->unlock_writer();
  }
}

#ifndef _WIN32

TEST(IoMachineErrors, ShortTransfersAreContinued) {
  test::TempDir dir("cdd-short");
  const std::string path = dir.file("short.cdd");
  test::BookRows book(1);
  test_hooks::set_file_io_limit(7);  // every pread/pwrite moves at most 7 bytes
  struct Reset {
    ~Reset() { test_hooks::set_file_io_limit(0); }
  } reset;
  {
    auto w = Writer::create(*open_file_store(path, FileMode::kCreate), book_options(true));
    ASSERT_TRUE(w.has_value());
    ASSERT_TRUE((*w)->append(book.rows(0, 300), 300).has_value());
    ASSERT_TRUE((*w)->close().has_value());
  }
  for (bool mmap : {false, true}) {
    auto store = mmap ? open_mmap_store(path) : open_file_store(path, FileMode::kRead);
    ASSERT_TRUE(store.has_value());
    auto v = verify_store(**store);
    ASSERT_TRUE(v.has_value()) << v.error().message;
    auto r = Reader::open(*store);
    ASSERT_TRUE(r.has_value());
    std::vector<std::byte> out(300 * kRB);
    ASSERT_TRUE((*r)->read_rows(0, 300, out).has_value());
    EXPECT_EQ(book.first_mismatch(0, 300, out.data()), UINT64_MAX);
  }
}

TEST(IoMachineErrors, ShortWriteAtTheFileSizeLimitIsReportedAndRepaired) {
  // RLIMIT_FSIZE makes the kernel write part of a pwrite that crosses the limit, then fail with EFBIG.
  test::TempDir dir("cdd-fsize");
  const std::string path = dir.file("limited.cdd");
  test::BookRows book(1);
  auto store = open_file_store(path, FileMode::kCreate);
  auto w = Writer::create(*store, book_options(false));
  ASSERT_TRUE((*w)->append(book.rows(0, kBaseRows), kBaseRows).has_value());
  ASSERT_TRUE((*w)->flush().has_value());
  const uint64_t size = *(*store)->size();
  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  auto* old_handler = ::signal(SIGXFSZ, SIG_IGN);
  rlimit lim = old;
  lim.rlim_cur = static_cast<rlim_t>(size + 3000);
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &lim), 0);
  uint64_t rows = kBaseRows, last_ok = kBaseRows;
  Status st = ok();
  for (uint64_t f : kFlushes) {
    st = (*w)->append(book.rows(rows, f), f);
    rows += f;
    if (st) st = (*w)->flush();
    if (!st) break;
    last_ok = rows;
  }
  ::setrlimit(RLIMIT_FSIZE, &old);
  ::signal(SIGXFSZ, old_handler);
  ASSERT_FALSE(st.has_value()) << "the file size limit was never reached";
  EXPECT_EQ(st.error().code, CDD_E_IO);
  EXPECT_TRUE(contains(st.error().message, "File too large")) << st.error().message;
  EXPECT_TRUE(contains(st.error().message, path));
  (void)(*w)->close();
  w->reset();
  const uint64_t file_size = *(*store)->size();
  EXPECT_GT(file_size, size + 2900) << "the kernel's partial write should have reached the limit";
  const uint64_t have = check_prefix(**store, last_ok, rows, "after EFBIG");
  repair_and_finish(*store, have, "after EFBIG");
}

// A real full disk: a 256 KiB tmpfs (needs root and mount(2); skipped with the reason otherwise — the
// injected ENOSPC test above covers the same paths).
TEST(IoMachineErrors, DiskFullOnASmallTmpfsThroughTheCAbi) {
  if (::geteuid() != 0) GTEST_SKIP() << "not root: cannot mount a small tmpfs (the injected ENOSPC test still runs)";
  test::TempDir dir("cdd-enospc");
  if (::mount("tmpfs", dir.str().c_str(), "tmpfs", 0, "size=256k") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs at " << dir.str() << ": " << std::strerror(errno)
                 << " (the injected ENOSPC test still runs)";
  }
  struct Unmount {
    std::string at;
    ~Unmount() { ::umount2(at.c_str(), MNT_DETACH); }
  } unmount{dir.str()};
  const std::string path = dir.file("full.cdd"), filler = dir.file("filler");
  {
    std::FILE* f = std::fopen(filler.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::vector<char> z(64 << 10, 'z');
    ASSERT_EQ(std::fwrite(z.data(), 1, z.size(), f), z.size());
    std::fclose(f);
  }
  test::BookRows book(1);
  cdd_writer_options o;
  cdd_writer_options_init(&o);
  o.dtype = CDD_DTYPE_FLOAT16;
  o.row_ndim = 2;
  o.row_shape[0] = 50;
  o.row_shape[1] = 3;
  cdd_writer_options_set_codec(&o, CDD_CODEC_OKX_OB_F16);
  o.write_flags = CDD_WRITE_SYNC;
  cdd_writer* w = nullptr;
  ASSERT_EQ(cdd_writer_create(path.c_str(), &o, &w), CDD_OK) << cdd_last_error_message();
  uint64_t rows = 0, last_ok = 0;
  int rc = CDD_OK;
  std::string message;
  for (int i = 0; i < 10000 && rc == CDD_OK; ++i) {
    auto batch = book.rows(rows, 97);
    rc = cdd_writer_append(w, batch.data(), 97);
    rows += 97;
    if (rc == CDD_OK) rc = cdd_writer_flush(w);
    if (rc == CDD_OK) last_ok = rows;
    else message = cdd_last_error_message();
  }
  ASSERT_EQ(rc, CDD_E_IO) << message;
  EXPECT_TRUE(contains(message, "No space left on device")) << message;
  EXPECT_TRUE(contains(message, path)) << message;
  EXPECT_NE(cdd_writer_close(w), CDD_OK);  // the writer had stopped
  // Readable up to the last successful flush.
  cdd_reader* r = nullptr;
  ASSERT_EQ(cdd_reader_open(path.c_str(), nullptr, &r), CDD_OK) << cdd_last_error_message();
  const uint64_t have = cdd_reader_num_rows(r);
  EXPECT_GE(have, last_ok);
  EXPECT_LE(have, rows);
  std::vector<std::byte> got(static_cast<size_t>(have * kRB));
  ASSERT_EQ(cdd_reader_read_rows(r, 0, have, got.data(), got.size()), CDD_OK) << cdd_last_error_message();
  EXPECT_EQ(book.first_mismatch(0, have, got.data()), UINT64_MAX);
  cdd_reader_close(r);
  // Space comes back: the file opens to append (the tail repaired) and continues.
  std::filesystem::remove(filler);
  ASSERT_EQ(cdd_writer_open_append(path.c_str(), CDD_WRITE_SYNC, &w), CDD_OK) << cdd_last_error_message();
  EXPECT_EQ(cdd_writer_rows_committed(w), have);
  auto more = book.rows(have, 100);
  ASSERT_EQ(cdd_writer_append(w, more.data(), 100), CDD_OK);
  ASSERT_EQ(cdd_writer_close(w), CDD_OK) << cdd_last_error_message();
  ASSERT_EQ(cdd_verify_file(path.c_str()), CDD_OK) << cdd_last_error_message();
  std::printf("[ figures ] tmpfs 256 KiB full after %llu rows flushed (%llu in the file)\n",
              static_cast<unsigned long long>(last_ok), static_cast<unsigned long long>(have));
}

// Writes `rows` book rows to a new file through the C ABI.
void write_file(const std::string& path, uint64_t rows) {
  test::BookRows book(1);
  cdd_writer_options o;
  cdd_writer_options_init(&o);
  o.dtype = CDD_DTYPE_FLOAT16;
  o.row_ndim = 2;
  o.row_shape[0] = 50;
  o.row_shape[1] = 3;
  cdd_writer_options_set_codec(&o, CDD_CODEC_OKX_OB_F16);
  cdd_writer* w = nullptr;
  ASSERT_EQ(cdd_writer_create(path.c_str(), &o, &w), CDD_OK) << cdd_last_error_message();
  auto data = book.rows(0, rows);
  ASSERT_EQ(cdd_writer_append(w, data.data(), rows), CDD_OK);
  ASSERT_EQ(cdd_writer_close(w), CDD_OK);
}

void expect_readable(const std::string& path, uint64_t rows) {
  test::BookRows book(1);
  cdd_reader* r = nullptr;
  ASSERT_EQ(cdd_reader_open(path.c_str(), nullptr, &r), CDD_OK) << cdd_last_error_message();
  ASSERT_EQ(cdd_reader_num_rows(r), rows);
  std::vector<std::byte> got(static_cast<size_t>(rows * kRB));
  ASSERT_EQ(cdd_reader_read_rows(r, 0, rows, got.data(), got.size()), CDD_OK);
  EXPECT_EQ(book.first_mismatch(0, rows, got.data()), UINT64_MAX);
  cdd_reader_close(r);
}

// The first line of `cdd_test_process args`, run as `uid` (-1: as this process); "(cannot switch user)"
// when the child could not become `uid`.
std::string helper_says(const std::vector<std::string>& args, int uid) {
  test::ChildProcess p(test::process_helper_path(), args, uid);
  std::string line;
  if (!p.read_line(line, std::chrono::seconds(60))) line = "(nothing)";
  p.close_stdin();
  if (p.wait(std::chrono::seconds(60)) == 126) line = "(cannot switch user)";
  return line;
}

TEST(IoMachineErrors, PermissionDeniedIsTypedAndTheFileStaysReadable) {
  test::TempDir dir("cdd-perm");
  std::filesystem::permissions(dir.str(), std::filesystem::perms(0755));
  const std::string path = dir.file("readonly.cdd");
  write_file(path, 500);
  std::filesystem::permissions(path, std::filesystem::perms(0444));
  // Root bypasses file permissions: the refusal is then checked as the unprivileged user 65534.
  const int uid = ::geteuid() == 0 ? 65534 : -1;
  std::string line = helper_says({"open-append", path}, uid);
  if (line == "(cannot switch user)") GTEST_SKIP() << "root, and cannot switch to uid 65534 to see file permissions";
  EXPECT_EQ(line, "E " + std::to_string(CDD_E_IO) + " cannot open " + path + ": Permission denied");
  if (uid < 0) {
    cdd_writer* w = nullptr;
    EXPECT_EQ(cdd_writer_open_append(path.c_str(), 0, &w), CDD_E_IO);
    EXPECT_TRUE(contains(cdd_last_error_message(), "Permission denied"));
  }
  expect_readable(path, 500);
  // Unreadable: the reader's open is refused the same way.
  std::filesystem::permissions(path, std::filesystem::perms::none);
  line = helper_says({"read", path, "0", "1", "1", "10"}, uid);
  EXPECT_EQ(line, "E " + std::to_string(CDD_E_IO) + " cannot open " + path + ": Permission denied");
  std::filesystem::permissions(path, std::filesystem::perms(0644));
  expect_readable(path, 500);
}

TEST(IoMachineErrors, FileLockedByAnotherProcess) {
  test::TempDir dir("cdd-lock");
  const std::string path = dir.file("locked.cdd");
  write_file(path, 300);
  test::ChildProcess holder(test::process_helper_path(), {"hold", path});
  std::string line;
  ASSERT_TRUE(holder.read_line(line, std::chrono::seconds(60)));
  ASSERT_EQ(line, "L");
  cdd_writer* w = nullptr;
  EXPECT_EQ(cdd_writer_open_append(path.c_str(), 0, &w), CDD_E_LOCKED);
  EXPECT_EQ(std::string(cdd_last_error_message()), "another writer holds " + path);
  cdd_writer_options o;
  cdd_writer_options_init(&o);
  o.dtype = CDD_DTYPE_FLOAT32;
  o.row_ndim = 1;
  o.row_shape[0] = 4;
  EXPECT_EQ(cdd_writer_create(path.c_str(), &o, &w), CDD_E_LOCKED);  // and it did not truncate the file
  expect_readable(path, 300);  // readers are never blocked by the writer lock
  holder.close_stdin();
  ASSERT_EQ(holder.wait(std::chrono::seconds(60)), 0);
  ASSERT_EQ(cdd_writer_open_append(path.c_str(), 0, &w), CDD_OK) << cdd_last_error_message();
  ASSERT_EQ(cdd_writer_close(w), CDD_OK);
  expect_readable(path, 300);
}

#endif  // !_WIN32

}  // namespace
}  // namespace cdd
