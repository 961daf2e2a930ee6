// codec_test_util.hpp — helpers of the codec tests: a ChunkDesc for a test array, and encode/decode
// through the registry.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "codec/codec.hpp"
#include "core/dtype.hpp"
#include "support/test_data.hpp"

namespace cdd::test {

// Describes the chunk holding all rows of `a`, with `flags` (LITTLE_ENDIAN added).
inline ChunkDesc desc_of(const Array& a, uint64_t flags) {
  ChunkDesc d;
  d.dtype = a.dtype;
  d.flags = flags | CDD_FLAG_LITTLE_ENDIAN;
  d.rows = a.rows;
  d.row_shape = a.row_shape;
  d.elem_size = dtype_bytes(a.dtype);
  d.row_elems = 1;
  for (uint32_t dim : a.row_shape) d.row_elems *= dim;
  return d;
}

// The registered codec of `type` (fails the test when missing).
inline const Codec& codec_of(uint16_t type) {
  const Codec* c = find_codec(type);
  EXPECT_NE(c, nullptr) << "no codec for chunk type " << type;
  return *c;
}

// An array of `rows` rows of shape `shape` whose bytes come from `fill(i)` for byte i.
template <class Fill>
Array synthetic(uint16_t dtype, std::vector<uint32_t> shape, uint64_t rows, Fill fill) {
  Array a;
  a.dtype = dtype;
  a.row_shape = std::move(shape);
  a.rows = rows;
  size_t elems = rows;
  for (uint32_t d : a.row_shape) elems *= d;
  a.bytes.resize(elems * dtype_bytes(dtype));
  for (size_t i = 0; i < a.bytes.size(); ++i) a.bytes[i] = static_cast<std::byte>(fill(i));
  return a;
}

}  // namespace cdd::test
