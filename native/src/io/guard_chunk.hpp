// guard_chunk.hpp — runs a chunk's decode and reports what it throws (out of memory, anything else) as a
// typed error naming the chunk, so no exception leaves the reader (Reader::read_rows, Reader::read_rows_at).
#pragma once

#include <cstdint>
#include <exception>
#include <new>

#include "cdd/cdd.h"
#include "core/error.hpp"
#include "format/chunk_frame.hpp"

namespace cdd {

template <class F>
auto guard_chunk(uint64_t chunk, uint64_t offset, F&& decode) -> decltype(decode()) {
  try {
    return decode();
  } catch (const std::bad_alloc&) {
    return make_error(CDD_E_NO_MEMORY, chunk_where(chunk, offset) + ": out of memory while decoding");
  } catch (const std::exception& e) {
    return make_error(CDD_E_INTERNAL, chunk_where(chunk, offset) + ": " + e.what());
  }
}

}  // namespace cdd
