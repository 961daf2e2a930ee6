// shuffle_stage.hpp — byte-shuffle (FORMAT §5.4, element size = dtype size) combined with the last stage:
// the common tail of SHUFFLE and DELTA.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "codec/codec.hpp"

namespace cdd::codec {

// Appends stage(shuffle(in)) to `out`; `in` holds desc.decoded_bytes() bytes.
Status shuffle_then_stage(std::string_view who, const ChunkDesc& desc, std::span<const std::byte> in, int level,
                          std::vector<std::byte>& out);

// Writes unshuffle(unstage(payload)) into `out` (exactly desc.decoded_bytes() bytes); CDD_E_CODEC when the
// payload does not decode to that size.
Status unstage_then_unshuffle(std::string_view who, const ChunkDesc& desc, std::span<const std::byte> payload,
                              std::span<std::byte> out);

}  // namespace cdd::codec
