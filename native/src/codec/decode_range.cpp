// decode_range.cpp — Codec::decode_range's default: decode the whole chunk into per-thread scratch and
// copy the rows asked for (codecs that rebuild rows in order override it to stop early).
#include <cstring>
#include <string>
#include <vector>

#include "codec/codec.hpp"
#include "core/thread_object.hpp"
#include "codec/stage.hpp"

namespace cdd {

Status Codec::decode_range(const ChunkDesc& desc, std::span<const std::byte> payload, std::span<std::byte> out,
                           uint64_t first, uint64_t end) const {
  const size_t row_bytes = desc.row_elems * desc.elem_size;
  CDD_RETURN_ERROR_IF(first >= end || end > desc.rows || out.size() != (end - first) * row_bytes, CDD_E_INTERNAL,
                      std::string(name()) + ": rows [" + std::to_string(first) + ", " + std::to_string(end) +
                          ") asked of a chunk of " + std::to_string(desc.rows) + " rows into " +
                          std::to_string(out.size()) + " bytes");
  if (first == 0 && end == desc.rows) return decode(desc, payload, out);
  if (type() <= CDD_CODEC_DELTA) {  // the generic codecs' payload is their stage: bound it before the scratch
    CDD_FORWARD_IF_ERROR(codec::check_stage_room(name(), desc.flags, payload, desc.decoded_bytes()));
  }
  std::vector<std::byte>& whole = thread_object<std::vector<std::byte>, struct WholeSite>();
  whole.resize(desc.decoded_bytes());
  CDD_FORWARD_IF_ERROR(decode(desc, payload, whole));
  std::memcpy(out.data(), whole.data() + first * row_bytes, out.size());
  return ok();
}

}  // namespace cdd
