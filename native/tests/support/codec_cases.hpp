// codec_cases.hpp — the codecs the reader tests run every read through (generic ones with their stages,
// the order-book ones with their presets), their writer options with small chunks, and realistic data.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "cdd/cdd.h"
#include "codec/codec.hpp"
#include "io/codec_presets.hpp"
#include "io/writer.hpp"
#include "support/test_data.hpp"

namespace cdd::test {

struct CodecCase {
  uint16_t codec;
  uint64_t flags;
  const char* name;
};

// Writer options of a codec as cdd_writer_options_set_codec gives them (its preset), small chunks.
inline WriterOptions options_for(const CodecCase& c) {
  WriterOptions o;
  o.codec = c.codec;
  o.codec_flags = c.flags;
  if (const CodecPreset* p = codec_preset(c.codec); p != nullptr && (c.codec == CDD_CODEC_OKX_OB_F16 || c.codec == CDD_CODEC_OKX_OB_F32)) {
    o.codec_flags = p->codec_flags;
    o.level = p->level;
    o.chunk_target_bytes = p->chunk_target_bytes;
    o.codec_params.assign(p->codec_params.begin(), p->codec_params.end());
  }
  o.chunk_target_bytes = std::min<uint32_t>(o.chunk_target_bytes, 2048);  // many chunks of a few dozen rows
  return o;
}

// The codecs of this build among RAW, ZSTD, LZ4, SHUFFLE (zstd and LZ4 stages) and the OKX books.
inline std::vector<CodecCase> codec_cases() {
  const CodecCase all[] = {
      {CDD_CODEC_RAW, 0, "RAW"},
      {CDD_CODEC_ZSTD, CDD_FLAG_ZSTD, "ZSTD"},
      {CDD_CODEC_LZ4, CDD_FLAG_LZ4, "LZ4"},
      {CDD_CODEC_SHUFFLE, CDD_FLAG_ZSTD, "SHUFFLE_ZSTD"},
      {CDD_CODEC_SHUFFLE, CDD_FLAG_LZ4, "SHUFFLE_LZ4"},
      {CDD_CODEC_OKX_OB_F16, CDD_FLAG_LZ4, "OKX_OB_F16"},
      {CDD_CODEC_OKX_OB_F32, CDD_FLAG_ZSTD, "OKX_OB_F32"},
  };
  std::vector<CodecCase> out;
  for (const auto& c : all) {
    if (find_codec(c.codec) != nullptr) out.push_back(c);
  }
  return out;
}

// Rows the codec takes: the float16 book for OKX_OB_F16, the float32 book otherwise.
inline Array data_for(uint16_t codec, uint64_t rows, uint64_t seed) {
  return codec == CDD_CODEC_OKX_OB_F16 ? orderbook_f16(rows, seed) : orderbook_f32(rows, seed);
}

}  // namespace cdd::test
