// damaged_payload_test.cpp — the order-book decoders on damaged payloads: every truncation, every single
// byte flipped, header fields and bitmap/shift streams made inconsistent, random garbage. Each decode
// either succeeds (a flip the structure cannot detect; the chunk hash catches those) or returns
// CDD_E_CODEC — never a crash or an out-of-bounds access (run under CDD_SANITIZE). decode_prefix checks the
// whole payload whatever rows are asked for, so it gives the whole decode's verdict and, when it succeeds,
// its first rows — except a prefix of a bitmap filter (4, 5) on an LZ4 stage, which decompresses only the
// bytes its rows use: damage to the LZ4 block past them goes unseen, so that read may succeed where the
// whole decode fails (truncations: with the intact rows), while shifts, bitmaps and counts are still
// checked for the whole chunk.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "gen/orderbook_generator.hpp"
#include "ob/filter_params.hpp"
#include "ob/book_filters.hpp"
#include "ob/orderbook_codec.hpp"
#include "ob/stage.hpp"
#include "ob_test_util.hpp"

namespace cdd::ob {
namespace {

using testing::Chunk;

// Prefixes asked of damaged chunks: one row, a middle one, all but the last.
std::vector<uint64_t> prefixes_of(uint64_t rows) {
  std::vector<uint64_t> p{1};
  if (rows > 2) p.push_back(rows / 2);
  if (rows > 1) p.push_back(rows - 1);
  return p;
}

// Whether decode_prefix of `rows` rows decompresses only part of the stage (see the file comment).
bool stage_prefix_only(const Chunk& k, const std::vector<std::byte>& payload, uint64_t rows) {
  if (payload.empty() || rows >= k.rows || (k.flags & CDD_FLAG_LZ4) == 0) return false;
  const auto f = std::to_integer<uint8_t>(payload[0]);
  return f == uint8_t(Filter::kBitmap) || f == uint8_t(Filter::kBitmapPlanar);
}

void expect_ok_or_codec_error(const Codec& c, const Chunk& k, const std::vector<std::byte>& payload,
                              const std::string& what) {
  const auto dec = testing::decode(c, k, payload);
  if (!dec) {
    EXPECT_EQ(dec.error().code, CDD_E_CODEC) << what << ": " << dec.error().message;
    EXPECT_FALSE(dec.error().message.empty());
  }
  for (uint64_t rows : prefixes_of(k.rows)) {
    const auto part = testing::decode_prefix(c, k, payload, rows);
    if (!stage_prefix_only(k, payload, rows) || dec.has_value()) {
      ASSERT_EQ(part.has_value(), dec.has_value()) << what << ", prefix " << rows;
    }
    if (part && dec) {
      EXPECT_EQ(0, std::memcmp(part->data(), dec->data(), part->size())) << what << ", prefix " << rows;
    } else if (!part) {
      EXPECT_EQ(part.error().code, CDD_E_CODEC) << what << ", prefix " << rows << ": " << part.error().message;
    }
  }
}

// `intact`, when given, is the undamaged payload: a prefix read that decompresses only part of the
// stage may then succeed, with exactly the intact rows.
void expect_codec_error_for_every_prefix(const Codec& c, const Chunk& k, const std::vector<std::byte>& payload,
                                         const std::string& what, const std::vector<std::byte>* intact = nullptr) {
  const auto dec = testing::decode(c, k, payload);
  ASSERT_FALSE(dec.has_value()) << what;
  EXPECT_EQ(dec.error().code, CDD_E_CODEC) << what;
  for (uint64_t rows : prefixes_of(k.rows)) {
    const auto part = testing::decode_prefix(c, k, payload, rows);
    if (intact != nullptr && stage_prefix_only(k, payload, rows)) {
      if (part) {
        const auto good = testing::decode(c, k, *intact);
        ASSERT_TRUE(good.has_value()) << what;
        EXPECT_EQ(0, std::memcmp(part->data(), good->data(), part->size())) << what << ", prefix " << rows;
      } else {
        EXPECT_EQ(part.error().code, CDD_E_CODEC) << what << ", prefix " << rows;
      }
      continue;
    }
    ASSERT_FALSE(part.has_value()) << what << ", prefix " << rows;
    EXPECT_EQ(part.error().code, CDD_E_CODEC) << what << ", prefix " << rows;
    EXPECT_EQ(part.error().message, dec.error().message) << what << ", prefix " << rows;
  }
}

struct Encoded {
  Chunk chunk;
  std::vector<std::byte> payload;
};

std::vector<Encoded> small_payloads() {
  gen::OrderBookGenerator g(31);
  static const auto x = g.orderbook_f32(6);
  std::vector<Encoded> out;
  for (uint8_t f = 0; f < kFilterCount; ++f)
    for (uint64_t stage : {uint64_t{CDD_FLAG_LZ4}, uint64_t{CDD_FLAG_ZSTD}, uint64_t{0}}) {
      Chunk k{CDD_DTYPE_FLOAT32, CDD_FLAG_LITTLE_ENDIAN | stage | CDD_FLAG_DOWN_CAST_16, {50, 3}, 6,
              testing::filter_param(f)};
      auto enc = testing::encode(okx_ob_f16_codec(), k, x.data());
      EXPECT_TRUE(enc.has_value());
      out.push_back({k, *enc});
    }
  return out;
}

TEST(ObDamaged, EveryTruncation) {
  for (const auto& e : small_payloads())
    for (size_t len = 0; len < e.payload.size(); ++len) {
      std::vector<std::byte> cut(e.payload.begin(), e.payload.begin() + static_cast<long>(len));
      // A cut stage never holds the whole filtered size; a prefix read that needs only the bytes before
      // the cut gets the intact rows.
      expect_codec_error_for_every_prefix(okx_ob_f16_codec(), e.chunk, cut, "truncated to " + std::to_string(len),
                                          &e.payload);
    }
}

TEST(ObDamaged, EverySingleByteFlip) {
  for (const auto& e : small_payloads())
    for (size_t i = 0; i < e.payload.size(); ++i)
      for (uint8_t mask : {uint8_t{0x01}, uint8_t{0x80}, uint8_t{0xFF}}) {
        auto bad = e.payload;
        bad[i] ^= std::byte{mask};
        expect_ok_or_codec_error(okx_ob_f16_codec(), e.chunk, bad, "flip at " + std::to_string(i));
      }
}

TEST(ObDamaged, HeaderFieldsAreChecked) {
  const auto e = small_payloads()[0];
  auto bad = e.payload;
  bad[0] = std::byte{77};  // unknown filter
  EXPECT_EQ(testing::decode(okx_ob_f16_codec(), e.chunk, bad).error().code, CDD_E_CODEC);
  bad = e.payload;
  bad[2] = std::byte{1};  // reserved byte
  EXPECT_EQ(testing::decode(okx_ob_f16_codec(), e.chunk, bad).error().code, CDD_E_CODEC);
  bad = e.payload;
  bad[7] = std::byte{0x40};  // filtered size far too large
  EXPECT_EQ(testing::decode(okx_ob_f16_codec(), e.chunk, bad).error().code, CDD_E_CODEC);
}

TEST(ObDamaged, ShiftsAndBitmapsOutOfRange) {
  gen::OrderBookGenerator g(8);
  const auto x = g.orderbook_f32(4);
  for (uint8_t f : {uint8_t(Filter::kShiftXor), uint8_t(Filter::kBitmap), uint8_t(Filter::kBitmapPlanar)}) {
    Chunk k{CDD_DTYPE_FLOAT32, CDD_FLAG_LITTLE_ENDIAN, {50, 3}, 4, testing::filter_param(f)};
    const auto enc = testing::encode(okx_ob_f32_codec(), k, x.data());
    ASSERT_TRUE(enc.has_value());
    // Verbatim stage: the filtered bytes follow the 8-byte header directly.
    const bool bitmap = f == uint8_t(Filter::kBitmap) || f == uint8_t(Filter::kBitmapPlanar);
    const size_t shifts_at = kPayloadHeaderBytes + (bitmap ? 150 * 4 : 0);
    auto bad = *enc;
    bad[shifts_at + 4] = std::byte{25};  // row 3's asks: a side has 25 levels, |shift| <= 24
    const auto dec = testing::decode(okx_ob_f32_codec(), k, bad);
    ASSERT_FALSE(dec.has_value());
    EXPECT_EQ(dec.error().code, CDD_E_CODEC);
    EXPECT_NE(dec.error().message.find("shift"), std::string::npos) << dec.error().message;
    // Damage past the rows asked for is reported all the same.
    expect_codec_error_for_every_prefix(okx_ob_f32_codec(), k, bad, "shift of row 3");
    if (bitmap) {
      bad = *enc;
      bad[shifts_at + 6 + 2 * 19] ^= std::byte{0x01};  // row 3: one more/fewer changed value than stored
      expect_codec_error_for_every_prefix(okx_ob_f32_codec(), k, bad, "changed count");
      bad = *enc;
      bad[shifts_at + 6 + 3 * 19 - 1] |= std::byte{0x80};  // bit 151 of row 3's 150 elements
      expect_codec_error_for_every_prefix(okx_ob_f32_codec(), k, bad, "bit past the row");
    }
  }
}

// The LZ4-stage prefix decode on filtered bytes made inconsistent before compression: bitmaps that mark
// more changed values than the chunk stores (all bits of rows 1 and 2 set) fail a prefix read before any row
// is rebuilt; a prefix handed to filter_decode_prefix that is too short for its rows is refused.
TEST(ObDamaged, Lz4PrefixDecodesCheckTheBitmapsTheyUse) {
  gen::OrderBookGenerator g(21);
  const auto x = g.orderbook_f32(6);
  for (uint8_t f : {uint8_t(Filter::kBitmap), uint8_t(Filter::kBitmapPlanar)}) {
    Chunk verbatim{CDD_DTYPE_FLOAT32, CDD_FLAG_LITTLE_ENDIAN, {50, 3}, 6, testing::filter_param(f)};
    const auto enc = testing::encode(okx_ob_f32_codec(), verbatim, x.data());
    ASSERT_TRUE(enc.has_value());
    std::vector<uint8_t> filtered(enc->size() - kPayloadHeaderBytes);
    std::memcpy(filtered.data(), enc->data() + kPayloadHeaderBytes, filtered.size());
    const BookShape shape{6, 50, 3};
    const size_t bitmaps = 150 * 4 + 2 * 5;  // row 0, then the shifts
    ASSERT_LT(bitmap_prefix_bytes(filtered, shape, 4, 6), filtered.size() + 1);
    // A prefix shorter than rows [0, 3) need is refused by filter_decode_prefix.
    std::vector<uint32_t> rows(3 * 150);
    const size_t need = bitmap_prefix_bytes(filtered, shape, 4, 3);
    const auto shortp = filter_decode_prefix(static_cast<Filter>(f), std::span(filtered).first(need - 4), filtered.size(),
                                             shape, 0, 3, rows.data());
    ASSERT_FALSE(shortp.has_value());
    EXPECT_EQ(shortp.error().code, CDD_E_CODEC);
    EXPECT_TRUE(shortp.error().message.find("too short for rows [0, 3)") != std::string::npos) << shortp.error().message;
    ASSERT_TRUE(filter_decode_prefix(static_cast<Filter>(f), std::span(filtered).first(need), filtered.size(), shape, 0,
                                     3, rows.data()).has_value());
    // Every element of rows 1 and 2 marked changed (19 bitmap bytes a row, 6 bits used in the last).
    for (size_t r = 0; r < 2; ++r) {
      for (size_t b = 0; b < 19; ++b) filtered[bitmaps + r * 19 + b] = b == 18 ? 0x3F : 0xFF;
    }
    std::vector<std::byte> bad(kPayloadHeaderBytes);
    std::memcpy(bad.data(), enc->data(), kPayloadHeaderBytes);  // same filter and filtered size
    ASSERT_TRUE(stage_compress(CDD_FLAG_LZ4, 1, filtered, bad).has_value());
    Chunk k = verbatim;
    k.flags |= CDD_FLAG_LZ4;
    for (uint64_t rows_asked : {uint64_t{3}, uint64_t{5}}) {
      const auto part = testing::decode_prefix(okx_ob_f32_codec(), k, bad, rows_asked);
      ASSERT_FALSE(part.has_value()) << rows_asked;
      EXPECT_EQ(part.error().code, CDD_E_CODEC) << part.error().message;
    }
    const auto early = testing::decode_prefix(okx_ob_f32_codec(), k, bad, 3);
    EXPECT_TRUE(early.error().message.find("more changed values than the chunk stores") != std::string::npos)
        << early.error().message;
  }
}

TEST(ObDamaged, RandomGarbage) {
  std::mt19937 rng(99);
  Chunk k{CDD_DTYPE_FLOAT32, CDD_FLAG_LITTLE_ENDIAN | CDD_FLAG_LZ4, {50, 3}, 5, {}};
  for (int i = 0; i < 2000; ++i) {
    std::vector<std::byte> junk(rng() % 300);
    for (auto& b : junk) b = std::byte(static_cast<uint8_t>(rng()));
    if (junk.size() >= 8) junk[0] = std::byte(static_cast<uint8_t>(rng() % kFilterCount));
    if (junk.size() >= 8) junk[1] = junk[2] = junk[3] = std::byte{0};
    expect_ok_or_codec_error(okx_ob_f32_codec(), k, junk, "garbage " + std::to_string(i));
    k.flags ^= CDD_FLAG_LZ4 | CDD_FLAG_ZSTD;
  }
}

}  // namespace
}  // namespace cdd::ob
