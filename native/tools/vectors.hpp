// vectors.hpp — the golden files of spec/vectors: their parameters (one table), the data each holds,
// the .cdd and .npy bytes the reference writer produces for them, and the manifest describing them.
// `cdd write-vectors DIR` writes them; native/tests/vectors checks the committed files against them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace cdd::tools {

// Where a vector's rows come from (all from the order-book generator, so every vector holds realistic
// values of its dtype).
enum class VectorData {
  kBookF32,        // (rows, 50, 3) float32 book
  kBookF16,        // (rows, 50, 3) float16 bits of the normalized view
  kBookBf16,       // (rows, 8) bfloat16: the top 16 bits of the first 8 normalized ask values
  kTopF64,         // (rows, 4) float64: best ask, its size, best bid, its size
  kTimestamps,     // (rows,) int64 milliseconds
  kTicksI32,       // (rows, 10) int32: price in ticks of the 5 best asks and 5 best bids
  kSpreadI16,      // (rows, 2, 5) int16: ticks from the best price of levels 0..4 of each side
  kShiftI8,        // (rows, 2) int8: levels the best ask / best bid moved since the previous row
  kCountsU8,       // (rows, 10) uint8: order counts of the 5 best asks and bids
  kCountsU16,      // (rows, 50) uint16: order counts of every level
  kLotsU32,        // (rows, 4) uint32: sizes in lots of the 2 best asks and bids
  kVolumeU64,      // (rows,) uint64: cumulative lots at the best ask
  kTop20F32,       // (rows, 20, 2) float32: price and size of the 10 best asks, then the 10 best bids
};

struct VectorAppend {
  uint64_t rows;
  bool flush;  // cdd_writer_flush after this append (cuts a chunk at this row)
};

struct VectorSpec {
  std::string name;  // file stem: NAME.cdd and NAME.npy
  std::string about;
  VectorData data;
  uint64_t seed;
  int dtype;
  std::vector<uint32_t> row_shape;
  std::vector<VectorAppend> appends;  // the rows, in the order and pieces they are appended
  int codec;
  int level;
  uint64_t codec_flags;
  uint32_t chunk_rows;          // 0 = adaptive
  uint32_t chunk_target_bytes;  // adaptive target
  uint32_t index_capacity;
  std::string user_meta;  // "" = absent
  bool repack;            // the file is the output of `cdd repack` (LZ4 index blocks where smaller)
  std::vector<uint8_t> codec_params;  // metadata tag 10 (order-book codecs: the filter byte); empty = absent

  uint64_t rows() const;
  uint64_t row_bytes() const;
};

// Every golden vector, in manifest order.
const std::vector<VectorSpec>& vector_specs();

// True for vectors whose codec rounds (DOWN_CAST_16: float32 stored as float16): their .npy holds the
// decoded values, not the rows written.
bool vector_is_lossy(const VectorSpec& spec);

// The rows of a vector as the writer receives them (little-endian).
std::vector<std::byte> vector_rows(const VectorSpec& spec);

// The .cdd bytes the reference writer produces for `spec` (written under `scratch_dir`).
Result<std::vector<std::byte>> write_vector_cdd(const VectorSpec& spec, const std::string& scratch_dir);

// The expected decoded array as a .npy file (bfloat16 as '<u2' bits: numpy has no bfloat16). For lossy
// codecs this is what the reference decoder returns, read back from `cdd_bytes`.
Result<std::string> vector_expected_npy(const VectorSpec& spec, const std::vector<std::byte>& cdd_bytes);

// manifest.json: every vector's parameters, file names and sizes.
std::string vectors_manifest(const std::vector<std::vector<std::byte>>& cdd_files);

// Rewrites DIR/NAME.cdd, DIR/NAME.npy and DIR/manifest.json for every vector.
Status write_vectors(const std::string& dir);

}  // namespace cdd::tools
