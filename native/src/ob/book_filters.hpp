// book_filters.hpp — the order-book filters (spec/CODECS.md §3) over a chunk of float16 (u16) or float32
// (u32) elements: encoding appends the filtered bytes, decoding validates and inverts them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/error.hpp"
#include "ob/book_shape.hpp"
#include "ob/filter_params.hpp"

namespace cdd::ob {

// Appends filter `f` of the chunk `x` (g.elems() elements) to `out`.
void filter_encode(Filter f, const uint16_t* x, const BookShape& g, std::vector<uint8_t>& out);
void filter_encode(Filter f, const uint32_t* x, const BookShape& g, std::vector<uint8_t>& out);

// Checks the stored size of the filtered bytes against what filter `f` produces for this shape and
// element size (exact, or within bounds for the bitmap filter). CDD_E_CODEC when wrong.
Status check_filtered_size(Filter f, const BookShape& g, size_t elem_size, uint64_t size);

// Inverts filter `f` for the chunk's rows [first, end) (first < end <= g.rows): `in` (the whole chunk's
// filtered bytes) -> (end - first) * g.width() elements in `out`. For u16 with `widen` non-null, the
// result is also widened to float32 into `widen` (as many floats; then `out` is scratch). The checks of
// `in` cover the whole chunk whatever the range: any inconsistent input is CDD_E_CODEC. The none and bitmap filters (4, 5) rebuild only rows before `end`
// (the bitmap filters' rows before `first` in per-thread scratch); the others decode the whole chunk into
// per-thread scratch when asked for part of it.
Status filter_decode(Filter f, std::span<const uint8_t> in, const BookShape& g, size_t first, size_t end,
                     uint16_t* out, float* widen);
Status filter_decode(Filter f, std::span<const uint8_t> in, const BookShape& g, size_t first, size_t end,
                     uint32_t* out);

// Rows [first, end) of a bitmap-filtered chunk (filters 4, 5) need only a prefix of its filtered bytes: the
// fixed part (row 0, the shifts and every row's bitmap, bitmap_fixed_bytes) and the changed values of rows
// 1 .. end - 1. bitmap_prefix_bytes reads the bitmaps of `fixed` (at least bitmap_fixed_bytes long) and
// says how long that prefix is.
size_t bitmap_fixed_bytes(const BookShape& g, size_t elem_size);
size_t bitmap_prefix_bytes(std::span<const uint8_t> fixed, const BookShape& g, size_t elem_size, size_t end);

// filter_decode of filter 4 or 5 from `prefix`, the first bytes of a filtered stream of `total` bytes that
// hold at least the bitmap_prefix_bytes of `end`. The checks are filter_decode's over the shifts, the
// bitmaps and the number of stored values (taken from `total`); only the values past the prefix, which
// these rows do not use, go unchecked. CDD_E_CODEC when the prefix is too short for the rows.
Status filter_decode_prefix(Filter f, std::span<const uint8_t> prefix, uint64_t total, const BookShape& g,
                            size_t first, size_t end, uint16_t* out, float* widen);
Status filter_decode_prefix(Filter f, std::span<const uint8_t> prefix, uint64_t total, const BookShape& g,
                            size_t first, size_t end, uint32_t* out);

}  // namespace cdd::ob
