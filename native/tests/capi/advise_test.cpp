// advise_test.cpp — cdd_advise (the chunk advisor behind `cdd advise` and cdd.advise): the candidates
// suit the layout, every trial round-trips and reports consistent sizes, the recommendation follows its
// rule, and bad arguments are refused with a message.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <vector>

#include "cdd/cdd.h"
#include "gen/orderbook_generator.hpp"

namespace {

cdd_writer_options layout(int32_t dtype, std::vector<uint32_t> shape) {
  cdd_writer_options o;
  cdd_writer_options_init(&o);
  o.dtype = dtype;
  o.row_ndim = static_cast<uint32_t>(shape.size());
  for (size_t i = 0; i < shape.size(); ++i) o.row_shape[i] = shape[i];
  return o;
}

cdd_advise_options fast() {
  cdd_advise_options a;
  cdd_advise_options_init(&a);
  a.seconds_per_trial = 0.002;
  a.sample_rows = 20000;
  return a;
}

TEST(CapiAdvise, BookTrialsAndRecommendation) {
  cdd::gen::OrderBookGenerator g(4);
  const std::vector<float> book = g.orderbook_f32(30000);
  const cdd_writer_options l = layout(CDD_DTYPE_FLOAT32, {50, 3});
  const cdd_advise_options a = fast();
  std::vector<cdd_advise_trial> t(CDD_ADVISE_MAX_TRIALS);
  size_t count = 0, best = 99;
  ASSERT_EQ(cdd_advise(&l, book.data(), 30000, &a, t.data(), t.size(), &count, &best), CDD_OK) << cdd_last_error_message();
  ASSERT_GE(count, 12u);
  ASSERT_LT(best, count);
  std::set<int32_t> codecs;
  std::set<uint32_t> sizes;
  double fastest = 0;
  for (size_t i = 0; i < count; ++i) {
    codecs.insert(t[i].codec);
    sizes.insert(t[i].chunk_target_bytes);
    EXPECT_EQ(t[i].sample_bytes, 20000u * 600u);
    EXPECT_GT(t[i].stored_bytes, 0u);
    EXPECT_NEAR(t[i].ratio, static_cast<double>(t[i].sample_bytes) / static_cast<double>(t[i].stored_bytes), 1e-9);
    EXPECT_GT(t[i].ratio, 1.5) << cdd_codec_name(t[i].codec);  // realistic books compress
    EXPECT_GT(t[i].slices_per_s, 0);
    EXPECT_GT(t[i].scan_gb_s, 0);
    EXPECT_GE(t[i].chunks, 1u);
    fastest = std::max(fastest, t[i].slices_per_s);
  }
  EXPECT_TRUE(codecs.count(CDD_CODEC_OKX_OB_F32) && codecs.count(CDD_CODEC_GENERIC_OB_F32) &&
              codecs.count(CDD_CODEC_SHUFFLE) && codecs.count(CDD_CODEC_ZSTD) && codecs.count(CDD_CODEC_LZ4));
  EXPECT_FALSE(codecs.count(CDD_CODEC_DELTA));  // not for floats
  EXPECT_GE(sizes.size(), 3u);
  // The rule: the best ratio among the trials at least min_speed_fraction as fast as the fastest.
  EXPECT_GE(t[best].slices_per_s, a.min_speed_fraction * fastest);
  for (size_t i = 0; i < count; ++i) {
    if (t[i].slices_per_s >= a.min_speed_fraction * fastest) {
      EXPECT_LE(t[i].ratio, t[best].ratio);
    }
  }
  // No setting is tried twice.
  for (size_t i = 0; i < count; ++i) {
    for (size_t j = i + 1; j < count; ++j) {
      EXPECT_FALSE(t[i].codec == t[j].codec && t[i].codec_flags == t[j].codec_flags &&
                   t[i].chunk_target_bytes == t[j].chunk_target_bytes)
          << i << " " << j;
    }
  }
}

TEST(CapiAdvise, IntegersGetDeltaAndSmallArraysWork) {
  std::vector<int64_t> ts(777);
  for (size_t i = 0; i < ts.size(); ++i) ts[i] = 1'700'000'000'000 + static_cast<int64_t>(i) * 100 + static_cast<int64_t>(i % 7);
  const cdd_writer_options l = layout(CDD_DTYPE_INT64, {1});
  cdd_advise_options a = fast();
  a.slice_rows = 5000;  // more than the rows: slices are the whole sample
  std::vector<cdd_advise_trial> t(CDD_ADVISE_MAX_TRIALS);
  size_t count = 0, best = 0;
  ASSERT_EQ(cdd_advise(&l, ts.data(), ts.size(), &a, t.data(), t.size(), &count, &best), CDD_OK) << cdd_last_error_message();
  bool delta = false;
  for (size_t i = 0; i < count; ++i) delta |= t[i].codec == CDD_CODEC_DELTA;
  EXPECT_TRUE(delta);
  for (size_t i = 0; i < count; ++i) EXPECT_EQ(t[i].sample_bytes, 777u * 8u);
}

TEST(CapiAdvise, BadArgumentsAreRefused) {
  std::vector<float> x(300, 1.f);
  cdd_writer_options l = layout(CDD_DTYPE_FLOAT32, {3});
  std::vector<cdd_advise_trial> t(CDD_ADVISE_MAX_TRIALS);
  size_t count = 0, best = 0;
  EXPECT_EQ(cdd_advise(&l, x.data(), 0, nullptr, t.data(), t.size(), &count, &best), CDD_E_INVALID_ARGUMENT);
  EXPECT_NE(std::strstr(cdd_last_error_message(), "no rows"), nullptr);
  EXPECT_EQ(cdd_advise(&l, x.data(), 100, nullptr, t.data(), 2, &count, &best), CDD_E_INVALID_ARGUMENT);
  EXPECT_GT(count, 2u);  // says how many are needed
  EXPECT_EQ(cdd_advise(nullptr, x.data(), 100, nullptr, t.data(), t.size(), &count, &best), CDD_E_INVALID_ARGUMENT);
  cdd_advise_options bad;
  cdd_advise_options_init(&bad);
  bad.struct_size = 3;
  EXPECT_EQ(cdd_advise(&l, x.data(), 100, &bad, t.data(), t.size(), &count, &best), CDD_E_INVALID_ARGUMENT);
  l.dtype = 99;
  EXPECT_EQ(cdd_advise(&l, x.data(), 100, nullptr, t.data(), t.size(), &count, &best), CDD_E_INVALID_ARGUMENT);
}

}  // namespace
