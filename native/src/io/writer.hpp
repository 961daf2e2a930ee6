// writer.hpp — writing a .cdd file: create (header + first index block) or open in append mode (repair of
// an interrupted tail, FORMAT §6.1), append rows, chunk cutting (fixed rows, or adaptive to a target
// stored size), and the crash-safe commit of every chunk (FORMAT §6).
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "codec/codec.hpp"
#include "core/error.hpp"
#include "core/hash.hpp"
#include "format/header.hpp"
#include "store/store.hpp"

namespace cdd {

struct WriterOptions {
  uint16_t dtype = 0;
  std::vector<uint32_t> row_shape;
  uint16_t codec = CDD_CODEC_SHUFFLE;
  int32_t level = 3;
  uint64_t codec_flags = CDD_FLAG_ZSTD;  // LITTLE_ENDIAN is added
  uint32_t chunk_target_bytes = 4096;    // adaptive target stored bytes per chunk
  uint32_t chunk_rows = 0;               // fixed rows per chunk; 0 = adaptive
  uint32_t index_capacity = 1024;
  bool sync = false;                     // fsync at every commit
  std::vector<std::byte> user_meta;
  std::vector<std::byte> codec_params;
};

// The adaptive chunker never makes a chunk whose decoded size exceeds this (nor 2^31 bytes).
inline constexpr uint64_t kAdaptiveMaxChunkDecoded = 16ull << 20;

class Writer {
 public:
  // Takes the writer lock, truncates the store, writes the header and index block 0.
  static Result<std::unique_ptr<Writer>> create(std::shared_ptr<Store> store, const WriterOptions& opts);
  // Takes the writer lock, reads the chain, repairs the tail (§6.1) and continues the last block.
  static Result<std::unique_ptr<Writer>> open_append(std::shared_ptr<Store> store, bool sync);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Appends nrows rows (nrows * row_bytes bytes, row-major); cuts and commits chunks as they fill.
  Status append(std::span<const std::byte> data, uint64_t nrows);
  // Cuts the buffered rows into a chunk (if any) and commits.
  Status flush();
  // Flushes and releases the lock; later calls fail with CDD_E_STATE.
  Status close();

  uint64_t rows_committed() const { return rows_committed_; }
  uint64_t rows_appended() const { return rows_committed_ + pending_rows_; }
  uint64_t chunks_committed() const { return chunks_committed_; }
  uint64_t row_bytes() const { return row_bytes_; }
  const Metadata& metadata() const { return meta_; }
  // Rows the next adaptive chunk will hold (0 while the first trial is pending); chunk_rows when fixed.
  uint64_t planned_chunk_rows() const { return planned_rows(); }

 private:
  Writer() = default;
  Status usable() const;
  uint64_t planned_rows() const;
  uint64_t max_rows() const;
  Status estimate_from_trial();
  Status cut(const std::byte* rows, uint64_t nrows);
  Status commit(uint64_t rows);  // frame_ holds the chunk
  void learn(uint64_t payload_bytes, uint64_t rows);
  Status fail(Error e);
  void note_full_segments();

  std::shared_ptr<Store> store_;
  Metadata meta_;
  const Codec* codec_ = nullptr;
  uint64_t row_bytes_ = 0;
  bool sync_ = false;
  bool closed_ = false;
  bool locked_ = false;
  std::string failed_;  // set after an I/O failure mid-commit: the writer refuses further work

  uint64_t end_ = 0;  // logical end: where the next structure goes

  // The open (last) index block.
  uint64_t block_off_ = 0;
  uint32_t block_cap_ = 0;
  uint64_t block_k_ = 0;  // position in the chain
  uint64_t block_seq_ = 0;
  int block_current_ = 0;  // record holding the current state
  std::vector<uint64_t> block_offsets_, block_rows_;
  std::vector<Hash128> block_digests_;  // digests of the full 256-slot segments (commit hashing stays O(1))

  uint64_t rows_committed_ = 0;
  uint64_t chunks_committed_ = 0;

  std::vector<std::byte> pending_;  // buffered rows from pending_start_ on
  size_t pending_start_ = 0;
  uint64_t pending_rows_ = 0;

  // Adaptive chunking: payload bytes per row over the last chunks.
  std::deque<std::pair<uint64_t, uint64_t>> recent_;  // (payload bytes, rows)
  double bytes_per_row_ = 0;
  std::vector<std::byte> frame_;
};

}  // namespace cdd
