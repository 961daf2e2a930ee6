// args.hpp — argument readers shared by the addon's functions: byte views of typed arrays, u64 from
// BigInt or Number, row shapes; each throws a CDD_E_INVALID_ARGUMENT error naming the argument.
#pragma once

#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "cdd/cdd.h"
#include "errors.hpp"

namespace cdd_node {

// The bytes of any TypedArray or Buffer argument.
inline std::span<std::byte> bytes_arg(const Napi::Value& v, const char* name) {
  if (!v.IsTypedArray()) throw invalid_argument(v.Env(), std::string(name) + " must be a TypedArray");
  auto ta = v.As<Napi::TypedArray>();
  auto* base = static_cast<std::byte*>(ta.ArrayBuffer().Data());
  return {base + ta.ByteOffset(), ta.ByteLength()};
}

inline uint64_t u64_arg(const Napi::Value& v, const char* name) {
  if (v.IsBigInt()) {
    bool lossless = true;
    uint64_t x = v.As<Napi::BigInt>().Uint64Value(&lossless);
    if (!lossless) throw invalid_argument(v.Env(), std::string(name) + " does not fit in u64");
    return x;
  }
  if (v.IsNumber()) {
    double d = v.As<Napi::Number>().DoubleValue();
    if (!(d >= 0) || d > 9007199254740991.0 || d != static_cast<double>(static_cast<uint64_t>(d))) {
      throw invalid_argument(v.Env(), std::string(name) + " must be a non-negative integer");
    }
    return static_cast<uint64_t>(d);
  }
  throw invalid_argument(v.Env(), std::string(name) + " must be a number or bigint");
}

inline int32_t i32_arg(const Napi::Value& v, const char* name) {
  if (!v.IsNumber()) throw invalid_argument(v.Env(), std::string(name) + " must be a number");
  return v.As<Napi::Number>().Int32Value();
}

inline std::vector<uint32_t> shape_arg(const Napi::Value& v, const char* name) {
  if (!v.IsArray()) throw invalid_argument(v.Env(), std::string(name) + " must be an array");
  auto a = v.As<Napi::Array>();
  if (a.Length() < 1 || a.Length() > CDD_MAX_ROW_DIMS) {
    throw invalid_argument(v.Env(), std::string(name) + " must have 1.." + std::to_string(CDD_MAX_ROW_DIMS) + " dims");
  }
  std::vector<uint32_t> shape;
  for (uint32_t i = 0; i < a.Length(); i++) {
    uint64_t d = u64_arg(a.Get(i), name);
    if (d < 1 || d > 0xffffffffu) throw invalid_argument(v.Env(), std::string(name) + " has a dim outside 1..2^32-1");
    shape.push_back(static_cast<uint32_t>(d));
  }
  return shape;
}

inline std::string string_arg(const Napi::Value& v, const char* name) {
  if (!v.IsString()) throw invalid_argument(v.Env(), std::string(name) + " must be a string");
  return v.As<Napi::String>().Utf8Value();
}

}  // namespace cdd_node
