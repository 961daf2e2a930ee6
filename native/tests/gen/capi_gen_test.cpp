// capi_gen_test.cpp — the cdd_gen_* C ABI: the same streams as the C++ generator, continuation across
// calls, and typed errors (never a crash) for NULL handles, NULL buffers and short buffers.
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

}  // namespace
