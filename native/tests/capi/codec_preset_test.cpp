// codec_preset_test.cpp — cdd_writer_options_set_codec (each codec's starting settings) and the LZ4
// levels: the float16 book preset round-trips realistic data through the bitmap filter on LZ4HC, and
// LZ4HC levels write smaller blocks than the fast compressor that any LZ4 decoder reads.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "cdd/cdd.h"
#include "support/book_options.hpp"
#include "support/test_data.hpp"

namespace {

cdd_writer_options book_f16_options() { return cdd::test::book_writer_options(CDD_DTYPE_FLOAT16); }

// Writes `a` to a memory store with `o`, reads it back whole and returns the stored size; the decoded
// bytes must equal the input.
size_t round_trip(const cdd::test::Array& a, const cdd_writer_options& o, cdd_array_info* info_out = nullptr) {
  cdd_store* store = nullptr;
  EXPECT_EQ(cdd_store_memory_new(&store), CDD_OK);
  cdd_writer* w = nullptr;
  EXPECT_EQ(cdd_writer_create_store(store, &o, &w), CDD_OK) << cdd_last_error_message();
  EXPECT_EQ(cdd_writer_append(w, a.bytes.data(), a.rows), CDD_OK) << cdd_last_error_message();
  EXPECT_EQ(cdd_writer_close(w), CDD_OK) << cdd_last_error_message();
  cdd_reader* r = nullptr;
  EXPECT_EQ(cdd_reader_open_store(store, nullptr, &r), CDD_OK) << cdd_last_error_message();
  std::vector<std::byte> back(a.bytes.size());
  EXPECT_EQ(cdd_reader_read_rows(r, 0, a.rows, back.data(), back.size()), CDD_OK) << cdd_last_error_message();
  EXPECT_EQ(std::memcmp(back.data(), a.bytes.data(), back.size()), 0);
  if (info_out != nullptr) {
    info_out->struct_size = sizeof(*info_out);
    EXPECT_EQ(cdd_reader_info(r, info_out), CDD_OK);
  }
  const void* bytes = nullptr;
  size_t size = 0;
  EXPECT_EQ(cdd_store_memory_bytes(store, &bytes, &size), CDD_OK);
  cdd_reader_close(r);
  cdd_store_free(store);
  return size;
}

TEST(CodecPreset, SetsEachCodecsStartingSettings) {
  cdd_writer_options o;
  cdd_writer_options_init(&o);
  o.codec_flags |= CDD_FLAG_DOWN_CAST_16;
  o.index_capacity = 7;
  ASSERT_EQ(cdd_writer_options_set_codec(&o, CDD_CODEC_OKX_OB_F16), CDD_OK);
  EXPECT_EQ(o.codec, CDD_CODEC_OKX_OB_F16);
  EXPECT_EQ(o.codec_flags, CDD_FLAG_LZ4 | CDD_FLAG_DOWN_CAST_16);  // the down-cast flag is kept
  EXPECT_EQ(o.level, 9);
  EXPECT_EQ(o.chunk_target_bytes, 16384u);
  ASSERT_EQ(o.codec_params_size, 1u);
  EXPECT_EQ(*static_cast<const unsigned char*>(o.codec_params), 5);  // bitmap-planar filter
  EXPECT_EQ(o.index_capacity, 7u);

  ASSERT_EQ(cdd_writer_options_set_codec(&o, CDD_CODEC_OKX_OB_F32), CDD_OK);
  EXPECT_EQ(o.codec_flags, CDD_FLAG_LZ4 | CDD_FLAG_DOWN_CAST_16);
  EXPECT_EQ(o.level, 9);
  EXPECT_EQ(o.chunk_target_bytes, 16384u);
  ASSERT_EQ(o.codec_params_size, 1u);
  EXPECT_EQ(*static_cast<const unsigned char*>(o.codec_params), 4);  // bitmap filter

  ASSERT_EQ(cdd_writer_options_set_codec(&o, CDD_CODEC_ZSTD), CDD_OK);
  EXPECT_EQ(o.codec_flags & (CDD_FLAG_LZ4 | CDD_FLAG_ZSTD), CDD_FLAG_ZSTD);
  EXPECT_EQ(o.level, 3);
  EXPECT_EQ(o.chunk_target_bytes, 4096u);
  EXPECT_EQ(o.codec_params, nullptr);
  EXPECT_EQ(o.codec_params_size, 0u);

  ASSERT_EQ(cdd_writer_options_set_codec(&o, CDD_CODEC_LZ4), CDD_OK);
  EXPECT_EQ(o.codec_flags & (CDD_FLAG_LZ4 | CDD_FLAG_ZSTD), CDD_FLAG_LZ4);
  EXPECT_EQ(o.level, 1);
  ASSERT_EQ(cdd_writer_options_set_codec(&o, CDD_CODEC_RAW), CDD_OK);
  EXPECT_EQ(o.codec_flags & (CDD_FLAG_LZ4 | CDD_FLAG_ZSTD), 0u);
}

TEST(CodecPreset, UnknownCodecIsAnErrorAndLeavesOptionsAlone) {
  cdd_writer_options o;
  cdd_writer_options_init(&o);
  const cdd_writer_options before = o;
  EXPECT_EQ(cdd_writer_options_set_codec(&o, 999), CDD_E_UNSUPPORTED);
  EXPECT_NE(std::string(cdd_last_error_message()).find("999"), std::string::npos);
  EXPECT_EQ(std::memcmp(&o, &before, sizeof(o)), 0);
  EXPECT_EQ(cdd_writer_options_set_codec(nullptr, CDD_CODEC_RAW), CDD_E_INVALID_ARGUMENT);
}

TEST(CodecPreset, FloatSixteenBookPresetRoundTripsAndIsRecordedInTheFile) {
  const auto book = cdd::test::orderbook_f16(3001, 5);
  cdd_writer_options o = book_f16_options();
  ASSERT_EQ(cdd_writer_options_set_codec(&o, CDD_CODEC_OKX_OB_F16), CDD_OK);
  cdd_array_info info;
  const size_t preset_size = round_trip(book, o, &info);
  EXPECT_EQ(info.codec, CDD_CODEC_OKX_OB_F16);
  EXPECT_EQ(info.level, 9);
  EXPECT_EQ(info.codec_flags & (CDD_FLAG_LZ4 | CDD_FLAG_ZSTD), CDD_FLAG_LZ4);
  EXPECT_EQ(info.chunk_target_bytes, 16384u);
  // Realistic books compress: the preset stores well under a fifth of the decoded bytes.
  EXPECT_LT(preset_size * 5, book.bytes.size());
}

TEST(CodecPreset, Lz4HcLevelsWriteSmallerStandardBlocks) {
  const auto book = cdd::test::orderbook_f16(2000, 9);
  cdd_writer_options o = book_f16_options();
  ASSERT_EQ(cdd_writer_options_set_codec(&o, CDD_CODEC_OKX_OB_F16), CDD_OK);
  o.chunk_rows = 250;
  size_t sizes[4] = {};
  const int levels[4] = {-8, 1, 4, 12};
  for (int i = 0; i < 4; ++i) {
    o.level = levels[i];
    sizes[i] = round_trip(book, o);
  }
  EXPECT_GT(sizes[0], sizes[1]);  // acceleration 8 is larger than the fast default
  EXPECT_GT(sizes[1], sizes[2]);  // LZ4HC 4 is smaller than the fast compressor
  EXPECT_GE(sizes[2], sizes[3]);  // and LZ4HC 12 no larger than LZ4HC 4
}

}  // namespace
