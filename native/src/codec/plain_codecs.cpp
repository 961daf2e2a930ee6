// plain_codecs.cpp — RAW, ZSTD and LZ4 (FORMAT §5.1): the decoded bytes as they are, in one zstd frame,
// or in one LZ4 block.
#include <string>

#include "codec/builtin.hpp"
#include "codec/codec_checks.hpp"
#include "codec/stage.hpp"

namespace cdd {

namespace {

class PlainCodec final : public Codec {
 public:
  constexpr PlainCodec(uint16_t type, std::string_view name, codec::StageRule rule)
      : type_(type), name_(name), rule_(rule) {}

  uint16_t type() const override { return type_; }
  std::string_view name() const override { return name_; }

  Status check(uint16_t dtype, std::span<const uint32_t> row_shape, uint64_t flags) const override {
    return codec::check_generic(name_, dtype, row_shape, flags, rule_, false);
  }

  Status encode(const ChunkDesc& desc, std::span<const std::byte> in, int level,
                std::vector<std::byte>& out) const override {
    CDD_FORWARD_IF_ERROR(check(desc.dtype, desc.row_shape, desc.flags));
    CDD_FORWARD_IF_ERROR(codec::check_encode_input(name_, in.size(), desc.decoded_bytes()));
    return codec::stage_encode(name_, desc.flags, in, level, out);
  }

  Status decode(const ChunkDesc& desc, std::span<const std::byte> payload,
                std::span<std::byte> out) const override {
    CDD_FORWARD_IF_ERROR(check(desc.dtype, desc.row_shape, desc.flags));
    CDD_RETURN_ERROR_IF(out.size() != desc.decoded_bytes(), CDD_E_INVALID_ARGUMENT,
                        std::string(name_) + ": output holds " + std::to_string(out.size()) + " bytes, expected " +
                            std::to_string(desc.decoded_bytes()));
    return codec::stage_decode(name_, desc.flags, payload, out);
  }

 private:
  uint16_t type_;
  std::string_view name_;
  codec::StageRule rule_;
};

}  // namespace

const Codec& raw_codec() {
  static const PlainCodec c(CDD_CODEC_RAW, "RAW", codec::StageRule::kNone);
  return c;
}

const Codec& zstd_codec() {
  static const PlainCodec c(CDD_CODEC_ZSTD, "ZSTD", codec::StageRule::kZstdOnly);
  return c;
}

const Codec& lz4_codec() {
  static const PlainCodec c(CDD_CODEC_LZ4, "LZ4", codec::StageRule::kLz4Only);
  return c;
}

}  // namespace cdd
