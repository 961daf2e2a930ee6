// zstd_blob.hpp — the "zstd blob" of FORMAT §1 (one frame recording its content size) used by METADATA
// and USER_META.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace cdd {

// Compresses `in` into one zstd frame with the content size in its header.
Result<std::vector<std::byte>> zstd_blob_encode(std::span<const std::byte> in);
// Decodes a blob that must be exactly one frame with a content size <= max_size. `what` names the
// structure in messages ("METADATA").
Result<std::vector<std::byte>> zstd_blob_decode(std::span<const std::byte> blob, size_t max_size, std::string_view what);

}  // namespace cdd
