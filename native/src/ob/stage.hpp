// stage.hpp — the last stage of the order-book codecs: an LZ4 block, a zstd frame or nothing, named by
// the chunk flags. Decompression is bounds-checked and exact-size: any damage is CDD_E_CODEC.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/error.hpp"

namespace cdd::ob {

// Appends the stage's encoding of `in` to `out`. `level`: zstd level, or LZ4 level (codec/lz4_level.hpp).
Status stage_compress(uint64_t flags, int level, std::span<const uint8_t> in, std::vector<std::byte>& out);
// Decodes `in` into exactly `out_size` bytes at `out`.
Status stage_decompress(uint64_t flags, std::span<const std::byte> in, uint8_t* out, size_t out_size);

}  // namespace cdd::ob
