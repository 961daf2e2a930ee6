// shuffle_codec.cpp — SHUFFLE (FORMAT §5.1, §5.4): byte-shuffle of the decoded elements, then the stage
// named by the flags (LZ4, ZSTD or none).
#include <cstdint>
#include <string>

#include "codec/builtin.hpp"
#include "codec/codec_checks.hpp"
#include "codec/shuffle_stage.hpp"

namespace cdd {

namespace {

class ShuffleCodec final : public Codec {
 public:
  uint16_t type() const override { return CDD_CODEC_SHUFFLE; }
  std::string_view name() const override { return "SHUFFLE"; }

  Status check(uint16_t dtype, std::span<const uint32_t> row_shape, uint64_t flags) const override {
    return codec::check_generic(name(), dtype, row_shape, flags, codec::StageRule::kAny, false);
  }

  Status encode(const ChunkDesc& desc, std::span<const std::byte> in, int level,
                std::vector<std::byte>& out) const override {
    CDD_FORWARD_IF_ERROR(check(desc.dtype, desc.row_shape, desc.flags));
    CDD_FORWARD_IF_ERROR(codec::check_encode_input(name(), in.size(), desc.decoded_bytes()));
    return codec::shuffle_then_stage(name(), desc, in, level, out);
  }

  Status decode(const ChunkDesc& desc, std::span<const std::byte> payload,
                std::span<std::byte> out) const override {
    CDD_FORWARD_IF_ERROR(check(desc.dtype, desc.row_shape, desc.flags));
    return codec::unstage_then_unshuffle(name(), desc, payload, out);
  }
};

}  // namespace

const Codec& shuffle_codec() {
  static const ShuffleCodec c;
  return c;
}

}  // namespace cdd
