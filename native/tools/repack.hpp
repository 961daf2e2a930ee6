// repack.hpp — whole-file commands over the core: `cdd repack IN OUT` and `cdd verify FILE`, both with a
// progress meter on stderr (progress.hpp) unless `progress` is false.
#pragma once

#include <string>

#include "core/error.hpp"

namespace cdd::tools {

Status repack_file(const std::string& in, const std::string& out, bool progress = true);

// Every index record and chunk hash of `path` (verify_store), as cdd_verify_file does.
Status verify_file(const std::string& path, bool progress = true);

}  // namespace cdd::tools
