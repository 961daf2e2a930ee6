// verify.hpp — whole-file checks (`cdd verify`, cdd_verify_file) and repack (`cdd repack`, spec vectors).
#pragma once

#include <cstdint>

#include "core/error.hpp"
#include "store/store.hpp"

namespace cdd {

struct VerifyReport {
  uint64_t rows = 0;
  uint64_t chunks = 0;
  uint64_t index_blocks = 0;
  uint64_t logical_end = 0;
};

// Checks the header, every index block (both records, slots past count, chain rules), every chunk frame
// (hash, flags, dtype, shape, known type) and that nothing follows the logical end. The first problem
// is the error; its message names the structure ("chunk 17 at offset 73821: hash mismatch").
Result<VerifyReport> verify_store(const Store& store);

// Rewrites `in` into `out` (truncated first) with the same header and chunk frames, every index block
// sealed and written whole after its chunks (block 0 stays in front), as LZ4 where that is smaller.
Status repack_store(const Store& in, Store& out);

}  // namespace cdd
