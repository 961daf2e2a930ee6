// cat_append_test.cpp — `cdd append` (rows of a .npy appended to an existing file: dtype, row shape and
// truncation refused before anything is written; the result equals one import of both parts), `cdd cat`
// (table, order-book level table, CSV; exact values; ranges) and the progress line's text.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>

#include "cdd/cdd.h"
#include "tools/capi_handles.hpp"
#include "tools/cat.hpp"
#include "tools/npy_convert.hpp"
#include "tools/progress.hpp"
#include "tool_test_files.hpp"

namespace {

using namespace cdd::tools;
using namespace cdd::tools::testing;

ImportOptions quiet() {
  ImportOptions o;
  o.progress = false;
  return o;
}

uint64_t rows_of(const std::string& path) {
  auto r = open_reader(path);
  EXPECT_TRUE(r) << r.error().message;
  return r ? cdd_reader_num_rows(r->get()) : 0;
}

// What cat_file prints, through a temporary file.
std::string cat_text(const std::string& path, const CatOptions& o, bool* ok = nullptr) {
  TempDir dir;
  const std::string out = dir.file("out.txt");
  std::FILE* f = std::fopen(out.c_str(), "wb");
  auto s = cat_file(path, o, f);
  std::fclose(f);
  if (ok != nullptr) *ok = static_cast<bool>(s);
  return read_all(out);
}

TEST(ToolsAppend, TwoPartsEqualOneImport) {
  TempDir dir;
  const std::string whole = book_npy(5, 3001);
  const size_t header = npy_header_bytes(CDD_DTYPE_FLOAT32, {3001, 50, 3}).size();
  const size_t row = 50 * 3 * 4;
  // First 1200 rows imported, the other 1801 appended.
  write_all(dir.file("a.npy"), npy_header_bytes(CDD_DTYPE_FLOAT32, {1200, 50, 3}) + whole.substr(header, 1200 * row));
  write_all(dir.file("b.npy"), npy_header_bytes(CDD_DTYPE_FLOAT32, {1801, 50, 3}) + whole.substr(header + 1200 * row));
  write_all(dir.file("whole.npy"), whole);
  ImportOptions o = quiet();
  o.chunk_rows = 256;
  ASSERT_TRUE(import_npy(dir.file("a.npy"), dir.file("x.cdd"), o));
  auto n = append_npy(dir.file("x.cdd"), dir.file("b.npy"), false);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 1801u);
  EXPECT_EQ(rows_of(dir.file("x.cdd")), 3001u);
  EXPECT_EQ(cdd_verify_file(dir.file("x.cdd").c_str()), CDD_OK) << cdd_last_error_message();
  ASSERT_TRUE(export_npy(dir.file("x.cdd"), dir.file("back.npy"), RowRange{}, false));
  EXPECT_EQ(read_all(dir.file("back.npy")), whole);
}

TEST(ToolsAppend, OneDimensionalNpyAppendsScalarRows) {
  TempDir dir;
  std::vector<int64_t> ts(500);
  for (size_t i = 0; i < ts.size(); ++i) ts[i] = 1'700'000'000'000 + static_cast<int64_t>(i * i % 97) + static_cast<int64_t>(i) * 100;
  write_all(dir.file("ts.npy"), npy_bytes(CDD_DTYPE_INT64, {500}, ts));
  ImportOptions o = quiet();
  o.codec = CDD_CODEC_DELTA;
  ASSERT_TRUE(import_npy(dir.file("ts.npy"), dir.file("ts.cdd"), o));
  ASSERT_TRUE(append_npy(dir.file("ts.cdd"), dir.file("ts.npy"), false));
  EXPECT_EQ(rows_of(dir.file("ts.cdd")), 1000u);
}

TEST(ToolsAppend, MismatchesAreRefusedBeforeWriting) {
  TempDir dir;
  write_all(dir.file("book.npy"), book_npy(2, 100));
  ASSERT_TRUE(import_npy(dir.file("book.npy"), dir.file("book.cdd"), quiet()));
  const std::string before = read_all(dir.file("book.cdd"));

  write_all(dir.file("f64.npy"), npy_bytes(CDD_DTYPE_FLOAT64, {2, 50, 3}, std::vector<double>(300, 1.5)));
  auto r = append_npy(dir.file("book.cdd"), dir.file("f64.npy"), false);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, CDD_E_INVALID_ARGUMENT);
  EXPECT_NE(r.error().message.find("holds float64 values"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("stores float32"), std::string::npos) << r.error().message;

  write_all(dir.file("shape.npy"), npy_bytes(CDD_DTYPE_FLOAT32, {2, 50, 2}, std::vector<float>(200, 1.f)));
  r = append_npy(dir.file("book.cdd"), dir.file("shape.npy"), false);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("rows of shape (50, 2)"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("stores rows of shape (50, 3)"), std::string::npos) << r.error().message;

  std::string cut = book_npy(3, 10);
  write_all(dir.file("cut.npy"), cut.substr(0, cut.size() - 700));  // 9 whole rows and part of the 10th
  r = append_npy(dir.file("book.cdd"), dir.file("cut.npy"), false);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, CDD_E_FORMAT);
  EXPECT_NE(r.error().message.find("nothing appended"), std::string::npos) << r.error().message;

  write_all(dir.file("bad.npy"), "not an npy file at all");
  EXPECT_FALSE(append_npy(dir.file("book.cdd"), dir.file("bad.npy"), false));
  EXPECT_FALSE(append_npy(dir.file("missing.cdd"), dir.file("book.npy"), false));
  EXPECT_EQ(read_all(dir.file("book.cdd")), before);  // untouched by every refusal
}

TEST(ToolsCat, ValuesAreExact) {
  const float f32 = 0.1f;
  uint16_t h = 0x3c00;  // 1.0
  unsigned char buf[8];
  std::memcpy(buf, &f32, 4);
  EXPECT_EQ(format_value(CDD_DTYPE_FLOAT32, buf), "0.100000001");
  std::memcpy(buf, &h, 2);
  EXPECT_EQ(format_value(CDD_DTYPE_FLOAT16, buf), "1");
  h = 0x0001;  // the smallest float16 subnormal
  std::memcpy(buf, &h, 2);
  EXPECT_EQ(format_value(CDD_DTYPE_FLOAT16, buf), "5.9605e-08");
  h = 0xfc00;
  std::memcpy(buf, &h, 2);
  EXPECT_EQ(format_value(CDD_DTYPE_FLOAT16, buf), "-inf");
  h = 0x7e01;
  std::memcpy(buf, &h, 2);
  EXPECT_EQ(format_value(CDD_DTYPE_FLOAT16, buf), "nan");
  h = 0x8000;
  std::memcpy(buf, &h, 2);
  EXPECT_EQ(format_value(CDD_DTYPE_FLOAT16, buf), "-0");
  const int64_t big = std::numeric_limits<int64_t>::min();
  std::memcpy(buf, &big, 8);
  EXPECT_EQ(format_value(CDD_DTYPE_INT64, buf), "-9223372036854775808");
  const double d = 60000.123456789012;
  std::memcpy(buf, &d, 8);
  EXPECT_EQ(std::stod(format_value(CDD_DTYPE_FLOAT64, buf)), d);
}

TEST(ToolsCat, TableBookAndCsv) {
  TempDir dir;
  std::vector<float> feats(7 * 4);
  for (size_t i = 0; i < feats.size(); ++i) feats[i] = static_cast<float>(i) * 0.5f - 3.f;
  write_all(dir.file("f.npy"), npy_bytes(CDD_DTYPE_FLOAT32, {7, 4}, feats));
  ASSERT_TRUE(import_npy(dir.file("f.npy"), dir.file("f.cdd"), quiet()));
  CatOptions o;
  o.rows.start = 5;
  std::string t = cat_text(dir.file("f.cdd"), o);
  EXPECT_EQ(t, "row  0    1   2     3\n"
               "  5  7  7.5   8   8.5\n"
               "  6  9  9.5  10  10.5\n");
  EXPECT_NE(t.find("10.5"), std::string::npos);
  EXPECT_EQ(t.find("\n  4 "), std::string::npos);  // row 4 is outside 5:
  o.csv = true;
  EXPECT_EQ(cat_text(dir.file("f.cdd"), o), "row,0,1,2,3\n5,7,7.5,8,8.5\n6,9,9.5,10,10.5\n");
  o.header = false;
  o.rows.start = -1;
  EXPECT_EQ(cat_text(dir.file("f.cdd"), o), "6,9,9.5,10,10.5\n");

  write_all(dir.file("book.npy"), book_npy(9, 30));
  ASSERT_TRUE(import_npy(dir.file("book.npy"), dir.file("book.cdd"), quiet()));
  CatOptions b;
  b.rows.start = 2;
  b.rows.end = 4;
  const std::string table = cat_text(dir.file("book.cdd"), b);
  EXPECT_NE(table.find("row 2\n"), std::string::npos);
  EXPECT_NE(table.find("row 3\n"), std::string::npos);
  EXPECT_NE(table.find("level"), std::string::npos);
  EXPECT_NE(table.find("price"), std::string::npos);
  b.csv = true;
  const std::string csv = cat_text(dir.file("book.cdd"), b);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 2 * 50);
  EXPECT_EQ(csv.rfind("row,level,price,size,count\n2,0,", 0), 0u) << csv.substr(0, 80);
  // The CSV values are the stored floats exactly.
  cdd::gen::OrderBookGenerator g(9);
  const std::vector<float> want = g.orderbook_f32(30);
  const size_t first = csv.find('\n') + 1;
  const std::string line = csv.substr(first, csv.find('\n', first) - first);  // row 2, level 0
  EXPECT_EQ(line, "2,0," + format_value(CDD_DTYPE_FLOAT32, reinterpret_cast<const unsigned char*>(&want[2 * 150])) +
                      "," + format_value(CDD_DTYPE_FLOAT32, reinterpret_cast<const unsigned char*>(&want[2 * 150 + 1])) +
                      "," + format_value(CDD_DTYPE_FLOAT32, reinterpret_cast<const unsigned char*>(&want[2 * 150 + 2])));

  bool ok = true;
  CatOptions bad;
  bad.rows.start = 10;
  bad.rows.end = 40;
  cat_text(dir.file("book.cdd"), bad, &ok);
  EXPECT_FALSE(ok);
  cat_text(dir.file("missing.cdd"), CatOptions{}, &ok);
  EXPECT_FALSE(ok);
}

TEST(ToolsProgress, LineShowsRowsRateAndEta) {
  Progress p("import-npy", 1000, 600, false);
  EXPECT_EQ(p.line(250, 2.0), "import-npy: 250 / 1,000 rows (25.0%)  0.1 MB/s  ETA 0:00:06");
  EXPECT_EQ(p.line(1000, 4.0), "import-npy: 1,000 / 1,000 rows (100.0%)  0.1 MB/s  ETA 0:00:00");
  EXPECT_EQ(p.line(0, 0.0), "import-npy: 0 / 1,000 rows (0.0%)  0.0 MB/s  ETA ?");
  Progress v("verify", 4'000'000, 1, false, 20'000);
  EXPECT_EQ(v.line(1'000'000, 0.5), "verify: 1.0 / 4.0 MB (25.0%, ~5,000 / 20,000 rows)  2.0 MB/s  ETA 0:00:02");
}

}  // namespace
