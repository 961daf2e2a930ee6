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
// Whether the stage can decode a prefix of its bytes without the rest (LZ4 blocks: yes).
bool stage_decodes_prefix(uint64_t flags);
// Decodes the first `prefix` bytes (<= out_size, the whole decoded size) of an LZ4 stage into `out`, which
// holds out_size bytes. A block that is damaged there, or ends before `prefix` bytes, is CDD_E_CODEC; the
// bytes past the prefix are not looked at.
Status stage_decompress_prefix(uint64_t flags, std::span<const std::byte> in, uint8_t* out, size_t out_size,
                               size_t prefix);

}  // namespace cdd::ob
