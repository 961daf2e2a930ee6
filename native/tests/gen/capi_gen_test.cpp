// capi_gen_test.cpp — the cdd_gen_* C ABI: the same streams as the C++ generator, continuation across
// calls, the regimes (cdd_gen_new_with, names) and typed errors (never a crash) for NULL handles, NULL
// buffers, short buffers, unset option structs and unknown regimes.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "cdd/cdd.h"
#include "gen/orderbook_generator.hpp"

namespace {

struct Gen {
  explicit Gen(uint64_t seed) { EXPECT_EQ(cdd_gen_new(seed, &g), CDD_OK); }
  ~Gen() { cdd_gen_free(g); }
  Gen(const Gen&) = delete;
  Gen& operator=(const Gen&) = delete;
  cdd_gen_state* g = nullptr;
};

TEST(GenCapi, SameStreamsAsTheCppGenerator) {
  Gen c(77);
  cdd::gen::OrderBookGenerator cpp(77);
  std::vector<float> a(300 * 150);
  ASSERT_EQ(cdd_gen_orderbook_f32(c.g, 100, a.data(), 100 * 600), CDD_OK);
  ASSERT_EQ(cdd_gen_orderbook_f32(c.g, 200, a.data() + 100 * 150, 200 * 600), CDD_OK);  // continues
  const auto b = cpp.orderbook_f32(300);
  EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * 4), 0);

  std::vector<uint16_t> h(50 * 150);
  ASSERT_EQ(cdd_gen_orderbook_f16(c.g, 50, h.data(), h.size() * 2), CDD_OK);
  EXPECT_EQ(h, cpp.normalized_f16(50));

  std::vector<int64_t> t(1000);
  ASSERT_EQ(cdd_gen_timestamps_ms(c.g, 1000, t.data(), t.size() * 8), CDD_OK);
  EXPECT_EQ(t, cpp.timestamps_ms(1000));
}

TEST(GenCapi, ZeroRowsIsANoOp) {
  Gen c(1);
  EXPECT_EQ(cdd_gen_orderbook_f32(c.g, 0, nullptr, 0), CDD_OK);
  EXPECT_EQ(cdd_gen_timestamps_ms(c.g, 0, nullptr, 0), CDD_OK);
}

TEST(GenCapi, BadArgumentsAreTypedErrors) {
  Gen c(1);
  std::vector<float> buf(10 * 150);
  EXPECT_EQ(cdd_gen_new(1, nullptr), CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(cdd_gen_orderbook_f32(nullptr, 1, buf.data(), 600), CDD_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(cdd_last_error_message()).find("NULL"), std::string::npos);
  EXPECT_EQ(cdd_gen_orderbook_f32(c.g, 1, nullptr, 600), CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(cdd_gen_orderbook_f32(c.g, 10, buf.data(), 10 * 600 - 1), CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(cdd_last_error_code(), CDD_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(cdd_last_error_message()).find("5999"), std::string::npos) << cdd_last_error_message();
  EXPECT_EQ(cdd_gen_orderbook_f16(c.g, 10, reinterpret_cast<uint16_t*>(buf.data()), 10 * 300 - 2),
            CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(cdd_gen_timestamps_ms(c.g, ~uint64_t{0}, reinterpret_cast<int64_t*>(buf.data()), buf.size() * 4),
            CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(cdd_gen_orderbook_f32(c.g, uint64_t{1} << 62, buf.data(), buf.size() * 4), CDD_E_INVALID_ARGUMENT);
  cdd_gen_free(nullptr);
  // A failed call consumes nothing: the stream continues as if it had not happened.
  cdd::gen::OrderBookGenerator cpp(1);
  ASSERT_EQ(cdd_gen_orderbook_f32(c.g, 10, buf.data(), buf.size() * 4), CDD_OK);
  const auto want = cpp.orderbook_f32(10);
  EXPECT_EQ(std::memcmp(buf.data(), want.data(), want.size() * 4), 0);
}

TEST(GenCapi, RegimesThroughOptions) {
  cdd_gen_options o;
  cdd_gen_options_init(&o);
  EXPECT_EQ(o.struct_size, sizeof(o));
  EXPECT_EQ(o.regime, static_cast<uint32_t>(CDD_GEN_NORMAL));
  EXPECT_EQ(o.seed, 1u);
  static_assert(CDD_GEN_REGIME_COUNT == cdd::gen::kRegimeCount);
  static_assert(CDD_GEN_BUSY == static_cast<int>(cdd::gen::Regime::kBusy));
  static_assert(CDD_GEN_STRESS == static_cast<int>(cdd::gen::Regime::kStress));
  for (uint32_t v = 0; v < CDD_GEN_REGIME_COUNT; ++v) {
    const auto regime = static_cast<cdd::gen::Regime>(v);
    o.regime = v;
    o.seed = 1234;
    cdd_gen_state* g = nullptr;
    ASSERT_EQ(cdd_gen_new_with(&o, &g), CDD_OK);
    std::vector<float> a(200 * 150);
    std::vector<uint16_t> h(100 * 150);
    ASSERT_EQ(cdd_gen_orderbook_f32(g, 200, a.data(), a.size() * 4), CDD_OK);
    ASSERT_EQ(cdd_gen_orderbook_f16(g, 100, h.data(), h.size() * 2), CDD_OK);
    cdd_gen_free(g);
    cdd::gen::OrderBookGenerator cpp(1234, regime);
    const auto want = cpp.orderbook_f32(200);
    EXPECT_EQ(std::memcmp(a.data(), want.data(), a.size() * 4), 0) << v;
    EXPECT_EQ(h, cpp.normalized_f16(100)) << v;
    // Names round-trip.
    const char* name = cdd_gen_regime_name(v);
    ASSERT_NE(name, nullptr);
    uint32_t back = 99;
    ASSERT_EQ(cdd_gen_regime_from_name(name, &back), CDD_OK);
    EXPECT_EQ(back, v);
  }
  // NULL options = the defaults (normal, seed 1); cdd_gen_new(seed) = legacy.
  cdd_gen_state* d = nullptr;
  ASSERT_EQ(cdd_gen_new_with(nullptr, &d), CDD_OK);
  std::vector<float> a(50 * 150);
  ASSERT_EQ(cdd_gen_orderbook_f32(d, 50, a.data(), a.size() * 4), CDD_OK);
  cdd_gen_free(d);
  EXPECT_EQ(a, cdd::gen::OrderBookGenerator(1, cdd::gen::Regime::kNormal).orderbook_f32(50));
  // A smaller (older) struct: only the fields it has are read, the rest keep their defaults.
  cdd_gen_options old;
  cdd_gen_options_init(&old);
  old.regime = CDD_GEN_BUSY;
  old.seed = 999;
  old.struct_size = 2 * sizeof(uint32_t);
  ASSERT_EQ(cdd_gen_new_with(&old, &d), CDD_OK);
  ASSERT_EQ(cdd_gen_orderbook_f32(d, 50, a.data(), a.size() * 4), CDD_OK);
  cdd_gen_free(d);
  EXPECT_EQ(a, cdd::gen::OrderBookGenerator(1, cdd::gen::Regime::kBusy).orderbook_f32(50));
  EXPECT_STREQ(cdd_gen_regime_name(CDD_GEN_GAPPY), "gappy");
  EXPECT_STREQ(cdd_gen_regime_name(CDD_GEN_LEGACY), "legacy");
}

TEST(GenCapi, BadRegimeArgumentsAreTypedErrors) {
  cdd_gen_options o;
  cdd_gen_options_init(&o);
  cdd_gen_state* g = reinterpret_cast<cdd_gen_state*>(&o);
  EXPECT_EQ(cdd_gen_new_with(&o, nullptr), CDD_E_INVALID_ARGUMENT);
  o.regime = CDD_GEN_REGIME_COUNT;
  EXPECT_EQ(cdd_gen_new_with(&o, &g), CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(g, nullptr);
  EXPECT_NE(std::string(cdd_last_error_message()).find("unknown regime 7"), std::string::npos) << cdd_last_error_message();
  o.regime = CDD_GEN_CALM;
  o.struct_size = 0;
  EXPECT_EQ(cdd_gen_new_with(&o, &g), CDD_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(cdd_last_error_message()).find("struct_size"), std::string::npos);
  EXPECT_EQ(cdd_gen_regime_name(CDD_GEN_REGIME_COUNT), nullptr);
  EXPECT_EQ(cdd_gen_regime_name(~uint32_t{0}), nullptr);
  uint32_t out = 5;
  EXPECT_EQ(cdd_gen_regime_from_name("hectic", &out), CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(out, 5u);
  EXPECT_NE(std::string(cdd_last_error_message()).find("known: legacy, calm"), std::string::npos)
      << cdd_last_error_message();
  EXPECT_EQ(cdd_gen_regime_from_name(nullptr, &out), CDD_E_INVALID_ARGUMENT);
  EXPECT_EQ(cdd_gen_regime_from_name("busy", nullptr), CDD_E_INVALID_ARGUMENT);
}

}  // namespace
