// errors.hpp — turns libcdd errors (cdd::Error, C ABI status + last error) into JS exceptions that carry
// the numeric cdd_status as `cddCode`; the TS wrapper rethrows them as @cdd/format CddError.
#pragma once

#include <napi.h>

#include <string>

#include "cdd/cdd.h"
#include "core/error.hpp"

namespace cdd_node {

inline Napi::Error cdd_error(Napi::Env env, int code, const std::string& message) {
  Napi::Error err = Napi::Error::New(env, message);
  err.Set("cddCode", Napi::Number::New(env, code));
  return err;
}

// Throws the error of a failed Status / Result.
inline void throw_if_error(Napi::Env env, const cdd::Status& st) {
  if (!st) throw cdd_error(env, st.error().code, st.error().message);
}

// Throws the thread's last C ABI error when `status` is not CDD_OK.
inline void throw_if_status(Napi::Env env, int status) {
  if (status != CDD_OK) throw cdd_error(env, status, cdd_last_error_message());
}

inline Napi::Error invalid_argument(Napi::Env env, const std::string& message) {
  return cdd_error(env, CDD_E_INVALID_ARGUMENT, message);
}

}  // namespace cdd_node

namespace cdd_node {

// The value of a Result, or a thrown JS error.
template <class T>
T unwrap(Napi::Env env, cdd::Result<T> r) {
  if (!r) throw cdd_error(env, r.error().code, r.error().message);
  return std::move(*r);
}

}  // namespace cdd_node
