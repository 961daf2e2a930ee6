// filter_params.cpp — names of the order-book filters and parsing of their codec_params byte.
#include "ob/filter_params.hpp"

#include <string>

namespace cdd::ob {

const char* filter_name(Filter f) {
  switch (f) {
    case Filter::kNone: return "none";
    case Filter::kShuffle: return "shuffle";
    case Filter::kXor: return "xor";
    case Filter::kShiftXor: return "shift-xor";
    case Filter::kBitmap: return "bitmap";
    case Filter::kBitmapPlanar: return "bitmap-planar";
  }
  return "unknown";
}

Result<Filter> parse_filter_params(std::span<const std::byte> params) {
  if (params.empty()) return kDefaultFilter;
  CDD_RETURN_ERROR_IF(params.size() != 1, CDD_E_INVALID_ARGUMENT,
                      "order-book codec_params must be 1 byte (the filter), got " +
                          std::to_string(params.size()));
  const auto v = static_cast<uint8_t>(params[0]);
  CDD_RETURN_ERROR_IF(v >= kFilterCount, CDD_E_INVALID_ARGUMENT,
                      "unknown order-book filter " + std::to_string(v) + " in codec_params");
  return static_cast<Filter>(v);
}

}  // namespace cdd::ob
