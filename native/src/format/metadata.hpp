// metadata.hpp — the METADATA records of FORMAT §3: the array's dtype, row shape, writer defaults and
// chunking parameters, as tag/length/value records that later versions extend.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace cdd {

namespace meta_tag {
inline constexpr uint16_t kDtype = 1;
inline constexpr uint16_t kRowShape = 2;
inline constexpr uint16_t kCodec = 3;
inline constexpr uint16_t kCodecLevel = 4;
inline constexpr uint16_t kCodecFlags = 5;
inline constexpr uint16_t kChunkTargetBytes = 6;
inline constexpr uint16_t kChunkRows = 7;
inline constexpr uint16_t kIndexCapacity = 8;
inline constexpr uint16_t kWriter = 9;
inline constexpr uint16_t kCodecParams = 10;
}  // namespace meta_tag

inline constexpr uint32_t kMaxRowDims = 7;
inline constexpr uint32_t kMaxIndexCapacity = 1u << 20;
inline constexpr uint64_t kMaxChunkDecodedBytes = 1ull << 31;

struct Metadata {
  uint16_t dtype = 0;
  std::vector<uint32_t> row_shape;
  uint16_t codec = 0;
  int32_t codec_level = 0;
  uint64_t codec_flags = 0;
  uint32_t chunk_target_bytes = 0;
  uint32_t chunk_rows = 0;
  uint32_t index_capacity = 0;
  std::string writer;                    // empty when absent
  std::vector<std::byte> codec_params;  // empty when absent

  size_t elem_size() const;
  uint64_t row_elems() const;
  uint64_t row_bytes() const;
};

// Checks the values (dtype known, 1..7 dims each >= 1, index capacity 1..2^20, a row fits a chunk).
Status validate_metadata(const Metadata& m);
// The records, in tag order (not compressed).
std::vector<std::byte> encode_metadata_records(const Metadata& m);
// Parses decompressed records: skips unknown tags, checks order, lengths and required tags, validates.
Result<Metadata> parse_metadata_records(std::span<const std::byte> records);

}  // namespace cdd
