// callback_store_test.cpp — cdd_store_callbacks_new through the C ABI: a file written and read through the
// caller's functions round-trips; EIO on read, ENOSPC on write and short reads injected by the callbacks
// come back as typed errors with the callback's reason (nothing cached, flushed rows kept); misuse is
// CDD_E_INVALID_ARGUMENT / CDD_E_LOCKED; release runs once, after the last user closes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "cdd/cdd.h"
#include "support/book_options.hpp"
#include "support/test_data.hpp"

namespace {

using cdd::test::contains;

// Bytes in a vector, with faults to inject: reads overlapping [eio_from, eio_to) fail with EIO, a write
// that would grow the bytes past `space` fails with ENOSPC, reads return at most `read_cap` bytes a call.
struct Bytes {
  std::vector<unsigned char> data;
  uint64_t eio_from = 0, eio_to = 0;
  uint64_t space = UINT64_MAX;
  size_t read_cap = SIZE_MAX;
  bool overlong = false;  // read_at claims one byte more than asked (a bug in the callbacks)
  int size_error = 0;     // size() fails with this errno
  int releases = 0;
  int reads = 0;
};

int size_cb(void* ctx, uint64_t* size) {
  auto* b = static_cast<Bytes*>(ctx);
  if (b->size_error != 0) return b->size_error;
  *size = b->data.size();
  return 0;
}
int read_cb(void* ctx, uint64_t off, void* out, size_t len, size_t* got) {
  auto* b = static_cast<Bytes*>(ctx);
  ++b->reads;
  if (off < b->eio_to && off + len > b->eio_from) {
    cdd_store_callback_message("injected EIO (bad sector)");
    return EIO;
  }
  const size_t n = off >= b->data.size() ? 0 : std::min({len, static_cast<size_t>(b->data.size() - off), b->read_cap});
  if (n) std::memcpy(out, b->data.data() + off, n);
  *got = b->overlong ? len + 1 : n;
  return 0;
}
int write_cb(void* ctx, uint64_t off, const void* data, size_t len) {
  auto* b = static_cast<Bytes*>(ctx);
  if (off + len > b->space) return ENOSPC;  // no message: strerror's text
  if (b->data.size() < off + len) b->data.resize(off + len);
  std::memcpy(b->data.data() + off, data, len);
  return 0;
}
int truncate_cb(void* ctx, uint64_t size) {
  static_cast<Bytes*>(ctx)->data.resize(size);
  return 0;
}
int sync_cb(void*) { return 0; }
void release_cb(void* ctx) { ++static_cast<Bytes*>(ctx)->releases; }

cdd_store_callbacks callbacks(Bytes* b, bool writable) {
  cdd_store_callbacks cb{};
  cb.struct_size = sizeof(cb);
  cb.ctx = b;
  cb.size = size_cb;
  cb.read_at = read_cb;
  if (writable) {
    cb.write_at = write_cb;
    cb.truncate = truncate_cb;
    cb.sync = sync_cb;
  }
  cb.release = release_cb;
  return cb;
}

cdd_writer_options book_options() {
  cdd_writer_options o = cdd::test::book_writer_options(CDD_DTYPE_FLOAT16);
  EXPECT_EQ(cdd_writer_options_set_codec(&o, CDD_CODEC_OKX_OB_F16), CDD_OK);
  o.chunk_rows = 64;
  o.index_capacity = 8;
  return o;
}

// Writes `rows` rows of `book` through a writable callback store over `b`, flushing every 100 rows.
void write_book(Bytes& b, const cdd::test::Array& book, uint64_t rows) {
  cdd_store_callbacks cb = callbacks(&b, true);
  cdd_store* store = nullptr;
  ASSERT_EQ(cdd_store_callbacks_new(&cb, "books-in-a-vector", &store), CDD_OK) << cdd_last_error_message();
  cdd_writer_options o = book_options();
  cdd_writer* w = nullptr;
  ASSERT_EQ(cdd_writer_create_store(store, &o, &w), CDD_OK) << cdd_last_error_message();
  cdd_store_free(store);
  EXPECT_EQ(b.releases, 0) << "the writer still holds the store";
  for (uint64_t a = 0; a < rows; a += 100) {
    const uint64_t n = std::min<uint64_t>(100, rows - a);
    ASSERT_EQ(cdd_writer_append(w, book.bytes.data() + a * book.row_bytes(), n), CDD_OK) << cdd_last_error_message();
    ASSERT_EQ(cdd_writer_flush(w), CDD_OK) << cdd_last_error_message();
  }
  ASSERT_EQ(cdd_writer_close(w), CDD_OK) << cdd_last_error_message();
  EXPECT_EQ(b.releases, 1);
  b.releases = 0;
}

cdd_reader* open_reader(Bytes& b) {
  cdd_store_callbacks cb = callbacks(&b, false);
  cdd_store* store = nullptr;
  EXPECT_EQ(cdd_store_callbacks_new(&cb, "books-in-a-vector", &store), CDD_OK) << cdd_last_error_message();
  cdd_reader* r = nullptr;
  EXPECT_EQ(cdd_reader_open_store(store, nullptr, &r), CDD_OK) << cdd_last_error_message();
  cdd_store_free(store);
  return r;
}

// Writes the whole `book` through `b`, then opens a reader over it.
cdd_reader* written_and_opened(Bytes& b, const cdd::test::Array& book) {
  write_book(b, book, book.rows);
  return open_reader(b);
}

// Rows [0, rows) of `r` equal those of `book`.
void expect_rows(cdd_reader* r, const cdd::test::Array& book, uint64_t rows) {
  std::vector<unsigned char> out(rows * book.row_bytes());
  ASSERT_EQ(cdd_reader_read_rows(r, 0, rows, out.data(), out.size()), CDD_OK) << cdd_last_error_message();
  EXPECT_EQ(0, std::memcmp(out.data(), book.bytes.data(), out.size()));
}

TEST(CallbackStore, BookRoundTripsAndReleaseRunsOnceAfterTheLastUser) {
  const auto book = cdd::test::orderbook_f16(1000, 3);
  Bytes b;
  cdd_reader* r = written_and_opened(b, book);
  ASSERT_NE(r, nullptr);
  expect_rows(r, book, 1000);
  EXPECT_EQ(b.releases, 0);
  cdd_reader_close(r);
  EXPECT_EQ(b.releases, 1);
}

TEST(CallbackStore, ShortReadsAreContinued) {
  const auto book = cdd::test::orderbook_f16(700, 4);
  Bytes b;
  b.read_cap = 7;  // every read_at answers at most 7 bytes
  cdd_reader* r = written_and_opened(b, book);
  ASSERT_NE(r, nullptr);
  expect_rows(r, book, 700);
  EXPECT_GT(b.reads, static_cast<int>(b.data.size() / 7)) << "reads were not capped";
  cdd_reader_close(r);
}

TEST(CallbackStore, EioOnReadIsTypedWithTheCallbacksReasonAndNotRemembered) {
  const auto book = cdd::test::orderbook_f16(1000, 5);
  Bytes b;
  cdd_reader* r = written_and_opened(b, book);
  ASSERT_NE(r, nullptr);
  // The middle third of the file fails to read (some chunks; the index was read at open).
  b.eio_from = b.data.size() / 3;
  b.eio_to = 2 * b.data.size() / 3;
  std::vector<unsigned char> out(book.bytes.size());
  ASSERT_EQ(cdd_reader_read_rows(r, 0, 1000, out.data(), out.size()), CDD_E_IO);
  const std::string msg = cdd_last_error_message();
  EXPECT_TRUE(contains(msg, "cannot read books-in-a-vector: injected EIO (bad sector) at offset")) << msg;
  // Rows before the damage still read; once the fault is gone every row reads (nothing was remembered).
  expect_rows(r, book, 64);
  b.eio_from = b.eio_to = 0;
  expect_rows(r, book, 1000);
  cdd_reader_close(r);
}

TEST(CallbackStore, EnospcOnWriteIsTypedAndFlushedRowsSurviveAndAppendGoesOn) {
  const auto book = cdd::test::orderbook_f16(3000, 6);
  Bytes b;
  write_book(b, book, 1000);
  b.space = b.data.size() + 5000;
  cdd_store_callbacks cb = callbacks(&b, true);
  cdd_store* store = nullptr;
  ASSERT_EQ(cdd_store_callbacks_new(&cb, "books-in-a-vector", &store), CDD_OK);
  cdd_writer* w = nullptr;
  ASSERT_EQ(cdd_writer_open_append_store(store, 0, &w), CDD_OK) << cdd_last_error_message();
  uint64_t rows = 1000, last_ok = 1000;
  int st = CDD_OK;
  while (rows < 3000 && st == CDD_OK) {
    st = cdd_writer_append(w, book.bytes.data() + rows * book.row_bytes(), 100);
    rows += 100;
    if (st == CDD_OK) st = cdd_writer_flush(w);
    if (st == CDD_OK) last_ok = rows;
  }
  ASSERT_EQ(st, CDD_E_IO) << "the space limit was never reached";
  const std::string msg = cdd_last_error_message();
  EXPECT_TRUE(contains(msg, "cannot write books-in-a-vector: ")) << msg;
  EXPECT_TRUE(contains(msg, std::strerror(ENOSPC))) << msg;
  EXPECT_NE(cdd_writer_close(w), CDD_OK);  // the writer stopped at the failure
  EXPECT_GT(last_ok, 1000u);

  cdd_reader* r = open_reader(b);
  ASSERT_NE(r, nullptr);
  cdd_array_info info;
  info.struct_size = sizeof(info);
  ASSERT_EQ(cdd_reader_info(r, &info), CDD_OK);
  EXPECT_GE(info.num_rows, last_ok);
  expect_rows(r, book, info.num_rows);
  const uint64_t have = info.num_rows;
  cdd_reader_close(r);

  b.space = UINT64_MAX;  // space again: append repairs the tail and goes on
  ASSERT_EQ(cdd_writer_open_append_store(store, 0, &w), CDD_OK) << cdd_last_error_message();
  ASSERT_EQ(cdd_writer_append(w, book.bytes.data() + have * book.row_bytes(), 3000 - have), CDD_OK);
  ASSERT_EQ(cdd_writer_close(w), CDD_OK) << cdd_last_error_message();
  cdd_store_free(store);
  r = open_reader(b);
  ASSERT_NE(r, nullptr);
  expect_rows(r, book, 3000);
  cdd_reader_close(r);
}

TEST(CallbackStore, BadAnswersOfTheCallbacksAreTypedErrors) {
  const auto book = cdd::test::orderbook_f16(300, 7);
  Bytes b;
  write_book(b, book, 300);
  b.overlong = true;
  cdd_store_callbacks cb = callbacks(&b, false);
  cdd_store* store = nullptr;
  ASSERT_EQ(cdd_store_callbacks_new(&cb, "liar", &store), CDD_OK);
  cdd_reader* r = nullptr;
  EXPECT_EQ(cdd_reader_open_store(store, nullptr, &r), CDD_E_IO);
  EXPECT_TRUE(contains(cdd_last_error_message(), "cannot read liar: its read_at reported")) << cdd_last_error_message();
  b.overlong = false;
  b.size_error = EACCES;
  EXPECT_EQ(cdd_reader_open_store(store, nullptr, &r), CDD_E_IO);
  EXPECT_TRUE(contains(cdd_last_error_message(), std::string("cannot stat liar: ") + std::strerror(EACCES)))
      << cdd_last_error_message();
  EXPECT_EQ(r, nullptr);
  cdd_store_free(store);
  EXPECT_EQ(b.releases, 1);
}

TEST(CallbackStore, MisuseIsTypedAndNothingIsKept) {
  Bytes b;
  cdd_store* store = nullptr;
  cdd_store_callbacks cb = callbacks(&b, true);
  cb.struct_size = 8;
  EXPECT_EQ(cdd_store_callbacks_new(&cb, "x", &store), CDD_E_INVALID_ARGUMENT);
  EXPECT_TRUE(contains(cdd_last_error_message(), "struct_size")) << cdd_last_error_message();
  cb = callbacks(&b, true);
  cb.read_at = nullptr;
  EXPECT_EQ(cdd_store_callbacks_new(&cb, "x", &store), CDD_E_INVALID_ARGUMENT);
  EXPECT_TRUE(contains(cdd_last_error_message(), "size and read_at are required")) << cdd_last_error_message();
  cb = callbacks(&b, true);
  cb.sync = nullptr;
  EXPECT_EQ(cdd_store_callbacks_new(&cb, "x", &store), CDD_E_INVALID_ARGUMENT);
  EXPECT_TRUE(contains(cdd_last_error_message(), "together")) << cdd_last_error_message();
  EXPECT_EQ(cdd_store_callbacks_new(nullptr, "x", &store), CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(store, nullptr);
  EXPECT_EQ(b.releases, 0);

  // A read-only store takes no writer; a writable one takes one writer at a time.
  cb = callbacks(&b, false);
  ASSERT_EQ(cdd_store_callbacks_new(&cb, nullptr, &store), CDD_OK);
  cdd_writer_options o = book_options();
  cdd_writer* w = nullptr;
  EXPECT_EQ(cdd_writer_create_store(store, &o, &w), CDD_E_INVALID_ARGUMENT);
  EXPECT_TRUE(contains(cdd_last_error_message(), "<callbacks> is not writable")) << cdd_last_error_message();
  cdd_store_free(store);
  EXPECT_EQ(b.releases, 1);
  cb = callbacks(&b, true);
  ASSERT_EQ(cdd_store_callbacks_new(&cb, "shared", &store), CDD_OK);
  ASSERT_EQ(cdd_writer_create_store(store, &o, &w), CDD_OK) << cdd_last_error_message();
  cdd_writer* w2 = nullptr;
  EXPECT_EQ(cdd_writer_create_store(store, &o, &w2), CDD_E_LOCKED);
  EXPECT_TRUE(contains(cdd_last_error_message(), "another writer holds shared")) << cdd_last_error_message();
  ASSERT_EQ(cdd_writer_close(w), CDD_OK);
  cdd_store_free(store);
  EXPECT_EQ(b.releases, 2);
}

}  // namespace
