// user_codec_test.cpp — a user codec (type in the 32768–65535 band, FORMAT §5.1) registered at run time:
// files written with it read back through the registry, and adaptive chunking lands near its target on
// really compressed order-book data.
#include <gtest/gtest.h>

#include <zstd.h>

#include "codec/codec.hpp"
#include "io/reader.hpp"
#include "io/writer.hpp"
#include "support/test_data.hpp"

namespace cdd {
namespace {

// zstd over the raw bytes, as an experimental codec would be: only what the Codec interface requires.
class TestZstdCodec final : public Codec {
 public:
  uint16_t type() const override { return 40001; }
  std::string_view name() const override { return "TEST_USER_ZSTD"; }
  Status check(uint16_t, std::span<const uint32_t>, uint64_t flags) const override {
    CDD_RETURN_ERROR_IF((flags & CDD_FLAG_ZSTD) == 0, CDD_E_INVALID_ARGUMENT, "TEST_USER_ZSTD needs the ZSTD flag");
    return ok();
  }
  Status encode(const ChunkDesc&, std::span<const std::byte> in, int level, std::vector<std::byte>& out) const override {
    size_t at = out.size();
    out.resize(at + ZSTD_compressBound(in.size()));
    size_t n = ZSTD_compress(out.data() + at, out.size() - at, in.data(), in.size(), level);
    CDD_RETURN_ERROR_IF(ZSTD_isError(n), CDD_E_CODEC, "zstd failed");
    out.resize(at + n);
    return ok();
  }
  Status decode(const ChunkDesc& d, std::span<const std::byte> payload, std::span<std::byte> out) const override {
    size_t n = ZSTD_decompress(out.data(), out.size(), payload.data(), payload.size());
    CDD_RETURN_ERROR_IF(ZSTD_isError(n) || n != d.decoded_bytes(), CDD_E_CODEC, "bad zstd payload");
    return ok();
  }
};

const TestZstdCodec& user_codec() {
  static TestZstdCodec codec;
  static bool registered = register_codec(&codec).has_value();
  EXPECT_TRUE(registered);
  return codec;
}

TEST(IoUserCodec, AdaptiveChunksLandNearTheTarget) {
  const Codec& codec = user_codec();
  ASSERT_EQ(find_codec(codec.type()), &codec);
  test::Array a = test::orderbook_f32(20000, 23);
  for (uint32_t target : {4096u, 16384u}) {
    WriterOptions o;
    o.codec = codec.type();
    o.codec_flags = CDD_FLAG_ZSTD;
    o.level = 3;
    o.chunk_target_bytes = target;
    auto store = test::write_memory(a, o, 641);
    auto r = Reader::open(store);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    const uint64_t n = (*r)->num_chunks();
    ASSERT_GT(n, 5u);
    uint64_t total = 0;
    for (uint64_t i = 0; i + 1 < n; ++i) {
      auto h = (*r)->chunk_header(i);
      ASSERT_TRUE(h.has_value()) << h.error().message;
      EXPECT_EQ(h->type, codec.type());
      EXPECT_LT(h->size, 2 * target) << "chunk " << i;
      total += h->size;
    }
    // Chunk by chunk the order book's activity (and so its compressibility) varies by 2x; the prediction
    // from the last chunks keeps the average on the target.
    const double mean = static_cast<double>(total) / static_cast<double>(n - 1);
    EXPECT_GT(mean, 0.8 * target) << "target " << target;
    EXPECT_LT(mean, 1.2 * target) << "target " << target;
    EXPECT_EQ(test::read_all(store), a.bytes);
  }
}

}  // namespace
}  // namespace cdd
