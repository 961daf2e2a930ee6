// capi_test.cpp — the C ABI of stores, writers, readers and verify: handles, option structs, the
// thread-local last error, and that errors (never exceptions) come back for misuse and damage.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

#include "cdd/cdd.h"
#include "support/book_options.hpp"
#include "support/test_data.hpp"

namespace {

using cdd::test::contains;

cdd_writer_options raw_book_options() {
  cdd_writer_options o = cdd::test::book_writer_options(CDD_DTYPE_FLOAT32);
  o.codec = CDD_CODEC_RAW;
  o.codec_flags = 0;
  o.chunk_rows = 16;
  o.index_capacity = 4;
  return o;
}

TEST(CapiStoreWriterReader, MemoryRoundTripWithUserMeta) {
  auto data = cdd::test::orderbook_f32(301, 12);
  cdd_store* store = nullptr;
  ASSERT_EQ(cdd_store_memory_new(&store), CDD_OK);
  cdd_writer_options o = raw_book_options();
  const char meta[] = "hello";
  o.user_meta = meta;
  o.user_meta_size = 5;
  cdd_writer* w = nullptr;
  ASSERT_EQ(cdd_writer_create_store(store, &o, &w), CDD_OK) << cdd_last_error_message();
  ASSERT_EQ(cdd_writer_append(w, data.bytes.data(), 300), CDD_OK);
  EXPECT_EQ(cdd_writer_rows_appended(w), 300u);
  EXPECT_EQ(cdd_writer_rows_committed(w), 288u);  // 18 chunks of 16
  ASSERT_EQ(cdd_writer_flush(w), CDD_OK);
  EXPECT_EQ(cdd_writer_rows_committed(w), 300u);
  ASSERT_EQ(cdd_writer_append(w, data.bytes.data() + 300 * data.row_bytes(), 1), CDD_OK);
  ASSERT_EQ(cdd_writer_close(w), CDD_OK);

  const void* bytes = nullptr;
  size_t size = 0;
  ASSERT_EQ(cdd_store_memory_bytes(store, &bytes, &size), CDD_OK);
  // A reader over a copy of the bytes; the store handle is released first (the reader keeps its own).
  cdd_store* copy = nullptr;
  ASSERT_EQ(cdd_store_memory_copy(bytes, size, &copy), CDD_OK);
  cdd_store_free(store);
  cdd_reader* r = nullptr;
  ASSERT_EQ(cdd_reader_open_store(copy, nullptr, &r), CDD_OK) << cdd_last_error_message();
  cdd_store_free(copy);

  cdd_array_info info;
  info.struct_size = sizeof(info);
  ASSERT_EQ(cdd_reader_info(r, &info), CDD_OK);
  EXPECT_EQ(info.dtype, CDD_DTYPE_FLOAT32);
  EXPECT_EQ(info.row_ndim, 2u);
  EXPECT_EQ(info.row_shape[0], 50u);
  EXPECT_EQ(info.row_bytes, 600u);
  EXPECT_EQ(info.num_rows, 301u);
  EXPECT_EQ(info.num_chunks, 20u);
  EXPECT_EQ(info.num_index_blocks, 3u);  // 4 + 8 + 16
  EXPECT_EQ(info.chunk_rows, 16u);
  EXPECT_EQ(info.file_bytes, size);
  EXPECT_EQ(info.format_version, 1u);
  EXPECT_EQ(std::string(info.writer).rfind("libcdd ", 0), 0u);
  const void* um = nullptr;
  size_t um_size = 0;
  ASSERT_EQ(cdd_reader_user_meta(r, &um, &um_size), CDD_OK);
  ASSERT_EQ(um_size, 5u);
  EXPECT_EQ(std::memcmp(um, "hello", 5), 0);

  std::vector<std::byte> back(301 * 600);
  ASSERT_EQ(cdd_reader_read_rows(r, 0, 301, back.data(), back.size()), CDD_OK);
  EXPECT_EQ(back, data.bytes);

  cdd_chunk_info ci;
  ci.struct_size = sizeof(ci);
  ASSERT_EQ(cdd_reader_chunk_info(r, 3, &ci), CDD_OK);
  EXPECT_EQ(ci.first_row, 48u);
  EXPECT_EQ(ci.rows, 16u);
  EXPECT_EQ(ci.codec, 0);
  EXPECT_EQ(ci.stored_bytes, 0u);
  ASSERT_EQ(cdd_reader_chunk_header(r, 3, &ci), CDD_OK);
  EXPECT_EQ(ci.codec, CDD_CODEC_RAW);
  EXPECT_EQ(ci.stored_bytes, 48u + 16 * 600);
  EXPECT_EQ(ci.flags, CDD_FLAG_LITTLE_ENDIAN);
  std::vector<std::byte> chunk(16 * 600);
  ASSERT_EQ(cdd_reader_read_chunk(r, 3, chunk.data(), chunk.size()), CDD_OK);
  EXPECT_TRUE(std::equal(chunk.begin(), chunk.end(), data.bytes.begin() + 48 * 600));

  // A gather: rows in any order, repeated, across chunks.
  const uint64_t picks[] = {300, 5, 48, 5, 63, 0, 299};
  std::vector<std::byte> gathered(7 * 600);
  ASSERT_EQ(cdd_reader_read_rows_at(r, picks, 7, gathered.data(), gathered.size()), CDD_OK) << cdd_last_error_message();
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_TRUE(std::equal(gathered.begin() + i * 600, gathered.begin() + (i + 1) * 600,
                           data.bytes.begin() + picks[i] * 600)) << i;
  }
  EXPECT_EQ(cdd_reader_read_rows_at(r, picks, 7, gathered.data(), 6 * 600), CDD_E_INVALID_ARGUMENT);
  const uint64_t past[] = {3, 301};
  EXPECT_EQ(cdd_reader_read_rows_at(r, past, 2, gathered.data(), gathered.size()), CDD_E_OUT_OF_RANGE);
  EXPECT_TRUE(contains(cdd_last_error_message(), "row 301 (index 1 of the request) out of range"));
  EXPECT_EQ(cdd_reader_read_rows_at(r, nullptr, 0, nullptr, 0), CDD_OK);
  cdd_reader_close(r);
}

TEST(CapiErrors, LastErrorCarriesCodeAndMessage) {
  cdd_clear_error();
  EXPECT_EQ(cdd_last_error_code(), CDD_OK);
  EXPECT_STREQ(cdd_last_error_message(), "");
  const unsigned char junk[16] = {'n', 'o', 't', ' ', 'c', 'd', 'd', '!'};
  cdd_store* s = nullptr;
  ASSERT_EQ(cdd_store_memory_wrap(junk, sizeof(junk), &s), CDD_OK);
  cdd_reader* r = nullptr;
  EXPECT_EQ(cdd_reader_open_store(s, nullptr, &r), CDD_E_FORMAT);
  EXPECT_EQ(r, nullptr);
  EXPECT_EQ(cdd_last_error_code(), CDD_E_FORMAT);
  EXPECT_STREQ(cdd_last_error_message(), "not a CDD file: bad magic 6e 6f 74 20 63 64 64 21");
  // Thread-local: another thread sees its own (empty) state.
  std::thread([] { EXPECT_EQ(cdd_last_error_code(), CDD_OK); }).join();
  // A success does not clear it; cdd_clear_error does.
  cdd_store* m = nullptr;
  EXPECT_EQ(cdd_store_memory_new(&m), CDD_OK);
  EXPECT_EQ(cdd_last_error_code(), CDD_E_FORMAT);
  cdd_clear_error();
  EXPECT_EQ(cdd_last_error_code(), CDD_OK);
  cdd_store_free(m);
  cdd_store_free(s);
}

TEST(CapiErrors, NullAndMisuseAreInvalidArgument) {
  EXPECT_EQ(cdd_store_memory_new(nullptr), CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(cdd_writer_create(nullptr, nullptr, nullptr), CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(cdd_writer_append(nullptr, nullptr, 1), CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(cdd_reader_read_rows(nullptr, 0, 1, nullptr, 0), CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(cdd_reader_read_rows_at(nullptr, nullptr, 0, nullptr, 0), CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(cdd_writer_close(nullptr), CDD_OK);
  cdd_reader_close(nullptr);
  cdd_store_free(nullptr);
  cdd_store* s = nullptr;
  ASSERT_EQ(cdd_store_memory_new(&s), CDD_OK);
  cdd_writer_options o = raw_book_options();
  o.row_ndim = 0;
  cdd_writer* w = nullptr;
  EXPECT_EQ(cdd_writer_create_store(s, &o, &w), CDD_E_INVALID_ARGUMENT);
  EXPECT_TRUE(contains(cdd_last_error_message(), "row_ndim 0"));
  o = raw_book_options();
  o.struct_size = 0;
  EXPECT_EQ(cdd_writer_create_store(s, &o, &w), CDD_E_INVALID_ARGUMENT);
  o = raw_book_options();
  ASSERT_EQ(cdd_writer_create_store(s, &o, &w), CDD_OK);
  cdd_writer* w2 = nullptr;
  EXPECT_EQ(cdd_writer_open_append_store(s, 0, &w2), CDD_E_LOCKED);
  EXPECT_EQ(cdd_writer_close(w), CDD_OK);
  cdd_reader* r = nullptr;
  ASSERT_EQ(cdd_reader_open_store(s, nullptr, &r), CDD_OK);
  std::vector<std::byte> out(600);
  EXPECT_EQ(cdd_reader_read_rows(r, 0, 1, out.data(), out.size()), CDD_E_OUT_OF_RANGE);
  cdd_chunk_info ci;
  ci.struct_size = sizeof(ci);
  EXPECT_EQ(cdd_reader_chunk_info(r, 0, &ci), CDD_E_OUT_OF_RANGE);
  cdd_reader_close(r);
  cdd_store_free(s);
}

TEST(CapiFile, CreateAppendVerifyAndDetectDamage) {
  auto path = cdd::test::temp_file("capi");
  auto data = cdd::test::orderbook_f32(250, 13);
  cdd_writer_options o = raw_book_options();
  o.write_flags = CDD_WRITE_SYNC;
  cdd_writer* w = nullptr;
  ASSERT_EQ(cdd_writer_create(path.c_str(), &o, &w), CDD_OK) << cdd_last_error_message();
  ASSERT_EQ(cdd_writer_append(w, data.bytes.data(), 100), CDD_OK);
  ASSERT_EQ(cdd_writer_close(w), CDD_OK);
  ASSERT_EQ(cdd_writer_open_append(path.c_str(), 0, &w), CDD_OK) << cdd_last_error_message();
  EXPECT_EQ(cdd_writer_rows_committed(w), 100u);
  ASSERT_EQ(cdd_writer_append(w, data.bytes.data() + 100 * 600, 150), CDD_OK);
  ASSERT_EQ(cdd_writer_close(w), CDD_OK);
  EXPECT_EQ(cdd_verify_file(path.c_str()), CDD_OK) << cdd_last_error_message();

  for (uint32_t flags : {0u, static_cast<uint32_t>(CDD_READ_MMAP)}) {
    cdd_reader_options ro;
    cdd_reader_options_init(&ro);
    ro.read_flags = flags;
    ro.threads = 2;
    cdd_reader* r = nullptr;
    ASSERT_EQ(cdd_reader_open(path.c_str(), &ro, &r), CDD_OK) << cdd_last_error_message();
    std::vector<std::byte> back(250 * 600);
    ASSERT_EQ(cdd_reader_read_rows(r, 0, 250, back.data(), back.size()), CDD_OK) << cdd_last_error_message();
    EXPECT_EQ(back, data.bytes);
    cdd_reader_close(r);
  }

  // Flip one byte in the middle of chunk 5: verify names the chunk.
  cdd_reader* r = nullptr;
  ASSERT_EQ(cdd_reader_open(path.c_str(), nullptr, &r), CDD_OK);
  cdd_chunk_info ci;
  ci.struct_size = sizeof(ci);
  ASSERT_EQ(cdd_reader_chunk_info(r, 5, &ci), CDD_OK);
  cdd_reader_close(r);
  {
    FILE* f = std::fopen(path.c_str(), "r+b");
    ASSERT_NE(f, nullptr);
    std::fseek(f, static_cast<long>(ci.offset + 1000), SEEK_SET);
    int c = std::fgetc(f);
    std::fseek(f, static_cast<long>(ci.offset + 1000), SEEK_SET);
    std::fputc(c ^ 0x55, f);
    std::fclose(f);
  }
  EXPECT_EQ(cdd_verify_file(path.c_str()), CDD_E_CORRUPT);
  EXPECT_STREQ(cdd_last_error_message(), ("chunk 5 at offset " + std::to_string(ci.offset) + ": hash mismatch").c_str());
  EXPECT_EQ(cdd_verify_file((path + ".missing").c_str()), CDD_E_IO);
  std::filesystem::remove(path);
}

TEST(CapiReader, RefreshFollowsAnAppendingWriter) {
  auto data = cdd::test::timestamps_ms(500, 15);
  cdd_store* s = nullptr;
  ASSERT_EQ(cdd_store_memory_new(&s), CDD_OK);
  cdd_writer_options o;
  cdd_writer_options_init(&o);
  o.dtype = CDD_DTYPE_INT64;
  o.row_ndim = 1;
  o.row_shape[0] = 1;
  o.codec = CDD_CODEC_RAW;
  o.codec_flags = 0;
  o.chunk_rows = 50;
  o.index_capacity = 2;
  cdd_writer* w = nullptr;
  ASSERT_EQ(cdd_writer_create_store(s, &o, &w), CDD_OK);
  ASSERT_EQ(cdd_writer_append(w, data.bytes.data(), 100), CDD_OK);
  cdd_reader* r = nullptr;
  ASSERT_EQ(cdd_reader_open_store(s, nullptr, &r), CDD_OK);
  EXPECT_EQ(cdd_reader_num_rows(r), 100u);
  ASSERT_EQ(cdd_writer_close(w), CDD_OK);
  ASSERT_EQ(cdd_writer_open_append_store(s, 0, &w), CDD_OK) << cdd_last_error_message();
  ASSERT_EQ(cdd_writer_append(w, data.bytes.data() + 100 * 8, 400), CDD_OK);
  ASSERT_EQ(cdd_writer_flush(w), CDD_OK);
  EXPECT_EQ(cdd_reader_num_rows(r), 100u);
  ASSERT_EQ(cdd_reader_refresh(r), CDD_OK) << cdd_last_error_message();
  EXPECT_EQ(cdd_reader_num_rows(r), 500u);
  EXPECT_EQ(cdd_reader_num_chunks(r), 10u);
  std::vector<std::byte> back(500 * 8);
  ASSERT_EQ(cdd_reader_read_rows(r, 0, 500, back.data(), back.size()), CDD_OK);
  EXPECT_EQ(back, data.bytes);
  ASSERT_EQ(cdd_writer_close(w), CDD_OK);
  cdd_reader_close(r);
  cdd_store_free(s);
}

TEST(CapiReader, ConcurrentReadsFromOneReader) {
  auto data = cdd::test::orderbook_f32(1000, 14);
  cdd_store* s = nullptr;
  ASSERT_EQ(cdd_store_memory_new(&s), CDD_OK);
  cdd_writer_options o = raw_book_options();
  o.chunk_rows = 9;
  o.index_capacity = 16;
  cdd_writer* w = nullptr;
  ASSERT_EQ(cdd_writer_create_store(s, &o, &w), CDD_OK);
  ASSERT_EQ(cdd_writer_append(w, data.bytes.data(), 1000), CDD_OK);
  ASSERT_EQ(cdd_writer_close(w), CDD_OK);
  cdd_reader* r = nullptr;
  ASSERT_EQ(cdd_reader_open_store(s, nullptr, &r), CDD_OK);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::vector<std::byte> out(100 * 600);
      for (uint64_t start = static_cast<uint64_t>(t) * 13; start + 100 <= 1000; start += 97) {
        ASSERT_EQ(cdd_reader_read_rows(r, start, start + 100, out.data(), out.size()), CDD_OK);
        ASSERT_TRUE(std::equal(out.begin(), out.end(), data.bytes.begin() + static_cast<ptrdiff_t>(start * 600)));
      }
    });
  }
  for (auto& t : threads) t.join();
  cdd_reader_close(r);
  cdd_store_free(s);
}

}  // namespace
