// npy_test.cpp — .npy headers: byte-identical to np.save's for the shapes the CLI writes, and every
// malformed or unsupported header refused with a message naming what was found.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "cdd/cdd.h"
#include "tools/npy.hpp"

namespace {

using cdd::tools::npy_header_bytes;
using cdd::tools::parse_npy_dict;
using cdd::tools::read_npy_header;

// np.save output (numpy 2.x) is 128 bytes for these arrays: 10-byte v1 prefix, the dict, space padding,
// '\n'. The expected strings are spelled out here, not computed by the code under test.
std::string numpy_v1(const std::string& dict) {
  std::string out("\x93NUMPY\x01\x00\x76\x00", 10);
  out += dict;
  out.append(127 - out.size(), ' ');
  return out + "\n";
}

TEST(ToolsNpy, HeaderMatchesNumpyByteForByte) {
  EXPECT_EQ(npy_header_bytes(CDD_DTYPE_FLOAT32, {1000, 50, 3}),
            numpy_v1("{'descr': '<f4', 'fortran_order': False, 'shape': (1000, 50, 3), }"));
  EXPECT_EQ(npy_header_bytes(CDD_DTYPE_INT64, {7}), numpy_v1("{'descr': '<i8', 'fortran_order': False, 'shape': (7,), }"));
  EXPECT_EQ(npy_header_bytes(CDD_DTYPE_UINT8, {0, 5}),
            numpy_v1("{'descr': '|u1', 'fortran_order': False, 'shape': (0, 5), }"));
  EXPECT_EQ(npy_header_bytes(CDD_DTYPE_FLOAT16, {12345678901ull, 2}),
            numpy_v1("{'descr': '<f2', 'fortran_order': False, 'shape': (12345678901, 2), }"));
}

TEST(ToolsNpy, HeaderIsAlignedForEveryShape) {
  for (uint64_t n : {0ull, 1ull, 99ull, 123456789ull}) {
    for (size_t dims = 0; dims <= 7; ++dims) {
      std::vector<uint64_t> shape{n};
      for (size_t d = 0; d < dims; ++d) shape.push_back(d + 2);
      const std::string h = npy_header_bytes(CDD_DTYPE_INT16, shape);
      EXPECT_EQ(h.size() % 64, 0u);
      EXPECT_EQ(h.back(), '\n');
      auto parsed = parse_npy_dict(h.substr(10, h.size() - 10), "x.npy");
      ASSERT_TRUE(parsed) << parsed.error().message;
      EXPECT_EQ(parsed->shape, shape);
      EXPECT_EQ(parsed->dtype, CDD_DTYPE_INT16);
    }
  }
}

TEST(ToolsNpy, ParsesEveryDtypeAndTheVariantsNumpyWrites) {
  const std::pair<const char*, int> cases[] = {
      {"<f2", CDD_DTYPE_FLOAT16}, {"<f4", CDD_DTYPE_FLOAT32}, {"<f8", CDD_DTYPE_FLOAT64}, {"|i1", CDD_DTYPE_INT8},
      {"<i2", CDD_DTYPE_INT16},   {"<i4", CDD_DTYPE_INT32},   {"<i8", CDD_DTYPE_INT64},   {"|u1", CDD_DTYPE_UINT8},
      {"<u2", CDD_DTYPE_UINT16},  {"<u4", CDD_DTYPE_UINT32},  {"<u8", CDD_DTYPE_UINT64},
  };
  for (const auto& [descr, dtype] : cases) {
    auto h = parse_npy_dict(std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': (3, 4), }", "a");
    ASSERT_TRUE(h) << descr << ": " << h.error().message;
    EXPECT_EQ(h->dtype, dtype) << descr;
    EXPECT_EQ(cdd::tools::npy_descr(dtype), descr);
  }
  // Key order, spacing, no trailing comma, double quotes, a 1-D Fortran array (same bytes as C order).
  auto h = parse_npy_dict("{\"shape\":(5,),\"fortran_order\":True,\"descr\":\"<u2\"}", "a");
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(h->shape, std::vector<uint64_t>{5});
  EXPECT_EQ(cdd::tools::npy_descr(CDD_DTYPE_BFLOAT16), "");
}

TEST(ToolsNpy, RefusesUnsupportedArraysNamingThem) {
  struct Case {
    const char* dict;
    cdd_status code;
    const char* words;
  };
  const Case cases[] = {
      {"{'descr': '>f4', 'fortran_order': False, 'shape': (3,), }", CDD_E_UNSUPPORTED, "big-endian"},
      {"{'descr': '<c8', 'fortran_order': False, 'shape': (3,), }", CDD_E_UNSUPPORTED, "'<c8'"},
      {"{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", CDD_E_UNSUPPORTED, "'|b1'"},
      {"{'descr': '<f4', 'fortran_order': True, 'shape': (3, 2), }", CDD_E_UNSUPPORTED, "Fortran"},
      {"{'descr': '<f4', 'fortran_order': False, }", CDD_E_FORMAT, "missing"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (3, -2), }", CDD_E_FORMAT, "dimension"},
      {"{'descr': '<f4', 'fortran_order': Maybe, 'shape': (3,), }", CDD_E_FORMAT, "True or False"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'x': 1}", CDD_E_FORMAT, "unexpected key 'x'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", CDD_E_FORMAT, "too large"},
      {"['descr']", CDD_E_FORMAT, "expected '{'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (3,)} trailing", CDD_E_FORMAT, "after the dict"},
  };
  for (const auto& c : cases) {
    auto h = parse_npy_dict(c.dict, "bad.npy");
    ASSERT_FALSE(h) << c.dict;
    EXPECT_EQ(h.error().code, c.code) << c.dict;
    EXPECT_NE(h.error().message.find(c.words), std::string::npos) << h.error().message;
    EXPECT_NE(h.error().message.find("bad.npy"), std::string::npos) << h.error().message;
  }
}

// Writes `bytes` to a temporary file and reads its header.
cdd::Result<cdd::tools::NpyHeader> header_of(const std::string& bytes) {
  std::FILE* f = std::tmpfile();
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::rewind(f);
  auto h = read_npy_header(f, "t.npy");
  std::fclose(f);
  return h;
}

TEST(ToolsNpy, ReadsVersionsOneTwoAndThree) {
  const std::string dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }      \n";
  std::string v1("\x93NUMPY\x01\x00", 8);
  v1 += static_cast<char>(dict.size());
  v1 += '\0';
  for (int major : {2, 3}) {
    std::string v("\x93NUMPY", 6);
    v += static_cast<char>(major);
    v += '\0';
    v += static_cast<char>(dict.size());
    v += std::string(3, '\0');
    auto h = header_of(v + dict);
    ASSERT_TRUE(h) << h.error().message;
    EXPECT_EQ(h->data_offset, 12 + dict.size());
    EXPECT_EQ(h->shape, (std::vector<uint64_t>{2, 3}));
  }
  auto h = header_of(v1 + dict);
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(h->data_offset, 10 + dict.size());
  EXPECT_EQ(h->elements(), 6u);
}

TEST(ToolsNpy, RefusesBadMagicVersionAndTruncation) {
  auto h = header_of("PK\x03\x04 not numpy at all");
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().code, CDD_E_FORMAT);
  EXPECT_NE(h.error().message.find("not a .npy"), std::string::npos);

  h = header_of(std::string("\x93NUMPY\x04\x00\x10\x00", 10) + std::string(16, ' '));
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().code, CDD_E_VERSION);
  EXPECT_NE(h.error().message.find("4.0"), std::string::npos);

  h = header_of(std::string("\x93NUMPY\x01\x00\x76\x00{'descr'", 18));
  ASSERT_FALSE(h);
  EXPECT_NE(h.error().message.find("truncated"), std::string::npos);

  h = header_of(std::string("\x93NUM", 5));
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().code, CDD_E_FORMAT);
}

}  // namespace
