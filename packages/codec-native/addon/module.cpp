// module.cpp — the N-API module of @cdd/codec-native: checks the core's ABI version and registers the
// codec calls and the core calls.
#include <napi.h>

#include "cdd/cdd.h"
#include "codec_calls.hpp"
#include "core_calls.hpp"
#include "errors.hpp"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  if (cdd_abi_version() != CDD_ABI_VERSION) {
    throw cdd_node::cdd_error(env, CDD_E_UNSUPPORTED, "libcdd ABI version mismatch");
  }
  cdd_node::register_codec_calls(env, exports);
  cdd_node::register_core_calls(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(cdd_node, Init)
