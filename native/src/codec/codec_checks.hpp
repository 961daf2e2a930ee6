// codec_checks.hpp — the flag and dtype checks the generic codecs share (spec/FORMAT.md §5.1, §5.3).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "core/error.hpp"

namespace cdd::codec {

// Which last stage (FORMAT §5.1) a chunk type accepts.
enum class StageRule {
  kNone,      // no LZ4/ZSTD bit (RAW)
  kZstdOnly,  // ZSTD bit required (ZSTD)
  kLz4Only,   // LZ4 bit required (LZ4)
  kAny,       // LZ4, ZSTD or none (SHUFFLE, DELTA)
};

// Checks the flags of a generic chunk (LITTLE_ENDIAN set, no BIG_ENDIAN or DOWN_CAST, stage per `rule`)
// and that the dtype is known (and an integer one when `integer_only`). Messages start with `name`.
Status check_generic(std::string_view name, uint16_t dtype, std::span<const uint32_t> row_shape,
                     uint64_t flags, StageRule rule, bool integer_only);

// The input given to encode must be exactly desc.decoded_bytes().
Status check_encode_input(std::string_view name, size_t got, size_t expected);

}  // namespace cdd::codec
