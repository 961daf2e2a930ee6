// scalar_reference.hpp — plain scalar definitions of every SIMD kernel (simd/kernels.hpp). They are the
// normative behaviour: each dispatched kernel must match them bit for bit on every Highway target.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace cdd::simd::ref {

// out[b * n + i] = in[i * elem_size + b]  (spec/FORMAT.md §5.4)
inline void byte_shuffle(const uint8_t* in, uint8_t* out, size_t n, size_t elem_size) {
  for (size_t i = 0; i < n; ++i)
    for (size_t b = 0; b < elem_size; ++b) out[b * n + i] = in[i * elem_size + b];
}

// out[i * elem_size + b] = in[b * n + i]
inline void byte_unshuffle(const uint8_t* in, uint8_t* out, size_t n, size_t elem_size) {
  for (size_t i = 0; i < n; ++i)
    for (size_t b = 0; b < elem_size; ++b) out[i * elem_size + b] = in[b * n + i];
}

// IEEE binary32 -> binary16 bits (spec/CODECS.md §2): round to nearest, ties to even; magnitudes that
// round to 65520 or more become ±inf; NaN stays NaN with the quiet bit set and the top 9 payload bits
// kept (f16 mantissa = 0x200 | (f32 mantissa >> 13)); ±0 keeps its sign; results in the f16 subnormal
// range are exact roundings; f32 subnormals become ±0. Independent of the FPU rounding mode.
inline uint16_t f32_bits_to_f16(uint32_t x) {
  const uint32_t sign = (x >> 16) & 0x8000u;
  const uint32_t a = x & 0x7FFFFFFFu;
  if (a > 0x7F800000u) return static_cast<uint16_t>(sign | 0x7E00u | ((a >> 13) & 0x3FFu));
  if (a >= 0x477FF000u) return static_cast<uint16_t>(sign | 0x7C00u);
  if (a >= 0x38800000u) {  // normal f16: rebias the exponent, round the 13 dropped mantissa bits
    const uint32_t t = a - 0x38000000u;
    return static_cast<uint16_t>(sign | ((t + 0x0FFFu + ((t >> 13) & 1u)) >> 13));
  }
  const uint32_t e = a >> 23;
  if (e < 102) return static_cast<uint16_t>(sign);  // below half the smallest f16 subnormal
  const uint32_t m = (a & 0x7FFFFFu) | 0x800000u;
  const uint32_t s = 126u - e;  // 14..24: value * 2^24 = m >> s
  const uint32_t q = (m + ((1u << (s - 1)) - 1u) + ((m >> s) & 1u)) >> s;
  return static_cast<uint16_t>(sign | q);
}

// binary16 bits -> binary32 bits: exact for every finite value and ±inf; NaN keeps its sign and payload
// (f32 mantissa = f16 mantissa << 13) with the quiet bit set (a signalling NaN comes back quiet).
inline uint32_t f16_bits_to_f32(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t e = (h >> 10) & 0x1Fu;
  const uint32_t m = h & 0x3FFu;
  if (e == 31) return sign | 0x7F800000u | (m != 0 ? 0x400000u : 0u) | (m << 13);
  if (e != 0) return sign | (((h & 0x7FFFu) << 13) + 0x38000000u);
  if (m == 0) return sign;
  // subnormal: m * 2^-24, normalised
  uint32_t exp = 113;  // biased exponent of 2^-14
  uint32_t mm = m;
  while ((mm & 0x400u) == 0) {
    mm <<= 1;
    --exp;
  }
  return sign | (exp << 23) | ((mm & 0x3FFu) << 13);
}

inline void f32_to_f16(const float* in, uint16_t* out, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    uint32_t x;
    std::memcpy(&x, in + i, 4);
    out[i] = f32_bits_to_f16(x);
  }
}

inline void f16_to_f32(const uint16_t* in, float* out, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const uint32_t x = f16_bits_to_f32(in[i]);
    std::memcpy(out + i, &x, 4);
  }
}

// Temporal XOR: out[i] = in[i] for i < stride, in[i] ^ in[i - stride] after.
template <class T>
inline void xor_delta(const T* in, T* out, size_t n, size_t stride) {
  for (size_t i = 0; i < n; ++i) out[i] = i < stride ? in[i] : static_cast<T>(in[i] ^ in[i - stride]);
}

// Its inverse, in place: data[i] ^= data[i - stride] for i = stride, stride + 1, ... in order.
template <class T>
inline void prefix_xor(T* data, size_t n, size_t stride) {
  for (size_t i = stride; i < n; ++i) data[i] = static_cast<T>(data[i] ^ data[i - stride]);
}

// Bitmap-filter decode step: each element of row[0, width) whose bit is set in `bitmap` (byte i / 8,
// bit i % 8) takes the next element of `values`, in increasing i; returns the advanced `values`.
template <class T>
inline const uint8_t* expand_changed(T* row, size_t width, const uint8_t* bitmap, const uint8_t* values) {
  for (size_t i = 0; i < width; ++i) {
    if (((bitmap[i / 8] >> (i % 8)) & 1u) == 0) continue;
    std::memcpy(row + i, values, sizeof(T));
    values += sizeof(T);
  }
  return values;
}

// Field-planar rows back to (level, field) order: out[r][j * fields + f] = planar[r][f * levels + j].
template <class T>
inline void planar_to_rows(const T* planar, T* out, size_t rows, size_t levels, size_t fields) {
  const size_t w = levels * fields;
  for (size_t r = 0; r < rows; ++r)
    for (size_t j = 0; j < levels; ++j)
      for (size_t f = 0; f < fields; ++f) out[r * w + j * fields + f] = planar[r * w + f * levels + j];
}

// The fused run: row r of out (r < rows) = row r - 1 (out - width for r = 0), then expand_changed with
// bitmap r (bitmaps + r * ((width + 7) / 8)); returns the advanced `values`.
template <class T>
inline const uint8_t* expand_rows(T* out, size_t width, size_t rows, const uint8_t* bitmaps,
                                  const uint8_t* values) {
  const size_t bb = (width + 7) / 8;
  for (size_t r = 0; r < rows; ++r) {
    T* row = out + r * width;
    std::memmove(row, row - width, width * sizeof(T));
    values = expand_changed(row, width, bitmaps + r * bb, values);
  }
  return values;
}

}  // namespace cdd::simd::ref
