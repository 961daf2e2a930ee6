// codec_registry_test.cpp — the registry: built-ins present, unknown types absent, re-registration rules,
// concurrent first use; each codec's check() against FORMAT §5.1/§5.3 flag and dtype rules.
#include <gtest/gtest.h>

#include <atomic>
#include <initializer_list>
#include <string>
#include <thread>
#include <vector>

#include "codec/builtin.hpp"
#include "codec_test_util.hpp"

namespace cdd::test {
namespace {

const uint32_t kShape[] = {50, 3};

TEST(CodecRegistry, BuiltinsAreRegisteredUnderTheirTypes) {
  for (uint16_t type : {CDD_CODEC_RAW, CDD_CODEC_ZSTD, CDD_CODEC_LZ4, CDD_CODEC_SHUFFLE, CDD_CODEC_DELTA}) {
    const Codec* c = find_codec(type);
    ASSERT_NE(c, nullptr) << type;
    EXPECT_EQ(c->type(), type);
    EXPECT_EQ(c->name(), std::string(cdd_codec_name(type)));
  }
}

TEST(CodecRegistry, UnknownTypesHaveNoCodec) {
  for (uint16_t type : {0, 6, 15, 20, 63, 64, 32767, 40000, 65535}) EXPECT_EQ(find_codec(static_cast<uint16_t>(type)), nullptr) << type;
}

class FakeCodec final : public Codec {
 public:
  FakeCodec(uint16_t type, std::string_view name) : type_(type), name_(name) {}
  uint16_t type() const override { return type_; }
  std::string_view name() const override { return name_; }
  Status check(uint16_t, std::span<const uint32_t>, uint64_t) const override { return ok(); }
  Status encode(const ChunkDesc&, std::span<const std::byte>, int, std::vector<std::byte>&) const override { return ok(); }
  Status decode(const ChunkDesc&, std::span<const std::byte>, std::span<std::byte>) const override { return ok(); }

 private:
  uint16_t type_;
  std::string_view name_;
};

TEST(CodecRegistry, RegistrationRules) {
  static const FakeCodec user(41000, "USER_TEST_CODEC");
  static const FakeCodec same_name(41000, "USER_TEST_CODEC");
  static const FakeCodec clash(41000, "OTHER_NAME");
  static const FakeCodec zstd_impostor(CDD_CODEC_ZSTD, "NOT_ZSTD");
  static const FakeCodec zero(0, "ZERO");
  ASSERT_TRUE(register_codec(&user).has_value());
  EXPECT_EQ(find_codec(41000), &user);
  EXPECT_TRUE(register_codec(&same_name).has_value());  // same (type, name): harmless
  EXPECT_EQ(find_codec(41000), &user);                 // the first one stays
  auto st = register_codec(&clash);
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code, CDD_E_INVALID_ARGUMENT);
  EXPECT_TRUE(contains(st.error().message, "41000"));
  auto z = register_codec(&zstd_impostor);
  ASSERT_FALSE(z.has_value());
  EXPECT_TRUE(contains(z.error().message, "ZSTD"));
  EXPECT_EQ(find_codec(CDD_CODEC_ZSTD), &zstd_codec());
  EXPECT_FALSE(register_codec(&zero).has_value());
  EXPECT_FALSE(register_codec(nullptr).has_value());
}

TEST(CodecRegistry, ConcurrentLookupsSeeTheSameCodecs) {
  std::atomic<int> bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        if (find_codec(CDD_CODEC_SHUFFLE) != &shuffle_codec() || find_codec(CDD_CODEC_DELTA) != &delta_codec()) ++bad;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
}

Status check(uint16_t type, uint16_t dtype, uint64_t flags) { return codec_of(type).check(dtype, kShape, flags); }

TEST(CodecChecks, StageFlagsPerType) {
  const uint64_t le = CDD_FLAG_LITTLE_ENDIAN;
  EXPECT_TRUE(check(CDD_CODEC_RAW, CDD_DTYPE_FLOAT32, le).has_value());
  EXPECT_EQ(check(CDD_CODEC_RAW, CDD_DTYPE_FLOAT32, le | CDD_FLAG_ZSTD).error().code, CDD_E_UNSUPPORTED);
  EXPECT_EQ(check(CDD_CODEC_RAW, CDD_DTYPE_FLOAT32, le | CDD_FLAG_LZ4).error().code, CDD_E_UNSUPPORTED);
  EXPECT_TRUE(check(CDD_CODEC_ZSTD, CDD_DTYPE_FLOAT32, le | CDD_FLAG_ZSTD).has_value());
  EXPECT_EQ(check(CDD_CODEC_ZSTD, CDD_DTYPE_FLOAT32, le).error().code, CDD_E_FORMAT);
  EXPECT_EQ(check(CDD_CODEC_ZSTD, CDD_DTYPE_FLOAT32, le | CDD_FLAG_LZ4).error().code, CDD_E_UNSUPPORTED);
  EXPECT_TRUE(check(CDD_CODEC_LZ4, CDD_DTYPE_FLOAT32, le | CDD_FLAG_LZ4).has_value());
  EXPECT_EQ(check(CDD_CODEC_LZ4, CDD_DTYPE_FLOAT32, le).error().code, CDD_E_FORMAT);
  for (uint16_t type : {CDD_CODEC_SHUFFLE, CDD_CODEC_DELTA}) {
    for (uint64_t stage : std::initializer_list<uint64_t>{0, CDD_FLAG_LZ4, CDD_FLAG_ZSTD}) EXPECT_TRUE(check(type, CDD_DTYPE_INT32, le | stage).has_value());
    EXPECT_EQ(check(type, CDD_DTYPE_INT32, le | CDD_FLAG_LZ4 | CDD_FLAG_ZSTD).error().code, CDD_E_FORMAT);
  }
}

TEST(CodecChecks, EndiannessDownCastAndReservedBits) {
  for (uint16_t type : {CDD_CODEC_RAW, CDD_CODEC_ZSTD, CDD_CODEC_LZ4, CDD_CODEC_SHUFFLE, CDD_CODEC_DELTA}) {
    SCOPED_TRACE(cdd_codec_name(type));
    const uint64_t stage = type == CDD_CODEC_ZSTD ? CDD_FLAG_ZSTD : type == CDD_CODEC_LZ4 ? CDD_FLAG_LZ4 : 0;
    auto missing_le = check(type, CDD_DTYPE_INT16, stage);
    ASSERT_FALSE(missing_le.has_value());
    EXPECT_TRUE(contains(missing_le.error().message, "LITTLE_ENDIAN"));
    EXPECT_FALSE(check(type, CDD_DTYPE_INT16, stage | CDD_FLAG_BIG_ENDIAN).has_value());
    for (uint64_t bad : std::initializer_list<uint64_t>{CDD_FLAG_DOWN_CAST_8, CDD_FLAG_DOWN_CAST_16, CDD_FLAG_DOWN_CAST_32, CDD_FLAG_DOWN_CAST_64,
                         CDD_FLAG_DOWN_CAST_128, CDD_FLAG_RESERVED, 1ull << 9, 1ull << 40}) {
      auto st = check(type, CDD_DTYPE_INT16, stage | CDD_FLAG_LITTLE_ENDIAN | bad);
      ASSERT_FALSE(st.has_value()) << bad;
      EXPECT_EQ(st.error().code, CDD_E_UNSUPPORTED);
      EXPECT_TRUE(contains(st.error().message, "0x"));
    }
  }
}

TEST(CodecChecks, DtypesAndShapes) {
  const uint64_t le = CDD_FLAG_LITTLE_ENDIAN;
  for (uint16_t dtype : {CDD_DTYPE_FLOAT16, CDD_DTYPE_BFLOAT16, CDD_DTYPE_FLOAT32, CDD_DTYPE_FLOAT64}) {
    auto st = check(CDD_CODEC_DELTA, dtype, le);
    ASSERT_FALSE(st.has_value()) << dtype;
    EXPECT_EQ(st.error().code, CDD_E_INVALID_ARGUMENT);
    EXPECT_TRUE(contains(st.error().message, "integer"));
    EXPECT_TRUE(check(CDD_CODEC_SHUFFLE, dtype, le).has_value());
  }
  for (uint16_t dtype : {0, 13, 255, 65535}) {
    auto st = check(CDD_CODEC_SHUFFLE, static_cast<uint16_t>(dtype), le);
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().code, CDD_E_UNSUPPORTED);
    EXPECT_TRUE(contains(st.error().message, "unknown dtype " + std::to_string(dtype)));
  }
  const uint32_t zero_dim[] = {50, 0};
  EXPECT_EQ(codec_of(CDD_CODEC_RAW).check(CDD_DTYPE_FLOAT32, zero_dim, le).error().code, CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(codec_of(CDD_CODEC_RAW).check(CDD_DTYPE_FLOAT32, {}, le).error().code, CDD_E_INVALID_ARGUMENT);
}

}  // namespace
}  // namespace cdd::test
