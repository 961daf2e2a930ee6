// codec_names.cpp — name <-> code mapping for codecs, stages and chunk flags on the command line.
#include "tools/codec_names.hpp"

#include <cctype>
#include <cstdio>

#include "cdd/cdd.h"

namespace cdd::tools {
namespace {

std::string normalize(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

constexpr int kCodecs[] = {CDD_CODEC_RAW,        CDD_CODEC_ZSTD,       CDD_CODEC_LZ4,
                           CDD_CODEC_SHUFFLE,    CDD_CODEC_DELTA,      CDD_CODEC_OKX_OB_F16,
                           CDD_CODEC_OKX_OB_F32, CDD_CODEC_GENERIC_OB_F16, CDD_CODEC_GENERIC_OB_F32};

}  // namespace

Result<int> parse_codec(const std::string& name) {
  const std::string want = normalize(name);
  std::string known;
  for (int code : kCodecs) {
    const char* n = cdd_codec_name(code);
    if (n == nullptr) continue;
    if (normalize(n) == want) return code;
    if (!known.empty()) known += ", ";
    known += normalize(n);
  }
  return make_error(CDD_E_INVALID_ARGUMENT, "unknown codec '" + name + "' (known: " + known + ")");
}

void set_codec(cdd_writer_options& opts, int codec) {
  if (cdd_writer_options_set_codec(&opts, codec) != CDD_OK) opts.codec = codec;  // unknown: create reports it
  if ((codec == CDD_CODEC_OKX_OB_F16 || codec == CDD_CODEC_GENERIC_OB_F16) && opts.dtype == CDD_DTYPE_FLOAT32) {
    opts.codec_flags |= CDD_FLAG_DOWN_CAST_16;
  }
}

Result<uint64_t> parse_stage(const std::string& name) {
  const std::string s = normalize(name);
  if (s == "zstd") return CDD_FLAG_ZSTD;
  if (s == "lz4") return CDD_FLAG_LZ4;
  if (s == "none") return uint64_t{0};
  return make_error(CDD_E_INVALID_ARGUMENT, "unknown stage '" + name + "' (zstd, lz4 or none)");
}

std::string flag_names(uint64_t flags) {
  static constexpr struct {
    uint64_t bit;
    const char* name;
  } kFlags[] = {{CDD_FLAG_LZ4, "LZ4"},
                {CDD_FLAG_ZSTD, "ZSTD"},
                {CDD_FLAG_LITTLE_ENDIAN, "LITTLE_ENDIAN"},
                {CDD_FLAG_BIG_ENDIAN, "BIG_ENDIAN"},
                {CDD_FLAG_DOWN_CAST_8, "DOWN_CAST_8"},
                {CDD_FLAG_DOWN_CAST_16, "DOWN_CAST_16"},
                {CDD_FLAG_DOWN_CAST_32, "DOWN_CAST_32"},
                {CDD_FLAG_DOWN_CAST_64, "DOWN_CAST_64"},
                {CDD_FLAG_DOWN_CAST_128, "DOWN_CAST_128"},
                {CDD_FLAG_RESERVED, "RESERVED"}};
  std::string out;
  const auto add = [&out](const char* name) {
    if (!out.empty()) out += '|';
    out += name;
  };
  uint64_t rest = flags;
  for (const auto& f : kFlags) {
    if ((flags & f.bit) == 0) continue;
    add(f.name);
    rest &= ~f.bit;
  }
  if (rest != 0) {
    char hex[32];
    std::snprintf(hex, sizeof hex, "0x%llx", static_cast<unsigned long long>(rest));
    add(hex);
  }
  return out.empty() ? "0" : out;
}

std::string codec_label(int codec) {
  const char* n = cdd_codec_name(codec);
  return n != nullptr ? std::string(n) : "type " + std::to_string(codec);
}

}  // namespace cdd::tools
