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
// `in` cover the whole chunk whatever the range, so damage is reported alike for every range: any
// inconsistent input is CDD_E_CODEC. The none and bitmap filters (4, 5) rebuild only rows before `end`
// (the bitmap filters' rows before `first` in per-thread scratch); the others decode the whole chunk into
// per-thread scratch when asked for part of it.
Status filter_decode(Filter f, std::span<const uint8_t> in, const BookShape& g, size_t first, size_t end,
                     uint16_t* out, float* widen);
Status filter_decode(Filter f, std::span<const uint8_t> in, const BookShape& g, size_t first, size_t end,
                     uint32_t* out);

}  // namespace cdd::ob
