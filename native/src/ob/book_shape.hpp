// book_shape.hpp — the geometry of an order-book chunk, (rows, levels, fields), and its two sides: levels
// [0, levels/2) are the asks, [levels/2, levels) the bids (spec/CODECS.md §1).
#pragma once

#include <cstddef>

namespace cdd::ob {

struct BookShape {
  size_t rows = 0;
  size_t levels = 0;  // D
  size_t fields = 0;  // F
  size_t width() const { return levels * fields; }  // elements of one row
  size_t elems() const { return rows * width(); }
  size_t side_first_level(size_t side) const { return side == 0 ? 0 : levels / 2; }
  size_t side_levels(size_t side) const { return side == 0 ? levels / 2 : levels - levels / 2; }
};

}  // namespace cdd::ob
