// book_filters.cpp — encode and decode of the order-book filters: none, shuffle, temporal XOR,
// shift-XOR and changed-element bitmap (rows as they are, or field-planar), on the SIMD kernels where the data layout allows; decode may
// ask for a range of a chunk's rows (none and bitmap rebuild no row past it).
#include "ob/book_filters.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>

#include "core/thread_object.hpp"
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

// Set bits of a word, in a few register operations: the baseline x86-64 build has no POPCNT instruction,
// and std::popcount would be a library call.
constexpr size_t bits_in(uint64_t w) {
  w -= (w >> 1) & 0x5555555555555555ull;
  w = (w & 0x3333333333333333ull) + ((w >> 2) & 0x3333333333333333ull);
  w = (w + (w >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return static_cast<size_t>((w * 0x0101010101010101ull) >> 56);
}
static_assert(bits_in(0) == 0 && bits_in(0xF0) == 4 && bits_in(~0ull) == 64);

// Set bits of p[0, n), 64 at a time.
size_t count_set_bits(const uint8_t* p, size_t n) {
  size_t set = 0, i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    set += bits_in(w);
  }
  uint64_t rest = 0;
  for (size_t b = 0; i + b < n; ++b) rest |= static_cast<uint64_t>(p[i + b]) << (8 * b);
  return set + bits_in(rest);
}

template <class T>
const uint8_t* expand_changed(T* row, size_t W, const uint8_t* bitmap, const uint8_t* v, const uint8_t* end) {
  if constexpr (sizeof(T) == 2) return simd::expand_changed_u16(row, W, bitmap, v, end);
  else return simd::expand_changed_u32(row, W, bitmap, v, end);
}

template <class T>
const uint8_t* expand_rows(T* out, size_t W, size_t rows, const uint8_t* bitmaps, const uint8_t* v,
                           const uint8_t* end) {
  if constexpr (sizeof(T) == 2) return simd::expand_rows_u16(out, W, rows, bitmaps, v, end);
  else return simd::expand_rows_u32(out, W, rows, bitmaps, v, end);
}

template <class T>
void xor_into(T* dst, const T* src, size_t n) {
  for (size_t i = 0; i < n; ++i) dst[i] = static_cast<T>(dst[i] ^ src[i]);
}

// Field-planar rows (filter 5): planar[r][f*D + j] = x[r][j*F + f], and back.
template <class T>
void to_planar(const T* x, T* planar, size_t rows, const BookShape& g) {
  const size_t D = g.levels, F = g.fields, W = g.width();
  for (size_t r = 0; r < rows; ++r)
    for (size_t j = 0; j < D; ++j)
      for (size_t f = 0; f < F; ++f) planar[r * W + f * D + j] = x[r * W + j * F + f];
}
template <class T>
void from_planar(const T* planar, T* x, size_t rows, const BookShape& g) {
  const size_t D = g.levels, F = g.fields, W = g.width();
  if (F == 3) {  // the OKX layout: three planes of a row interleaved by the SIMD kernel
    if constexpr (sizeof(T) == 2) simd::planar3_to_rows_u16(planar, x, rows, D);
    else simd::planar3_to_rows_u32(planar, x, rows, D);
    return;
  }
  for (size_t r = 0; r < rows; ++r)
    for (size_t j = 0; j < D; ++j)
      for (size_t f = 0; f < F; ++f) x[r * W + j * F + f] = planar[r * W + f * D + j];
}

template <bool kPlanar, class T>
void predict(const T* prev, T* pred, const BookShape& g, const int8_t shifts[2]) {
  if constexpr (kPlanar) predict_row_planar(prev, pred, g, shifts);
  else predict_row(prev, pred, g, shifts);
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

// Filters 4 and 5 over rows x (field-planar for 5): row 0, the shifts, the bitmaps, the changed values.
template <bool kPlanar, class T>
void encode_bitmap(const T* x, const std::vector<int8_t>& shifts, const BookShape& g, std::vector<uint8_t>& out) {
  const size_t W = g.width(), bb = bitmap_bytes(g);
  const auto* row0 = reinterpret_cast<const uint8_t*>(x);
  out.insert(out.end(), row0, row0 + W * sizeof(T));
  const auto* sb = reinterpret_cast<const uint8_t*>(shifts.data());
  out.insert(out.end(), sb, sb + shifts.size());
  const size_t bitmap_at = out.size();
  out.resize(bitmap_at + (g.rows - 1) * bb, 0);
  std::vector<T> pred(W);
  for (size_t r = 1; r < g.rows; ++r) {
    const T* cur = x + r * W;
    predict<kPlanar>(x + (r - 1) * W, pred.data(), g, &shifts[2 * (r - 1)]);
    for (size_t i = 0; i < W; ++i) {
      if (cur[i] == pred[i]) continue;
      out[bitmap_at + (r - 1) * bb + i / 8] |= static_cast<uint8_t>(1u << (i % 8));
      const auto* v = reinterpret_cast<const uint8_t*>(cur + i);
      out.insert(out.end(), v, v + sizeof(T));
    }
  }
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
      std::vector<T>& delta = thread_object<std::vector<T>, struct DeltaSite>();
      delta.resize(n);
      xor_delta(x, delta.data(), n, W);
      shuffle_into(delta.data(), n, out);
      return;
    }
    case Filter::kShiftXor: {
      const auto shifts = choose_shifts(x, g);
      const auto* sb = reinterpret_cast<const uint8_t*>(shifts.data());
      out.insert(out.end(), sb, sb + shifts.size());
      std::vector<T>& res = thread_object<std::vector<T>, struct ResSite>();
      res.resize(n);
      if (n != 0) std::memcpy(res.data(), x, W * sizeof(T));
      for (size_t r = 1; r < g.rows; ++r) {
        predict_row(x + (r - 1) * W, res.data() + r * W, g, &shifts[2 * (r - 1)]);
        xor_into(res.data() + r * W, x + r * W, W);
      }
      shuffle_into(res.data(), n, out);
      return;
    }
    case Filter::kBitmap:
      encode_bitmap<false>(x, choose_shifts(x, g), g, out);
      return;
    case Filter::kBitmapPlanar: {
      // The shifts are chosen on the rows as they are (the same counts as on the planar rows).
      const auto shifts = choose_shifts(x, g);
      std::vector<T>& planar = thread_object<std::vector<T>, struct PlanarSite>();
      planar.resize(n);
      to_planar(x, planar.data(), g.rows, g);
      encode_bitmap<true>(planar.data(), shifts, g, out);
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

// The bitmap filter's checks over the whole chunk, whatever prefix is then rebuilt: valid shifts, no
// bit past a row's end, and as many values stored as bits set (which keeps the kernels inside the
// values).
Status check_bitmap(const uint8_t* shifts, const uint8_t* bitmaps, size_t nvalues, const BookShape& g) {
  const size_t W = g.width(), bb = bitmap_bytes(g);
  CDD_FORWARD_IF_ERROR(read_shifts(shifts, g));
  for (size_t r = 1; r < g.rows && W % 8 != 0; ++r)
    CDD_RETURN_ERROR_IF((bitmaps[r * bb - 1] >> (W % 8)) != 0, CDD_E_CODEC,
                        "order-book row " + std::to_string(r) + ": bitmap bits set past the row");
  const size_t set = count_set_bits(bitmaps, (g.rows - 1) * bb);
  CDD_RETURN_ERROR_IF(set != nvalues, CDD_E_CODEC,
                      "order-book bitmap marks " + std::to_string(set) + " changed values but " +
                          std::to_string(nvalues) + " are stored");
  return ok();
}

// Rows [r_begin, r_end) of the bitmap filter (r_begin >= 1), row r at base + (r - base_row) * W, where
// row r_begin - 1 already is: each run of rows with both shifts 0 in one fused kernel call (prediction
// and changed values in one pass), other rows predicted from their shifted previous row, then patched.
// `v` points at row r_begin's first changed value; returns the pointer past row r_end - 1's.
template <bool kPlanar = false, class T>
const uint8_t* rebuild_bitmap_rows(T* base, size_t base_row, size_t r_begin, size_t r_end, const BookShape& g,
                                   const uint8_t* shifts, const uint8_t* bitmaps, const uint8_t* v,
                                   const uint8_t* values_end) {
  const size_t W = g.width(), bb = bitmap_bytes(g);
  const auto shifted = [shifts](size_t r) { return (shifts[2 * (r - 1)] | shifts[2 * (r - 1) + 1]) != 0; };
  for (size_t r = r_begin; r < r_end;) {
    T* row = base + (r - base_row) * W;
    size_t end = r;
    while (end < r_end && !shifted(end)) ++end;
    if (end > r) {
      v = expand_rows(row, W, end - r, bitmaps + (r - 1) * bb, v, values_end);
      r = end;
      continue;
    }
    predict<kPlanar>(row - W, row, g, reinterpret_cast<const int8_t*>(shifts + 2 * (r - 1)));
    v = expand_changed(row, W, bitmaps + (r - 1) * bb, v, values_end);
    ++r;
  }
  return v;
}

// The streams of a bitmap-filtered chunk (spec/CODECS.md §3.5): row 0, shifts, bitmaps, changed values.
struct BitmapLayout {
  const uint8_t* row0;
  const uint8_t* shifts;
  const uint8_t* bitmaps;
  const uint8_t* values;
  const uint8_t* values_end;
};
template <class T>
BitmapLayout bitmap_layout(std::span<const uint8_t> in, const BookShape& g) {
  BitmapLayout l;
  l.row0 = in.data();
  l.shifts = l.row0 + g.width() * sizeof(T);
  l.bitmaps = l.shifts + shift_bytes(g);
  l.values = l.bitmaps + (g.rows - 1) * bitmap_bytes(g);
  l.values_end = in.data() + in.size();
  return l;
}

// Rows [first, end) of a bitmap-filtered chunk into out (row first at out[0]). Rows before `first` are
// rebuilt in per-thread scratch (each row is predicted from the one before it), never written to out.
template <class T>
void decode_bitmap_range(const BitmapLayout& l, const BookShape& g, size_t first, size_t end, T* out) {
  const size_t W = g.width();
  const auto [row0, shifts, bitmaps, values, values_end] = l;
  if (first == 0) {
    std::memcpy(out, row0, W * sizeof(T));
    rebuild_bitmap_rows(out, 0, 1, end, g, shifts, bitmaps, values, values_end);
    return;
  }
  std::vector<T>& before = thread_object<std::vector<T>, struct BeforeSite>();
  before.resize(first * W);
  std::memcpy(before.data(), row0, W * sizeof(T));
  const uint8_t* v = rebuild_bitmap_rows(before.data(), 0, 1, first, g, shifts, bitmaps, values, values_end);
  // Row `first` from the last scratch row, then the rest contiguous in out.
  predict_row(before.data() + (first - 1) * W, out, g, reinterpret_cast<const int8_t*>(shifts + 2 * (first - 1)));
  v = expand_changed(out, W, bitmaps + (first - 1) * bitmap_bytes(g), v, values_end);
  rebuild_bitmap_rows(out, first, first + 1, end, g, shifts, bitmaps, v, values_end);
}

// Rows [first, end) of a filter-5 chunk into out: the planar rows are rebuilt in blocks of kPlanarBlock
// rows in a small per-thread buffer that stays in L1 (slot 0 holds the row before the block, which the
// first row of the block is predicted from), and each block's rows from `first` on are interleaved back
// into out.
constexpr size_t kPlanarBlock = 32;
template <class T>
void decode_planar_range(const BitmapLayout& l, const BookShape& g, size_t first, size_t end, T* out) {
  const size_t W = g.width();
  std::vector<T>& planar = thread_object<std::vector<T>, struct Planar2Site>();
  planar.resize((kPlanarBlock + 1) * W);
  T* buf = planar.data();
  std::memcpy(buf, l.row0, W * sizeof(T));
  if (first == 0) from_planar(buf, out, 1, g);
  const uint8_t* v = l.values;
  for (size_t b = 1; b < end; b += kPlanarBlock) {
    const size_t e = std::min(b + kPlanarBlock, end);
    v = rebuild_bitmap_rows<true>(buf + W, b, b, e, g, l.shifts, l.bitmaps, v, l.values_end);
    if (e > first) {
      const size_t from = std::max(b, first);
      from_planar(buf + (1 + from - b) * W, out + (from - first) * W, e - from, g);
    }
    std::memcpy(buf, buf + (e - b) * W, W * sizeof(T));
  }
}

// The changed values a bitmap-filtered stream of `total` bytes stores (total passed check_filtered_size).
template <class T>
size_t stored_values(uint64_t total, const BookShape& g) {
  return static_cast<size_t>((total - bitmap_fixed_bytes(g, sizeof(T))) / sizeof(T));
}

// `in` is the whole filtered stream (total == in.size()) or, for filters 4 and 5, a prefix of the `total`
// bytes holding the rows' values (filter_decode_prefix).
template <class T>
Status decode_t(Filter f, std::span<const uint8_t> in, uint64_t total, const BookShape& g, size_t first, size_t end,
                T* out, float* widen);

// Filters whose rows cannot be rebuilt alone (the planes of a byte shuffle span the whole chunk): the
// whole chunk into per-thread scratch, then rows [first, end).
template <class T>
Status decode_range_via_scratch(Filter f, std::span<const uint8_t> in, const BookShape& g, size_t first, size_t end,
                                T* out, float* widen) {
  std::vector<T>& whole = thread_object<std::vector<T>, struct WholeSite>();
  whole.resize(g.elems());
  CDD_FORWARD_IF_ERROR(decode_t<T>(f, in, in.size(), g, 0, g.rows, whole.data(), nullptr));
  const size_t n = (end - first) * g.width();
  std::memcpy(out, whole.data() + first * g.width(), n * sizeof(T));
  if constexpr (sizeof(T) == 2) {
    if (widen != nullptr) simd::f16_to_f32(out, widen, n);
  }
  return ok();
}

template <class T>
Status decode_t(Filter f, std::span<const uint8_t> in, uint64_t total, const BookShape& g, size_t first, size_t end,
                T* out, float* widen) {
  CDD_FORWARD_IF_ERROR(check_filtered_size(f, g, sizeof(T), total));
  CDD_RETURN_ERROR_IF(in.size() != total && (in.size() > total || (f != Filter::kBitmap && f != Filter::kBitmapPlanar) ||
                                             in.size() < bitmap_prefix_bytes(in, g, sizeof(T), end)),
                      CDD_E_CODEC,
                      "order-book filtered prefix of " + std::to_string(in.size()) + " bytes is too short for rows [" +
                          std::to_string(first) + ", " + std::to_string(end) + ")");
  CDD_RETURN_ERROR_IF(first >= end || end > g.rows, CDD_E_INTERNAL,
                      "order-book rows [" + std::to_string(first) + ", " + std::to_string(end) +
                          ") asked of a chunk of " + std::to_string(g.rows));
  const size_t rows = end - first;  // rows written to out
  if ((first != 0 || end < g.rows) && f != Filter::kNone && f != Filter::kBitmap && f != Filter::kBitmapPlanar)
    return decode_range_via_scratch(f, in, g, first, end, out, widen);
  const size_t n = g.elems(), W = g.width();
  bool widened = false;
  switch (f) {
    case Filter::kNone:
      std::memcpy(out, in.data() + first * W * sizeof(T), rows * W * sizeof(T));
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
      std::vector<T>& pred = thread_object<std::vector<T>, struct PredSite>();
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
      const BitmapLayout l = bitmap_layout<T>(in, g);
      CDD_FORWARD_IF_ERROR(check_bitmap(l.shifts, l.bitmaps, stored_values<T>(total, g), g));
      decode_bitmap_range(l, g, first, end, out);
      break;
    }
    case Filter::kBitmapPlanar: {
      const BitmapLayout l = bitmap_layout<T>(in, g);
      CDD_FORWARD_IF_ERROR(check_bitmap(l.shifts, l.bitmaps, stored_values<T>(total, g), g));
      decode_planar_range(l, g, first, end, out);
      break;
    }
  }
  if constexpr (sizeof(T) == 2) {
    if (widen != nullptr && !widened) simd::f16_to_f32(out, widen, rows * W);
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
    case Filter::kBitmapPlanar:
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

Status filter_decode(Filter f, std::span<const uint8_t> in, const BookShape& g, size_t first, size_t end,
                     uint16_t* out, float* widen) {
  return decode_t(f, in, in.size(), g, first, end, out, widen);
}
Status filter_decode(Filter f, std::span<const uint8_t> in, const BookShape& g, size_t first, size_t end,
                     uint32_t* out) {
  return decode_t<uint32_t>(f, in, in.size(), g, first, end, out, nullptr);
}

size_t bitmap_fixed_bytes(const BookShape& g, size_t elem_size) {
  return g.width() * elem_size + shift_bytes(g) + (g.rows > 0 ? (g.rows - 1) * bitmap_bytes(g) : 0);
}

size_t bitmap_prefix_bytes(std::span<const uint8_t> fixed, const BookShape& g, size_t elem_size, size_t end) {
  const size_t fixed_bytes = bitmap_fixed_bytes(g, elem_size);
  if (fixed.size() < fixed_bytes || end == 0 || end > g.rows) return SIZE_MAX;
  const uint8_t* bitmaps = fixed.data() + g.width() * elem_size + shift_bytes(g);
  return fixed_bytes + count_set_bits(bitmaps, (end - 1) * bitmap_bytes(g)) * elem_size;
}

Status filter_decode_prefix(Filter f, std::span<const uint8_t> prefix, uint64_t total, const BookShape& g,
                            size_t first, size_t end, uint16_t* out, float* widen) {
  return decode_t(f, prefix, total, g, first, end, out, widen);
}
Status filter_decode_prefix(Filter f, std::span<const uint8_t> prefix, uint64_t total, const BookShape& g,
                            size_t first, size_t end, uint32_t* out) {
  return decode_t<uint32_t>(f, prefix, total, g, first, end, out, nullptr);
}

}  // namespace cdd::ob
