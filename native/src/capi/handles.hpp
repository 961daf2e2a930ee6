// handles.hpp — the C++ objects behind the opaque C handles of cdd.h (cdd_store, cdd_writer, cdd_reader).
// Included by every capi/*.cpp; never by code outside capi/.
#pragma once

#include <cstring>
#include <memory>

#include "cdd/cdd.h"
#include "core/inflight_gate.hpp"
#include "io/reader.hpp"
#include "io/writer.hpp"
#include "store/store.hpp"

// A caller's reference to a store; writers and readers hold their own shared_ptr, so the handle may be
// freed first.
struct cdd_store {
  std::shared_ptr<cdd::Store> store;
};

struct cdd_writer {
  std::unique_ptr<cdd::Writer> writer;
};

// `reader` is shared so an async read can keep it alive on its own (it also enters `gate`);
// cdd_reader_close calls gate.close_and_wait() before releasing it.
struct cdd_reader {
  std::shared_ptr<cdd::Reader> reader;
  cdd::InflightGate gate;
};

#include <exception>
#include <new>
#include <string>

#include "capi/last_error.hpp"

namespace cdd::capi {

// Records an error as this thread's last error and returns its code.
inline int fail(const Error& e) {
  set_last_error(e.code, e.message);
  return e.code;
}
inline int fail(cdd_status code, const std::string& message) {
  set_last_error(code, message);
  return code;
}

// Runs `fn` (returning Status) at the C boundary: its error, std::bad_alloc or any other exception
// becomes the last error and the returned code. No exception escapes.
template <class Fn>
int guard(Fn&& fn) noexcept {
  try {
    Status st = fn();
    return st ? CDD_OK : fail(st.error());
  } catch (const std::bad_alloc&) {
    return fail(CDD_E_NO_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    return fail(CDD_E_INTERNAL, std::string("internal error: ") + e.what());
  } catch (...) {
    return fail(CDD_E_INTERNAL, "internal error: unknown exception");
  }
}

// Copies a library-filled struct into a caller's struct of `caller_size` bytes (older callers: smaller).
template <class T>
void copy_sized(T* dst, const T& src, uint32_t caller_size) {
  size_t n = caller_size < sizeof(T) ? caller_size : sizeof(T);
  std::memcpy(static_cast<void*>(dst), &src, n);
  if (n >= sizeof(uint32_t)) dst->struct_size = static_cast<uint32_t>(n);
}

}  // namespace cdd::capi
