// codec.hpp — the interface every chunk codec implements and the registry that maps a chunk type
// (spec/FORMAT.md §5.1) to its codec. Built-in codecs register in codec/registry.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace cdd {

// What a codec knows of the chunk it encodes or decodes.
struct ChunkDesc {
  uint16_t dtype = 0;                 // cdd_dtype of the decoded values
  uint64_t flags = 0;                 // chunk flags (FORMAT §5.3), including LITTLE_ENDIAN
  uint64_t rows = 0;                  // rows in the chunk (>= 1)
  std::span<const uint32_t> row_shape;  // dims of one row
  size_t elem_size = 0;               // bytes of one decoded element
  size_t row_elems = 0;               // elements of one row (product of row_shape)
  // The array's codec_params (metadata tag 10, FORMAT §3), empty when absent. Encoders read their
  // options from it (order-book codecs: spec/CODECS.md); decoders never need it.
  std::span<const std::byte> codec_params;
  size_t decoded_bytes() const { return static_cast<size_t>(rows) * row_elems * elem_size; }
};

class Codec {
 public:
  virtual ~Codec() = default;
  virtual uint16_t type() const = 0;
  virtual std::string_view name() const = 0;
  // Checks that the codec can store this dtype/row shape with these flags (the writer calls it once at
  // create; the reader calls it per chunk before decoding). The message says what is wrong.
  virtual Status check(uint16_t dtype, std::span<const uint32_t> row_shape, uint64_t flags) const = 0;
  // Checks the array's codec_params (metadata tag 10) the encoder will read; the writer calls it once
  // at create, so bad parameters fail there rather than at the first chunk. Default: any bytes.
  virtual Status check_params(std::span<const std::byte> /*params*/) const { return ok(); }
  // Appends the payload of `in` (desc.decoded_bytes() bytes, row-major) to `out`. `level` is the
  // writer's level. May use thread-local scratch; must be thread-safe.
  virtual Status encode(const ChunkDesc& desc, std::span<const std::byte> in, int level,
                        std::vector<std::byte>& out) const = 0;
  // Decodes `payload` into `out` (exactly desc.decoded_bytes() bytes). Must never read or write out of
  // bounds on any payload, however damaged: a bad payload is CDD_E_CODEC. Thread-safe.
  virtual Status decode(const ChunkDesc& desc, std::span<const std::byte> payload,
                        std::span<std::byte> out) const = 0;
  // Decodes only the chunk's rows [first, end) (first < end <= desc.rows) into `out` (exactly end - first
  // rows), for reads that start or end inside the chunk. The default decodes the whole chunk into
  // per-thread scratch and copies the range; codecs that rebuild rows in order override it to stop at
  // `end` and to write only the range. Same safety rules as decode: damage anywhere in the payload may
  // or may not be detected when only part of it is needed.
  virtual Status decode_range(const ChunkDesc& desc, std::span<const std::byte> payload, std::span<std::byte> out,
                              uint64_t first, uint64_t end) const;
  // The chunk's first `rows` rows: decode_range(desc, payload, out, 0, rows).
  Status decode_prefix(const ChunkDesc& desc, std::span<const std::byte> payload, std::span<std::byte> out,
                       uint64_t rows) const {
    return decode_range(desc, payload, out, 0, rows);
  }
};

// The codec for a chunk type, or nullptr if none is registered.
const Codec* find_codec(uint16_t type);
// Registers a codec (built-ins are registered on first use of find_codec). Registering the same
// (type, name) twice is harmless; the same type with another name is CDD_E_INVALID_ARGUMENT.
Status register_codec(const Codec* codec);

}  // namespace cdd
