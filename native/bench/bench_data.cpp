// bench_data.cpp — loads the native benchmarks' order books: generator regimes through cdd::gen, real
// books from .npy files through the CLI's npy header parser.
#include "bench_data.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "cdd/cdd.h"
#include "gen/orderbook_generator.hpp"
#include "gen/regimes.hpp"
#include "simd/scalar_reference.hpp"
#include "tools/npy.hpp"

namespace cdd::bench {
namespace {

constexpr size_t kW = gen::kValuesPerRow;

std::unexpected<Error> bad(const std::string& message) { return make_error(CDD_E_INVALID_ARGUMENT, message); }

// The generator's normalized view of a raw book row: bps from the mid, log1p(size), count; zeros where
// a level is missing.
void normalize_row(const float* raw, float* out) {
  const double mid = (static_cast<double>(raw[0]) + raw[gen::kLevelsPerSide * gen::kFields]) / 2.0;
  const double m = mid == 0 ? 1.0 : mid;
  for (size_t l = 0; l < gen::kLevels; ++l) {
    const float* v = raw + l * gen::kFields;
    float* o = out + l * gen::kFields;
    if (v[1] == 0.0f) {
      o[0] = o[1] = o[2] = 0.0f;
      continue;
    }
    o[0] = static_cast<float>((static_cast<double>(v[0]) - m) / m * 1e4);
    o[1] = static_cast<float>(std::log1p(static_cast<double>(v[1])));
    o[2] = v[2];
  }
}

}  // namespace

Result<BookData> regime_books(const std::string& regime, size_t rows, uint64_t seed) {
  const auto r = gen::regime_from_name(regime);
  if (!r) return bad("unknown generator regime '" + regime + "' (calm, normal, busy, trending, gappy, stress, legacy)");
  BookData d;
  d.source = "regime " + regime;
  d.rows = rows;
  gen::OrderBookGenerator a(seed, *r), b(seed, *r);
  d.raw = a.orderbook_f32(rows);
  d.normalized.resize(rows * kW);
  b.normalized_f32(rows, d.normalized.data());
  return d;
}

Result<BookData> npy_books(const std::string& path, size_t rows) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return make_error(CDD_E_IO, path + ": cannot open");
  CDD_ASSIGN_OR_RETURN(tools::NpyHeader h, tools::read_npy_header(f.get(), path));
  if (h.shape.size() != 3 || h.shape[1] != gen::kLevels || h.shape[2] != gen::kFields) {
    return bad(path + ": the codec benchmark needs an (N, 50, 3) order book");
  }
  if (h.dtype != CDD_DTYPE_FLOAT32 && h.dtype != CDD_DTYPE_FLOAT64 && h.dtype != CDD_DTYPE_FLOAT16) {
    return bad(path + ": the order book must be float16, float32 or float64");
  }
  const size_t n = rows == 0 ? static_cast<size_t>(h.shape[0]) : std::min<size_t>(rows, h.shape[0]);
  if (n < 8) return bad(path + ": fewer than 8 rows");
  const size_t elem = h.dtype == CDD_DTYPE_FLOAT64 ? 8 : h.dtype == CDD_DTYPE_FLOAT32 ? 4 : 2;
  std::vector<unsigned char> bytes(n * kW * elem);
  if (std::fread(bytes.data(), 1, bytes.size(), f.get()) != bytes.size()) return make_error(CDD_E_IO, path + ": truncated");
  BookData d;
  d.source = std::filesystem::path(path).filename().string();
  d.rows = n;
  d.normalized.resize(n * kW);
  if (h.dtype == CDD_DTYPE_FLOAT16) {
    std::vector<uint16_t> half(n * kW);
    std::memcpy(half.data(), bytes.data(), bytes.size());
    simd::ref::f16_to_f32(half.data(), d.normalized.data(), half.size());
    return d;
  }
  d.raw.resize(n * kW);
  for (size_t i = 0; i < n * kW; ++i) {
    if (elem == 8) {
      double v;
      std::memcpy(&v, bytes.data() + i * 8, 8);
      d.raw[i] = static_cast<float>(v);
    } else {
      std::memcpy(&d.raw[i], bytes.data() + i * 4, 4);
    }
  }
  for (size_t r = 0; r < n; ++r) normalize_row(&d.raw[r * kW], &d.normalized[r * kW]);
  return d;
}

}  // namespace cdd::bench
