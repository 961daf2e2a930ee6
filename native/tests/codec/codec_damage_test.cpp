// codec_damage_test.cpp — damaged payloads (truncated, extended, flipped bytes, wrong sizes, garbage)
// give a typed error (CDD_E_CODEC) and never read or write out of bounds (run under CDD_SANITIZE=ON).
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "codec_test_util.hpp"

namespace cdd::test {
namespace {

struct Variant {
  uint16_t type;
  uint64_t stage;
};
const Variant kVariants[] = {{CDD_CODEC_RAW, 0},         {CDD_CODEC_ZSTD, CDD_FLAG_ZSTD},    {CDD_CODEC_LZ4, CDD_FLAG_LZ4},
                             {CDD_CODEC_SHUFFLE, 0},     {CDD_CODEC_SHUFFLE, CDD_FLAG_ZSTD}, {CDD_CODEC_SHUFFLE, CDD_FLAG_LZ4},
                             {CDD_CODEC_DELTA, 0},       {CDD_CODEC_DELTA, CDD_FLAG_ZSTD},   {CDD_CODEC_DELTA, CDD_FLAG_LZ4}};

std::string label(const Variant& v) {
  return std::string(cdd_codec_name(v.type)) + (v.stage == CDD_FLAG_ZSTD ? "+ZSTD" : v.stage == CDD_FLAG_LZ4 ? "+LZ4" : "");
}

Array sample_for(const Variant& v) {
  return v.type == CDD_CODEC_DELTA ? realistic(CDD_DTYPE_INT64, 400, 4) : orderbook_f32(60, 4);
}

std::vector<std::byte> encode(const Variant& v, const Array& a) {
  std::vector<std::byte> out;
  auto st = codec_of(v.type).encode(desc_of(a, v.stage), a.bytes, 3, out);
  EXPECT_TRUE(st.has_value()) << (st ? "" : st.error().message);
  return out;
}

// Decodes `payload` into an exactly sized heap buffer (so ASan catches any overrun); returns the status.
Status decode_into_fresh(const Variant& v, const Array& a, std::span<const std::byte> payload) {
  // A heap copy of exactly the payload size: a read past its end is an ASan error.
  std::vector<std::byte> exact(payload.begin(), payload.end());
  auto out = std::make_unique<std::byte[]>(a.bytes.size());
  return codec_of(v.type).decode(desc_of(a, v.stage), exact, std::span<std::byte>(out.get(), a.bytes.size()));
}

TEST(CodecDamage, TruncatedPayloadsAreCodecErrors) {
  for (const Variant& v : kVariants) {
    SCOPED_TRACE(label(v));
    const Array a = sample_for(v);
    const std::vector<std::byte> payload = encode(v, a);
    for (size_t cut : {size_t{0}, size_t{1}, size_t{4}, payload.size() / 2, payload.size() - 1}) {
      auto st = decode_into_fresh(v, a, std::span<const std::byte>(payload).first(cut));
      ASSERT_FALSE(st.has_value()) << "cut at " << cut;
      EXPECT_EQ(st.error().code, CDD_E_CODEC) << st.error().message;
      EXPECT_FALSE(st.error().message.empty());
    }
  }
}

TEST(CodecDamage, TrailingBytesAreCodecErrors) {
  for (const Variant& v : kVariants) {
    SCOPED_TRACE(label(v));
    const Array a = sample_for(v);
    std::vector<std::byte> payload = encode(v, a);
    payload.push_back(std::byte{0});
    auto st = decode_into_fresh(v, a, payload);
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().code, CDD_E_CODEC) << st.error().message;
  }
}

TEST(CodecDamage, WrongExpectedSizeIsACodecError) {
  // A payload that is intact but describes another number of rows than the chunk header says.
  for (const Variant& v : kVariants) {
    SCOPED_TRACE(label(v));
    const Array a = sample_for(v);
    const std::vector<std::byte> payload = encode(v, a);
    for (uint64_t rows : {a.rows - 1, a.rows + 1, a.rows * 4}) {
      Array other = a;
      other.rows = rows;
      other.bytes.resize(rows * a.row_bytes());
      auto st = decode_into_fresh(v, other, payload);
      ASSERT_FALSE(st.has_value()) << "rows " << rows;
      EXPECT_EQ(st.error().code, CDD_E_CODEC) << st.error().message;
    }
  }
}

TEST(CodecDamage, FlippedBytesNeverCrash) {
  // A flipped byte in a stored (unhashed) payload may decode to other values, but must never overrun or
  // crash; compressed stages must mostly detect it. Every byte of short payloads, a sample of long ones.
  std::mt19937 rng(99);
  for (const Variant& v : kVariants) {
    SCOPED_TRACE(label(v));
    const Array a = sample_for(v);
    const std::vector<std::byte> payload = encode(v, a);
    const size_t step = payload.size() > 600 ? payload.size() / 300 : 1;
    size_t detected = 0, tries = 0;
    for (size_t pos = 0; pos < payload.size(); pos += step) {
      std::vector<std::byte> bad = payload;
      bad[pos] ^= static_cast<std::byte>(1u << (rng() % 8));
      auto st = decode_into_fresh(v, a, bad);
      ++tries;
      if (!st) {
        EXPECT_EQ(st.error().code, CDD_E_CODEC) << st.error().message;
        ++detected;
      }
    }
    if (v.stage == 0) {
      EXPECT_EQ(detected, 0u) << "an uncompressed payload has no redundancy to detect flips";
    }
    EXPECT_GT(tries, 0u);
  }
}

TEST(CodecDamage, GarbagePayloadsAreCodecErrorsOrDecode) {
  std::mt19937 rng(5);
  for (const Variant& v : kVariants) {
    SCOPED_TRACE(label(v));
    const Array a = sample_for(v);
    for (size_t size : {size_t{1}, size_t{7}, size_t{64}, size_t{5000}, a.bytes.size()}) {
      std::vector<std::byte> junk(size);
      for (auto& b : junk) b = static_cast<std::byte>(rng());
      auto st = decode_into_fresh(v, a, junk);
      if (!st) {
        EXPECT_EQ(st.error().code, CDD_E_CODEC) << st.error().message;
      }
      // Only an unstaged payload of exactly the right size can decode.
      if (v.stage != 0 || size != a.bytes.size()) {
        EXPECT_FALSE(st.has_value()) << "size " << size;
      }
    }
  }
}

TEST(CodecDamage, ZstdFrameWithoutContentSizeIsRejected) {
  // A zstd frame whose header omits the content size cannot be checked against the chunk: refused.
  const Array a = orderbook_f32(10, 1);
  const Variant v{CDD_CODEC_ZSTD, CDD_FLAG_ZSTD};
  std::vector<std::byte> payload = encode(v, a);
  // Frame header descriptor (byte 4): clear the Frame_Content_Size_flag and Single_Segment bits.
  ASSERT_GE(payload.size(), 5u);
  std::vector<std::byte> bad = payload;
  bad[4] &= std::byte{0x1f};
  auto st = decode_into_fresh(v, a, bad);
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code, CDD_E_CODEC);
}

TEST(CodecDamage, WrongOutputSpanIsAnArgumentError) {
  for (const Variant& v : kVariants) {
    SCOPED_TRACE(label(v));
    const Array a = sample_for(v);
    const std::vector<std::byte> payload = encode(v, a);
    std::vector<std::byte> small(a.bytes.size() - 1);
    auto st = codec_of(v.type).decode(desc_of(a, v.stage), payload, small);
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().code, CDD_E_INVALID_ARGUMENT) << st.error().message;
    // And encode refuses an input of the wrong size.
    std::vector<std::byte> out;
    auto est = codec_of(v.type).encode(desc_of(a, v.stage), std::span<const std::byte>(a.bytes).first(a.bytes.size() - 1), 3, out);
    ASSERT_FALSE(est.has_value());
    EXPECT_EQ(est.error().code, CDD_E_INVALID_ARGUMENT) << est.error().message;
  }
}

TEST(CodecDamage, RowCountsThatOverflowAreRefused) {
  // rows * row_bytes wraps around to 8 bytes: every codec must stay inside the 8-byte output.
  const uint32_t shape[] = {1};
  for (const Variant& v : kVariants) {
    SCOPED_TRACE(label(v));
    ChunkDesc d;
    d.dtype = CDD_DTYPE_INT64;
    d.flags = v.stage | CDD_FLAG_LITTLE_ENDIAN;
    d.rows = (uint64_t{1} << 61) + 1;
    d.row_shape = shape;
    d.elem_size = 8;
    d.row_elems = 1;
    ASSERT_EQ(d.decoded_bytes(), 8u);
    std::vector<std::byte> payload;
    const std::vector<std::byte> eight(8, std::byte{1});
    ChunkDesc one = d;
    one.rows = 1;
    ASSERT_TRUE(codec_of(v.type).encode(one, eight, 3, payload).has_value());
    auto out = std::make_unique<std::byte[]>(8);
    auto st = codec_of(v.type).decode(d, payload, std::span<std::byte>(out.get(), 8));
    if (v.type == CDD_CODEC_DELTA) {
      ASSERT_FALSE(st.has_value());
      EXPECT_EQ(st.error().code, CDD_E_INVALID_ARGUMENT) << st.error().message;
    }
  }
}

}  // namespace
}  // namespace cdd::test
