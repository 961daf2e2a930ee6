// verify.cpp — strict whole-file verification of FORMAT §2–5.
#include "io/verify.hpp"

#include <algorithm>

#include "format/chunk_frame.hpp"
#include "format/header.hpp"
#include "io/chain.hpp"
#include "io/chunk_codec.hpp"
#include "io/reader.hpp"

namespace cdd {

Result<VerifyReport> verify_store(const Store& store) {
  CDD_ASSIGN_OR_RETURN(Header header, read_header(store));
  Chain chain;
  CDD_FORWARD_IF_ERROR(load_chain(store, header, chain, true, true));
  CDD_ASSIGN_OR_RETURN(uint64_t file_size, store.size());
  auto bounds = chunk_bounds(chain);
  VerifyReport rep;
  rep.rows = chain.num_rows();
  rep.chunks = chain.num_chunks();
  rep.index_blocks = chain.blocks.size();
  for (const auto& b : chain.blocks) rep.logical_end = std::max(rep.logical_end, b.end());
  std::vector<std::byte> frame;
  for (uint64_t i = 0; i < chain.num_chunks(); ++i) {
    uint64_t off = chain.offsets[i];
    std::string where = chunk_where(i, off);
    uint64_t bound = std::min(bounds[i], file_size);
    CDD_RETURN_ERROR_IF(off >= bound, CDD_E_FORMAT, where + ": " + truncated_message(kChunkFixedBytes, off, file_size));
    frame.resize(static_cast<size_t>(bound - off));
    CDD_FORWARD_IF_ERROR(store.read_at(off, frame));
    CDD_ASSIGN_OR_RETURN(ChunkHeader h, parse_chunk_header(frame, frame.size(), where, true));
    CDD_FORWARD_IF_ERROR(check_chunk_flags(h.flags, h.type, where));
    CDD_FORWARD_IF_ERROR(check_chunk_against(h, header.meta, chain.rows[i], where));
    const Codec* codec = find_codec(h.type);
    CDD_RETURN_ERROR_IF(codec == nullptr, CDD_E_UNSUPPORTED, where + ": unknown chunk type " + std::to_string(h.type));
    if (auto st = codec->check(h.dtype, header.meta.row_shape, h.flags); !st) {
      return make_error(st.error().code, where + ": " + st.error().message);
    }
    rep.logical_end = std::max(rep.logical_end, off + h.size);
  }
  CDD_RETURN_ERROR_IF(file_size > rep.logical_end, CDD_E_FORMAT,
                      std::to_string(file_size - rep.logical_end) + " bytes after the logical end " +
                          std::to_string(rep.logical_end) + " (an interrupted append; opening in append mode repairs it)");
  return rep;
}

}  // namespace cdd
