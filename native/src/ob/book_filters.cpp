// book_filters.cpp — encode and decode of the order-book filters: none, shuffle, temporal XOR,
// shift-XOR and changed-element bitmap, on the SIMD kernels where the data layout allows.
#include "ob/book_filters.hpp"

#include <bit>
#include <cstring>
#include <string>

#include "ob/row_predictor.hpp"
#include "simd/kernels.hpp"

namespace cdd::ob {

static_assert(std::endian::native == std::endian::little, "order-book codecs assume a little-endian host");

namespace {

size_t bitmap_bytes(const BookShape& g) { return (g.width() + 7) / 8; }
size_t shift_bytes(const BookShape& g) { return g.rows > 0 ? 2 * (g.rows - 1) : 0; }

template <class T>
void shuffle_into(const T* x, size_t n, std::vector<uint8_t>& out) {
  const size_t base = out.size();
  out.resize(base + n * sizeof(T));
  simd::byte_shuffle(reinterpret_cast<const uint8_t*>(x), out.data() + base, n, sizeof(T));
}

template <class T>
void xor_delta(const T* in, T* out, size_t n, size_t stride) {
  if constexpr (sizeof(T) == 2) simd::xor_delta_u16(in, out, n, stride);
  else simd::xor_delta_u32(in, out, n, stride);
}

template <class T>
void xor_into(T* dst, const T* src, size_t n) {
  for (size_t i = 0; i < n; ++i) dst[i] = static_cast<T>(dst[i] ^ src[i]);
}

// Per-row side shifts chosen by the encoder, 2 per row from row 1 on.
template <class T>
std::vector<int8_t> choose_shifts(const T* x, const BookShape& g) {
  std::vector<int8_t> shifts(shift_bytes(g));
  const size_t W = g.width();
  for (size_t r = 1; r < g.rows; ++r)
    for (size_t side = 0; side < 2; ++side) {
      const size_t off = g.side_first_level(side) * g.fields;
      shifts[2 * (r - 1) + side] =
          best_shift(x + r * W + off, x + (r - 1) * W + off, g.side_levels(side), g.fields);
    }
  return shifts;
}

template <class T>
void encode_t(Filter f, const T* x, const BookShape& g, std::vector<uint8_t>& out) {
  const size_t n = g.elems(), W = g.width();
  switch (f) {
    case Filter::kNone: {
      const auto* b = reinterpret_cast<const uint8_t*>(x);
      out.insert(out.end(), b, b + n * sizeof(T));
      return;
    }
    case Filter::kShuffle:
      shuffle_into(x, n, out);
      return;
    case Filter::kXor: {
      thread_local std::vector<T> delta;
      delta.resize(n);
      xor_delta(x, delta.data(), n, W);
      shuffle_into(delta.data(), n, out);
      return;
    }
    case Filter::kShiftXor: {
      const auto shifts = choose_shifts(x, g);
      const auto* sb = reinterpret_cast<const uint8_t*>(shifts.data());
      out.insert(out.end(), sb, sb + shifts.size());
      thread_local std::vector<T> res;
      res.resize(n);
      if (n != 0) std::memcpy(res.data(), x, W * sizeof(T));
      for (size_t r = 1; r < g.rows; ++r) {
        predict_row(x + (r - 1) * W, res.data() + r * W, g, &shifts[2 * (r - 1)]);
        xor_into(res.data() + r * W, x + r * W, W);
      }
      shuffle_into(res.data(), n, out);
      return;
    }
    case Filter::kBitmap: {
      const auto shifts = choose_shifts(x, g);
      const size_t bb = bitmap_bytes(g);
      const auto* row0 = reinterpret_cast<const uint8_t*>(x);
      out.insert(out.end(), row0, row0 + W * sizeof(T));
      const auto* sb = reinterpret_cast<const uint8_t*>(shifts.data());
      out.insert(out.end(), sb, sb + shifts.size());
      const size_t bitmap_at = out.size();
      out.resize(bitmap_at + (g.rows - 1) * bb, 0);
      std::vector<T> pred(W);
      for (size_t r = 1; r < g.rows; ++r) {
        const T* cur = x + r * W;
        predict_row(x + (r - 1) * W, pred.data(), g, &shifts[2 * (r - 1)]);
        for (size_t i = 0; i < W; ++i) {
          if (cur[i] == pred[i]) continue;
          out[bitmap_at + (r - 1) * bb + i / 8] |= static_cast<uint8_t>(1u << (i % 8));
          const auto* v = reinterpret_cast<const uint8_t*>(cur + i);
          out.insert(out.end(), v, v + sizeof(T));
        }
      }
      return;
    }
  }
}

Status read_shifts(const uint8_t* p, const BookShape& g) {
  for (size_t r = 1; r < g.rows; ++r)
    for (size_t side = 0; side < 2; ++side) {
      const int s = static_cast<int8_t>(p[2 * (r - 1) + side]);
      CDD_RETURN_ERROR_IF(!shift_valid(s, g.side_levels(side)), CDD_E_CODEC,
                          "order-book row " + std::to_string(r) + ": shift " + std::to_string(s) +
                              " out of range for a side of " + std::to_string(g.side_levels(side)) +
                              " levels");
    }
  return ok();
}

template <class T>
Status decode_t(Filter f, std::span<const uint8_t> in, const BookShape& g, T* out, float* widen) {
  CDD_FORWARD_IF_ERROR(check_filtered_size(f, g, sizeof(T), in.size()));
  const size_t n = g.elems(), W = g.width();
  bool widened = false;
  switch (f) {
    case Filter::kNone:
      if (n != 0) std::memcpy(out, in.data(), n * sizeof(T));
      break;
    case Filter::kShuffle:
      simd::byte_unshuffle(in.data(), reinterpret_cast<uint8_t*>(out), n, sizeof(T));
      break;
    case Filter::kXor:
      if constexpr (sizeof(T) == 2) {
        if (widen != nullptr) {
          simd::unshuffle_prefix_xor_f16_to_f32(in.data(), out, widen, n, W);
          widened = true;
        } else {
          simd::unshuffle_prefix_xor_u16(in.data(), out, n, W);
        }
      } else {
        simd::unshuffle_prefix_xor_u32(in.data(), out, n, W);
      }
      break;
    case Filter::kShiftXor: {
      const uint8_t* shifts = in.data();
      CDD_FORWARD_IF_ERROR(read_shifts(shifts, g));
      simd::byte_unshuffle(in.data() + shift_bytes(g), reinterpret_cast<uint8_t*>(out), n, sizeof(T));
      thread_local std::vector<T> pred;
      pred.resize(W);
      for (size_t r = 1; r < g.rows; ++r) {
        const auto* s = reinterpret_cast<const int8_t*>(shifts + 2 * (r - 1));
        if (s[0] == 0 && s[1] == 0) {
          xor_into(out + r * W, out + (r - 1) * W, W);
        } else {
          predict_row(out + (r - 1) * W, pred.data(), g, s);
          xor_into(out + r * W, pred.data(), W);
        }
      }
      break;
    }
    case Filter::kBitmap: {
      const size_t bb = bitmap_bytes(g);
      const uint8_t* row0 = in.data();
      const uint8_t* shifts = row0 + W * sizeof(T);
      const uint8_t* bitmaps = shifts + shift_bytes(g);
      const uint8_t* values = bitmaps + (g.rows - 1) * bb;
      const size_t nvalues = static_cast<size_t>(in.data() + in.size() - values) / sizeof(T);
      CDD_FORWARD_IF_ERROR(read_shifts(shifts, g));
      size_t set = 0;
      for (size_t r = 1; r < g.rows; ++r) {
        const uint8_t* bm = bitmaps + (r - 1) * bb;
        for (size_t k = 0; k < bb; ++k) set += static_cast<size_t>(std::popcount(bm[k]));
        CDD_RETURN_ERROR_IF(W % 8 != 0 && (bm[bb - 1] >> (W % 8)) != 0, CDD_E_CODEC,
                            "order-book row " + std::to_string(r) + ": bitmap bits set past the row");
      }
      CDD_RETURN_ERROR_IF(set != nvalues, CDD_E_CODEC,
                          "order-book bitmap marks " + std::to_string(set) + " changed values but " +
                              std::to_string(nvalues) + " are stored");
      std::memcpy(out, row0, W * sizeof(T));
      const uint8_t* v = values;
      for (size_t r = 1; r < g.rows; ++r) {
        // The prediction goes straight into the row (block copies), then the few changed elements.
        T* row = out + r * W;
        predict_row(out + (r - 1) * W, row, g, reinterpret_cast<const int8_t*>(shifts + 2 * (r - 1)));
        const uint8_t* bm = bitmaps + (r - 1) * bb;
        for (size_t k = 0; k < bb; ++k) {
          for (unsigned bits = bm[k]; bits != 0; bits &= bits - 1) {
            std::memcpy(row + k * 8 + static_cast<size_t>(std::countr_zero(bits)), v, sizeof(T));
            v += sizeof(T);
          }
        }
      }
      break;
    }
  }
  if constexpr (sizeof(T) == 2) {
    if (widen != nullptr && !widened) simd::f16_to_f32(out, widen, n);
  }
  return ok();
}

}  // namespace

void filter_encode(Filter f, const uint16_t* x, const BookShape& g, std::vector<uint8_t>& out) {
  encode_t(f, x, g, out);
}
void filter_encode(Filter f, const uint32_t* x, const BookShape& g, std::vector<uint8_t>& out) {
  encode_t(f, x, g, out);
}

Status check_filtered_size(Filter f, const BookShape& g, size_t elem_size, uint64_t size) {
  CDD_RETURN_ERROR_IF(g.rows == 0 || g.width() == 0, CDD_E_CODEC, "order-book chunk without rows or values");
  const uint64_t body = static_cast<uint64_t>(g.elems()) * elem_size;
  uint64_t lo = body, hi = body;
  switch (f) {
    case Filter::kNone:
    case Filter::kShuffle:
    case Filter::kXor:
      break;
    case Filter::kShiftXor:
      lo = hi = body + shift_bytes(g);
      break;
    case Filter::kBitmap:
      lo = static_cast<uint64_t>(g.width()) * elem_size + shift_bytes(g) +
           static_cast<uint64_t>(g.rows - 1) * bitmap_bytes(g);
      hi = lo + static_cast<uint64_t>(g.rows - 1) * g.width() * elem_size;
      CDD_RETURN_ERROR_IF(size >= lo && size <= hi && (size - lo) % elem_size != 0, CDD_E_CODEC,
                          "order-book bitmap values are not a whole number of elements");
      break;
    default:
      return make_error(CDD_E_CODEC, "unknown order-book filter " + std::to_string(static_cast<int>(f)));
  }
  CDD_RETURN_ERROR_IF(size < lo || size > hi, CDD_E_CODEC,
                      std::string("order-book filter '") + filter_name(f) + "' holds " + std::to_string(size) +
                          " bytes, expected " +
                          (lo == hi ? std::to_string(lo) : std::to_string(lo) + ".." + std::to_string(hi)));
  return ok();
}

Status filter_decode(Filter f, std::span<const uint8_t> in, const BookShape& g, uint16_t* out, float* widen) {
  return decode_t(f, in, g, out, widen);
}
Status filter_decode(Filter f, std::span<const uint8_t> in, const BookShape& g, uint32_t* out) {
  return decode_t<uint32_t>(f, in, g, out, nullptr);
}

}  // namespace cdd::ob
