// chunk_frame.cpp — build, parse and check chunk frames (FORMAT §5).
#include "format/chunk_frame.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "core/hex.hpp"
#include "core/le.hpp"

namespace cdd {

std::string chunk_where(uint64_t chunk, uint64_t offset) {
  return "chunk " + std::to_string(chunk) + " at offset " + std::to_string(offset);
}

void begin_chunk_frame(std::vector<std::byte>& out, uint16_t type, uint16_t dtype, uint64_t flags, uint64_t rows,
                       std::span<const uint32_t> row_shape) {
  // The fixed part is built in an array and copied in once: GCC 12 at -O3 reports a false
  // -Warray-bounds on resizing a cleared vector here.
  std::array<std::byte, kChunkFixedBytes> head{};
  le::store<uint16_t>(head.data() + 4, type);    // 4: type
  le::store<uint16_t>(head.data() + 6, dtype);   // 6: dtype
  le::store<uint64_t>(head.data() + 24, flags);  // 24: flags
  out.assign(head.begin(), head.end());
  le::put<uint32_t>(out, static_cast<uint32_t>(rows));  // 32: shape[0]
  for (uint32_t d : row_shape) le::put<uint32_t>(out, d);
  le::put<uint32_t>(out, 0);  // terminator
}

Status finish_chunk_frame(std::vector<std::byte>& frame) {
  CDD_RETURN_ERROR_IF(frame.size() >= (1ull << 32), CDD_E_INVALID_ARGUMENT,
                      "encoded chunk of " + std::to_string(frame.size()) + " bytes exceeds the 2^32-byte frame limit");
  le::store<uint32_t>(frame.data(), static_cast<uint32_t>(frame.size()));
  Hash128 h = chunk_hash(frame);
  std::memcpy(frame.data() + 8, h.data(), 16);
  return ok();
}

Hash128 chunk_hash(std::span<const std::byte> frame) {
  Hasher128 h;
  h.update(frame.first(8));
  h.update(frame.subspan(24));
  return h.finish();
}

Status check_chunk_flags(uint64_t flags, uint16_t type, const std::string& where) {
  CDD_RETURN_ERROR_IF((flags & ~kKnownChunkFlags) != 0, CDD_E_UNSUPPORTED,
                      where + ": unknown chunk flags " + to_hex_u64(flags & ~kKnownChunkFlags));
  CDD_RETURN_ERROR_IF((flags & CDD_FLAG_LZ4) && (flags & CDD_FLAG_ZSTD), CDD_E_FORMAT, where + ": flags LZ4 and ZSTD both set");
  bool little = (flags & CDD_FLAG_LITTLE_ENDIAN) != 0, big = (flags & CDD_FLAG_BIG_ENDIAN) != 0;
  CDD_RETURN_ERROR_IF(little == big, CDD_E_FORMAT, where + ": flags must set exactly one of LITTLE_ENDIAN and BIG_ENDIAN");
  CDD_RETURN_ERROR_IF(big, CDD_E_UNSUPPORTED, where + ": big-endian chunks are not supported");
  uint64_t casts = flags & (CDD_FLAG_DOWN_CAST_8 | CDD_FLAG_DOWN_CAST_16 | CDD_FLAG_DOWN_CAST_32 |
                            CDD_FLAG_DOWN_CAST_64 | CDD_FLAG_DOWN_CAST_128);
  CDD_RETURN_ERROR_IF((casts & (casts - 1)) != 0, CDD_E_FORMAT, where + ": more than one DOWN_CAST flag");
  CDD_RETURN_ERROR_IF(casts != 0 && (type < CDD_CODEC_OKX_OB_F16 || type > CDD_CODEC_GENERIC_OB_F32), CDD_E_FORMAT,
                      where + ": DOWN_CAST flags on chunk type " + std::to_string(type));
  return ok();
}

Result<ChunkHeader> parse_chunk_header(std::span<const std::byte> bytes, uint64_t avail, const std::string& where,
                                       bool verify_hash) {
  CDD_RETURN_ERROR_IF(avail < kChunkFixedBytes + 12 || bytes.size() < kChunkFixedBytes + 12, CDD_E_FORMAT,
                      where + ": only " + std::to_string(std::min<uint64_t>(avail, bytes.size())) +
                          " bytes, too few for a chunk frame");
  ChunkHeader h;
  const std::byte* p = bytes.data();
  h.size = le::u32(p);
  h.type = le::u16(p + 4);
  h.dtype = le::u16(p + 6);
  std::memcpy(h.hash.data(), p + 8, 16);
  h.flags = le::u64(p + 24);
  CDD_RETURN_ERROR_IF(h.size > avail, CDD_E_FORMAT,
                      where + ": frame size " + std::to_string(h.size) + " runs past the next structure (" +
                          std::to_string(avail) + " bytes available)");
  CDD_RETURN_ERROR_IF(h.size < kChunkFixedBytes + 12, CDD_E_FORMAT, where + ": frame size " + std::to_string(h.size) + " too small");
  if (verify_hash) {
    CDD_RETURN_ERROR_IF(bytes.size() < h.size, CDD_E_INTERNAL, where + ": hash check without the whole frame");
    CDD_FORWARD_IF_ERROR(verify_chunk_hash(bytes, h, where));
  }
  const size_t limit = std::min<size_t>(h.size, bytes.size());
  size_t n = 0;
  for (;; ++n) {
    size_t pos = kChunkFixedBytes + 4 * n;
    CDD_RETURN_ERROR_IF(n > 8 || pos + 4 > limit, CDD_E_FORMAT, where + ": shape has no terminating 0 within 9 entries");
    uint32_t d = le::u32(p + pos);
    if (d == 0) break;
    h.shape.push_back(d);
  }
  CDD_RETURN_ERROR_IF(n < 2, CDD_E_FORMAT, where + ": shape has " + std::to_string(n) + " dims; 2 to 8 allowed");
  h.header_bytes = static_cast<uint32_t>(kChunkFixedBytes + 4 * (n + 1));
  return h;
}

Status check_chunk_against(const ChunkHeader& h, const Metadata& m, uint64_t index_rows, const std::string& where) {
  CDD_RETURN_ERROR_IF(h.dtype != m.dtype, CDD_E_FORMAT,
                      where + ": dtype " + std::to_string(h.dtype) + " differs from the array's " + std::to_string(m.dtype));
  bool same = h.shape.size() == m.row_shape.size() + 1;
  for (size_t i = 0; same && i < m.row_shape.size(); ++i) same = h.shape[i + 1] == m.row_shape[i];
  CDD_RETURN_ERROR_IF(!same, CDD_E_FORMAT, where + ": row shape differs from the array's");
  CDD_RETURN_ERROR_IF(h.rows() != index_rows, CDD_E_FORMAT,
                      where + ": frame has " + std::to_string(h.rows()) + " rows, index says " + std::to_string(index_rows));
  CDD_RETURN_ERROR_IF(h.rows() * m.row_bytes() > kMaxChunkDecodedBytes, CDD_E_FORMAT,
                      where + ": decoded size exceeds 2^31 bytes");
  return ok();
}

Status verify_chunk_hash(std::span<const std::byte> frame, const ChunkHeader& h, const std::string& where) {
  CDD_RETURN_ERROR_IF(chunk_hash(frame.first(h.size)) != h.hash, CDD_E_CORRUPT, where + ": hash mismatch");
  return ok();
}

}  // namespace cdd
