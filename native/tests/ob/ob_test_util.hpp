// ob_test_util.hpp — helpers of the order-book codec tests: build a ChunkDesc, encode and decode one
// chunk (or its first rows) through a Codec, and the expected float16 round trip of float32 data.
#pragma once

#include <cstring>
#include <span>
#include <vector>

#include "codec/codec.hpp"
#include "core/dtype.hpp"
#include "simd/scalar_reference.hpp"

namespace cdd::ob::testing {

struct Chunk {
  uint16_t dtype = CDD_DTYPE_FLOAT32;
  uint64_t flags = CDD_FLAG_LITTLE_ENDIAN | CDD_FLAG_LZ4;
  std::vector<uint32_t> row_shape{50, 3};
  uint64_t rows = 1;
  std::vector<std::byte> params;

  ChunkDesc desc() const {
    ChunkDesc d;
    d.dtype = dtype;
    d.flags = flags;
    d.rows = rows;
    d.row_shape = row_shape;
    d.elem_size = dtype_bytes(dtype);
    d.row_elems = 1;
    for (uint32_t s : row_shape) d.row_elems *= s;
    d.codec_params = params;
    return d;
  }
};

inline Result<std::vector<std::byte>> encode(const Codec& c, const Chunk& k, const void* data, int level = 1) {
  const ChunkDesc d = k.desc();
  std::vector<std::byte> out;
  const auto st = c.encode(d, {static_cast<const std::byte*>(data), d.decoded_bytes()}, level, out);
  if (!st) return std::unexpected(st.error());
  return out;
}

inline Result<std::vector<std::byte>> decode(const Codec& c, const Chunk& k, std::span<const std::byte> payload) {
  const ChunkDesc d = k.desc();
  std::vector<std::byte> out(d.decoded_bytes());
  const auto st = c.decode(d, payload, out);
  if (!st) return std::unexpected(st.error());
  return out;
}

// The chunk's first `rows` rows through decode_prefix, into a buffer of exactly their size (ASan sees
// any store past them).
inline Result<std::vector<std::byte>> decode_prefix(const Codec& c, const Chunk& k,
                                                    std::span<const std::byte> payload, uint64_t rows) {
  const ChunkDesc d = k.desc();
  std::vector<std::byte> out(rows * d.row_elems * d.elem_size);
  const auto st = c.decode_prefix(d, payload, out, rows);
  if (!st) return std::unexpected(st.error());
  return out;
}

// float32 -> float16 -> float32 through the scalar reference: what the F16 codecs must give back.
inline std::vector<float> f16_round_trip(const float* x, size_t n) {
  std::vector<uint16_t> h(n);
  std::vector<float> y(n);
  simd::ref::f32_to_f16(x, h.data(), n);
  simd::ref::f16_to_f32(h.data(), y.data(), n);
  return y;
}

inline std::vector<std::byte> filter_param(uint8_t filter) { return {std::byte{filter}}; }

}  // namespace cdd::ob::testing
