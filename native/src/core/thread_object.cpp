// thread_object.cpp — the MinGW table behind thread_object (thread_object.hpp): one fiber-local slot per
// process, a table of this thread's objects in it, destroyed by the slot's callback at thread exit.
#include "core/thread_object.hpp"

#if defined(__MINGW32__)

#include <windows.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

namespace cdd::detail {

namespace {

struct Table {
  std::vector<ThreadObjectSlot> slots;
  ~Table() {
    for (auto it = slots.rbegin(); it != slots.rend(); ++it) {
      if (it->object) it->destroy(it->object);
    }
  }
};

void WINAPI destroy_table(void* table) { delete static_cast<Table*>(table); }

DWORD table_index() {
  static const DWORD index = FlsAlloc(&destroy_table);
  if (index == FLS_OUT_OF_INDEXES) throw std::bad_alloc();  // Windows has no fiber-local slot left
  return index;
}

std::atomic<size_t> g_next_id{0};

}  // namespace

size_t next_thread_object_id() noexcept { return g_next_id.fetch_add(1, std::memory_order_relaxed); }

ThreadObjectSlot& thread_object_slot(size_t id) {
  const DWORD index = table_index();
  auto* table = static_cast<Table*>(FlsGetValue(index));
  if (!table) {
    table = new Table();
    if (!FlsSetValue(index, table)) {
      delete table;
      throw std::bad_alloc();
    }
  }
  if (table->slots.size() <= id) table->slots.resize(id + 1);
  return table->slots[id];
}

}  // namespace cdd::detail

#endif  // __MINGW32__
