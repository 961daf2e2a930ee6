// chunk_codec.cpp — encode rows to a chunk frame and check/decode a frame back to rows.
#include "io/chunk_codec.hpp"

namespace cdd {

namespace {
ChunkDesc desc_for(const Metadata& m, uint64_t flags, uint64_t rows) {
  ChunkDesc d;
  d.dtype = m.dtype;
  d.flags = flags;
  d.rows = rows;
  d.row_shape = m.row_shape;
  d.elem_size = m.elem_size();
  d.row_elems = static_cast<size_t>(m.row_elems());
  d.codec_params = m.codec_params;
  return d;
}
}  // namespace

Result<const Codec*> codec_for(uint16_t type) {
  const Codec* c = find_codec(type);
  CDD_RETURN_ERROR_IF(c == nullptr, CDD_E_UNSUPPORTED, "unknown chunk type " + std::to_string(type));
  return c;
}

Status encode_chunk(const Metadata& m, const Codec& codec, std::span<const std::byte> in, uint64_t rows,
                    std::vector<std::byte>& frame) {
  uint64_t flags = m.codec_flags | CDD_FLAG_LITTLE_ENDIAN;
  begin_chunk_frame(frame, m.codec, m.dtype, flags, rows, m.row_shape);
  CDD_FORWARD_IF_ERROR(codec.encode(desc_for(m, flags, rows), in, m.codec_level, frame));
  return finish_chunk_frame(frame);
}

Status decode_chunk(const Metadata& m, uint64_t chunk, uint64_t offset, uint64_t index_rows,
                    std::span<const std::byte> avail, bool verify_hash, uint64_t first, std::span<std::byte> out) {
  std::string where = chunk_where(chunk, offset);
  CDD_ASSIGN_OR_RETURN(ChunkHeader h, parse_chunk_header(avail, avail.size(), where, verify_hash));
  CDD_FORWARD_IF_ERROR(check_chunk_flags(h.flags, h.type, where));
  CDD_FORWARD_IF_ERROR(check_chunk_against(h, m, index_rows, where));
  const Codec* codec = find_codec(h.type);
  CDD_RETURN_ERROR_IF(codec == nullptr, CDD_E_UNSUPPORTED, where + ": unknown chunk type " + std::to_string(h.type));
  ChunkDesc desc = desc_for(m, h.flags, h.rows());
  const uint64_t row_bytes = m.row_bytes();
  const uint64_t rows = row_bytes != 0 ? out.size() / row_bytes : 0;
  CDD_RETURN_ERROR_IF(rows == 0 || first > desc.rows || rows > desc.rows - first || rows * row_bytes != out.size(),
                      CDD_E_INTERNAL, where + ": output span of wrong size");
  if (auto st = codec->check(h.dtype, m.row_shape, h.flags); !st) {
    return make_error(st.error().code, where + ": " + st.error().message);
  }
  const auto payload = avail.subspan(h.header_bytes, h.size - h.header_bytes);
  if (auto st = rows == desc.rows ? codec->decode(desc, payload, out)
                                   : codec->decode_range(desc, payload, out, first, first + rows);
      !st) {
    return make_error(st.error().code, where + ": " + st.error().message);
  }
  return ok();
}

}  // namespace cdd
