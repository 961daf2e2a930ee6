// row_predictor.hpp — the shifted previous-row predictor of the shift-xor and bitmap filters: level j of
// a side is predicted by level clamp(j + shift, 0, L - 1) of the same side in the previous row, and the
// encoder's search for the shift that predicts the most elements exactly (spec/CODECS.md §3.4).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "ob/book_shape.hpp"

namespace cdd::ob {

// The largest |shift| the reference encoder tries (decoders accept any |shift| <= L - 1).
inline constexpr int kMaxSearchShift = 8;

inline bool shift_valid(int shift, size_t side_levels) {
  if (side_levels == 0) return shift == 0;
  const int mag = shift < 0 ? -shift : shift;
  return static_cast<size_t>(mag) <= side_levels - 1;
}

// pred[j*F + f] = prev[clamp(j + shift, 0, L-1)*F + f] for one side of L levels.
template <class T>
inline void predict_side(const T* prev, T* pred, size_t L, size_t F, int shift) {
  if (L == 0) return;
  if (shift >= 0) {
    const size_t s = static_cast<size_t>(shift);
    std::memcpy(pred, prev + s * F, (L - s) * F * sizeof(T));
    for (size_t j = L - s; j < L; ++j) std::memcpy(pred + j * F, prev + (L - 1) * F, F * sizeof(T));
  } else {
    const size_t s = static_cast<size_t>(-shift);
    for (size_t j = 0; j < s; ++j) std::memcpy(pred + j * F, prev, F * sizeof(T));
    std::memcpy(pred + s * F, prev, (L - s) * F * sizeof(T));
  }
}

// The whole-row prediction from the previous row and the two side shifts.
template <class T>
inline void predict_row(const T* prev, T* pred, const BookShape& g, const int8_t shifts[2]) {
  if (shifts[0] == 0 && shifts[1] == 0) {  // the common case: the previous row as it is
    std::memcpy(pred, prev, g.width() * sizeof(T));
    return;
  }
  for (size_t side = 0; side < 2; ++side) {
    const size_t off = g.side_first_level(side) * g.fields;
    predict_side(prev + off, pred + off, g.side_levels(side), g.fields, shifts[side]);
  }
}

// The prediction of a field-planar row (filter 5: field f's levels at f*D .. f*D + D - 1): the same
// level shifts as predict_row, applied to each field's plane.
template <class T>
inline void predict_row_planar(const T* prev, T* pred, const BookShape& g, const int8_t shifts[2]) {
  if (shifts[0] == 0 && shifts[1] == 0) {
    std::memcpy(pred, prev, g.width() * sizeof(T));
    return;
  }
  for (size_t f = 0; f < g.fields; ++f)
    for (size_t side = 0; side < 2; ++side) {
      const size_t off = f * g.levels + g.side_first_level(side);
      predict_side(prev + off, pred + off, g.side_levels(side), 1, shifts[side]);
    }
}

// Elements of the side equal to their prediction under `shift`; stops early (returning a value <= to_beat)
// once it can no longer exceed `to_beat`.
template <class T>
inline size_t count_equal_shifted(const T* cur, const T* prev, size_t L, size_t F, int shift, size_t to_beat) {
  size_t c = 0, left = L * F;
  for (size_t j = 0; j < L; ++j) {
    const long k = std::clamp(static_cast<long>(j) + shift, 0L, static_cast<long>(L) - 1);
    const T* p = prev + static_cast<size_t>(k) * F;
    for (size_t f = 0; f < F; ++f) c += cur[j * F + f] == p[f];
    left -= F;
    if (c + left <= to_beat) return c;
  }
  return c;
}

// The shift in [-kMaxSearchShift, kMaxSearchShift] (and valid for L) with the most exact predictions;
// ties go to the smaller |shift|, then to the positive one.
template <class T>
inline int8_t best_shift(const T* cur, const T* prev, size_t L, size_t F) {
  if (L <= 1) return 0;
  size_t best_count = count_equal_shifted(cur, prev, L, F, 0, 0);
  if (best_count == L * F) return 0;
  int best = 0;
  const int max_shift = static_cast<int>(std::min<size_t>(kMaxSearchShift, L - 1));
  for (int d = 1; d <= max_shift; ++d) {
    for (int s : {d, -d}) {
      const size_t c = count_equal_shifted(cur, prev, L, F, s, best_count);
      if (c > best_count) {
        best_count = c;
        best = s;
      }
    }
  }
  return static_cast<int8_t>(best);
}

}  // namespace cdd::ob
