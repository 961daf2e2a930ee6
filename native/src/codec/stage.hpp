// stage.hpp — the last stage of a generic chunk (FORMAT §5.1): nothing, one zstd frame or one LZ4 block,
// chosen by the chunk flags. Decoding checks the exact decoded size and never writes past `out`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace cdd::codec {

// Appends the staged form of `in` to `out` (flags: CDD_FLAG_ZSTD, CDD_FLAG_LZ4 or neither). `level` is
// the zstd level (0 = zstd's default, clamped to zstd's range) or the LZ4 level (codec/lz4_level.hpp).
Status stage_encode(std::string_view who, uint64_t flags, std::span<const std::byte> in, int level,
                    std::vector<std::byte>& out);

// Undoes the stage: `payload` must decode to exactly out.size() bytes, else CDD_E_CODEC.
Status stage_decode(std::string_view who, uint64_t flags, std::span<const std::byte> payload,
                    std::span<std::byte> out);

// The most bytes one zstd frame can decode to, from its block headers (RFC 8878: a Raw or RLE block its
// Block_Size, a Compressed block 128 KiB), whatever content size its header declares; 0 when the frame
// is not one whole, readable zstd frame.
uint64_t zstd_max_output(std::span<const std::byte> frame);
// The most bytes `payload` can decode to under the stage the flags name, from its own bytes: LZ4 at most
// 255 bytes per byte, a zstd frame zstd_max_output, no stage its size.
// Codecs check a chunk's declared decoded size against it before they allocate for it, so that a small
// damaged or hostile file cannot make them allocate gigabytes (0 when the zstd frame is unreadable).
uint64_t stage_max_output(uint64_t flags, std::span<const std::byte> payload);
// CDD_E_CODEC "<who>: N bytes cannot come from a payload of M bytes" when out_size exceeds that bound.
Status check_stage_room(std::string_view who, uint64_t flags, std::span<const std::byte> payload, uint64_t out_size);

// A per-thread scratch buffer of `bytes` bytes (the codecs' intermediate between shuffle and stage). Each
// `slot` is a distinct buffer; contents are kept between calls, so callers overwrite what they read.
std::span<std::byte> thread_scratch(int slot, size_t bytes);

}  // namespace cdd::codec
