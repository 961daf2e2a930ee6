// roundtrip_test.cpp — write then read back every dtype with every generic codec on realistic data,
// through memory and file stores, fixed and adaptive chunking, N not a multiple of the chunk size.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <tuple>

#include "codec/codec.hpp"
#include "core/dtype.hpp"
#include "io/reader.hpp"
#include "io/writer.hpp"
#include "store/file_store.hpp"
#include "support/test_data.hpp"

namespace cdd {
namespace {

struct CodecCase {
  uint16_t codec;
  uint64_t flags;
  const char* name;
};

const CodecCase kCodecs[] = {
    {CDD_CODEC_RAW, 0, "RAW"},
    {CDD_CODEC_ZSTD, CDD_FLAG_ZSTD, "ZSTD"},
    {CDD_CODEC_LZ4, CDD_FLAG_LZ4, "LZ4"},
    {CDD_CODEC_SHUFFLE, CDD_FLAG_ZSTD, "SHUFFLE_ZSTD"},
    {CDD_CODEC_SHUFFLE, CDD_FLAG_LZ4, "SHUFFLE_LZ4"},
    {CDD_CODEC_SHUFFLE, 0, "SHUFFLE"},
    {CDD_CODEC_DELTA, CDD_FLAG_ZSTD, "DELTA_ZSTD"},
};

const uint16_t kDtypes[] = {CDD_DTYPE_FLOAT16, CDD_DTYPE_BFLOAT16, CDD_DTYPE_FLOAT32, CDD_DTYPE_FLOAT64,
                            CDD_DTYPE_INT8,    CDD_DTYPE_INT16,    CDD_DTYPE_INT32,   CDD_DTYPE_INT64,
                            CDD_DTYPE_UINT8,   CDD_DTYPE_UINT16,   CDD_DTYPE_UINT32,  CDD_DTYPE_UINT64};

// Every dtype with every codec that accepts it (DELTA: integer dtypes only).
std::vector<std::tuple<uint16_t, CodecCase>> cases() {
  std::vector<std::tuple<uint16_t, CodecCase>> out;
  for (uint16_t d : kDtypes) {
    for (const CodecCase& c : kCodecs) {
      if (c.codec != CDD_CODEC_DELTA || dtype_is_integer(d)) out.emplace_back(d, c);
    }
  }
  return out;
}

class IoRoundTrip : public ::testing::TestWithParam<std::tuple<uint16_t, CodecCase>> {};

TEST_P(IoRoundTrip, FixedAndAdaptiveChunks) {
  auto [dtype, cc] = GetParam();
  // The generic codecs are built into every configuration: a missing one is a failure, not a skip.
  ASSERT_NE(find_codec(cc.codec), nullptr) << "codec " << cc.name << " is not registered";
  const uint64_t rows = 1237;  // not a multiple of any chunk size used
  test::Array a = test::realistic(dtype, rows, 7 + dtype);
  for (uint32_t chunk_rows : {0u, 100u}) {
    WriterOptions o;
    o.codec = cc.codec;
    o.codec_flags = cc.flags;
    o.chunk_rows = chunk_rows;
    o.index_capacity = 4;  // several index blocks
    auto store = test::write_memory(a, o, 333);
    auto r = Reader::open(store);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_EQ((*r)->num_rows(), rows);
    EXPECT_EQ((*r)->num_index_blocks() > 1, (*r)->num_chunks() > 4);
    std::vector<std::byte> back(a.bytes.size());
    ASSERT_TRUE((*r)->read_rows(0, rows, back).has_value());
    EXPECT_EQ(back, a.bytes) << cc.name << " dtype " << dtype << " chunk_rows " << chunk_rows;
    // A slice across chunk boundaries, with partial first and last chunks.
    uint64_t rb = a.row_bytes();
    std::vector<std::byte> part(500 * rb);
    auto st = (*r)->read_rows(333, 833, part);
    ASSERT_TRUE(st.has_value()) << st.error().message;
    EXPECT_TRUE(std::equal(part.begin(), part.end(), a.bytes.begin() + 333 * rb));
  }
}

INSTANTIATE_TEST_SUITE_P(AllDtypesCodecs, IoRoundTrip,
                         ::testing::ValuesIn(cases()),
                         [](const auto& info) {
                           return std::string(std::get<1>(info.param).name) + "_dtype" +
                                  std::to_string(std::get<0>(info.param));
                         });

TEST(IoRoundTrip, FileStoreOrderBook) {
  auto path = std::filesystem::path(test::temp_file("io_rt"));
  test::Array a = test::orderbook_f32(3001, 3);
  {
    auto store = open_file_store(path.string(), FileMode::kCreate);
    ASSERT_TRUE(store.has_value()) << store.error().message;
    WriterOptions o;
    o.dtype = a.dtype;
    o.row_shape = a.row_shape;
    o.codec = CDD_CODEC_RAW;
    o.codec_flags = 0;
    o.chunk_rows = 64;
    o.index_capacity = 8;
    o.sync = true;
    auto w = Writer::create(*store, o);
    ASSERT_TRUE(w.has_value()) << w.error().message;
    ASSERT_TRUE((*w)->append(a.bytes, a.rows).has_value());
    ASSERT_TRUE((*w)->close().has_value());
  }
  auto store = open_file_store(path.string(), FileMode::kRead);
  ASSERT_TRUE(store.has_value());
  EXPECT_EQ(test::read_all(*store), a.bytes);
  std::filesystem::remove(path);
}

TEST(IoRoundTrip, AdaptiveChunksAimAtTarget) {
  const uint16_t codec = find_codec(CDD_CODEC_SHUFFLE) ? CDD_CODEC_SHUFFLE : CDD_CODEC_RAW;
  test::Array a = test::orderbook_f32(6000, 11);
  WriterOptions o;
  o.codec = codec;
  o.codec_flags = codec == CDD_CODEC_RAW ? 0 : CDD_FLAG_ZSTD;
  o.chunk_target_bytes = 4096;
  auto store = test::write_memory(a, o, 997);
  auto r = Reader::open(store);
  ASSERT_TRUE(r.has_value());
  uint64_t n = (*r)->num_chunks();
  ASSERT_GT(n, 4u);
  // Every chunk but the last below twice the target, and on average near it (the book's activity, and so
  // its compressibility, varies from chunk to chunk).
  uint64_t total = 0;
  for (uint64_t i = 0; i + 1 < n; ++i) {
    auto h = (*r)->chunk_header(i);
    ASSERT_TRUE(h.has_value()) << h.error().message;
    EXPECT_LT(h->size, 2 * 4096u) << "chunk " << i;
    total += h->size;
  }
  const double mean = static_cast<double>(total) / static_cast<double>(n - 1);
  EXPECT_GT(mean, 0.8 * 4096);
  EXPECT_LT(mean, 1.2 * 4096);
  EXPECT_EQ(test::read_all(store), a.bytes);
}

}  // namespace
}  // namespace cdd
