// delta_timestamps_test.cpp — DELTA on the generator's int64 millisecond timestamps: bit-exact, chunks
// decode alone, and the stored size is a few bits per value (printed for the report; a loose bound is
// asserted: this is a property of the format, not a speed).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include "codec_test_util.hpp"

namespace cdd::test {
namespace {

double bits_per_value(const Array& a, uint16_t type, uint64_t stage, int level) {
  std::vector<std::byte> out;
  auto st = codec_of(type).encode(desc_of(a, stage), a.bytes, level, out);
  EXPECT_TRUE(st.has_value());
  std::vector<std::byte> back(a.bytes.size());
  EXPECT_TRUE(codec_of(type).decode(desc_of(a, stage), out, back).has_value());
  EXPECT_TRUE(back == a.bytes);
  return 8.0 * static_cast<double>(out.size()) / static_cast<double>(a.rows);
}

TEST(CodecDelta, TimestampsCompressToAFewBitsEach) {
  const Array ts = timestamps_ms(100000, 21);
  ASSERT_EQ(ts.dtype, CDD_DTYPE_INT64);
  const double delta_zstd = bits_per_value(ts, CDD_CODEC_DELTA, CDD_FLAG_ZSTD, 3);
  const double delta_zstd19 = bits_per_value(ts, CDD_CODEC_DELTA, CDD_FLAG_ZSTD, 19);
  const double delta_lz4 = bits_per_value(ts, CDD_CODEC_DELTA, CDD_FLAG_LZ4, 1);
  const double shuffle_zstd = bits_per_value(ts, CDD_CODEC_SHUFFLE, CDD_FLAG_ZSTD, 3);
  const double zstd = bits_per_value(ts, CDD_CODEC_ZSTD, CDD_FLAG_ZSTD, 3);
  std::printf("[timestamps int64 ms, 100000 rows] bits/value: DELTA+ZSTD(3) %.2f, DELTA+ZSTD(19) %.2f, "
              "DELTA+LZ4 %.2f, SHUFFLE+ZSTD(3) %.2f, ZSTD(3) %.2f\n",
              delta_zstd, delta_zstd19, delta_lz4, shuffle_zstd, zstd);
  RecordProperty("delta_zstd_bits_per_value", std::to_string(delta_zstd));
  EXPECT_LT(delta_zstd, 12.0);
  EXPECT_LT(delta_zstd, shuffle_zstd);
}

TEST(CodecDelta, EveryChunkDecodesAlone) {
  // Splitting a series into chunks: each chunk's row 0 is stored whole, so any chunk decodes without the
  // previous one, and their concatenation equals the series.
  const Array ts = timestamps_ms(1000, 8);
  std::vector<std::byte> joined;
  for (uint64_t start = 0; start < ts.rows; start += 137) {
    Array part = ts;
    part.rows = std::min<uint64_t>(137, ts.rows - start);
    part.bytes.assign(ts.bytes.begin() + static_cast<ptrdiff_t>(start * 8),
                      ts.bytes.begin() + static_cast<ptrdiff_t>((start + part.rows) * 8));
    std::vector<std::byte> payload;
    ASSERT_TRUE(codec_of(CDD_CODEC_DELTA).encode(desc_of(part, CDD_FLAG_ZSTD), part.bytes, 3, payload).has_value());
    std::vector<std::byte> back(part.bytes.size());
    ASSERT_TRUE(codec_of(CDD_CODEC_DELTA).decode(desc_of(part, CDD_FLAG_ZSTD), payload, back).has_value());
    joined.insert(joined.end(), back.begin(), back.end());
  }
  EXPECT_TRUE(joined == ts.bytes);
}

}  // namespace
}  // namespace cdd::test
