// header.cpp — serialize and read the header of FORMAT §2–3.
#include "format/header.hpp"

#include <algorithm>

#include "core/hex.hpp"
#include "core/le.hpp"
#include "format/zstd_blob.hpp"

namespace cdd {

Result<std::vector<std::byte>> serialize_header(const Metadata& meta, std::span<const std::byte> user_meta) {
  CDD_FORWARD_IF_ERROR(validate_metadata(meta));
  CDD_RETURN_ERROR_IF(user_meta.size() > kMaxUserMetaBytes, CDD_E_INVALID_ARGUMENT, "user metadata larger than 1 GiB");
  CDD_ASSIGN_OR_RETURN(auto mblob, zstd_blob_encode(encode_metadata_records(meta)));
  std::vector<std::byte> ublob;
  if (!user_meta.empty()) {
    CDD_ASSIGN_OR_RETURN(ublob, zstd_blob_encode(user_meta));
  }
  std::vector<std::byte> out(kMagic.begin(), kMagic.end());             // 0: MAGIC
  le::put<uint32_t>(out, kFormatVersion);                               // 8: VERSION
  le::put<uint32_t>(out, static_cast<uint32_t>(mblob.size()));          // 12: Lm
  out.insert(out.end(), mblob.begin(), mblob.end());                    // 16: METADATA
  le::put<uint32_t>(out, static_cast<uint32_t>(ublob.size()));          // 16+Lm: Lu
  out.insert(out.end(), ublob.begin(), ublob.end());                    // 20+Lm: USER_META
  return out;
}

namespace {

// Bytes [off, off + n) of the file: from the speculative first read when it covers them, else a read.
Status header_bytes(const Store& store, const std::vector<std::byte>& head, uint64_t off, std::span<std::byte> out) {
  if (off <= head.size() && out.size() <= head.size() - off) {
    std::copy_n(head.begin() + static_cast<ptrdiff_t>(off), out.size(), out.begin());
    return ok();
  }
  return store.read_at(off, out);
}

constexpr uint64_t kSpeculativeHeaderRead = 4096;

}  // namespace

Result<Header> read_header(const Store& store) {
  CDD_ASSIGN_OR_RETURN(uint64_t file_size, store.size());
  // One read covers the header of nearly every file (metadata is ~100 bytes; user meta is usually small).
  std::vector<std::byte> head(static_cast<size_t>(std::min(file_size, kSpeculativeHeaderRead)));
  CDD_FORWARD_IF_ERROR(store.read_at(0, head));
  CDD_RETURN_ERROR_IF(head.empty(), CDD_E_FORMAT, "not a CDD file: the file is empty");
  const size_t probe = std::min<size_t>(head.size(), 8);
  CDD_RETURN_ERROR_IF(!std::equal(head.begin(), head.begin() + static_cast<ptrdiff_t>(probe), kMagic.begin()), CDD_E_FORMAT,
                      "not a CDD file: bad magic " + to_hex(std::span(head).first(probe), ' '));
  CDD_RETURN_ERROR_IF(file_size < 16, CDD_E_FORMAT, truncated_message(16, 0, file_size));
  const std::byte* fixed = head.data();
  uint32_t version = le::u32(fixed + 8);
  CDD_RETURN_ERROR_IF(version != kFormatVersion, CDD_E_VERSION, "unsupported format version " + std::to_string(version));
  uint32_t lm = le::u32(fixed + 12);
  CDD_RETURN_ERROR_IF(lm == 0, CDD_E_FORMAT, "METADATA length is 0");
  CDD_RETURN_ERROR_IF(lm > file_size - 16, CDD_E_FORMAT, truncated_message(lm, 16, file_size));
  std::vector<std::byte> mblob(lm);
  CDD_FORWARD_IF_ERROR(header_bytes(store, head, 16, mblob));
  CDD_ASSIGN_OR_RETURN(auto records, zstd_blob_decode(mblob, kMaxMetadataBytes, "METADATA"));
  Header h;
  CDD_ASSIGN_OR_RETURN(h.meta, parse_metadata_records(records));
  std::byte lu_bytes[4];
  CDD_RETURN_ERROR_IF(file_size - 16 - lm < 4, CDD_E_FORMAT, truncated_message(4, 16 + uint64_t{lm}, file_size));
  CDD_FORWARD_IF_ERROR(header_bytes(store, head, 16 + uint64_t{lm}, lu_bytes));
  uint32_t lu = le::u32(lu_bytes);
  uint64_t uoff = 20 + uint64_t{lm};
  CDD_RETURN_ERROR_IF(lu > file_size - uoff, CDD_E_FORMAT, truncated_message(lu, uoff, file_size));
  if (lu > 0) {
    std::vector<std::byte> ublob(lu);
    CDD_FORWARD_IF_ERROR(header_bytes(store, head, uoff, ublob));
    CDD_ASSIGN_OR_RETURN(h.user_meta, zstd_blob_decode(ublob, kMaxUserMetaBytes, "USER_META"));
  }
  h.index0_offset = uoff + lu;
  return h;
}

}  // namespace cdd
