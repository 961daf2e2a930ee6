// vectors_conformance_test.cpp — the committed golden files of spec/vectors: each decodes exactly to its
// .npy (whole, by chunk and by row ranges), verifies, matches its manifest parameters, and the reference
// writer given the same rows and parameters reproduces it byte for byte.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <random>
#include <set>

#include "cdd/cdd.h"
#include "ob/filter_params.hpp"
#include "support/temp_dir.hpp"
#include "tools/capi_handles.hpp"
#include "tools/inspect.hpp"
#include "tools/vectors.hpp"

#ifndef CDD_SPEC_VECTORS_DIR
#error "CDD_SPEC_VECTORS_DIR must name spec/vectors"
#endif

namespace cdd::tools {
// Names a vector in test output (instead of its bytes).
void PrintTo(const VectorSpec& spec, std::ostream* os) { *os << spec.name; }
}  // namespace cdd::tools

namespace {

using cdd::tools::VectorSpec;

// memcmp that accepts empty (possibly null) ranges.
bool same(const void* a, const void* b, size_t n) { return n == 0 || std::memcmp(a, b, n) == 0; }

std::string vectors_dir() { return CDD_SPEC_VECTORS_DIR; }

std::vector<std::byte> read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::vector<char> c((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out(c.size());
  if (!c.empty()) std::memcpy(out.data(), c.data(), c.size());
  return out;
}


class VectorsConformance : public ::testing::TestWithParam<VectorSpec> {};

TEST_P(VectorsConformance, DecodesExactlyAndRewritesIdentically) {
  const VectorSpec& spec = GetParam();
  const std::string cdd_path = vectors_dir() + "/" + spec.name + ".cdd";
  const std::vector<std::byte> file = read_bytes(cdd_path);
  const std::vector<std::byte> npy = read_bytes(vectors_dir() + "/" + spec.name + ".npy");
  ASSERT_FALSE(file.empty()) << cdd_path << " missing: run `cdd write-vectors spec/vectors`";
  ASSERT_FALSE(npy.empty());
  const size_t data_bytes = spec.rows() * spec.row_bytes();
  ASSERT_GE(npy.size(), data_bytes);
  const std::byte* expected = npy.data() + (npy.size() - data_bytes);

  // Decoding: the whole array, every chunk, and row ranges that straddle chunks.
  ASSERT_EQ(cdd_verify_file(cdd_path.c_str()), CDD_OK) << cdd_last_error_message();
  auto r = cdd::tools::open_reader(cdd_path);
  ASSERT_TRUE(r) << r.error().message;
  cdd_array_info info{};
  info.struct_size = sizeof info;
  ASSERT_EQ(cdd_reader_info(r->get(), &info), CDD_OK);
  EXPECT_EQ(info.dtype, spec.dtype);
  ASSERT_EQ(info.row_ndim, spec.row_shape.size());
  for (size_t i = 0; i < spec.row_shape.size(); ++i) EXPECT_EQ(info.row_shape[i], spec.row_shape[i]);
  EXPECT_EQ(info.num_rows, spec.rows());
  EXPECT_EQ(info.codec, spec.codec);
  EXPECT_EQ(info.level, spec.level);
  EXPECT_EQ(info.chunk_rows, spec.chunk_rows);
  EXPECT_EQ(info.index_capacity, spec.index_capacity);
  const void* um = nullptr;
  size_t um_size = 0;
  ASSERT_EQ(cdd_reader_user_meta(r->get(), &um, &um_size), CDD_OK);
  EXPECT_EQ(std::string(static_cast<const char*>(um), um_size), spec.user_meta);

  std::vector<std::byte> got(data_bytes);
  ASSERT_EQ(cdd_reader_read_rows(r->get(), 0, spec.rows(), got.data(), got.size()), CDD_OK) << cdd_last_error_message();
  EXPECT_TRUE(same(got.data(), expected, data_bytes)) << "decoded array differs from " << spec.name << ".npy";
  std::vector<std::byte> by_chunk;
  for (uint64_t c = 0; c < info.num_chunks; ++c) {
    cdd_chunk_info ci{};
    ci.struct_size = sizeof ci;
    ASSERT_EQ(cdd_reader_chunk_info(r->get(), c, &ci), CDD_OK);
    std::vector<std::byte> chunk(ci.rows * info.row_bytes);
    ASSERT_EQ(cdd_reader_read_chunk(r->get(), c, chunk.data(), chunk.size()), CDD_OK) << cdd_last_error_message();
    by_chunk.insert(by_chunk.end(), chunk.begin(), chunk.end());
  }
  EXPECT_TRUE(by_chunk.size() == data_bytes && same(by_chunk.data(), expected, data_bytes))
      << "chunk-by-chunk decode differs";
  for (uint64_t start = 0; start < spec.rows(); start += 7) {
    const uint64_t end = std::min(spec.rows(), start + 13);
    std::vector<std::byte> part((end - start) * info.row_bytes);
    ASSERT_EQ(cdd_reader_read_rows(r->get(), start, end, part.data(), part.size()), CDD_OK);
    ASSERT_EQ(std::memcmp(part.data(), expected + start * info.row_bytes, part.size()), 0) << start << ":" << end;
  }

  // The rows are the generator's (exactly, for lossless codecs).
  if (!cdd::tools::vector_is_lossy(spec)) {
    const std::vector<std::byte> rows = cdd::tools::vector_rows(spec);
    ASSERT_EQ(rows.size(), data_bytes);
    EXPECT_TRUE(same(rows.data(), expected, data_bytes)) << "the .npy is not the vector's rows";
  }

  // The reference writer reproduces the file byte for byte.
  cdd::test::TempDir scratch("cdd-vectors");
  auto rewritten = cdd::tools::write_vector_cdd(spec, scratch.str());
  ASSERT_TRUE(rewritten) << rewritten.error().message;
  ASSERT_EQ(rewritten->size(), file.size()) << "rewrite of " << spec.name << " has another size";
  EXPECT_TRUE(same(rewritten->data(), file.data(), file.size())) << "rewrite of " << spec.name << " differs";
  // And the expected .npy is exactly what the generator derives from it.
  auto npy_again = cdd::tools::vector_expected_npy(spec, file);
  ASSERT_TRUE(npy_again) << npy_again.error().message;
  EXPECT_TRUE(npy_again->size() == npy.size() && same(npy_again->data(), npy.data(), npy.size()));
}

std::string vector_name(const ::testing::TestParamInfo<VectorSpec>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Spec, VectorsConformance, ::testing::ValuesIn(cdd::tools::vector_specs()), vector_name);

TEST(VectorsManifest, MatchesTheTableAndTheFiles) {
  std::vector<std::vector<std::byte>> files;
  for (const VectorSpec& s : cdd::tools::vector_specs()) files.push_back(read_bytes(vectors_dir() + "/" + s.name + ".cdd"));
  const std::vector<std::byte> manifest = read_bytes(vectors_dir() + "/manifest.json");
  const std::string want = cdd::tools::vectors_manifest(files);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(manifest.data()), manifest.size()), want)
      << "spec/vectors/manifest.json is stale: run `cdd write-vectors spec/vectors`";
}

TEST(VectorsManifest, CoversEveryDtypeCodecAndIndexType) {
  std::set<int> dtypes, codecs;
  std::set<uint64_t> stages;
  std::set<uint8_t> ob_filters;
  bool multi_block = false, user_meta = false, empty = false;
  for (const VectorSpec& s : cdd::tools::vector_specs()) {
    dtypes.insert(s.dtype);
    codecs.insert(s.codec);
    stages.insert(s.codec_flags & (CDD_FLAG_LZ4 | CDD_FLAG_ZSTD));
    multi_block |= s.index_capacity < 8;
    user_meta |= !s.user_meta.empty();
    empty |= s.rows() == 0;
    if (s.codec >= CDD_CODEC_OKX_OB_F16 && s.codec_params.size() == 1) ob_filters.insert(s.codec_params[0]);
  }
  EXPECT_EQ(ob_filters.size(), size_t{cdd::ob::kFilterCount}) << "every order-book filter (CODECS.md §3) has a vector";
  EXPECT_EQ(dtypes.size(), 12u);
  for (int c : {CDD_CODEC_RAW, CDD_CODEC_ZSTD, CDD_CODEC_LZ4, CDD_CODEC_SHUFFLE, CDD_CODEC_DELTA, CDD_CODEC_OKX_OB_F16,
                CDD_CODEC_OKX_OB_F32, CDD_CODEC_GENERIC_OB_F16, CDD_CODEC_GENERIC_OB_F32}) {
    EXPECT_TRUE(codecs.count(c)) << "no vector for codec " << c;
  }
  EXPECT_EQ(stages.size(), 3u);
  EXPECT_TRUE(multi_block && user_meta && empty);

  std::set<uint16_t> index_types;
  for (const char* name : {"chain_raw_index", "chain_lz4_index"}) {
    auto chain = cdd::tools::read_index_chain(vectors_dir() + "/" + name + ".cdd");
    ASSERT_TRUE(chain) << chain.error().message;
    EXPECT_GE(chain->size(), 3u) << name;
    for (const auto& b : *chain) index_types.insert(b.type);
  }
  EXPECT_TRUE(index_types.count(1)) << "no RAW index block among the vectors";
  EXPECT_TRUE(index_types.count(2)) << "no LZ4 index block among the vectors";
}

}  // namespace
