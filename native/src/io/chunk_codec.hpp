// chunk_codec.hpp — one chunk between rows and a frame: encode rows into a complete frame with the array's
// codec, and check + decode a frame (hash, flags, dtype, shape, codec) into rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "codec/codec.hpp"
#include "core/error.hpp"
#include "format/chunk_frame.hpp"
#include "format/metadata.hpp"

namespace cdd {

// Encodes `rows` rows at `in` (rows * row_bytes bytes) into `frame` (replaced): header, payload, size, hash.
Status encode_chunk(const Metadata& m, const Codec& codec, std::span<const std::byte> in, uint64_t rows,
                    std::vector<std::byte>& frame);

// Checks the frame of chunk `chunk` (at `offset`, `index_rows` rows per the index) found at the start of
// `avail`, and decodes its rows [first, first + out.size() / row_bytes) into out (a whole number of
// rows, at least one, inside the chunk): the whole chunk, or the part a read starting or ending inside
// it needs.
Status decode_chunk(const Metadata& m, uint64_t chunk, uint64_t offset, uint64_t index_rows,
                    std::span<const std::byte> avail, bool verify_hash, uint64_t first, std::span<std::byte> out);

// The registered codec for a chunk type, or CDD_E_UNSUPPORTED "unknown chunk type N".
Result<const Codec*> codec_for(uint16_t type);

}  // namespace cdd
