// bitmap_expand.cpp — dispatched decode steps of the order-book bitmap filter: the changed elements of a
// row (bitmap bit set) take the next packed stored values, 16 bytes of a row per shuffle + blend (64
// bytes per hardware expand-load on AVX3_DL); one row over its prediction, or a run of rows each
// predicted by the row before, in one pass.
#include <algorithm>
#include <bit>
#include <cstring>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/bitmap_expand.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "simd/bitmap_expand_tables.hpp"
#include "simd/kernels.hpp"
#include "simd/target.hpp"

HWY_BEFORE_NAMESPACE();
namespace cdd::simd::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Elements [first, width) one set bit at a time (first is a multiple of 4); returns the advanced values.
template <class T>
HWY_INLINE const uint8_t* ExpandTail(T* HWY_RESTRICT row, size_t first, size_t width,
                                     const uint8_t* HWY_RESTRICT bitmap, const uint8_t* HWY_RESTRICT values) {
  const size_t end_byte = (width + 7) / 8;
  for (size_t k = first / 8; k < end_byte; ++k) {
    unsigned bits = bitmap[k];
    if (k == first / 8) bits &= 0xFFu << (first % 8);
    if (k + 1 == end_byte && width % 8 != 0) bits &= (1u << (width % 8)) - 1;
    for (; bits != 0; bits &= bits - 1) {
      std::memcpy(row + k * 8 + static_cast<size_t>(std::countr_zero(bits)), values, sizeof(T));
      values += sizeof(T);
    }
  }
  return values;
}

#if HWY_TARGET == HWY_SCALAR || HWY_TARGET == HWY_EMU128
// No byte shuffle worth the name: the bit loop.
template <class T>
HWY_INLINE const uint8_t* ExpandChangedT(T* row, size_t width, const uint8_t* bitmap, const uint8_t* values,
                                         const uint8_t* values_end) {
  (void)values_end;
  return ExpandTail(row, 0, width, bitmap, values);
}

template <class T>
HWY_INLINE const uint8_t* ExpandRowsT(T* out, size_t width, size_t rows, const uint8_t* bitmaps,
                                      const uint8_t* values, const uint8_t* values_end) {
  (void)values_end;
  const size_t bb = (width + 7) / 8;
  for (size_t r = 0; r < rows; ++r) {
    T* row = out + r * width;
    const T* prev = row - width;
    for (size_t i = 0; i < width; ++i) row[i] = prev[i];
    values = ExpandTail(row, 0, width, bitmaps + r * bb, values);
  }
  return values;
}
#elif HWY_TARGET == HWY_AVX3_DL
// AVX-512 VBMI2 has the expand in hardware: a row is cut in blocks of one 512-bit vector (32 u16 or 16
// u32 lanes) whose bitmap bits are the mask of one expand-load from `values`. That instruction reads
// only the popcount(mask) elements it uses (masked-off lanes are fault-suppressed), which the caller
// guarantees lie before values_end, so no guard is needed near the end; a partial block at the end of a
// row is read and written with masked loads and stores, so nothing outside the row is touched.
template <class T>
struct Expand512;
template <>
struct Expand512<uint16_t> {
  using Mask = __mmask32;
  static constexpr size_t kLanes = 32;
  static HWY_INLINE __m512i Load(Mask m, const void* p) { return _mm512_maskz_loadu_epi16(m, p); }
  static HWY_INLINE __m512i ExpandLoad(__m512i src, Mask m, const void* p) {
    return _mm512_mask_expandloadu_epi16(src, m, p);
  }
  static HWY_INLINE void Store(void* p, Mask m, __m512i v) { _mm512_mask_storeu_epi16(p, m, v); }
};
template <>
struct Expand512<uint32_t> {
  using Mask = __mmask16;
  static constexpr size_t kLanes = 16;
  static HWY_INLINE __m512i Load(Mask m, const void* p) { return _mm512_maskz_loadu_epi32(m, p); }
  static HWY_INLINE __m512i ExpandLoad(__m512i src, Mask m, const void* p) {
    return _mm512_mask_expandloadu_epi32(src, m, p);
  }
  static HWY_INLINE void Store(void* p, Mask m, __m512i v) { _mm512_mask_storeu_epi32(p, m, v); }
};

// The bitmap bits of full block b (kLanes / 8 bytes, all within the row's bitmap).
template <class T>
HWY_INLINE uint32_t BlockMask(const uint8_t* bitmap, size_t b) {
  constexpr size_t kBytes = Expand512<T>::kLanes / 8;
  uint32_t m = 0;
  std::memcpy(&m, bitmap + b * kBytes, kBytes);  // x86: little-endian
  return m;
}

// The bitmap bits of the partial block of `rem` lanes (0 < rem < kLanes) starting at `lane`: only the
// (rem + 7) / 8 bytes that belong to the row.
HWY_INLINE uint32_t TailMask(const uint8_t* bitmap, size_t lane, size_t rem) {
  uint32_t m = 0;
  for (size_t k = 0; k < (rem + 7) / 8; ++k) m |= static_cast<uint32_t>(bitmap[lane / 8 + k]) << (8 * k);
  return m & ((uint32_t{1} << rem) - 1);
}

// Patch one row in place: the changed lanes of each block take the next stored values (a masked store
// of just those lanes, so the prediction is never loaded); blocks with no bit set are skipped.
template <class T>
HWY_INLINE const uint8_t* ExpandChangedT(T* HWY_RESTRICT row, size_t width, const uint8_t* HWY_RESTRICT bitmap,
                                         const uint8_t* HWY_RESTRICT values, const uint8_t* values_end) {
  (void)values_end;
  using E = Expand512<T>;
  constexpr size_t K = E::kLanes;
  const size_t full = width / K;
  for (size_t b = 0; b < full; ++b) {
    const uint32_t m = BlockMask<T>(bitmap, b);
    if (m == 0) continue;
    const auto mask = static_cast<typename E::Mask>(m);
    E::Store(row + b * K, mask, E::ExpandLoad(_mm512_setzero_si512(), mask, values));
    values += sizeof(T) * static_cast<size_t>(std::popcount(m));
  }
  if (const size_t rem = width % K; rem != 0) {
    const uint32_t m = TailMask(bitmap, full * K, rem);
    if (m != 0) {
      const auto mask = static_cast<typename E::Mask>(m);
      E::Store(row + full * K, mask, E::ExpandLoad(_mm512_setzero_si512(), mask, values));
      values += sizeof(T) * static_cast<size_t>(std::popcount(m));
    }
  }
  return values;
}

// A run of rows, each block of a row = the previous row's block with its changed lanes expanded in
// from `values`, stored in full (so the prediction is never copied separately). The partial block at
// the end of a row is kept in a register for the next row rather than read back: a masked load of a
// masked store just made would wait for the store instead of being forwarded from it.
template <class T>
HWY_INLINE const uint8_t* ExpandRowsT(T* HWY_RESTRICT out, size_t width, size_t rows,
                                      const uint8_t* HWY_RESTRICT bitmaps, const uint8_t* HWY_RESTRICT values,
                                      const uint8_t* values_end) {
  (void)values_end;
  using E = Expand512<T>;
  constexpr size_t K = E::kLanes;
  const size_t bb = (width + 7) / 8;
  const size_t full = width / K;
  const size_t rem = width % K;
  const auto tail = static_cast<typename E::Mask>((uint32_t{1} << rem) - 1);
  __m512i last = rows != 0 ? E::Load(tail, out - width + full * K) : _mm512_setzero_si512();  // prev's tail
  for (size_t r = 0; r < rows; ++r) {
    T* row = out + r * width;
    const T* prev = row - width;
    const uint8_t* bitmap = bitmaps + r * bb;
    for (size_t b = 0; b < full; ++b) {
      const uint32_t m = BlockMask<T>(bitmap, b);
      const __m512i before = _mm512_loadu_si512(prev + b * K);
      _mm512_storeu_si512(row + b * K, E::ExpandLoad(before, static_cast<typename E::Mask>(m), values));
      values += sizeof(T) * static_cast<size_t>(std::popcount(m));
    }
    if (rem != 0) {
      const uint32_t m = TailMask(bitmap, full * K, rem);
      last = E::ExpandLoad(last, static_cast<typename E::Mask>(m), values);
      E::Store(row + full * K, tail, last);
      values += sizeof(T) * static_cast<size_t>(std::popcount(m));
    }
  }
  return values;
}
#else
template <class T>
HWY_INLINE const auto& ExpandTable() {
  if constexpr (sizeof(T) == 2) return detail::kExpandTableU16;
  else return detail::kExpandTableU32;
}

// Up to 8 bitmap bytes as one little-endian word.
HWY_INLINE uint64_t LoadBitmapWord(const uint8_t* p, size_t n) {
  uint64_t w = 0;
  if (n == 8) std::memcpy(&w, p, 8);
  else
    for (size_t b = 0; b < n; ++b) w |= static_cast<uint64_t>(p[b]) << (8 * b);
  return w;
}

// The row is split in groups of 16 bytes (8 u16 or 4 u32 lanes; mask = their bitmap bits). Groups with
// no bit set keep their prediction and are skipped 8 bitmap bytes at a time; each other one shuffles
// the next 16 stored bytes into its changed lanes, blends them over the prediction and advances by the
// changed count. Vector loads only while 16 bytes remain before values_end; the partial group at the
// end of the row, and everything from the group where fewer bytes remain, bit by bit.
template <class T>
HWY_INLINE const uint8_t* ExpandChangedT(T* HWY_RESTRICT row, size_t width, const uint8_t* HWY_RESTRICT bitmap,
                                         const uint8_t* HWY_RESTRICT values, const uint8_t* values_end) {
  constexpr size_t kLanes = 16 / sizeof(T);
  // Per group of kLanes bits of a word: the low bits below its top bit, and its top bit.
  constexpr uint64_t kLow = kLanes == 8 ? 0x7F7F7F7F7F7F7F7Full : 0x7777777777777777ull;
  constexpr uint64_t kTop = ~kLow;
  const hn::Full128<T> d;
  const hn::Repartition<uint8_t, decltype(d)> d8;
  const hn::RebindToSigned<decltype(d)> di;
  const auto& table = ExpandTable<T>();
  const size_t groups = width / kLanes;
  const size_t group_bytes = (groups * kLanes + 7) / 8;
  for (size_t k0 = 0; k0 < group_bytes; k0 += 8) {
    const uint64_t w = LoadBitmapWord(bitmap + k0, std::min<size_t>(8, group_bytes - k0));
    // The top bit of each group of w with any bit set (no carry crosses a group).
    for (uint64_t busy = (((w & kLow) + kLow) | w) & kTop; busy != 0; busy &= busy - 1) {
      const size_t bit = static_cast<size_t>(std::countr_zero(busy)) - (kLanes - 1);  // group's first bit
      const size_t group = (8 * k0 + bit) / kLanes;
      if (group >= groups) break;  // u32: the half byte of the partial group
      if (values_end - values < 16) return ExpandTail(row, group * kLanes, width, bitmap, values);
      const unsigned mask = static_cast<unsigned>(w >> bit) & ((1u << kLanes) - 1);
      const auto idx = hn::Load(d8, table[mask].bytes);
      const auto expanded = hn::BitCast(d, hn::TableLookupBytes(hn::LoadU(d8, values), idx));
      const auto keep = hn::RebindMask(d, hn::Lt(hn::BitCast(di, idx), hn::Zero(di)));  // 0xFF.. lanes
      T* p = row + group * kLanes;
      hn::StoreU(hn::IfThenElse(keep, hn::LoadU(d, p), expanded), d, p);
      values += sizeof(T) * detail::kBitCount[mask];
    }
  }
  return ExpandTail(row, groups * kLanes, width, bitmap, values);
}

// Which row step a run uses. Measured on OKX books (cdd_bench_codecs, AVX3): for u32 (sparse changes,
// 4-lane groups) copy-then-patch is ~25% faster than the blend; for u16 the two are within noise.
template <class T>
inline constexpr bool kBlend = sizeof(T) == 2;

// The bitmap bits of group g of a row (kLanes of them, starting at bit g * kLanes).
template <class T>
HWY_INLINE unsigned GroupMask(const uint8_t* bitmap, size_t g) {
  if constexpr (sizeof(T) == 2) return bitmap[g];
  else return (bitmap[g / 2] >> (4 * (g % 2))) & 0xFu;
}

// One row of a run, fused: the previous row's groups are loaded, the next stored values shuffled into
// the changed lanes (mask 0: the shuffle keeps every lane) and the result stored, so the prediction is
// never copied separately. The partial group at the end of the row is first covered by a copy of the
// previous row's last 16 bytes (the full groups then rewrite their part of it), then patched bit by
// bit. Vector loads of values only while 16 bytes remain before values_end; a group where fewer remain
// is patched bit by bit. Pays a shuffle per group: best when most groups change (dense u16 rows).
template <class T>
HWY_INLINE const uint8_t* BlendRow(T* HWY_RESTRICT row, size_t width, const uint8_t* HWY_RESTRICT bitmap,
                                   const uint8_t* HWY_RESTRICT values, const uint8_t* values_end) {
  constexpr size_t kLanes = 16 / sizeof(T);
  const hn::Full128<T> d;
  const hn::Repartition<uint8_t, decltype(d)> d8;
  const hn::RebindToSigned<decltype(d)> di;
  const auto& table = ExpandTable<T>();
  const size_t groups = width / kLanes;
  const T* prev = row - width;
  if (width % kLanes != 0) hn::StoreU(hn::LoadU(d, prev + width - kLanes), d, row + width - kLanes);
  for (size_t g = 0; g < groups; ++g) {
    const unsigned mask = GroupMask<T>(bitmap, g);
    const auto before = hn::LoadU(d, prev + g * kLanes);
    T* p = row + g * kLanes;
    if (HWY_LIKELY(values_end - values >= 16)) {
      const auto idx = hn::Load(d8, table[mask].bytes);
      const auto expanded = hn::BitCast(d, hn::TableLookupBytes(hn::LoadU(d8, values), idx));
      const auto keep = hn::RebindMask(d, hn::Lt(hn::BitCast(di, idx), hn::Zero(di)));
      hn::StoreU(hn::IfThenElse(keep, before, expanded), d, p);
      values += sizeof(T) * detail::kBitCount[mask];
    } else {
      hn::StoreU(before, d, p);
      for (unsigned bits = mask; bits != 0; bits &= bits - 1) {
        std::memcpy(p + std::countr_zero(bits), values, sizeof(T));
        values += sizeof(T);
      }
    }
  }
  return ExpandTail(row, groups * kLanes, width, bitmap, values);
}

// One row of a run, copy then patch: the previous row copied in full-width vectors, then only the
// groups with changes patched (ExpandChangedT skips unchanged ones 64 bits of bitmap at a time). Best
// when few groups change (sparse u32 rows).
template <class T>
HWY_INLINE const uint8_t* CopyPatchRow(T* HWY_RESTRICT row, size_t width, const uint8_t* HWY_RESTRICT bitmap,
                                       const uint8_t* HWY_RESTRICT values, const uint8_t* values_end) {
  const hn::ScalableTag<T> dv;
  const size_t N = hn::Lanes(dv);
  const T* prev = row - width;
  size_t i = 0;
  for (; i + N <= width; i += N) hn::StoreU(hn::LoadU(dv, prev + i), dv, row + i);
  if (i < width) {
    if (width >= N) hn::StoreU(hn::LoadU(dv, prev + width - N), dv, row + width - N);
    else
      for (; i < width; ++i) row[i] = prev[i];
  }
  return ExpandChangedT(row, width, bitmap, values, values_end);
}

template <class T>
HWY_INLINE const uint8_t* ExpandRowsT(T* HWY_RESTRICT out, size_t width, size_t rows,
                                      const uint8_t* HWY_RESTRICT bitmaps, const uint8_t* HWY_RESTRICT values,
                                      const uint8_t* values_end) {
  constexpr size_t kLanes = 16 / sizeof(T);
  const size_t bb = (width + 7) / 8;
  for (size_t r = 0; r < rows; ++r) {
    T* row = out + r * width;
    const uint8_t* bitmap = bitmaps + r * bb;
    if (width < kLanes) {
      const T* prev = row - width;
      for (size_t i = 0; i < width; ++i) row[i] = prev[i];
      values = ExpandTail(row, 0, width, bitmap, values);
    } else if (kBlend<T>) {
      values = BlendRow(row, width, bitmap, values, values_end);
    } else {
      values = CopyPatchRow(row, width, bitmap, values, values_end);
    }
  }
  return values;
}
#endif  // HWY_TARGET

inline const uint8_t* ExpandChanged16(uint16_t* row, size_t width, const uint8_t* bitmap, const uint8_t* values,
                                      const uint8_t* values_end) {
  return ExpandChangedT(row, width, bitmap, values, values_end);
}
inline const uint8_t* ExpandChanged32(uint32_t* row, size_t width, const uint8_t* bitmap, const uint8_t* values,
                                      const uint8_t* values_end) {
  return ExpandChangedT(row, width, bitmap, values, values_end);
}
inline const uint8_t* ExpandRows16(uint16_t* out, size_t width, size_t rows, const uint8_t* bitmaps,
                                   const uint8_t* values, const uint8_t* values_end) {
  return ExpandRowsT(out, width, rows, bitmaps, values, values_end);
}
inline const uint8_t* ExpandRows32(uint32_t* out, size_t width, size_t rows, const uint8_t* bitmaps,
                                   const uint8_t* values, const uint8_t* values_end) {
  return ExpandRowsT(out, width, rows, bitmaps, values, values_end);
}

}  // namespace cdd::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace cdd::simd {

HWY_EXPORT(ExpandChanged16);
HWY_EXPORT(ExpandChanged32);
HWY_EXPORT(ExpandRows16);
HWY_EXPORT(ExpandRows32);

const uint8_t* expand_changed_u16(uint16_t* row, size_t width, const uint8_t* bitmap, const uint8_t* values,
                                  const uint8_t* values_end) {
  detail::apply_env_cap_once();
  return HWY_DYNAMIC_DISPATCH(ExpandChanged16)(row, width, bitmap, values, values_end);
}
const uint8_t* expand_changed_u32(uint32_t* row, size_t width, const uint8_t* bitmap, const uint8_t* values,
                                  const uint8_t* values_end) {
  detail::apply_env_cap_once();
  return HWY_DYNAMIC_DISPATCH(ExpandChanged32)(row, width, bitmap, values, values_end);
}
const uint8_t* expand_rows_u16(uint16_t* out, size_t width, size_t rows, const uint8_t* bitmaps,
                               const uint8_t* values, const uint8_t* values_end) {
  detail::apply_env_cap_once();
  return HWY_DYNAMIC_DISPATCH(ExpandRows16)(out, width, rows, bitmaps, values, values_end);
}
const uint8_t* expand_rows_u32(uint32_t* out, size_t width, size_t rows, const uint8_t* bitmaps,
                               const uint8_t* values, const uint8_t* values_end) {
  detail::apply_env_cap_once();
  return HWY_DYNAMIC_DISPATCH(ExpandRows32)(out, width, rows, bitmaps, values, values_end);
}

}  // namespace cdd::simd
#endif  // HWY_ONCE
