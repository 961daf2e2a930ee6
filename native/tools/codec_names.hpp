// codec_names.hpp — codec and stage names on the command line ("shuffle", "okx_ob_f16", "zstd", ...)
// mapped to the codes of cdd.h, and flags rendered as names for inspect.
#pragma once

#include <cstdint>
#include <string>

#include "cdd/cdd.h"
#include "core/error.hpp"

namespace cdd::tools {

// A codec name as cdd_codec_name spells it, case-insensitive, '-' and '_' alike.
Result<int> parse_codec(const std::string& name);
// Sets opts.codec and the codec's preset (cdd_writer_options_set_codec: stage, level, chunk target,
// codec_params); the float16 order-book codecs on float32 data add DOWN_CAST_16. Set opts.dtype first.
void set_codec(cdd_writer_options& opts, int codec);

// "zstd", "lz4" or "none" -> CDD_FLAG_ZSTD, CDD_FLAG_LZ4, 0.
Result<uint64_t> parse_stage(const std::string& name);
// "LITTLE_ENDIAN|ZSTD" (known bits by name, others as hex).
std::string flag_names(uint64_t flags);
// cdd_codec_name or "type N".
std::string codec_label(int codec);

}  // namespace cdd::tools
