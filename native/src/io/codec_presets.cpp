// codec_presets.cpp — the per-codec writer presets. The order-book codecs default to the shift-aware
// bitmap filters on an LZ4HC level 9 stage with ~16 KiB chunks, chosen on the tuning grid over every
// regime (docs/BENCHMARKS.md, "Codec tuning grid"): float16 books the field-planar bitmap (filter 5),
// float32 books the bitmap (filter 4) — both smaller than blosc2 zstd1+shuffle and read at LZ4 speed.
#include "io/codec_presets.hpp"

#include "cdd/cdd.h"

namespace cdd {
namespace {

constexpr std::byte kBitmapFilter[] = {std::byte{4}};        // spec/CODECS.md §3.5: filter 4, bitmap
constexpr std::byte kBitmapPlanarFilter[] = {std::byte{5}};  // spec/CODECS.md §3.6: filter 5, bitmap-planar

constexpr CodecPreset kZstd{CDD_FLAG_ZSTD, 3, 4096, {}};
constexpr CodecPreset kLz4{CDD_FLAG_LZ4, 1, 4096, {}};
constexpr CodecPreset kRaw{0, 0, 4096, {}};
constexpr CodecPreset kBookF16{CDD_FLAG_LZ4, 9, 16384, kBitmapPlanarFilter};
constexpr CodecPreset kBookF32{CDD_FLAG_LZ4, 9, 16384, kBitmapFilter};

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
      return &kZstd;
    case CDD_CODEC_OKX_OB_F32:
    case CDD_CODEC_GENERIC_OB_F32:
      return &kBookF32;
    case CDD_CODEC_OKX_OB_F16:
    case CDD_CODEC_GENERIC_OB_F16:
      return &kBookF16;
    default:
      return nullptr;
  }
}

}  // namespace cdd
