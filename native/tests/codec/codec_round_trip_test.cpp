// codec_round_trip_test.cpp — every generic codec x every stage x every dtype round-trips bit-exact, on
// realistic data (the order-book generator) and on edge cases (one row, one element, constant, random,
// extreme values, odd shapes, unaligned buffers).
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "codec_test_util.hpp"

namespace cdd::test {
namespace {

struct Variant {
  uint16_t type;
  uint64_t stage;  // CDD_FLAG_ZSTD, CDD_FLAG_LZ4 or 0
};

const std::vector<Variant>& variants() {
  static const std::vector<Variant> v = {
      {CDD_CODEC_RAW, 0},           {CDD_CODEC_ZSTD, CDD_FLAG_ZSTD},    {CDD_CODEC_LZ4, CDD_FLAG_LZ4},
      {CDD_CODEC_SHUFFLE, 0},       {CDD_CODEC_SHUFFLE, CDD_FLAG_ZSTD}, {CDD_CODEC_SHUFFLE, CDD_FLAG_LZ4},
      {CDD_CODEC_DELTA, 0},         {CDD_CODEC_DELTA, CDD_FLAG_ZSTD},   {CDD_CODEC_DELTA, CDD_FLAG_LZ4},
  };
  return v;
}

const uint16_t kAllDtypes[] = {CDD_DTYPE_FLOAT16, CDD_DTYPE_BFLOAT16, CDD_DTYPE_FLOAT32, CDD_DTYPE_FLOAT64,
                               CDD_DTYPE_INT8,    CDD_DTYPE_INT16,    CDD_DTYPE_INT32,   CDD_DTYPE_INT64,
                               CDD_DTYPE_UINT8,   CDD_DTYPE_UINT16,   CDD_DTYPE_UINT32,  CDD_DTYPE_UINT64};

bool applies(const Variant& v, uint16_t dtype) { return v.type != CDD_CODEC_DELTA || dtype_is_integer(dtype); }

std::string label(const Variant& v, uint16_t dtype) {
  return std::string(cdd_codec_name(v.type)) + (v.stage == CDD_FLAG_ZSTD ? "+ZSTD" : v.stage == CDD_FLAG_LZ4 ? "+LZ4" : "") +
         " " + cdd_dtype_name(dtype);
}

// Encodes then decodes `a` with `v` at `level`; returns the payload size. `prefix` bytes already in the
// output vector must be left alone.
size_t expect_round_trip(const Array& a, const Variant& v, int level = 3, size_t prefix = 0) {
  SCOPED_TRACE(label(v, a.dtype) + " rows=" + std::to_string(a.rows));
  const Codec& c = codec_of(v.type);
  const ChunkDesc d = desc_of(a, v.stage);
  EXPECT_TRUE(c.check(a.dtype, a.row_shape, d.flags).has_value());
  std::vector<std::byte> out(prefix, std::byte{0x5a});
  auto st = c.encode(d, a.bytes, level, out);
  EXPECT_TRUE(st.has_value()) << (st ? "" : st.error().message);
  for (size_t i = 0; i < prefix; ++i) EXPECT_EQ(out[i], std::byte{0x5a});
  std::span<const std::byte> payload = std::span<const std::byte>(out).subspan(prefix);
  std::vector<std::byte> back(a.bytes.size() + 1, std::byte{0xee});  // one guard byte
  auto dst = c.decode(d, payload, std::span<std::byte>(back).first(a.bytes.size()));
  EXPECT_TRUE(dst.has_value()) << (dst ? "" : dst.error().message);
  EXPECT_EQ(back.back(), std::byte{0xee}) << "decode wrote past its output";
  back.pop_back();
  EXPECT_TRUE(back == a.bytes) << "decoded bytes differ";
  return payload.size();
}

TEST(CodecRoundTrip, RealisticEveryCodecEveryDtype) {
  for (uint16_t dtype : kAllDtypes) {
    const Array a = realistic(dtype, 700, 11);
    ASSERT_EQ(a.bytes.size(), a.rows * a.row_bytes());
    for (const Variant& v : variants()) {
      if (applies(v, dtype)) expect_round_trip(a, v);
    }
  }
}

TEST(CodecRoundTrip, OrderBookFloat32AndFloat16) {
  for (const Array& a : {orderbook_f32(2000, 3), orderbook_f16(2000, 3)}) {
    for (const Variant& v : variants()) {
      if (!applies(v, a.dtype)) continue;
      const size_t stored = expect_round_trip(a, v);
      if (v.stage != 0) {
        EXPECT_LT(stored, a.bytes.size()) << label(v, a.dtype) << " did not compress a real book";
      }
    }
  }
}

TEST(CodecRoundTrip, SingleRowAndSingleElement) {
  for (uint16_t dtype : kAllDtypes) {
    const Array one_row = realistic(dtype, 1, 5);
    const Array one_elem = synthetic(dtype, {1}, 1, [](size_t i) { return 0x81 + i; });
    for (const Variant& v : variants()) {
      if (!applies(v, dtype)) continue;
      expect_round_trip(one_row, v);
      expect_round_trip(one_elem, v);
    }
  }
}

TEST(CodecRoundTrip, ConstantRandomAndExtremeValues) {
  std::mt19937_64 rng(7);
  for (uint16_t dtype : kAllDtypes) {
    const Array zeros = synthetic(dtype, {7, 3}, 257, [](size_t) { return 0; });
    const Array ones = synthetic(dtype, {7, 3}, 257, [](size_t) { return 0xff; });  // -1 / max / NaN
    const Array noise = synthetic(dtype, {13}, 333, [&](size_t) { return rng() & 0xff; });
    // Alternating max/min-ish bytes: every delta wraps.
    const Array wrap = synthetic(dtype, {5}, 64, [&](size_t i) { return ((i / (5 * dtype_bytes(dtype))) & 1) ? 0x80 : 0x7f; });
    for (const Variant& v : variants()) {
      if (!applies(v, dtype)) continue;
      expect_round_trip(zeros, v);
      expect_round_trip(ones, v);
      expect_round_trip(noise, v);
      expect_round_trip(wrap, v);
    }
  }
}

TEST(CodecRoundTrip, HighRankShapeAndAppendToNonEmptyOutput) {
  std::mt19937 rng(3);
  const Array a = synthetic(CDD_DTYPE_INT32, {2, 3, 1, 2, 5, 1, 3}, 19, [&](size_t) { return rng() % 5; });
  for (const Variant& v : variants()) expect_round_trip(a, v, 3, 37);
}

TEST(CodecRoundTrip, LevelsAcrossTheRange) {
  const Array a = realistic(CDD_DTYPE_FLOAT32, 300, 2);
  for (int level : {-1000000, -5, -1, 0, 1, 3, 9, 19, 22, 1000}) {
    SCOPED_TRACE("level " + std::to_string(level));
    expect_round_trip(a, {CDD_CODEC_ZSTD, CDD_FLAG_ZSTD}, level);
    expect_round_trip(a, {CDD_CODEC_SHUFFLE, CDD_FLAG_ZSTD}, level);
    expect_round_trip(a, {CDD_CODEC_LZ4, CDD_FLAG_LZ4}, level);
    expect_round_trip(a, {CDD_CODEC_SHUFFLE, CDD_FLAG_LZ4}, level);
  }
}

TEST(CodecRoundTrip, UnalignedInputAndOutput) {
  const Array a = realistic(CDD_DTYPE_INT64, 129, 9);
  for (const Variant& v : variants()) {
    SCOPED_TRACE(label(v, a.dtype));
    const Codec& c = codec_of(v.type);
    const ChunkDesc d = desc_of(a, v.stage);
    std::vector<std::byte> in(a.bytes.size() + 3);
    std::memcpy(in.data() + 3, a.bytes.data(), a.bytes.size());
    std::vector<std::byte> out;
    ASSERT_TRUE(c.encode(d, std::span<const std::byte>(in).subspan(3), 3, out).has_value());
    std::vector<std::byte> back(a.bytes.size() + 5);
    ASSERT_TRUE(c.decode(d, out, std::span<std::byte>(back).subspan(5)).has_value());
    EXPECT_EQ(std::memcmp(back.data() + 5, a.bytes.data(), a.bytes.size()), 0);
  }
}

TEST(CodecRoundTrip, ShuffleLayoutMatchesTheSpec) {
  // FORMAT §5.4: out[b*m + i] = in[i*s + b]; SHUFFLE without a stage stores exactly that.
  const Array a = synthetic(CDD_DTYPE_UINT32, {3}, 2, [](size_t i) { return i; });  // 6 elements
  std::vector<std::byte> out;
  ASSERT_TRUE(codec_of(CDD_CODEC_SHUFFLE).encode(desc_of(a, 0), a.bytes, 0, out).has_value());
  ASSERT_EQ(out.size(), 24u);
  for (size_t b = 0; b < 4; ++b) {
    for (size_t i = 0; i < 6; ++i) EXPECT_EQ(std::to_integer<size_t>(out[b * 6 + i]), i * 4 + b);
  }
}

TEST(CodecRoundTrip, DeltaLayoutMatchesTheSpec) {
  // FORMAT §5.5 on int16 rows of 2: row 0 as is, then wrapping differences, then byte-shuffle.
  const int16_t values[] = {100, -32768, 90, 32767, 95, -1};
  Array a;
  a.dtype = CDD_DTYPE_INT16;
  a.row_shape = {2};
  a.rows = 3;
  a.bytes.resize(sizeof values);
  std::memcpy(a.bytes.data(), values, sizeof values);
  std::vector<std::byte> out;
  ASSERT_TRUE(codec_of(CDD_CODEC_DELTA).encode(desc_of(a, 0), a.bytes, 0, out).has_value());
  ASSERT_EQ(out.size(), 12u);
  const uint16_t expect[] = {100, 0x8000, static_cast<uint16_t>(-10), 0xffff, 5, 0x8000};
  for (size_t i = 0; i < 6; ++i) {
    const unsigned lo = std::to_integer<unsigned>(out[i]), hi = std::to_integer<unsigned>(out[6 + i]);
    EXPECT_EQ(lo | (hi << 8), expect[i]) << "element " << i;
  }
}

}  // namespace
}  // namespace cdd::test
