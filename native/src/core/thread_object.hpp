// thread_object.hpp — objects each thread keeps for itself between calls (zstd contexts, scratch
// buffers, the C ABI's last error message), destroyed when the thread exits.
//
// Everywhere but MinGW this is a function-local `thread_local`. GCC's MinGW targets emulate TLS, and a
// thread that exits with `thread_local` objects that have destructors crashes, intermittently, inside
// winpthread's key teardown (docs/BUILDING.md). There the objects live in a per-thread table held in one
// Windows fiber-local slot, whose callback destroys them when the thread exits: no `thread_local` with a
// destructor is left for the runtime to tear down.
#pragma once

#include <cstddef>

namespace cdd {

namespace detail {

struct ThreadObjectSlot {
  void* object = nullptr;
  void (*destroy)(void*) noexcept = nullptr;
};

// A process-wide id for one call site of thread_object (MinGW only).
size_t next_thread_object_id() noexcept;
// This thread's slot for that id, in a table created on the thread's first use (MinGW only).
ThreadObjectSlot& thread_object_slot(size_t id);

}  // namespace detail

// This thread's T for one call site, value-initialized on the thread's first call. `Site` tells call
// sites of the same type apart: pass a tag declared where it is used, `thread_object<X, struct MyTag>()`.
template <class T, class Site>
T& thread_object() {
#if defined(__MINGW32__)
  static const size_t id = detail::next_thread_object_id();
  detail::ThreadObjectSlot& slot = detail::thread_object_slot(id);
  if (!slot.object) {
    slot.object = new T();
    slot.destroy = [](void* p) noexcept { delete static_cast<T*>(p); };
  }
  return *static_cast<T*>(slot.object);
#else
  thread_local T value{};
  return value;
#endif
}

}  // namespace cdd
