// repack.hpp — `cdd repack`: rewrites a .cdd file compactly through the core's repack (same chunks,
// sealed index blocks, LZ4-compressed where that is smaller), then verifies the result.
#pragma once

#include <string>

#include "core/error.hpp"

namespace cdd::tools {

Status repack_file(const std::string& in, const std::string& out);

}  // namespace cdd::tools
