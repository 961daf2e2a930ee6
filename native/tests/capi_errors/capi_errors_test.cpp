// capi_errors_test.cpp — the C ABI's "Versions and errors" and enumeration functions: every status name,
// unknown codes, versions, dtype sizes/names, codec names, and the thread-local last error.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <thread>

#include "cdd/cdd.h"

namespace {

TEST(CapiErrors, EveryStatusHasItsName) {
  const char* names[] = {"CDD_OK",           "CDD_E_INVALID_ARGUMENT", "CDD_E_IO",     "CDD_E_FORMAT",
                         "CDD_E_VERSION",    "CDD_E_CORRUPT",          "CDD_E_UNSUPPORTED", "CDD_E_OUT_OF_RANGE",
                         "CDD_E_NO_MEMORY",  "CDD_E_LOCKED",           "CDD_E_STATE",  "CDD_E_CANCELLED",
                         "CDD_E_CODEC",      "CDD_E_INTERNAL"};
  for (int code = 0; code <= CDD_E_INTERNAL; ++code) EXPECT_STREQ(cdd_status_name(code), names[code]) << code;
}

TEST(CapiErrors, UnknownStatusCodes) {
  for (int code : {-1, 14, 100, -2147483647 - 1, 2147483647}) EXPECT_STREQ(cdd_status_name(code), "CDD_E_UNKNOWN") << code;
}

TEST(CapiErrors, Versions) {
  EXPECT_EQ(cdd_abi_version(), CDD_ABI_VERSION);
  EXPECT_EQ(cdd_format_version(), CDD_FORMAT_VERSION);
  const char* v = cdd_version_string();
  ASSERT_NE(v, nullptr);
  // "major.minor.patch", digits and two dots.
  int dots = 0;
  for (const char* p = v; *p; ++p) {
    if (*p == '.') ++dots;
    else EXPECT_TRUE(*p >= '0' && *p <= '9') << v;
  }
  EXPECT_EQ(dots, 2) << v;
}

TEST(CapiErrors, DtypeSizesAndNames) {
  struct D { int code; size_t size; const char* name; };
  const D all[] = {{CDD_DTYPE_FLOAT16, 2, "float16"}, {CDD_DTYPE_BFLOAT16, 2, "bfloat16"}, {CDD_DTYPE_FLOAT32, 4, "float32"},
                   {CDD_DTYPE_FLOAT64, 8, "float64"}, {CDD_DTYPE_INT8, 1, "int8"},         {CDD_DTYPE_INT16, 2, "int16"},
                   {CDD_DTYPE_INT32, 4, "int32"},     {CDD_DTYPE_INT64, 8, "int64"},       {CDD_DTYPE_UINT8, 1, "uint8"},
                   {CDD_DTYPE_UINT16, 2, "uint16"},   {CDD_DTYPE_UINT32, 4, "uint32"},     {CDD_DTYPE_UINT64, 8, "uint64"}};
  for (const D& d : all) {
    EXPECT_EQ(cdd_dtype_size(d.code), d.size) << d.name;
    EXPECT_STREQ(cdd_dtype_name(d.code), d.name);
  }
  for (int bad : {0, 13, -1, 1000}) {
    EXPECT_EQ(cdd_dtype_size(bad), 0u) << bad;
    EXPECT_EQ(cdd_dtype_name(bad), nullptr) << bad;
  }
}

TEST(CapiErrors, CodecNames) {
  EXPECT_STREQ(cdd_codec_name(CDD_CODEC_RAW), "RAW");
  EXPECT_STREQ(cdd_codec_name(CDD_CODEC_ZSTD), "ZSTD");
  EXPECT_STREQ(cdd_codec_name(CDD_CODEC_LZ4), "LZ4");
  EXPECT_STREQ(cdd_codec_name(CDD_CODEC_SHUFFLE), "SHUFFLE");
  EXPECT_STREQ(cdd_codec_name(CDD_CODEC_DELTA), "DELTA");
  EXPECT_STREQ(cdd_codec_name(CDD_CODEC_OKX_OB_F16), "OKX_OB_F16");
  EXPECT_STREQ(cdd_codec_name(CDD_CODEC_OKX_OB_F32), "OKX_OB_F32");
  EXPECT_STREQ(cdd_codec_name(CDD_CODEC_GENERIC_OB_F16), "GENERIC_OB_F16");
  EXPECT_STREQ(cdd_codec_name(CDD_CODEC_GENERIC_OB_F32), "GENERIC_OB_F32");
  for (int bad : {0, 6, 15, 20, 32768, -1}) EXPECT_EQ(cdd_codec_name(bad), nullptr) << bad;
}

TEST(CapiErrors, LastErrorIsPerThreadAndClears) {
  // A failing call: reading a NULL store.
  cdd_clear_error();
  EXPECT_EQ(cdd_last_error_code(), CDD_OK);
  EXPECT_STREQ(cdd_last_error_message(), "");
  cdd_store* store = nullptr;
  const int rc = cdd_store_memory_wrap(nullptr, 10, &store);
  ASSERT_NE(rc, CDD_OK);
  EXPECT_EQ(cdd_last_error_code(), rc);
  EXPECT_GT(std::strlen(cdd_last_error_message()), 0u);
  std::thread other([] { EXPECT_EQ(cdd_last_error_code(), CDD_OK); EXPECT_STREQ(cdd_last_error_message(), ""); });
  other.join();
  EXPECT_EQ(cdd_last_error_code(), rc);
  cdd_clear_error();
  EXPECT_EQ(cdd_last_error_code(), CDD_OK);
  EXPECT_STREQ(cdd_last_error_message(), "");
}

}  // namespace
