// codec_presets.hpp — the writer settings each chunk type starts from (stage, level, chunk target,
// codec_params) when a caller names the codec and nothing else; cdd_writer_options_set_codec applies them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace cdd {

struct CodecPreset {
  uint64_t codec_flags;                    // stage flag (CDD_FLAG_ZSTD, CDD_FLAG_LZ4 or 0)
  int32_t level;                           // zstd level or LZ4 level (codec/lz4_level.hpp)
  uint32_t chunk_target_bytes;             // adaptive chunking target
  std::span<const std::byte> codec_params;  // metadata tag 10 (empty: the codec's own default)
};

// The preset of chunk type `codec`; nullptr for a type this build does not know.
const CodecPreset* codec_preset(uint16_t codec);

}  // namespace cdd
