// core_calls.hpp — JS entry points over the core's C ABI: the core's own Reader and Writer on files and
// bytes, file verification, the realistic order-book generator, the SIMD target and the flock lock.
#pragma once

#include <napi.h>

namespace cdd_node {

void register_core_calls(Napi::Env env, Napi::Object exports);

}  // namespace cdd_node
