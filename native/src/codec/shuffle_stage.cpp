// shuffle_stage.cpp — byte-shuffle + stage and its inverse, through the SIMD kernels (simd/kernels.hpp) and
// per-thread scratch, so the only copies are the ones the stage itself needs.
#include "codec/shuffle_stage.hpp"

#include <string>

#include "codec/stage.hpp"
#include "simd/kernels.hpp"

namespace cdd::codec {

namespace {
const uint8_t* u8(const std::byte* p) { return reinterpret_cast<const uint8_t*>(p); }
uint8_t* u8(std::byte* p) { return reinterpret_cast<uint8_t*>(p); }
}  // namespace

Status shuffle_then_stage(std::string_view who, const ChunkDesc& desc, std::span<const std::byte> in, int level,
                          std::vector<std::byte>& out) {
  const size_t s = desc.elem_size;
  CDD_RETURN_ERROR_IF(s == 0 || in.size() % s != 0, CDD_E_INVALID_ARGUMENT, std::string(who) + ": bad element size");
  const size_t n = in.size() / s;
  if ((desc.flags & (CDD_FLAG_LZ4 | CDD_FLAG_ZSTD)) == 0) {
    const size_t start = out.size();
    out.resize(start + in.size());
    if (n > 0) simd::byte_shuffle(u8(in.data()), u8(out.data() + start), n, s);
    return ok();
  }
  std::span<std::byte> shuffled = thread_scratch(0, in.size());
  if (n > 0) simd::byte_shuffle(u8(in.data()), u8(shuffled.data()), n, s);
  return stage_encode(who, desc.flags, shuffled, level, out);
}

Status unstage_then_unshuffle(std::string_view who, const ChunkDesc& desc, std::span<const std::byte> payload,
                              std::span<std::byte> out) {
  const size_t s = desc.elem_size;
  CDD_RETURN_ERROR_IF(out.size() != desc.decoded_bytes() || s == 0 || out.size() % s != 0, CDD_E_INVALID_ARGUMENT,
                      std::string(who) + ": output holds " + std::to_string(out.size()) + " bytes, expected " +
                          std::to_string(desc.decoded_bytes()));
  const size_t n = out.size() / s;
  if ((desc.flags & (CDD_FLAG_LZ4 | CDD_FLAG_ZSTD)) == 0) {
    CDD_RETURN_ERROR_IF(payload.size() != out.size(), CDD_E_CODEC,
                        std::string(who) + ": payload holds " + std::to_string(payload.size()) +
                            " bytes, expected " + std::to_string(out.size()));
    if (n > 0) simd::byte_unshuffle(u8(payload.data()), u8(out.data()), n, s);
    return ok();
  }
  CDD_FORWARD_IF_ERROR(check_stage_room(who, desc.flags, payload, out.size()));  // before the scratch grows
  std::span<std::byte> shuffled = thread_scratch(0, out.size());
  CDD_FORWARD_IF_ERROR(stage_decode(who, desc.flags, payload, shuffled));
  if (n > 0) simd::byte_unshuffle(u8(shuffled.data()), u8(out.data()), n, s);
  return ok();
}

}  // namespace cdd::codec
