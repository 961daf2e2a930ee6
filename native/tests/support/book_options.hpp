// book_options.hpp — writer options for a (rows, 50, 3) order book through the C ABI, the starting point
// of the C ABI tests (codec and stage left at cdd_writer_options_init's defaults).
#pragma once

#include <cstdint>

#include "cdd/cdd.h"

namespace cdd::test {

inline cdd_writer_options book_writer_options(int32_t dtype) {
  cdd_writer_options o;
  cdd_writer_options_init(&o);
  o.dtype = dtype;
  o.row_ndim = 2;
  o.row_shape[0] = 50;
  o.row_shape[1] = 3;
  return o;
}

}  // namespace cdd::test
