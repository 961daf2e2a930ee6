// orderbook_codec.cpp — encode/decode of the order-book codecs: optional float32 -> float16 narrowing,
// a filter (ob/book_filters), then the LZ4/zstd stage; decode runs the inverse straight into the
// caller's buffer, widening float16 to float32 last; decode_range rebuilds only the rows a read needs.
#include "ob/orderbook_codec.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/hex.hpp"
#include "core/thread_object.hpp"
#include "ob/book_filters.hpp"
#include "ob/filter_params.hpp"
#include "codec/stage.hpp"
#include "ob/stage.hpp"
#include "simd/kernels.hpp"

namespace cdd::ob {
namespace {

constexpr uint64_t kStageFlags = CDD_FLAG_LZ4 | CDD_FLAG_ZSTD;

bool aligned_to(const void* p, size_t a) { return reinterpret_cast<uintptr_t>(p) % a == 0; }

void put_u32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
uint32_t get_u32(const std::byte* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(std::to_integer<uint8_t>(p[i])) << (8 * i);
  return v;
}

// kF16: the stored elements are float16 bits; kD, kF: the row shape fixed at compile time (0 = any).
template <bool kF16, size_t kD, size_t kF>
class OrderBookCodec final : public Codec {
 public:
  using Stored = std::conditional_t<kF16, uint16_t, uint32_t>;

  OrderBookCodec(uint16_t type, std::string_view name) : type_(type), name_(name) {}
  uint16_t type() const override { return type_; }
  std::string_view name() const override { return name_; }

  Status check(uint16_t dtype, std::span<const uint32_t> row_shape, uint64_t flags) const override {
    const std::string who(name_);
    CDD_RETURN_ERROR_IF(row_shape.size() != 2 || row_shape[0] == 0 || row_shape[1] == 0,
                        CDD_E_INVALID_ARGUMENT, who + " needs rows of shape (levels, fields)");
    if constexpr (kD != 0) {
      CDD_RETURN_ERROR_IF(row_shape[0] != kD || row_shape[1] != kF, CDD_E_INVALID_ARGUMENT,
                          who + " needs rows of shape (" + std::to_string(kD) + ", " + std::to_string(kF) +
                              "), got (" + std::to_string(row_shape[0]) + ", " +
                              std::to_string(row_shape[1]) + ")");
    }
    const uint64_t allowed = kStageFlags | CDD_FLAG_LITTLE_ENDIAN | (kF16 ? CDD_FLAG_DOWN_CAST_16 : 0);
    CDD_RETURN_ERROR_IF((flags & ~allowed) != 0, CDD_E_UNSUPPORTED,
                        who + " does not allow chunk flags " + to_hex_u64(flags & ~allowed));
    CDD_RETURN_ERROR_IF((flags & kStageFlags) == kStageFlags, CDD_E_FORMAT,
                        who + ": flags LZ4 and ZSTD are both set");
    CDD_RETURN_ERROR_IF((flags & CDD_FLAG_LITTLE_ENDIAN) == 0, CDD_E_FORMAT,
                        who + ": flag LITTLE_ENDIAN is missing");
    const bool down = (flags & CDD_FLAG_DOWN_CAST_16) != 0;
    if constexpr (kF16) {
      CDD_RETURN_ERROR_IF(!((dtype == CDD_DTYPE_FLOAT32 && down) || (dtype == CDD_DTYPE_FLOAT16 && !down)),
                          CDD_E_INVALID_ARGUMENT,
                          who + " stores float32 with DOWN_CAST_16, or float16 without it (dtype " +
                              std::to_string(dtype) + (down ? ", DOWN_CAST_16)" : ")"));
    } else {
      CDD_RETURN_ERROR_IF(dtype != CDD_DTYPE_FLOAT32, CDD_E_INVALID_ARGUMENT,
                          who + " stores float32 only (dtype " + std::to_string(dtype) + ")");
    }
    return ok();
  }

  Status check_params(std::span<const std::byte> params) const override {
    CDD_FORWARD_IF_ERROR(parse_filter_params(params));
    return ok();
  }

  Status encode(const ChunkDesc& desc, std::span<const std::byte> in, int level,
                std::vector<std::byte>& out) const override {
    CDD_FORWARD_IF_ERROR(check(desc.dtype, desc.row_shape, desc.flags));
    CDD_ASSIGN_OR_RETURN(const Filter filter, parse_filter_params(desc.codec_params));
    const BookShape g = shape_of(desc);
    CDD_RETURN_ERROR_IF(g.rows == 0, CDD_E_INVALID_ARGUMENT, std::string(name_) + ": empty chunk");
    CDD_RETURN_ERROR_IF(in.size() != desc.decoded_bytes(), CDD_E_INVALID_ARGUMENT,
                        std::string(name_) + ": input holds " + std::to_string(in.size()) + " bytes, expected " +
                            std::to_string(desc.decoded_bytes()));
    const size_t n = g.elems();
    std::vector<Stored>& elems = thread_object<std::vector<Stored>, struct ElemsSite>();
    const Stored* x = nullptr;
    if (narrows(desc)) {
      if constexpr (kF16) {
        elems.resize(n);
        if (aligned_to(in.data(), 4)) {
          simd::f32_to_f16(reinterpret_cast<const float*>(in.data()), elems.data(), n);
        } else {
          std::vector<float>& tmp = thread_object<std::vector<float>, struct TmpSite>();
          tmp.resize(n);
          std::memcpy(tmp.data(), in.data(), n * 4);
          simd::f32_to_f16(tmp.data(), elems.data(), n);
        }
        x = elems.data();
      }
    } else if (aligned_to(in.data(), sizeof(Stored))) {
      x = reinterpret_cast<const Stored*>(in.data());
    } else {
      elems.resize(n);
      std::memcpy(elems.data(), in.data(), n * sizeof(Stored));
      x = elems.data();
    }
    std::vector<uint8_t>& filtered = thread_object<std::vector<uint8_t>, struct FilteredSite>();
    filtered.clear();
    filter_encode(filter, x, g, filtered);
    CDD_RETURN_ERROR_IF(filtered.size() > UINT32_MAX, CDD_E_INVALID_ARGUMENT,
                        std::string(name_) + ": chunk too large");
    uint8_t header[kPayloadHeaderBytes] = {static_cast<uint8_t>(filter), 0, 0, 0};
    put_u32(header + 4, static_cast<uint32_t>(filtered.size()));
    const auto* hb = reinterpret_cast<const std::byte*>(header);
    out.insert(out.end(), hb, hb + kPayloadHeaderBytes);
    return stage_compress(desc.flags, level, filtered, out);
  }

  Status decode(const ChunkDesc& desc, std::span<const std::byte> payload,
                std::span<std::byte> out) const override {
    CDD_FORWARD_IF_ERROR(check(desc.dtype, desc.row_shape, desc.flags));
    CDD_RETURN_ERROR_IF(desc.rows == 0, CDD_E_CODEC, std::string(name_) + ": chunk without rows");
    CDD_RETURN_ERROR_IF(out.size() != desc.decoded_bytes(), CDD_E_INVALID_ARGUMENT,
                        std::string(name_) + ": output holds " + std::to_string(out.size()) +
                            " bytes, expected " + std::to_string(desc.decoded_bytes()));
    return decode_rows(desc, payload, out, 0, static_cast<size_t>(desc.rows));
  }

  Status decode_range(const ChunkDesc& desc, std::span<const std::byte> payload, std::span<std::byte> out,
                      uint64_t first, uint64_t end) const override {
    CDD_FORWARD_IF_ERROR(check(desc.dtype, desc.row_shape, desc.flags));
    const size_t row_bytes = desc.row_elems * desc.elem_size;
    CDD_RETURN_ERROR_IF(first >= end || end > desc.rows || out.size() != (end - first) * row_bytes, CDD_E_INTERNAL,
                        std::string(name_) + ": rows [" + std::to_string(first) + ", " + std::to_string(end) +
                            ") asked of a chunk of " + std::to_string(desc.rows) + " rows into " +
                            std::to_string(out.size()) + " bytes");
    return decode_rows(desc, payload, out, static_cast<size_t>(first), static_cast<size_t>(end));
  }

 private:
  // decode and decode_range: the chunk's rows [first, end) into `out` (exactly those rows); only rows
  // before `end` are rebuilt. The stage decompresses the whole filtered stream, except for a range ending
  // before the last row of a bitmap filter on an LZ4 stage (decode_bitmap_prefix); the filter's checks
  // cover the whole chunk's shifts, bitmaps and sizes either way.
  Status decode_rows(const ChunkDesc& desc, std::span<const std::byte> payload, std::span<std::byte> out,
                     size_t first, size_t end) const {
    const BookShape g = shape_of(desc);
    CDD_RETURN_ERROR_IF(payload.size() < kPayloadHeaderBytes, CDD_E_CODEC,
                        std::string(name_) + ": payload of " + std::to_string(payload.size()) +
                            " bytes is shorter than its header");
    const auto filter_byte = std::to_integer<uint8_t>(payload[0]);
    CDD_RETURN_ERROR_IF(filter_byte >= kFilterCount, CDD_E_CODEC,
                        std::string(name_) + ": unknown filter " + std::to_string(filter_byte));
    CDD_RETURN_ERROR_IF(payload[1] != std::byte{0} || payload[2] != std::byte{0} || payload[3] != std::byte{0},
                        CDD_E_CODEC, std::string(name_) + ": reserved header bytes are not zero");
    const auto filter = static_cast<Filter>(filter_byte);
    const uint32_t filtered_size = get_u32(payload.data() + 4);
    CDD_FORWARD_IF_ERROR(check_filtered_size(filter, g, sizeof(Stored), filtered_size));
    const auto stage = payload.subspan(kPayloadHeaderBytes);
    // Before any scratch: the stage can hold the filtered bytes, whose size bounds the rows (every
    // filter stores at least a bitmap bit per value), so a small payload never allocates much.
    CDD_FORWARD_IF_ERROR(codec::check_stage_room(name_, desc.flags, stage, filtered_size));
    const size_t n = (end - first) * g.width();  // elements decoded
    const bool widen = narrows(desc);
    const bool whole = first == 0 && end == g.rows;

    // Where the stored elements land: the caller's buffer when it is aligned and holds them as they
    // are, otherwise per-thread scratch.
    std::vector<Stored>& scratch = thread_object<std::vector<Stored>, struct ScratchSite>();
    const bool direct = !widen && aligned_to(out.data(), sizeof(Stored));
    Stored* elems = nullptr;
    if (direct) {
      elems = reinterpret_cast<Stored*>(out.data());
    } else {
      scratch.resize(n);
      elems = scratch.data();
    }
    std::vector<float>& wide = thread_object<std::vector<float>, struct WideSite>();
    float* wide_out = nullptr;
    if (widen) {
      if (aligned_to(out.data(), 4)) {
        wide_out = reinterpret_cast<float*>(out.data());
      } else {
        wide.resize(n);
        wide_out = wide.data();
      }
    }

    if (filter == Filter::kNone && whole && widen && wide_out == reinterpret_cast<float*>(out.data())) {
      // Decompress into the upper half of the caller's buffer and widen in place: one buffer in cache.
      uint16_t* halves = reinterpret_cast<uint16_t*>(out.data()) + n;
      CDD_FORWARD_IF_ERROR(stage_decompress(desc.flags, stage, reinterpret_cast<uint8_t*>(halves), filtered_size));
      simd::f16_to_f32(halves, wide_out, n);
      return ok();
    }
    if (filter == Filter::kNone && whole) {
      CDD_FORWARD_IF_ERROR(stage_decompress(desc.flags, stage, reinterpret_cast<uint8_t*>(elems), filtered_size));
      if constexpr (kF16) {
        if (widen) simd::f16_to_f32(elems, wide_out, n);
      }
    } else if (end < g.rows && (filter == Filter::kBitmap || filter == Filter::kBitmapPlanar) &&
               stage_decodes_prefix(desc.flags)) {
      CDD_FORWARD_IF_ERROR(decode_bitmap_prefix(desc.flags, filter, stage, filtered_size, g, first, end, elems,
                                                widen ? wide_out : nullptr));
    } else {
      // The whole filtered stream (a prefix of kNone included: the stage cannot stop early), then only
      // the rows asked for.
      std::vector<uint8_t>& filtered = thread_object<std::vector<uint8_t>, struct Filtered2Site>();
      filtered.resize(filtered_size);
      CDD_FORWARD_IF_ERROR(stage_decompress(desc.flags, stage, filtered.data(), filtered_size));
      if constexpr (kF16) {
        CDD_FORWARD_IF_ERROR(filter_decode(filter, filtered, g, first, end, elems, widen ? wide_out : nullptr));
      } else {
        CDD_FORWARD_IF_ERROR(filter_decode(filter, filtered, g, first, end, elems));
      }
    }
    if (widen) {
      if (wide_out != reinterpret_cast<float*>(out.data())) std::memcpy(out.data(), wide_out, n * 4);
    } else if (!direct) {
      std::memcpy(out.data(), elems, n * sizeof(Stored));
    }
    return ok();
  }

  // Rows [first, end), end < rows, of a bitmap filter (4, 5) on an LZ4 stage: only the prefix of the
  // filtered bytes those rows use is decompressed (the fixed part, then the values of rows below `end`),
  // about half the stage for a random row. The first try decodes the fixed part and a share of the values
  // in proportion to `end` plus a margin; when the bitmaps then ask for more, the block is decoded again up
  // to exactly what they need. The shifts, bitmaps and value count are checked as for a whole decode; an
  // LZ4 block damaged only past the prefix is found by the reads that need those rows and by the chunk hash.
  static Status decode_bitmap_prefix(uint64_t flags, Filter filter, std::span<const std::byte> stage,
                                     uint32_t filtered_size, const BookShape& g, size_t first, size_t end,
                                     Stored* elems, float* widen) {
    const size_t fixed = bitmap_fixed_bytes(g, sizeof(Stored));
    const size_t values = filtered_size - fixed;  // check_filtered_size: filtered_size >= fixed
    const size_t guess = values / (g.rows - 1) * (end - 1) * 5 / 4 + 64 * sizeof(Stored);
    size_t prefix = fixed + std::min(values, guess);
    std::vector<uint8_t>& filtered = thread_object<std::vector<uint8_t>, struct PrefixSite>();
    filtered.resize(filtered_size);
    CDD_FORWARD_IF_ERROR(stage_decompress_prefix(flags, stage, filtered.data(), filtered_size, prefix));
    const size_t need = bitmap_prefix_bytes(std::span(filtered.data(), prefix), g, sizeof(Stored), end);
    if (need > filtered_size) {
      return make_error(CDD_E_CODEC, "order-book bitmaps mark more changed values than the chunk stores");
    }
    if (need > prefix) {
      prefix = need;
      CDD_FORWARD_IF_ERROR(stage_decompress_prefix(flags, stage, filtered.data(), filtered_size, prefix));
    }
    const std::span<const uint8_t> in(filtered.data(), prefix);
    if constexpr (kF16) {
      return filter_decode_prefix(filter, in, filtered_size, g, first, end, elems, widen);
    } else {
      return filter_decode_prefix(filter, in, filtered_size, g, first, end, elems);
    }
  }

  // Float32 stored as float16 (DOWN_CAST_16): narrowed on encode, widened on decode.
  static bool narrows(const ChunkDesc& desc) { return kF16 && desc.dtype == CDD_DTYPE_FLOAT32; }
  static BookShape shape_of(const ChunkDesc& desc) {
    return BookShape{static_cast<size_t>(desc.rows), kD != 0 ? kD : desc.row_shape[0],
                     kF != 0 ? kF : desc.row_shape[1]};
  }

  uint16_t type_;
  std::string_view name_;
};

}  // namespace

const Codec& okx_ob_f16_codec() {
  static const OrderBookCodec<true, 50, 3> c(CDD_CODEC_OKX_OB_F16, "OKX_OB_F16");
  return c;
}
const Codec& okx_ob_f32_codec() {
  static const OrderBookCodec<false, 50, 3> c(CDD_CODEC_OKX_OB_F32, "OKX_OB_F32");
  return c;
}
const Codec& generic_ob_f16_codec() {
  static const OrderBookCodec<true, 0, 0> c(CDD_CODEC_GENERIC_OB_F16, "GENERIC_OB_F16");
  return c;
}
const Codec& generic_ob_f32_codec() {
  static const OrderBookCodec<false, 0, 0> c(CDD_CODEC_GENERIC_OB_F32, "GENERIC_OB_F32");
  return c;
}

}  // namespace cdd::ob
