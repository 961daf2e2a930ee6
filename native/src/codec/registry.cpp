// registry.cpp — the chunk type -> codec table: lock-free lookup, mutex-serialized registration; the
// built-in codecs (and the order-book codecs when built with CDD_HAVE_OB) are registered once, on first use.
#include <array>
#include <atomic>
#include <mutex>
#include <string>

#include "codec/builtin.hpp"

namespace cdd {

namespace {

std::array<std::atomic<const Codec*>, 65536> g_codecs{};  // zero-initialized: no codec
std::mutex g_register_mutex;
std::once_flag g_builtins_once;
thread_local bool t_registering_builtins = false;

Status insert(const Codec* codec) {
  CDD_RETURN_ERROR_IF(codec == nullptr, CDD_E_INVALID_ARGUMENT, "register_codec: null codec");
  const uint16_t type = codec->type();
  CDD_RETURN_ERROR_IF(type == 0, CDD_E_INVALID_ARGUMENT,
                      "register_codec: chunk type 0 is invalid (codec " + std::string(codec->name()) + ")");
  std::lock_guard lock(g_register_mutex);
  const Codec* current = g_codecs[type].load(std::memory_order_acquire);
  if (current == nullptr) {
    g_codecs[type].store(codec, std::memory_order_release);
    return ok();
  }
  CDD_RETURN_ERROR_IF(current->name() != codec->name(), CDD_E_INVALID_ARGUMENT,
                      "register_codec: chunk type " + std::to_string(type) + " is already " +
                          std::string(current->name()) + ", cannot register " + std::string(codec->name()));
  return ok();
}

void register_builtins() {
  t_registering_builtins = true;
  for (const Codec* c : {&raw_codec(), &zstd_codec(), &lz4_codec(), &shuffle_codec(), &delta_codec()}) {
    (void)insert(c);  // distinct built-in types: cannot fail
  }
#if defined(CDD_HAVE_OB)
  ob::register_orderbook_codecs();
#endif
  t_registering_builtins = false;
}

void ensure_builtins() {
  // The order-book hook calls register_codec from inside call_once on this thread: skip re-entry.
  if (t_registering_builtins) return;
  std::call_once(g_builtins_once, register_builtins);
}

}  // namespace

const Codec* find_codec(uint16_t type) {
  ensure_builtins();
  return g_codecs[type].load(std::memory_order_acquire);
}

Status register_codec(const Codec* codec) {
  ensure_builtins();
  return insert(codec);
}

}  // namespace cdd
