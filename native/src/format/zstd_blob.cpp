// zstd_blob.cpp — zstd one-frame blobs with a recorded content size (FORMAT §1), checked on decode.
#include "format/zstd_blob.hpp"

#include "codec/stage.hpp"

#include <zstd.h>

#include <memory>
#include <string>

namespace cdd {

Result<std::vector<std::byte>> zstd_blob_encode(std::span<const std::byte> in) {
  std::vector<std::byte> out(ZSTD_compressBound(in.size()));
  // One frame with its content size and a content checksum (zstd verifies it on decode), so that damage
  // to METADATA or USER_META is detected although the header has no hash of its own.
  std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> cctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
  CDD_RETURN_ERROR_IF(!cctx, CDD_E_NO_MEMORY, "zstd context allocation failed");
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, 3);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_contentSizeFlag, 1);
  size_t n = ZSTD_compress2(cctx.get(), out.data(), out.size(), in.data(), in.size());
  CDD_RETURN_ERROR_IF(ZSTD_isError(n), CDD_E_INTERNAL, std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
  out.resize(n);
  return out;
}

Result<std::vector<std::byte>> zstd_blob_decode(std::span<const std::byte> blob, size_t max_size, std::string_view what) {
  std::string w(what);
  size_t frame = ZSTD_findFrameCompressedSize(blob.data(), blob.size());
  CDD_RETURN_ERROR_IF(ZSTD_isError(frame) || frame != blob.size(), CDD_E_FORMAT,
                      w + " is not exactly one zstd frame (" + std::to_string(blob.size()) + " bytes)");
  unsigned long long content = ZSTD_getFrameContentSize(blob.data(), blob.size());
  CDD_RETURN_ERROR_IF(content == ZSTD_CONTENTSIZE_UNKNOWN || content == ZSTD_CONTENTSIZE_ERROR, CDD_E_FORMAT,
                      w + " zstd frame does not record its content size");
  CDD_RETURN_ERROR_IF(content > max_size, CDD_E_FORMAT,
                      w + " declares " + std::to_string(content) + " bytes, more than the limit " + std::to_string(max_size));
  // The declared size is allocated: first check that the frame's blocks can hold that much at all.
  const uint64_t bound = codec::zstd_max_output(blob);
  CDD_RETURN_ERROR_IF(content > bound, CDD_E_FORMAT,
                      w + " declares " + std::to_string(content) + " bytes, more than its " + std::to_string(blob.size()) +
                          "-byte zstd frame can hold");
  std::vector<std::byte> out(static_cast<size_t>(content));
  size_t n = ZSTD_decompress(out.data(), out.size(), blob.data(), blob.size());
  CDD_RETURN_ERROR_IF(ZSTD_isError(n), CDD_E_FORMAT, w + " zstd frame is damaged: " + ZSTD_getErrorName(n));
  CDD_RETURN_ERROR_IF(n != out.size(), CDD_E_FORMAT, w + " decompressed to " + std::to_string(n) + " bytes, frame says " + std::to_string(content));
  return out;
}

}  // namespace cdd
