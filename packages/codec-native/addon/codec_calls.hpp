// codec_calls.hpp — JS entry points of the core's chunk codecs: encode, decode, batch decode (sync and
// Promise, parallel through cdd::parallel_for) and BLAKE3-128.
#pragma once

#include <napi.h>

namespace cdd_node {

void register_codec_calls(Napi::Env env, Napi::Object exports);

}  // namespace cdd_node
