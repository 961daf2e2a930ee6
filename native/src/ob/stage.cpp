// stage.cpp — LZ4 block / zstd frame / verbatim stage of the order-book codecs, with per-thread zstd
// contexts.
#include "ob/stage.hpp"

#include <lz4.h>
#include <zstd.h>

#include <cstring>
#include <limits>
#include <memory>
#include <string>

#include "cdd/cdd.h"
#include "codec/lz4_level.hpp"
#include "core/thread_object.hpp"

namespace cdd::ob {
namespace {

struct ZstdCCtxFree {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct ZstdDCtxFree {
  void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};

ZSTD_CCtx* thread_cctx() {
  auto& ctx = thread_object<std::unique_ptr<ZSTD_CCtx, ZstdCCtxFree>, struct CCtxSite>();
  if (!ctx) ctx.reset(ZSTD_createCCtx());
  return ctx.get();
}
ZSTD_DCtx* thread_dctx() {
  auto& ctx = thread_object<std::unique_ptr<ZSTD_DCtx, ZstdDCtxFree>, struct DCtxSite>();
  if (!ctx) ctx.reset(ZSTD_createDCtx());
  return ctx.get();
}

}  // namespace

Status stage_compress(uint64_t flags, int level, std::span<const uint8_t> in, std::vector<std::byte>& out) {
  const size_t base = out.size();
  if (flags & CDD_FLAG_LZ4) {
    CDD_RETURN_ERROR_IF(in.size() > static_cast<size_t>(LZ4_MAX_INPUT_SIZE), CDD_E_INVALID_ARGUMENT,
                        "order-book chunk too large for LZ4 (" + std::to_string(in.size()) + " bytes)");
    const int bound = LZ4_compressBound(static_cast<int>(in.size()));
    out.resize(base + static_cast<size_t>(bound));
    const int n = codec::lz4_compress_at_level(reinterpret_cast<const char*>(in.data()),
                                               reinterpret_cast<char*>(out.data() + base),
                                               static_cast<int>(in.size()), bound, level);
    CDD_RETURN_ERROR_IF(n <= 0 && !in.empty(), CDD_E_INTERNAL, "LZ4 compression failed");
    out.resize(base + static_cast<size_t>(n));
    return ok();
  }
  if (flags & CDD_FLAG_ZSTD) {
    ZSTD_CCtx* cctx = thread_cctx();
    CDD_RETURN_ERROR_IF(cctx == nullptr, CDD_E_NO_MEMORY, "cannot allocate a zstd context");
    out.resize(base + ZSTD_compressBound(in.size()));
    const size_t n = ZSTD_compressCCtx(cctx, out.data() + base, out.size() - base, in.data(), in.size(), level);
    CDD_RETURN_ERROR_IF(ZSTD_isError(n), CDD_E_INTERNAL,
                        std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
    out.resize(base + n);
    return ok();
  }
  out.resize(base + in.size());
  if (!in.empty()) std::memcpy(out.data() + base, in.data(), in.size());
  return ok();
}

Status stage_decompress(uint64_t flags, std::span<const std::byte> in, uint8_t* out, size_t out_size) {
  if (flags & CDD_FLAG_LZ4) {
    CDD_RETURN_ERROR_IF(in.size() > static_cast<size_t>(std::numeric_limits<int>::max()) ||
                            out_size > static_cast<size_t>(std::numeric_limits<int>::max()),
                        CDD_E_CODEC, "LZ4 block too large");
    const int n = LZ4_decompress_safe(reinterpret_cast<const char*>(in.data()), reinterpret_cast<char*>(out),
                                      static_cast<int>(in.size()), static_cast<int>(out_size));
    CDD_RETURN_ERROR_IF(n < 0, CDD_E_CODEC, "LZ4 block is damaged");
    CDD_RETURN_ERROR_IF(static_cast<size_t>(n) != out_size, CDD_E_CODEC,
                        "LZ4 block decodes to " + std::to_string(n) + " bytes, expected " +
                            std::to_string(out_size));
    return ok();
  }
  if (flags & CDD_FLAG_ZSTD) {
    const unsigned long long content = ZSTD_getFrameContentSize(in.data(), in.size());
    CDD_RETURN_ERROR_IF(content == ZSTD_CONTENTSIZE_ERROR || content == ZSTD_CONTENTSIZE_UNKNOWN,
                        CDD_E_CODEC, "zstd frame header is damaged or lacks the content size");
    CDD_RETURN_ERROR_IF(content != out_size, CDD_E_CODEC,
                        "zstd frame holds " + std::to_string(content) + " bytes, expected " +
                            std::to_string(out_size));
    ZSTD_DCtx* dctx = thread_dctx();
    CDD_RETURN_ERROR_IF(dctx == nullptr, CDD_E_NO_MEMORY, "cannot allocate a zstd context");
    const size_t n = ZSTD_decompressDCtx(dctx, out, out_size, in.data(), in.size());
    CDD_RETURN_ERROR_IF(ZSTD_isError(n), CDD_E_CODEC,
                        std::string("zstd frame is damaged: ") + ZSTD_getErrorName(n));
    CDD_RETURN_ERROR_IF(n != out_size, CDD_E_CODEC, "zstd frame decodes to the wrong size");
    return ok();
  }
  CDD_RETURN_ERROR_IF(in.size() != out_size, CDD_E_CODEC,
                      "stored filter bytes are " + std::to_string(in.size()) + " bytes, expected " +
                          std::to_string(out_size));
  if (out_size != 0) std::memcpy(out, in.data(), out_size);
  return ok();
}

bool stage_decodes_prefix(uint64_t flags) { return (flags & CDD_FLAG_LZ4) != 0; }

Status stage_decompress_prefix(uint64_t flags, std::span<const std::byte> in, uint8_t* out, size_t out_size,
                               size_t prefix) {
  CDD_RETURN_ERROR_IF(!stage_decodes_prefix(flags) || prefix > out_size, CDD_E_INTERNAL,
                      "a stage prefix asked of a stage that cannot decode one, or longer than the stage");
  CDD_RETURN_ERROR_IF(in.size() > static_cast<size_t>(std::numeric_limits<int>::max()) ||
                          out_size > static_cast<size_t>(std::numeric_limits<int>::max()),
                      CDD_E_CODEC, "LZ4 block too large");
  const int n = LZ4_decompress_safe_partial(reinterpret_cast<const char*>(in.data()), reinterpret_cast<char*>(out),
                                            static_cast<int>(in.size()), static_cast<int>(prefix),
                                            static_cast<int>(out_size));
  CDD_RETURN_ERROR_IF(n < 0, CDD_E_CODEC, "LZ4 block is damaged");
  CDD_RETURN_ERROR_IF(static_cast<size_t>(n) < prefix, CDD_E_CODEC,
                      "LZ4 block decodes to " + std::to_string(n) + " bytes, expected " + std::to_string(out_size));
  return ok();
}

}  // namespace cdd::ob
