// decode_prefix.cpp — Codec::decode_prefix's default: decode the whole chunk into per-thread scratch and
// copy the rows asked for (codecs that rebuild rows in order override it to stop early).
#include <cstring>
#include <string>
#include <vector>

#include "codec/codec.hpp"

namespace cdd {

Status Codec::decode_prefix(const ChunkDesc& desc, std::span<const std::byte> payload, std::span<std::byte> out,
                            uint64_t rows) const {
  const size_t row_bytes = desc.row_elems * desc.elem_size;
  CDD_RETURN_ERROR_IF(rows == 0 || rows > desc.rows || out.size() != rows * row_bytes, CDD_E_INTERNAL,
                      std::string(name()) + ": prefix of " + std::to_string(rows) + " rows asked of a chunk of " +
                          std::to_string(desc.rows) + " into " + std::to_string(out.size()) + " bytes");
  if (rows == desc.rows) return decode(desc, payload, out);
  thread_local std::vector<std::byte> whole;
  whole.resize(desc.decoded_bytes());
  CDD_FORWARD_IF_ERROR(decode(desc, payload, whole));
  std::memcpy(out.data(), whole.data(), out.size());
  return ok();
}

}  // namespace cdd
