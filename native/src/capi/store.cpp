// store.cpp (capi) — cdd_store_memory_*, cdd_store_callbacks_new and cdd_store_free.
#include "capi/handles.hpp"
#include "store/callback_store.hpp"
#include "store/memory_store.hpp"

using cdd::capi::guard;

extern "C" {

CDD_API int cdd_store_memory_new(cdd_store** out) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(out == nullptr, CDD_E_INVALID_ARGUMENT, "cdd_store_memory_new: out is NULL");
    *out = new cdd_store{cdd::new_memory_store()};
    return cdd::ok();
  });
}

CDD_API int cdd_store_memory_wrap(const void* data, size_t size, cdd_store** out) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(out == nullptr, CDD_E_INVALID_ARGUMENT, "cdd_store_memory_wrap: out is NULL");
    CDD_RETURN_ERROR_IF(data == nullptr && size != 0, CDD_E_INVALID_ARGUMENT, "cdd_store_memory_wrap: data is NULL");
    *out = new cdd_store{cdd::wrap_memory(data, size)};
    return cdd::ok();
  });
}

CDD_API int cdd_store_memory_copy(const void* data, size_t size, cdd_store** out) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(out == nullptr, CDD_E_INVALID_ARGUMENT, "cdd_store_memory_copy: out is NULL");
    CDD_RETURN_ERROR_IF(data == nullptr && size != 0, CDD_E_INVALID_ARGUMENT, "cdd_store_memory_copy: data is NULL");
    *out = new cdd_store{cdd::copy_memory(data, size)};
    return cdd::ok();
  });
}

CDD_API int cdd_store_memory_bytes(const cdd_store* store, const void** data, size_t* size) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(store == nullptr || data == nullptr || size == nullptr, CDD_E_INVALID_ARGUMENT,
                        "cdd_store_memory_bytes: NULL argument");
    auto* mem = dynamic_cast<const cdd::MemoryStore*>(store->store.get());
    CDD_RETURN_ERROR_IF(mem == nullptr, CDD_E_INVALID_ARGUMENT, "cdd_store_memory_bytes: not a memory store");
    auto bytes = mem->bytes_unlocked();
    *data = bytes.data();
    *size = bytes.size();
    return cdd::ok();
  });
}

CDD_API int cdd_store_callbacks_new(const cdd_store_callbacks* callbacks, const char* name, cdd_store** out) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(out == nullptr || callbacks == nullptr, CDD_E_INVALID_ARGUMENT,
                        "cdd_store_callbacks_new: callbacks or out is NULL");
    CDD_ASSIGN_OR_RETURN(auto store, cdd::new_callback_store(*callbacks, name != nullptr ? name : ""));
    *out = new cdd_store{std::move(store)};
    return cdd::ok();
  });
}

CDD_API void cdd_store_callback_message(const char* message) {
  try {
    cdd::set_callback_message(message);
  } catch (...) {  // out of memory for the copy: the errno's own text is used instead
  }
}

CDD_API void cdd_store_free(cdd_store* store) { delete store; }

}  // extern "C"
