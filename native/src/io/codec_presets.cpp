// codec_presets.cpp — the per-codec writer presets. The float16 order-book codecs default to the
// shift-aware bitmap filter on an LZ4HC stage with ~8 KiB chunks: within a few percent of the zstd
// setting's size and about twice as fast to read (docs/BENCHMARKS.md, "Python and read path").
#include "io/codec_presets.hpp"

#include "cdd/cdd.h"

namespace cdd {
namespace {

constexpr std::byte kBitmapFilter[] = {std::byte{4}};  // spec/CODECS.md §3: filter 4, bitmap

constexpr CodecPreset kZstd{CDD_FLAG_ZSTD, 3, 4096, {}};
constexpr CodecPreset kLz4{CDD_FLAG_LZ4, 1, 4096, {}};
constexpr CodecPreset kRaw{0, 0, 4096, {}};
constexpr CodecPreset kBookF16{CDD_FLAG_LZ4, 4, 8192, kBitmapFilter};

}  // namespace

const CodecPreset* codec_preset(uint16_t codec) {
  switch (codec) {
    case CDD_CODEC_RAW:
      return &kRaw;
    case CDD_CODEC_LZ4:
      return &kLz4;
    case CDD_CODEC_ZSTD:
    case CDD_CODEC_SHUFFLE:
    case CDD_CODEC_DELTA:
    case CDD_CODEC_OKX_OB_F32:
    case CDD_CODEC_GENERIC_OB_F32:
      return &kZstd;
    case CDD_CODEC_OKX_OB_F16:
    case CDD_CODEC_GENERIC_OB_F16:
      return &kBookF16;
    default:
      return nullptr;
  }
}

}  // namespace cdd
