// inspect.hpp — `cdd inspect`: a description of a .cdd file (header, metadata, user metadata, the index
// block chain, chunk statistics and optionally every chunk) as text or JSON.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace cdd::tools {

// One index block of the chain, as stored.
struct IndexBlockLayout {
  uint64_t offset = 0;
  uint32_t size = 0;
  uint16_t type = 0;  // 1 RAW, 2 LZ4
  uint32_t capacity = 0;
  uint64_t count = 0;
  uint64_t seq = 0;
  uint64_t next = 0;
};

// Walks the index chain from block 0 (each block parsed and its commit record checked).
Result<std::vector<IndexBlockLayout>> read_index_chain(const std::string& path);

struct InspectOptions {
  bool json = false;
  bool all_chunks = false;  // list every chunk (otherwise only files of at most 16 chunks list them)
};

Result<std::string> inspect_file(const std::string& path, const InspectOptions& options);

}  // namespace cdd::tools
