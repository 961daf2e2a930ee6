// lz4_level.hpp — what a writer's level means for an LZ4 block (spec/FORMAT.md §3, tag 4), shared by the
// generic and the order-book stages: as the lz4 command line, 1..2 is the fast compressor, 3..12 LZ4HC at
// that level (smaller blocks, slower encoding, same decoder), a negative level -a the fast compressor with
// acceleration a (faster, larger). Every setting writes a standard LZ4 block.
#pragma once

#include <lz4.h>
#include <lz4hc.h>

namespace cdd::codec {

inline constexpr int kLz4MaxLevel = LZ4HC_CLEVEL_MAX;  // 12

// LZ4 block of src[0, n) into dst (capacity cap); returns the block size, or <= 0 when it failed.
inline int lz4_compress_at_level(const char* src, char* dst, int n, int cap, int level) {
  if (level >= 3) return LZ4_compress_HC(src, dst, n, cap, level > kLz4MaxLevel ? kLz4MaxLevel : level);
  return LZ4_compress_fast(src, dst, n, cap, level < 0 ? -level : 1);
}

}  // namespace cdd::codec
