// filter_params.hpp — the per-chunk filters of the order-book codecs (spec/CODECS.md §3) and the
// codec_params bytes (metadata tag 10) that select the one the writer uses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/error.hpp"

namespace cdd::ob {

enum class Filter : uint8_t {
  kNone = 0,      // elements as they are
  kShuffle = 1,   // byte shuffle
  kXor = 2,       // temporal XOR with the previous row, then byte shuffle
  kShiftXor = 3,  // XOR with the previous row shifted per side (per-row shifts stored), then shuffle
  kBitmap = 4,    // per-side shift + changed-element bitmap + the changed values
  kBitmapPlanar = 5,      // kBitmap over field-planar rows (all prices of a row, then all sizes, ...)
};
inline constexpr uint8_t kFilterCount = 6;

// The filter a writer uses when codec_params are absent: the winner of ratio x decode speed on the
// realistic generator's data (docs/BENCHMARKS.md, "Codecs").
inline constexpr Filter kDefaultFilter = Filter::kNone;

const char* filter_name(Filter f);
// Empty params -> kDefaultFilter; one byte -> that filter; anything else is CDD_E_INVALID_ARGUMENT.
Result<Filter> parse_filter_params(std::span<const std::byte> params);

}  // namespace cdd::ob
