// gen.cpp — C ABI of the realistic order-book generator (cdd_gen_* in cdd.h) over cdd::gen::OrderBookGenerator:
// argument and buffer-size checks, and no exception across the boundary.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <limits>
#include <new>
#include <string>

#include "capi/last_error.hpp"
#include "cdd/cdd.h"
#include "gen/orderbook_generator.hpp"

struct cdd_gen_state {
  explicit cdd_gen_state(uint64_t seed) : gen(seed) {}
  cdd_gen_state(uint64_t seed, cdd::gen::Regime regime) : gen(seed, regime) {}
  cdd::gen::OrderBookGenerator gen;
};

namespace {

int fail(cdd_status code, const std::string& message) {
  cdd::capi::set_last_error(code, message);
  return code;
}

// Checks the state, the buffer and its size for `rows` rows of `row_bytes` bytes, then runs `fill`.
template <class Fill>
int generate(const char* fn, cdd_gen_state* g, uint64_t rows, const void* out, size_t out_size, uint64_t row_bytes,
             Fill&& fill) {
  try {
    if (g == nullptr) return fail(CDD_E_INVALID_ARGUMENT, std::string(fn) + ": the generator is NULL");
    if (rows > std::numeric_limits<size_t>::max() / row_bytes) {
      return fail(CDD_E_INVALID_ARGUMENT, std::string(fn) + ": " + std::to_string(rows) + " rows do not fit in memory");
    }
    const uint64_t need = rows * row_bytes;
    if (rows > 0 && out == nullptr) return fail(CDD_E_INVALID_ARGUMENT, std::string(fn) + ": out is NULL");
    if (out_size < need) {
      return fail(CDD_E_INVALID_ARGUMENT, std::string(fn) + ": out_size " + std::to_string(out_size) +
                                              " is smaller than the " + std::to_string(need) + " bytes of " +
                                              std::to_string(rows) + " rows");
    }
    fill(static_cast<size_t>(rows));
    return CDD_OK;
  } catch (const std::bad_alloc&) {
    return fail(CDD_E_NO_MEMORY, std::string(fn) + ": out of memory");
  } catch (const std::exception& e) {
    return fail(CDD_E_INTERNAL, std::string(fn) + ": " + e.what());
  }
}

constexpr uint64_t kBookRowBytes = cdd::gen::kValuesPerRow * sizeof(float);
constexpr uint64_t kHalfRowBytes = cdd::gen::kValuesPerRow * sizeof(uint16_t);

}  // namespace

extern "C" {

CDD_API int cdd_gen_new(uint64_t seed, cdd_gen_state** out) {
  if (out == nullptr) return fail(CDD_E_INVALID_ARGUMENT, "cdd_gen_new: out is NULL");
  *out = nullptr;
  try {
    *out = new cdd_gen_state(seed);
    return CDD_OK;
  } catch (const std::bad_alloc&) {
    return fail(CDD_E_NO_MEMORY, "cdd_gen_new: out of memory");
  } catch (const std::exception& e) {
    return fail(CDD_E_INTERNAL, std::string("cdd_gen_new: ") + e.what());
  }
}

CDD_API void cdd_gen_options_init(cdd_gen_options* opts) {
  if (opts == nullptr) return;
  std::memset(static_cast<void*>(opts), 0, sizeof(*opts));
  opts->struct_size = sizeof(*opts);
  opts->regime = CDD_GEN_NORMAL;
  opts->seed = 1;
}

CDD_API int cdd_gen_new_with(const cdd_gen_options* opts, cdd_gen_state** out) {
  if (out == nullptr) return fail(CDD_E_INVALID_ARGUMENT, "cdd_gen_new_with: out is NULL");
  *out = nullptr;
  cdd_gen_options o;
  cdd_gen_options_init(&o);
  if (opts != nullptr) {
    if (opts->struct_size < sizeof(uint32_t)) {
      return fail(CDD_E_INVALID_ARGUMENT, "cdd_gen_new_with: struct_size is not set (call cdd_gen_options_init)");
    }
    std::memcpy(static_cast<void*>(&o), opts, std::min<size_t>(opts->struct_size, sizeof(o)));
    o.struct_size = sizeof(o);
  }
  const auto regime = cdd::gen::regime_from_value(o.regime);
  if (!regime) {
    return fail(CDD_E_INVALID_ARGUMENT, "cdd_gen_new_with: unknown regime " + std::to_string(o.regime) +
                                            " (0.." + std::to_string(CDD_GEN_REGIME_COUNT - 1) + ")");
  }
  try {
    *out = new cdd_gen_state(o.seed, *regime);
    return CDD_OK;
  } catch (const std::bad_alloc&) {
    return fail(CDD_E_NO_MEMORY, "cdd_gen_new_with: out of memory");
  } catch (const std::exception& e) {
    return fail(CDD_E_INTERNAL, std::string("cdd_gen_new_with: ") + e.what());
  }
}

CDD_API const char* cdd_gen_regime_name(uint32_t regime) {
  const auto r = cdd::gen::regime_from_value(regime);
  return r ? cdd::gen::regime_name(*r).data() : nullptr;
}

CDD_API int cdd_gen_regime_from_name(const char* name, uint32_t* out) {
  if (name == nullptr || out == nullptr) return fail(CDD_E_INVALID_ARGUMENT, "cdd_gen_regime_from_name: NULL argument");
  const auto r = cdd::gen::regime_from_name(name);
  if (!r) {
    std::string known;
    for (uint32_t v = 0; v < CDD_GEN_REGIME_COUNT; ++v) known += (v ? ", " : "") + std::string(cdd_gen_regime_name(v));
    return fail(CDD_E_INVALID_ARGUMENT, std::string("unknown generator regime '") + name + "' (known: " + known + ")");
  }
  *out = static_cast<uint32_t>(*r);
  return CDD_OK;
}

CDD_API void cdd_gen_free(cdd_gen_state* g) { delete g; }

CDD_API int cdd_gen_orderbook_f32(cdd_gen_state* g, uint64_t rows, float* out, size_t out_size) {
  return generate("cdd_gen_orderbook_f32", g, rows, out, out_size, kBookRowBytes,
                  [&](size_t n) { g->gen.orderbook_f32(n, out); });
}

CDD_API int cdd_gen_orderbook_f16(cdd_gen_state* g, uint64_t rows, uint16_t* out, size_t out_size) {
  return generate("cdd_gen_orderbook_f16", g, rows, out, out_size, kHalfRowBytes,
                  [&](size_t n) { g->gen.normalized_f16(n, out); });
}

CDD_API int cdd_gen_timestamps_ms(cdd_gen_state* g, uint64_t rows, int64_t* out, size_t out_size) {
  return generate("cdd_gen_timestamps_ms", g, rows, out, out_size, sizeof(int64_t),
                  [&](size_t n) { g->gen.timestamps_ms(n, out); });
}

}  // extern "C"
