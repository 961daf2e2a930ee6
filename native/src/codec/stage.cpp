// stage.cpp — zstd (per-thread reusable contexts) and LZ4 block stages with exact-size decoding.
#include "codec/stage.hpp"

#include "codec/lz4_level.hpp"

#include <lz4.h>
#include <zstd.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <memory>
#include <string>

#include "core/thread_object.hpp"

namespace cdd::codec {

namespace {

struct CCtxFree {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct DCtxFree {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

Result<ZSTD_CCtx*> thread_cctx(std::string_view who) {
  auto& ctx = thread_object<std::unique_ptr<ZSTD_CCtx, CCtxFree>, struct CCtxSite>();
  if (!ctx) ctx.reset(ZSTD_createCCtx());
  CDD_RETURN_ERROR_IF(!ctx, CDD_E_NO_MEMORY, std::string(who) + ": cannot allocate a zstd compression context");
  return ctx.get();
}

Result<ZSTD_DCtx*> thread_dctx(std::string_view who) {
  auto& ctx = thread_object<std::unique_ptr<ZSTD_DCtx, DCtxFree>, struct DCtxSite>();
  if (!ctx) ctx.reset(ZSTD_createDCtx());
  CDD_RETURN_ERROR_IF(!ctx, CDD_E_NO_MEMORY, std::string(who) + ": cannot allocate a zstd decompression context");
  return ctx.get();
}

int zstd_level(int level) {
  if (level == 0) return ZSTD_CLEVEL_DEFAULT;
  if (level < ZSTD_minCLevel()) return ZSTD_minCLevel();
  if (level > ZSTD_maxCLevel()) return ZSTD_maxCLevel();
  return level;
}

Status zstd_encode(std::string_view who, std::span<const std::byte> in, int level, std::vector<std::byte>& out) {
  CDD_ASSIGN_OR_RETURN(ZSTD_CCtx * cctx, thread_cctx(who));
  ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
  size_t rc = ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, zstd_level(level));
  if (!ZSTD_isError(rc)) rc = ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 1);
  if (!ZSTD_isError(rc)) rc = ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 0);
  CDD_RETURN_ERROR_IF(ZSTD_isError(rc), CDD_E_INTERNAL,
                      std::string(who) + ": zstd parameters refused: " + ZSTD_getErrorName(rc));
  const size_t start = out.size();
  out.resize(start + ZSTD_compressBound(in.size()));
  rc = ZSTD_compress2(cctx, out.data() + start, out.size() - start, in.data(), in.size());
  if (ZSTD_isError(rc)) {
    out.resize(start);
    return make_error(CDD_E_INTERNAL, std::string(who) + ": zstd compression failed: " + ZSTD_getErrorName(rc));
  }
  out.resize(start + rc);
  return ok();
}

Status zstd_decode(std::string_view who, std::span<const std::byte> payload, std::span<std::byte> out) {
  const std::string w(who);
  const unsigned long long content = ZSTD_getFrameContentSize(payload.data(), payload.size());
  CDD_RETURN_ERROR_IF(content == ZSTD_CONTENTSIZE_ERROR, CDD_E_CODEC,
                      w + ": payload of " + std::to_string(payload.size()) + " bytes is not a zstd frame");
  CDD_RETURN_ERROR_IF(content == ZSTD_CONTENTSIZE_UNKNOWN, CDD_E_CODEC, w + ": zstd frame without content size");
  CDD_RETURN_ERROR_IF(content != out.size(), CDD_E_CODEC,
                      w + ": zstd frame holds " + std::to_string(content) + " bytes, expected " +
                          std::to_string(out.size()));
  const size_t frame = ZSTD_findFrameCompressedSize(payload.data(), payload.size());
  CDD_RETURN_ERROR_IF(ZSTD_isError(frame), CDD_E_CODEC,
                      w + ": damaged zstd frame: " + ZSTD_getErrorName(frame));
  CDD_RETURN_ERROR_IF(frame != payload.size(), CDD_E_CODEC,
                      w + ": " + std::to_string(payload.size() - frame) + " bytes after the zstd frame");
  CDD_ASSIGN_OR_RETURN(ZSTD_DCtx * dctx, thread_dctx(who));
  ZSTD_DCtx_reset(dctx, ZSTD_reset_session_and_parameters);
  const size_t rc = ZSTD_decompressDCtx(dctx, out.data(), out.size(), payload.data(), payload.size());
  CDD_RETURN_ERROR_IF(ZSTD_isError(rc), CDD_E_CODEC, w + ": zstd decoding failed: " + ZSTD_getErrorName(rc));
  CDD_RETURN_ERROR_IF(rc != out.size(), CDD_E_CODEC,
                      w + ": zstd frame decoded to " + std::to_string(rc) + " bytes, expected " +
                          std::to_string(out.size()));
  return ok();
}

Status lz4_encode(std::string_view who, std::span<const std::byte> in, int level, std::vector<std::byte>& out) {
  CDD_RETURN_ERROR_IF(in.size() > static_cast<size_t>(LZ4_MAX_INPUT_SIZE), CDD_E_INVALID_ARGUMENT,
                      std::string(who) + ": " + std::to_string(in.size()) + " bytes exceed LZ4's block limit");
  const int n = static_cast<int>(in.size());
  const int bound = LZ4_compressBound(n);
  const size_t start = out.size();
  out.resize(start + static_cast<size_t>(bound));
  const int written = lz4_compress_at_level(reinterpret_cast<const char*>(in.data()),
                                            reinterpret_cast<char*>(out.data() + start), n, bound, level);
  if (written <= 0 && n > 0) {
    out.resize(start);
    return make_error(CDD_E_INTERNAL, std::string(who) + ": LZ4 compression failed");
  }
  out.resize(start + static_cast<size_t>(written));
  return ok();
}

Status lz4_decode(std::string_view who, std::span<const std::byte> payload, std::span<std::byte> out) {
  const std::string w(who);
  CDD_RETURN_ERROR_IF(payload.size() > static_cast<size_t>(INT_MAX) || out.size() > static_cast<size_t>(INT_MAX),
                      CDD_E_CODEC, w + ": LZ4 block too large");
  CDD_RETURN_ERROR_IF(payload.empty(), CDD_E_CODEC, w + ": empty LZ4 block");
  const int rc = LZ4_decompress_safe(reinterpret_cast<const char*>(payload.data()),
                                     reinterpret_cast<char*>(out.data()), static_cast<int>(payload.size()),
                                     static_cast<int>(out.size()));
  CDD_RETURN_ERROR_IF(rc < 0, CDD_E_CODEC,
                      w + ": damaged LZ4 block (" + std::to_string(payload.size()) + " bytes, error at byte " +
                          std::to_string(-rc) + ")");
  CDD_RETURN_ERROR_IF(static_cast<size_t>(rc) != out.size(), CDD_E_CODEC,
                      w + ": LZ4 block decoded to " + std::to_string(rc) + " bytes, expected " +
                          std::to_string(out.size()));
  return ok();
}

}  // namespace

Status stage_encode(std::string_view who, uint64_t flags, std::span<const std::byte> in, int level,
                    std::vector<std::byte>& out) {
  if (flags & CDD_FLAG_ZSTD) return zstd_encode(who, in, level, out);
  if (flags & CDD_FLAG_LZ4) return lz4_encode(who, in, level, out);
  out.insert(out.end(), in.begin(), in.end());
  return ok();
}

Status stage_decode(std::string_view who, uint64_t flags, std::span<const std::byte> payload,
                    std::span<std::byte> out) {
  if (flags & CDD_FLAG_ZSTD) return zstd_decode(who, payload, out);
  if (flags & CDD_FLAG_LZ4) return lz4_decode(who, payload, out);
  CDD_RETURN_ERROR_IF(payload.size() != out.size(), CDD_E_CODEC,
                      std::string(who) + ": payload holds " + std::to_string(payload.size()) + " bytes, expected " +
                          std::to_string(out.size()));
  if (!out.empty()) std::memcpy(out.data(), payload.data(), out.size());
  return ok();
}

uint64_t zstd_max_output(std::span<const std::byte> frame) {
  // RFC 8878 §3.1.1: magic, frame header descriptor, window descriptor, dictionary id, content size;
  // then blocks of a 3-byte header each: Raw (its bytes), RLE (one byte repeated Block_Size times) or
  // Compressed (at most Block_Maximum_Size = 128 KiB out). The declared content size is not trusted.
  auto u8 = [&](size_t i) { return std::to_integer<uint32_t>(frame[i]); };
  if (frame.size() < 6 || u8(0) != 0x28 || u8(1) != 0xB5 || u8(2) != 0x2F || u8(3) != 0xFD) return 0;
  const uint32_t fhd = u8(4);
  const bool single = (fhd >> 5) & 1;
  static constexpr size_t kDictIdBytes[4] = {0, 1, 2, 4};
  const size_t fcs_bytes[4] = {single ? size_t{1} : size_t{0}, 2, 4, 8};
  size_t at = 5 + (single ? 0 : 1) + kDictIdBytes[fhd & 3] + fcs_bytes[fhd >> 6];
  constexpr uint64_t kBlockMax = 128u << 10;
  uint64_t most = 0;
  while (true) {
    if (frame.size() - std::min(at, frame.size()) < 3) return 0;
    const uint32_t bh = u8(at) | (u8(at + 1) << 8) | (u8(at + 2) << 16);
    at += 3;
    const uint32_t type = (bh >> 1) & 3, size = bh >> 3;
    if (type == 3) return 0;  // reserved
    const uint64_t consumed = type == 1 ? 1 : size;
    if (frame.size() - at < consumed) return 0;
    at += consumed;
    most += type == 2 ? kBlockMax : size;
    if (bh & 1) return most;
  }
}

uint64_t stage_max_output(uint64_t flags, std::span<const std::byte> payload) {
  if (flags & CDD_FLAG_ZSTD) return zstd_max_output(payload);
  if (flags & CDD_FLAG_LZ4) return 255ull * payload.size();
  return payload.size();
}

Status check_stage_room(std::string_view who, uint64_t flags, std::span<const std::byte> payload, uint64_t out_size) {
  const uint64_t most = stage_max_output(flags, payload);
  CDD_RETURN_ERROR_IF(out_size > most, CDD_E_CODEC,
                      std::string(who) + ": " + std::to_string(out_size) + " decoded bytes cannot come from a payload of " +
                          std::to_string(payload.size()) + " bytes (at most " + std::to_string(most) + ")");
  return ok();
}

std::span<std::byte> thread_scratch(int slot, size_t bytes) {
  using Buffers = std::array<std::vector<std::byte>, 2>;
  auto& b = thread_object<Buffers, struct ScratchSite>()[slot & 1];
  if (b.size() < bytes) b.resize(bytes);
  return {b.data(), bytes};
}

}  // namespace cdd::codec
