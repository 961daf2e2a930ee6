// kernels.hpp — the SIMD kernels the codecs call, dispatched at run time to the best Highway target the
// CPU has (or the cap set by cdd_simd_set_target / CDD_SIMD_TARGET). Every kernel has a scalar reference
// in scalar_reference.hpp that the tests compare it with, bit for bit. No SIMD code in this header.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdd::simd {

// out[b * n + i] = in[i * elem_size + b] for i < n, b < elem_size (spec/FORMAT.md §5.4).
// `in` and `out` hold n * elem_size bytes and must not overlap.
void byte_shuffle(const uint8_t* in, uint8_t* out, size_t n, size_t elem_size);
// The inverse: out[i * elem_size + b] = in[b * n + i].
void byte_unshuffle(const uint8_t* in, uint8_t* out, size_t n, size_t elem_size);

// float32 -> float16 bits, exact on every target (rounding rules: ref::f32_bits_to_f16).
void f32_to_f16(const float* in, uint16_t* out, size_t n);
// float16 bits -> float32, exact on every target (ref::f16_bits_to_f32). `in` must not overlap `out`,
// except that it may be exactly the upper half of out's bytes (in == (const uint16_t*)out + n): in-place
// widening, which the order-book decoder uses to keep one buffer in cache.
void f16_to_f32(const uint16_t* in, float* out, size_t n);

// Temporal XOR: out[i] = in[i] for i < stride, in[i] ^ in[i - stride] after (stride = elements of one
// row). `in` and `out` must not overlap.
void xor_delta_u16(const uint16_t* in, uint16_t* out, size_t n, size_t stride);
void xor_delta_u32(const uint32_t* in, uint32_t* out, size_t n, size_t stride);
// The inverse, in place: data[i] ^= data[i - stride] for i >= stride, in increasing i.
void prefix_xor_u16(uint16_t* data, size_t n, size_t stride);
void prefix_xor_u32(uint32_t* data, size_t n, size_t stride);

// Fused decode steps, one pass with each vector kept in registers. `planes` is a byte-shuffled buffer
// of n elements (2 or 4 planes of n bytes). Each unshuffles, then undoes the temporal XOR (stride as
// above):
//   unshuffle_prefix_xor_u16/u32: into `out` (n elements);
//   unshuffle_prefix_xor_f16_to_f32: into `scratch` (n float16 bits, which the next row XORs with) and,
//   from the same registers, widened to float32 into `out`.
void unshuffle_prefix_xor_u16(const uint8_t* planes, uint16_t* out, size_t n, size_t stride);
void unshuffle_prefix_xor_u32(const uint8_t* planes, uint32_t* out, size_t n, size_t stride);
void unshuffle_prefix_xor_f16_to_f32(const uint8_t* planes, uint16_t* scratch, float* out, size_t n,
                                     size_t stride);

// Bitmap-filter decode step for one row (spec/CODECS.md §3.5): for each i < width whose bit is set in
// `bitmap` (byte i / 8, bit i % 8), in increasing i, row[i] = the next element read from `values`
// (little-endian, unaligned, sizeof(T) bytes each); other elements keep what the row holds (the
// prediction). Returns `values` advanced past the elements used. The caller guarantees that those
// elements lie in [values, values_end) and that bits from `width` on in the last bitmap byte are 0;
// nothing is read at or past values_end nor written past row[width - 1].
const uint8_t* expand_changed_u16(uint16_t* row, size_t width, const uint8_t* bitmap, const uint8_t* values,
                                  const uint8_t* values_end);
const uint8_t* expand_changed_u32(uint32_t* row, size_t width, const uint8_t* bitmap, const uint8_t* values,
                                  const uint8_t* values_end);
// The same step fused with the prediction for a run of `rows` rows each predicted by the row before it
// as it is (both side shifts 0): for r < rows, row r (out + r * width) = row r - 1 (out - width for
// r = 0: the caller's already rebuilt row, which must be in the same buffer) with the elements whose bit
// is set in bitmap r (bitmaps + r * ((width + 7) / 8)) taking the next elements of `values`, in one
// pass over each row. Returns the advanced `values`. Same guarantees from the caller as
// expand_changed (for every row's bitmap), and nothing is read at or past values_end nor written
// outside out[0, rows * width).
const uint8_t* expand_rows_u16(uint16_t* out, size_t width, size_t rows, const uint8_t* bitmaps,
                               const uint8_t* values, const uint8_t* values_end);
const uint8_t* expand_rows_u32(uint32_t* out, size_t width, size_t rows, const uint8_t* bitmaps,
                               const uint8_t* values, const uint8_t* values_end);

// Bitmap-planar filter decode step (spec/CODECS.md §3.6) for 3 fields: row r of `planar` holds
// `levels` elements of field 0, then of field 1, then of field 2; out[r][3 * j + f] = planar[r][f *
// levels + j] for r < rows. `planar` and `out` hold rows * 3 * levels elements and must not overlap.
void planar3_to_rows_u16(const uint16_t* planar, uint16_t* out, size_t rows, size_t levels);
void planar3_to_rows_u32(const uint32_t* planar, uint32_t* out, size_t rows, size_t levels);

}  // namespace cdd::simd
