// codec_checks.cpp — shared flag/dtype validation of the generic codecs (FORMAT §5.1–§5.3).
#include "codec/codec_checks.hpp"

#include <string>

#include "core/dtype.hpp"
#include "core/hex.hpp"

namespace cdd::codec {

Status check_generic(std::string_view name, uint16_t dtype, std::span<const uint32_t> row_shape,
                     uint64_t flags, StageRule rule, bool integer_only) {
  const std::string who(name);
  CDD_RETURN_ERROR_IF(dtype_bytes(dtype) == 0, CDD_E_UNSUPPORTED, who + ": unknown dtype " + std::to_string(dtype));
  CDD_RETURN_ERROR_IF(integer_only && !dtype_is_integer(dtype), CDD_E_INVALID_ARGUMENT,
                      who + " stores integer dtypes only (dtype " + std::to_string(dtype) + ")");
  CDD_RETURN_ERROR_IF(row_shape.empty(), CDD_E_INVALID_ARGUMENT, who + ": a row needs at least one dim");
  for (size_t i = 0; i < row_shape.size(); ++i) {
    CDD_RETURN_ERROR_IF(row_shape[i] == 0, CDD_E_INVALID_ARGUMENT,
                        who + ": row dim " + std::to_string(i) + " is 0");
  }
  const uint64_t stages = CDD_FLAG_LZ4 | CDD_FLAG_ZSTD;
  uint64_t allowed = CDD_FLAG_LITTLE_ENDIAN;
  switch (rule) {
    case StageRule::kNone: break;
    case StageRule::kZstdOnly: allowed |= CDD_FLAG_ZSTD; break;
    case StageRule::kLz4Only: allowed |= CDD_FLAG_LZ4; break;
    case StageRule::kAny: allowed |= stages; break;
  }
  CDD_RETURN_ERROR_IF((flags & ~allowed) != 0, CDD_E_UNSUPPORTED,
                      who + " does not allow chunk flags " + to_hex_u64(flags & ~allowed));
  CDD_RETURN_ERROR_IF((flags & stages) == stages, CDD_E_FORMAT, who + ": flags LZ4 and ZSTD are both set");
  CDD_RETURN_ERROR_IF((flags & CDD_FLAG_LITTLE_ENDIAN) == 0, CDD_E_FORMAT, who + ": flag LITTLE_ENDIAN is missing");
  CDD_RETURN_ERROR_IF(rule == StageRule::kZstdOnly && (flags & CDD_FLAG_ZSTD) == 0, CDD_E_FORMAT,
                      who + " chunks need flag ZSTD");
  CDD_RETURN_ERROR_IF(rule == StageRule::kLz4Only && (flags & CDD_FLAG_LZ4) == 0, CDD_E_FORMAT,
                      who + " chunks need flag LZ4");
  return ok();
}

Status check_encode_input(std::string_view name, size_t got, size_t expected) {
  CDD_RETURN_ERROR_IF(got != expected, CDD_E_INVALID_ARGUMENT,
                      std::string(name) + ": input holds " + std::to_string(got) + " bytes, expected " +
                          std::to_string(expected));
  return ok();
}

}  // namespace cdd::codec
