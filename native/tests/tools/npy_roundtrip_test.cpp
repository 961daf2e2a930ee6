// npy_roundtrip_test.cpp — `cdd import-npy` then `cdd export-npy` gives back the .npy byte for byte, for
// realistic books of a row count that is no multiple of any chunk size, spread over several index blocks,
// with every generic codec, and for row ranges; bad inputs fail cleanly and leave no output behind.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "cdd/cdd.h"
#include "tools/capi_handles.hpp"
#include "tools/npy_convert.hpp"
#include "tool_test_files.hpp"

namespace {

using cdd::tools::export_npy;
using cdd::tools::ImportOptions;
using cdd::tools::import_npy;
using cdd::tools::RowRange;
using namespace cdd::tools::testing;

cdd_array_info info_of(const std::string& path) {
  cdd_array_info info{};
  info.struct_size = sizeof info;
  auto r = cdd::tools::open_reader(path);
  EXPECT_TRUE(r) << r.error().message;
  if (r) {
    EXPECT_EQ(cdd_reader_info(r->get(), &info), CDD_OK) << cdd_last_error_message();
  }
  return info;
}

ImportOptions quiet() {
  ImportOptions o;
  o.progress = false;
  return o;
}

TEST(ToolsNpyRoundTrip, BookAcrossSeveralIndexBlocksIsByteIdentical) {
  TempDir dir;
  constexpr uint64_t kRows = 5003;  // prime: no chunk size divides it
  const std::string npy = book_npy(17, kRows);
  write_all(dir.file("in.npy"), npy);
  ImportOptions o = quiet();
  o.chunk_rows = 64;      // 79 chunks
  o.index_capacity = 8;   // blocks of 8, 16, 32, 64 slots
  {
    auto st = import_npy(dir.file("in.npy"), dir.file("book.cdd"), o);
    ASSERT_TRUE(st) << st.error().message;
  }
  const cdd_array_info info = info_of(dir.file("book.cdd"));
  EXPECT_EQ(info.num_rows, kRows);
  EXPECT_EQ(info.num_chunks, (kRows + 63) / 64);
  EXPECT_GE(info.num_index_blocks, 4u);
  EXPECT_EQ(info.dtype, CDD_DTYPE_FLOAT32);
  ASSERT_EQ(info.row_ndim, 2u);
  EXPECT_EQ(info.row_shape[0], 50u);
  EXPECT_EQ(info.row_shape[1], 3u);
  EXPECT_EQ(cdd_verify_file(dir.file("book.cdd").c_str()), CDD_OK) << cdd_last_error_message();

  {
    auto st = export_npy(dir.file("book.cdd"), dir.file("out.npy"), {}, false);
    ASSERT_TRUE(st) << st.error().message;
  }
  EXPECT_TRUE(read_all(dir.file("out.npy")) == npy) << "export differs from the imported .npy";
}

TEST(ToolsNpyRoundTrip, AdaptiveChunkingIsByteIdentical) {
  TempDir dir;
  const std::string npy = book_npy(3, 7777);
  write_all(dir.file("in.npy"), npy);
  ImportOptions o = quiet();
  o.index_capacity = 4;
  {
    auto st = import_npy(dir.file("in.npy"), dir.file("book.cdd"), o);
    ASSERT_TRUE(st) << st.error().message;
  }
  EXPECT_GT(info_of(dir.file("book.cdd")).num_chunks, 4u);
  {
    auto st = export_npy(dir.file("book.cdd"), dir.file("out.npy"), {}, false);
    ASSERT_TRUE(st) << st.error().message;
  }
  EXPECT_TRUE(read_all(dir.file("out.npy")) == npy);
}

TEST(ToolsNpyRoundTrip, EveryGenericCodecAndStage) {
  TempDir dir;
  const std::string npy = book_npy(5, 1001);
  write_all(dir.file("in.npy"), npy);
  const struct {
    int codec;
    std::optional<uint64_t> stage;
  } cases[] = {{CDD_CODEC_RAW, std::nullopt},     {CDD_CODEC_ZSTD, std::nullopt},   {CDD_CODEC_LZ4, std::nullopt},
               {CDD_CODEC_SHUFFLE, CDD_FLAG_ZSTD}, {CDD_CODEC_SHUFFLE, CDD_FLAG_LZ4}, {CDD_CODEC_SHUFFLE, 0}};
  for (const auto& c : cases) {
    SCOPED_TRACE(testing::Message() << "codec " << c.codec << " stage " << (c.stage ? *c.stage : 99));
    ImportOptions o = quiet();
    o.codec = c.codec;
    o.stage = c.stage;
    o.chunk_rows = 100;
    auto s = import_npy(dir.file("in.npy"), dir.file("a.cdd"), o);
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(cdd_verify_file(dir.file("a.cdd").c_str()), CDD_OK) << cdd_last_error_message();
    {
    auto st = export_npy(dir.file("a.cdd"), dir.file("a.npy"), {}, false);
    ASSERT_TRUE(st) << st.error().message;
  }
    EXPECT_TRUE(read_all(dir.file("a.npy")) == npy);
  }
}

TEST(ToolsNpyRoundTrip, TimestampsAndIntegerSeriesWithDelta) {
  TempDir dir;
  cdd::gen::OrderBookGenerator g(8);
  const auto ts = g.timestamps_ms(10007);
  const std::string npy = npy_bytes(CDD_DTYPE_INT64, {ts.size()}, ts);  // 1-D: rows of shape (1)
  write_all(dir.file("ts.npy"), npy);
  ImportOptions o = quiet();
  o.codec = CDD_CODEC_DELTA;
  o.index_capacity = 16;  // keep the pre-allocated index small next to the data
  auto s = import_npy(dir.file("ts.npy"), dir.file("ts.cdd"), o);
  ASSERT_TRUE(s) << s.error().message;
  const cdd_array_info info = info_of(dir.file("ts.cdd"));
  EXPECT_EQ(info.row_ndim, 1u);
  EXPECT_EQ(info.row_shape[0], 1u);
  EXPECT_LT(info.file_bytes, ts.size() * 8 / 4) << "DELTA timestamps should take under 16 bits each";
  {
    auto st = export_npy(dir.file("ts.cdd"), dir.file("ts2.npy"), {}, false);
    ASSERT_TRUE(st) << st.error().message;
  }
  EXPECT_TRUE(read_all(dir.file("ts2.npy")) == npy);
}

TEST(ToolsNpyRoundTrip, Float16BookAndOtherDtypes) {
  TempDir dir;
  cdd::gen::OrderBookGenerator g(9);
  const auto half = g.normalized_f16(999);
  const std::string npy = npy_bytes(CDD_DTYPE_FLOAT16, {999, 50, 3}, half);
  write_all(dir.file("h.npy"), npy);
  {
    auto st = import_npy(dir.file("h.npy"), dir.file("h.cdd"), quiet());
    ASSERT_TRUE(st) << st.error().message;
  }
  {
    auto st = export_npy(dir.file("h.cdd"), dir.file("h2.npy"), {}, false);
    ASSERT_TRUE(st) << st.error().message;
  }
  EXPECT_TRUE(read_all(dir.file("h2.npy")) == npy);

  std::vector<uint8_t> bytes(3 * 4 * 5 * 97);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 7 + i / 13);
  const std::string u8 = npy_bytes(CDD_DTYPE_UINT8, {97, 3, 4, 5}, bytes);
  write_all(dir.file("u8.npy"), u8);
  {
    auto st = import_npy(dir.file("u8.npy"), dir.file("u8.cdd"), quiet());
    ASSERT_TRUE(st) << st.error().message;
  }
  {
    auto st = export_npy(dir.file("u8.cdd"), dir.file("u8b.npy"), {}, false);
    ASSERT_TRUE(st) << st.error().message;
  }
  EXPECT_TRUE(read_all(dir.file("u8b.npy")) == u8);
}

TEST(ToolsNpyRoundTrip, RowRangesFollowPythonSlices) {
  TempDir dir;
  constexpr uint64_t kRows = 2003;
  cdd::gen::OrderBookGenerator g(4);
  const auto book = g.orderbook_f32(kRows);
  write_all(dir.file("in.npy"), npy_bytes(CDD_DTYPE_FLOAT32, {kRows, 50, 3}, book));
  ImportOptions o = quiet();
  o.chunk_rows = 128;
  {
    auto st = import_npy(dir.file("in.npy"), dir.file("b.cdd"), o);
    ASSERT_TRUE(st) << st.error().message;
  }
  const struct {
    const char* text;
    uint64_t start, end;
  } cases[] = {{"100:1500", 100, 1500}, {"0:1", 0, 1}, {"-3:", kRows - 3, kRows}, {":128", 0, 128},
               {"127:129", 127, 129},   {"5:5", 5, 5}, {":", 0, kRows},         {"-2003:-2000", 0, 3}};
  for (const auto& c : cases) {
    auto range = cdd::tools::parse_row_range(c.text);
    ASSERT_TRUE(range) << c.text;
    ASSERT_TRUE(export_npy(dir.file("b.cdd"), dir.file("s.npy"), *range, false)) << c.text;
    const std::vector<float> want(book.begin() + static_cast<std::ptrdiff_t>(c.start * 150),
                                  book.begin() + static_cast<std::ptrdiff_t>(c.end * 150));
    EXPECT_TRUE(read_all(dir.file("s.npy")) == npy_bytes(CDD_DTYPE_FLOAT32, {c.end - c.start, 50, 3}, want)) << c.text;
  }
  for (const char* bad : {"0:2004", "10:5", "-2004:", "x:3"}) {
    auto range = cdd::tools::parse_row_range(bad);
    if (!range) {
      EXPECT_EQ(range.error().code, CDD_E_INVALID_ARGUMENT) << bad;
      continue;
    }
    auto s = export_npy(dir.file("b.cdd"), dir.file("bad.npy"), *range, false);
    ASSERT_FALSE(s) << bad;
    EXPECT_EQ(s.error().code, CDD_E_OUT_OF_RANGE) << bad;
    EXPECT_FALSE(std::filesystem::exists(dir.file("bad.npy"))) << "a failed export leaves no file";
  }
  for (const char* bad : {"12", "1:2:3", ""}) EXPECT_FALSE(cdd::tools::parse_row_range(bad)) << bad;
}

TEST(ToolsNpyRoundTrip, BadInputsFailWithoutLeavingOutput) {
  TempDir dir;
  const std::string npy = book_npy(1, 50);
  write_all(dir.file("short.npy"), npy.substr(0, npy.size() - 7));
  auto s = import_npy(dir.file("short.npy"), dir.file("short.cdd"), quiet());
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, CDD_E_FORMAT);
  EXPECT_NE(s.error().message.find("truncated"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("49 rows"), std::string::npos) << s.error().message;
  EXPECT_FALSE(std::filesystem::exists(dir.file("short.cdd")));

  s = import_npy(dir.file("missing.npy"), dir.file("m.cdd"), quiet());
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, CDD_E_IO);
  EXPECT_NE(s.error().message.find("missing.npy"), std::string::npos);

  write_all(dir.file("zero.npy"), npy_bytes<float>(CDD_DTYPE_FLOAT32, {4, 0}, {}));
  s = import_npy(dir.file("zero.npy"), dir.file("zero.cdd"), quiet());
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, CDD_E_UNSUPPORTED);

  write_all(dir.file("scalar.npy"), npy_bytes<float>(CDD_DTYPE_FLOAT32, {}, {1.0f}));
  s = import_npy(dir.file("scalar.npy"), dir.file("scalar.cdd"), quiet());
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("0-d"), std::string::npos);

  write_all(dir.file("deep.npy"), npy_bytes<uint8_t>(CDD_DTYPE_UINT8, {1, 1, 1, 1, 1, 1, 1, 1, 1}, {7}));
  s = import_npy(dir.file("deep.npy"), dir.file("deep.cdd"), quiet());
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("at most 7"), std::string::npos) << s.error().message;

  s = export_npy(dir.file("missing.cdd"), dir.file("x.npy"), {}, false);
  ASSERT_FALSE(s);
  EXPECT_FALSE(std::filesystem::exists(dir.file("x.npy")));
}

TEST(ToolsNpyRoundTrip, EmptyArrayRoundTrips) {
  TempDir dir;
  const std::string npy = npy_bytes<float>(CDD_DTYPE_FLOAT32, {0, 50, 3}, {});
  write_all(dir.file("e.npy"), npy);
  auto s = import_npy(dir.file("e.npy"), dir.file("e.cdd"), quiet());
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(info_of(dir.file("e.cdd")).num_rows, 0u);
  {
    auto st = export_npy(dir.file("e.cdd"), dir.file("e2.npy"), {}, false);
    ASSERT_TRUE(st) << st.error().message;
  }
  EXPECT_TRUE(read_all(dir.file("e2.npy")) == npy);
}

}  // namespace
