// delta_codec.cpp — DELTA (FORMAT §5.1, §5.5): integer dtypes only; row-wise wrapping delta against the
// previous row of the chunk, then byte-shuffle, then the stage named by the flags.
#include <cstdint>
#include <cstddef>
#include <cstring>
#include <string>

#include "codec/builtin.hpp"
#include "codec/codec_checks.hpp"
#include "codec/shuffle_stage.hpp"
#include "codec/stage.hpp"

namespace cdd {

namespace {

// Elements are read and written with memcpy: chunk buffers carry no alignment guarantee.
template <class U>
U load(const std::byte* p) {
  U v;
  std::memcpy(&v, p, sizeof(U));
  return v;
}
template <class U>
void store(std::byte* p, U v) {
  std::memcpy(p, &v, sizeof(U));
}

// out[r][j] = in[r][j] - in[r-1][j] (mod 2^bits) for r >= 1; row 0 as is. `w` = elements per row.
template <class U>
void delta_rows(const std::byte* in, std::byte* out, size_t rows, size_t w) {
  std::memcpy(out, in, w * sizeof(U));
  const size_t row_bytes = w * sizeof(U);
  for (size_t r = 1; r < rows; ++r) {
    const std::byte* cur = in + r * row_bytes;
    const std::byte* prev = cur - row_bytes;
    std::byte* dst = out + r * row_bytes;
    for (size_t j = 0; j < w; ++j) {
      store<U>(dst + j * sizeof(U), static_cast<U>(load<U>(cur + j * sizeof(U)) - load<U>(prev + j * sizeof(U))));
    }
  }
}

// The inverse, in place: data[r][j] += data[r-1][j] for r >= 1, in increasing r.
template <class U>
void prefix_sum_rows(std::byte* data, size_t rows, size_t w) {
  const size_t row_bytes = w * sizeof(U);
  for (size_t r = 1; r < rows; ++r) {
    std::byte* cur = data + r * row_bytes;
    const std::byte* prev = cur - row_bytes;
    for (size_t j = 0; j < w; ++j) {
      store<U>(cur + j * sizeof(U), static_cast<U>(load<U>(cur + j * sizeof(U)) + load<U>(prev + j * sizeof(U))));
    }
  }
}

void delta_any(size_t elem, const std::byte* in, std::byte* out, size_t rows, size_t w) {
  switch (elem) {
    case 1: delta_rows<uint8_t>(in, out, rows, w); break;
    case 2: delta_rows<uint16_t>(in, out, rows, w); break;
    case 4: delta_rows<uint32_t>(in, out, rows, w); break;
    default: delta_rows<uint64_t>(in, out, rows, w); break;
  }
}

void prefix_sum_any(size_t elem, std::byte* data, size_t rows, size_t w) {
  switch (elem) {
    case 1: prefix_sum_rows<uint8_t>(data, rows, w); break;
    case 2: prefix_sum_rows<uint16_t>(data, rows, w); break;
    case 4: prefix_sum_rows<uint32_t>(data, rows, w); break;
    default: prefix_sum_rows<uint64_t>(data, rows, w); break;
  }
}

class DeltaCodec final : public Codec {
 public:
  uint16_t type() const override { return CDD_CODEC_DELTA; }
  std::string_view name() const override { return "DELTA"; }

  Status check(uint16_t dtype, std::span<const uint32_t> row_shape, uint64_t flags) const override {
    return codec::check_generic(name(), dtype, row_shape, flags, codec::StageRule::kAny, true);
  }

  Status encode(const ChunkDesc& desc, std::span<const std::byte> in, int level,
                std::vector<std::byte>& out) const override {
    CDD_FORWARD_IF_ERROR(check(desc.dtype, desc.row_shape, desc.flags));
    CDD_FORWARD_IF_ERROR(check_desc(desc));
    CDD_FORWARD_IF_ERROR(codec::check_encode_input(name(), in.size(), desc.decoded_bytes()));
    if (in.empty()) return ok();
    std::span<std::byte> delta = codec::thread_scratch(1, in.size());
    delta_any(desc.elem_size, in.data(), delta.data(), static_cast<size_t>(desc.rows), desc.row_elems);
    return codec::shuffle_then_stage(name(), desc, delta, level, out);
  }

  Status decode(const ChunkDesc& desc, std::span<const std::byte> payload,
                std::span<std::byte> out) const override {
    CDD_FORWARD_IF_ERROR(check(desc.dtype, desc.row_shape, desc.flags));
    CDD_FORWARD_IF_ERROR(check_desc(desc));
    CDD_FORWARD_IF_ERROR(codec::unstage_then_unshuffle(name(), desc, payload, out));
    if (!out.empty()) prefix_sum_any(desc.elem_size, out.data(), static_cast<size_t>(desc.rows), desc.row_elems);
    return ok();
  }

 private:
  Status check_desc(const ChunkDesc& desc) const {
    const bool size_ok = desc.elem_size == 1 || desc.elem_size == 2 || desc.elem_size == 4 || desc.elem_size == 8;
    CDD_RETURN_ERROR_IF(!size_ok || desc.row_elems == 0, CDD_E_INVALID_ARGUMENT,
                        "DELTA: element size " + std::to_string(desc.elem_size) + " and " +
                            std::to_string(desc.row_elems) + " elements per row do not describe integer rows");
    CDD_RETURN_ERROR_IF(desc.rows > SIZE_MAX / desc.row_elems / desc.elem_size, CDD_E_INVALID_ARGUMENT,
                        "DELTA: " + std::to_string(desc.rows) + " rows overflow the address space");
    return ok();
  }
};

}  // namespace

const Codec& delta_codec() {
  static const DeltaCodec c;
  return c;
}

}  // namespace cdd
