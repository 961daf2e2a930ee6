// dtype.hpp — element sizes and names of the format's dtypes (FORMAT §5.2), for the core's own use.
#pragma once

#include <cstddef>
#include <cstdint>

#include "cdd/cdd.h"

namespace cdd {

// Bytes of one element; 0 for an unknown code.
constexpr size_t dtype_bytes(uint32_t dtype) {
  switch (dtype) {
    case CDD_DTYPE_INT8:
    case CDD_DTYPE_UINT8:
      return 1;
    case CDD_DTYPE_FLOAT16:
    case CDD_DTYPE_BFLOAT16:
    case CDD_DTYPE_INT16:
    case CDD_DTYPE_UINT16:
      return 2;
    case CDD_DTYPE_FLOAT32:
    case CDD_DTYPE_INT32:
    case CDD_DTYPE_UINT32:
      return 4;
    case CDD_DTYPE_FLOAT64:
    case CDD_DTYPE_INT64:
    case CDD_DTYPE_UINT64:
      return 8;
    default:
      return 0;
  }
}

constexpr bool dtype_is_integer(uint32_t dtype) { return dtype >= CDD_DTYPE_INT8 && dtype <= CDD_DTYPE_UINT64; }

}  // namespace cdd
