// error.hpp — the core's error type and the one-line helpers every layer uses to return or forward it.
// Errors carry a stable cdd_status code (cdd.h) and a message; no exception leaves libcdd's C ABI.
#pragma once

#include <expected>
#include <string>
#include <utility>

#include "cdd/cdd.h"

namespace cdd {

struct Error {
  cdd_status code = CDD_E_INTERNAL;
  std::string message;
};

template <class T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> make_error(cdd_status code, std::string message) {
  return std::unexpected<Error>(Error{code, std::move(message)});
}

inline Status ok() { return {}; }

}  // namespace cdd

// Returns an error from the enclosing function when `cond` holds.
#define CDD_RETURN_ERROR_IF(cond, code, msg)          \
  do {                                                \
    if (cond) return ::cdd::make_error((code), (msg)); \
  } while (0)

// Evaluates an expression of type Result<T>/Status and returns its error from the enclosing function.
#define CDD_FORWARD_IF_ERROR(expr)                                 \
  do {                                                             \
    auto&& cdd_fwd_result_ = (expr);                               \
    if (!cdd_fwd_result_) return std::unexpected(cdd_fwd_result_.error()); \
  } while (0)

#define CDD_CONCAT_INNER_(a, b) a##b
#define CDD_CONCAT_(a, b) CDD_CONCAT_INNER_(a, b)
// `CDD_ASSIGN_OR_RETURN(auto x, expr);` — binds the value of a Result<T> or returns its error.
#define CDD_ASSIGN_OR_RETURN(decl, expr)                                   \
  auto CDD_CONCAT_(cdd_aor_, __LINE__) = (expr);                           \
  if (!CDD_CONCAT_(cdd_aor_, __LINE__))                                    \
    return std::unexpected(CDD_CONCAT_(cdd_aor_, __LINE__).error());       \
  decl = std::move(*CDD_CONCAT_(cdd_aor_, __LINE__))
