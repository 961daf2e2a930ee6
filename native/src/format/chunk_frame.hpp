// chunk_frame.hpp — chunk frames of FORMAT §5: building a frame around a codec's payload, parsing and
// checking its header (flags, dtype, shape against the metadata and the index) and its BLAKE3-128 hash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/hash.hpp"
#include "format/metadata.hpp"

namespace cdd {

inline constexpr size_t kChunkFixedBytes = 32;                  // size, type, dtype, hash, flags
inline constexpr size_t kMaxChunkHeaderBytes = kChunkFixedBytes + 4 * 9;  // + up to 8 dims and the 0
inline constexpr uint64_t kKnownChunkFlags = (1ull << 9) - 1;   // bits 0..8

struct ChunkHeader {
  uint32_t size = 0;
  uint16_t type = 0;
  uint16_t dtype = 0;
  Hash128 hash{};
  uint64_t flags = 0;
  std::vector<uint32_t> shape;  // rows, then the row shape
  uint32_t header_bytes = 0;    // 36 + 4n: where the payload starts
  uint64_t rows() const { return shape.empty() ? 0 : shape[0]; }
  size_t payload_bytes() const { return size - header_bytes; }
};

// "chunk 17 at offset 73821", the prefix of every chunk message.
std::string chunk_where(uint64_t chunk, uint64_t offset);

// Starts a frame in `out` (cleared): size and hash left zero, flags and shape written. The codec then
// appends the payload and finish_chunk_frame() fills size and hash.
void begin_chunk_frame(std::vector<std::byte>& out, uint16_t type, uint16_t dtype, uint64_t flags, uint64_t rows,
                       std::span<const uint32_t> row_shape);
// Fills size and hash; a frame of 2^32 bytes or more is CDD_E_INVALID_ARGUMENT.
Status finish_chunk_frame(std::vector<std::byte>& frame);

// BLAKE3-128 over frame bytes [0, 8) and [24, size).
Hash128 chunk_hash(std::span<const std::byte> frame);

// Parses a frame header. `bytes` starts at the frame and holds at least its header (68 bytes or the
// whole frame if shorter); `avail` = bytes known to belong to it (distance to the next structure).
// Checks size against avail, then (verify_hash: `bytes` holds the whole frame) the hash, so that damage is
// reported as CDD_E_CORRUPT, then the shape terminator and dims.
Result<ChunkHeader> parse_chunk_header(std::span<const std::byte> bytes, uint64_t avail, const std::string& where,
                                       bool verify_hash);
// The general flag rules of FORMAT §5.3 (type-specific rules are the codec's check()).
Status check_chunk_flags(uint64_t flags, uint16_t type, const std::string& where);
// dtype and row shape equal the metadata's, rows equal the index's, decoded size within 2^31.
Status check_chunk_against(const ChunkHeader& h, const Metadata& m, uint64_t index_rows, const std::string& where);
// The stored hash equals the hash of `frame` (exactly h.size bytes): else CDD_E_CORRUPT "<where>: hash mismatch".
Status verify_chunk_hash(std::span<const std::byte> frame, const ChunkHeader& h, const std::string& where);

}  // namespace cdd
