// decode_range_test.cpp — Codec::decode_range (and decode_prefix) on every generic codec and stage and on
// the order-book codecs' filters: every range [first, end) of a chunk gives exactly those rows of the
// full decode, into an exactly sized buffer (ASan catches overruns), and empty or out-of-chunk ranges
// are refused.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "codec_test_util.hpp"

namespace cdd::test {
namespace {

struct Variant {
  uint16_t type;
  uint64_t stage;
  uint8_t filter;  // order-book codecs: codec_params byte
};

const Variant kVariants[] = {
    {CDD_CODEC_RAW, 0, 0},           {CDD_CODEC_ZSTD, CDD_FLAG_ZSTD, 0},     {CDD_CODEC_LZ4, CDD_FLAG_LZ4, 0},
    {CDD_CODEC_SHUFFLE, CDD_FLAG_ZSTD, 0}, {CDD_CODEC_DELTA, CDD_FLAG_LZ4, 0},
    {CDD_CODEC_OKX_OB_F32, CDD_FLAG_LZ4, 0}, {CDD_CODEC_OKX_OB_F32, CDD_FLAG_ZSTD, 2},
    {CDD_CODEC_OKX_OB_F32, CDD_FLAG_LZ4, 3}, {CDD_CODEC_OKX_OB_F32, CDD_FLAG_LZ4, 4},
    {CDD_CODEC_OKX_OB_F16, CDD_FLAG_LZ4, 4}, {CDD_CODEC_OKX_OB_F16, CDD_FLAG_ZSTD, 0},
    {CDD_CODEC_OKX_OB_F16, CDD_FLAG_LZ4 | CDD_FLAG_DOWN_CAST_16, 4},
};

Array sample_for(const Variant& v) {
  if (v.type == CDD_CODEC_DELTA) return realistic(CDD_DTYPE_INT64, 61, 4);
  if (v.type == CDD_CODEC_OKX_OB_F16 && (v.stage & CDD_FLAG_DOWN_CAST_16) == 0) return orderbook_f16(41, 4);
  return orderbook_f32(41, 4);
}

TEST(CodecDecodeRange, EveryRangeIsThoseRowsOfTheWholeDecode) {
  for (const Variant& v : kVariants) {
    SCOPED_TRACE(std::string(cdd_codec_name(v.type)) + " stage " + std::to_string(v.stage) + " filter " +
                 std::to_string(v.filter));
    const Array a = sample_for(v);
    const std::byte params[] = {std::byte{v.filter}};
    ChunkDesc d = desc_of(a, v.stage);
    if (v.type == CDD_CODEC_OKX_OB_F16 || v.type == CDD_CODEC_OKX_OB_F32) d.codec_params = params;
    const Codec& c = codec_of(v.type);
    std::vector<std::byte> payload;
    auto st = c.encode(d, a.bytes, 3, payload);
    ASSERT_TRUE(st.has_value()) << st.error().message;
    std::vector<std::byte> whole(d.decoded_bytes());
    st = c.decode(d, payload, whole);
    ASSERT_TRUE(st.has_value()) << st.error().message;
    const size_t row_bytes = d.row_elems * d.elem_size;
    for (uint64_t first = 0; first < d.rows; ++first) {
      for (uint64_t end = first + 1; end <= d.rows; ++end) {
        const size_t bytes = (end - first) * row_bytes;
        auto out = std::make_unique<std::byte[]>(bytes);
        st = c.decode_range(d, payload, std::span<std::byte>(out.get(), bytes), first, end);
        ASSERT_TRUE(st.has_value()) << "[" << first << ", " << end << "): " << st.error().message;
        ASSERT_EQ(std::memcmp(out.get(), whole.data() + first * row_bytes, bytes), 0)
            << "rows [" << first << ", " << end << ")";
      }
    }
    auto prefix = std::make_unique<std::byte[]>(3 * row_bytes);
    st = c.decode_prefix(d, payload, std::span<std::byte>(prefix.get(), 3 * row_bytes), 3);
    ASSERT_TRUE(st.has_value()) << st.error().message;
    EXPECT_EQ(std::memcmp(prefix.get(), whole.data(), 3 * row_bytes), 0);
    std::vector<std::byte> big((d.rows + 1) * row_bytes);
    EXPECT_FALSE(c.decode_prefix(d, payload, big, d.rows + 1).has_value());
    EXPECT_FALSE(c.decode_prefix(d, payload, std::span<std::byte>(), 0).has_value());
    EXPECT_FALSE(c.decode_range(d, payload, std::span<std::byte>(), 5, 5).has_value());
    EXPECT_FALSE(c.decode_range(d, payload, std::span<std::byte>(big).first(row_bytes), d.rows, d.rows + 1).has_value());
    EXPECT_FALSE(c.decode_range(d, payload, std::span<std::byte>(big).first(row_bytes), 2, 4).has_value());
  }
}

}  // namespace
}  // namespace cdd::test
