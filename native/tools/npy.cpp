// npy.cpp — parsing and writing .npy headers: a strict little parser for the Python-literal dict numpy
// writes ({'descr': ..., 'fortran_order': ..., 'shape': (...), }) and numpy's exact padding rules.
#include "tools/npy.hpp"

#include <cctype>
#include <cstring>
#include <limits>

#include "cdd/cdd.h"

namespace cdd::tools {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicLen = 6;
constexpr size_t kArrayAlign = 64;           // numpy's ARRAY_ALIGN
constexpr size_t kGrowthAxisMaxDigits = 21;  // numpy's GROWTH_AXIS_MAX_DIGITS
constexpr uint32_t kMaxHeaderLen = 1u << 20;

struct DescrEntry {
  const char* code;  // without the byte-order character
  int dtype;
};
constexpr DescrEntry kDescrs[] = {
    {"f2", CDD_DTYPE_FLOAT16}, {"f4", CDD_DTYPE_FLOAT32}, {"f8", CDD_DTYPE_FLOAT64},
    {"i1", CDD_DTYPE_INT8},    {"i2", CDD_DTYPE_INT16},   {"i4", CDD_DTYPE_INT32},
    {"i8", CDD_DTYPE_INT64},   {"u1", CDD_DTYPE_UINT8},   {"u2", CDD_DTYPE_UINT16},
    {"u4", CDD_DTYPE_UINT32},  {"u8", CDD_DTYPE_UINT64},
};

// A cursor over the dict text with the few Python-literal forms numpy writes.
class DictParser {
 public:
  DictParser(const std::string& text, const std::string& path) : s_(text), path_(path) {}

  std::unexpected<Error> fail(const std::string& what) const {
    return make_error(CDD_E_FORMAT, path_ + ": npy header: " + what + " at character " + std::to_string(pos_) +
                                        " of \"" + s_ + "\"");
  }
  void skip_ws() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool eat(char c) {
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool at_end() {
    skip_ws();
    return pos_ == s_.size();
  }
  Result<std::string> string_literal() {
    skip_ws();
    if (pos_ >= s_.size() || (s_[pos_] != '\'' && s_[pos_] != '"')) return fail("expected a string");
    const char quote = s_[pos_++];
    const size_t end = s_.find(quote, pos_);
    if (end == std::string::npos) return fail("unterminated string");
    std::string out = s_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return out;
  }
  Result<bool> boolean() {
    skip_ws();
    if (s_.compare(pos_, 4, "True") == 0) {
      pos_ += 4;
      return true;
    }
    if (s_.compare(pos_, 5, "False") == 0) {
      pos_ += 5;
      return false;
    }
    return fail("expected True or False");
  }
  Result<uint64_t> integer() {
    skip_ws();
    if (pos_ >= s_.size() || !std::isdigit(static_cast<unsigned char>(s_[pos_]))) return fail("expected a dimension");
    uint64_t v = 0;
    while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) {
      const uint64_t digit = static_cast<uint64_t>(s_[pos_] - '0');
      if (v > (std::numeric_limits<uint64_t>::max() - digit) / 10) return fail("dimension too large");
      v = v * 10 + digit;
      ++pos_;
    }
    if (pos_ < s_.size() && s_[pos_] == 'L') ++pos_;  // Python 2 longs in old files
    return v;
  }
  Result<std::vector<uint64_t>> tuple() {
    if (!eat('(')) return fail("expected '(' for the shape");
    std::vector<uint64_t> dims;
    if (eat(')')) return dims;
    for (;;) {
      CDD_ASSIGN_OR_RETURN(uint64_t d, integer());
      dims.push_back(d);
      if (eat(')')) return dims;
      if (!eat(',')) return fail("expected ',' or ')' in the shape");
      if (eat(')')) return dims;
    }
  }

 private:
  const std::string& s_;
  const std::string& path_;
  size_t pos_ = 0;
};

uint32_t read_le(const unsigned char* p, size_t n) {
  uint32_t v = 0;
  for (size_t i = 0; i < n; ++i) v |= static_cast<uint32_t>(p[i]) << (8 * i);
  return v;
}

}  // namespace

uint64_t NpyHeader::elements() const {
  uint64_t n = 1;
  for (uint64_t d : shape) n *= d;
  return n;
}

std::string npy_descr(int dtype) {
  for (const auto& e : kDescrs) {
    if (e.dtype == dtype) return std::string(cdd_dtype_size(dtype) == 1 ? "|" : "<") + e.code;
  }
  return "";
}

Result<NpyHeader> parse_npy_dict(const std::string& dict, const std::string& path) {
  DictParser p(dict, path);
  NpyHeader h;
  bool have_descr = false, have_order = false, have_shape = false, fortran = false;
  std::string descr;
  if (!p.eat('{')) return p.fail("expected '{'");
  while (!p.eat('}')) {
    CDD_ASSIGN_OR_RETURN(std::string key, p.string_literal());
    if (!p.eat(':')) return p.fail("expected ':' after '" + key + "'");
    if (key == "descr") {
      CDD_ASSIGN_OR_RETURN(descr, p.string_literal());
      have_descr = true;
    } else if (key == "fortran_order") {
      CDD_ASSIGN_OR_RETURN(fortran, p.boolean());
      have_order = true;
    } else if (key == "shape") {
      CDD_ASSIGN_OR_RETURN(h.shape, p.tuple());
      have_shape = true;
    } else {
      return p.fail("unexpected key '" + key + "'");
    }
    if (!p.eat(',')) {
      if (!p.eat('}')) return p.fail("expected ',' or '}'");
      break;
    }
  }
  if (!p.at_end()) return p.fail("unexpected text after the dict");
  if (!have_descr || !have_order || !have_shape) return p.fail("missing 'descr', 'fortran_order' or 'shape'");

  if (descr.size() == 3 && descr[0] == '>') {
    return make_error(CDD_E_UNSUPPORTED, path + ": big-endian npy arrays are not supported (descr '" + descr +
                                             "'); convert with arr.astype(arr.dtype.newbyteorder('<'))");
  }
  if (descr.size() == 3 && (descr[0] == '<' || descr[0] == '|' || descr[0] == '=')) {
    for (const auto& e : kDescrs) {
      if (descr.compare(1, 2, e.code) == 0) h.dtype = e.dtype;
    }
  }
  if (h.dtype == 0) {
    return make_error(CDD_E_UNSUPPORTED, path + ": npy dtype '" + descr +
                                             "' is not supported (float16/32/64, int8..64, uint8..64 are)");
  }
  if (fortran && h.shape.size() > 1) {
    return make_error(CDD_E_UNSUPPORTED,
                      path + ": Fortran-order npy arrays are not supported; save np.ascontiguousarray(arr)");
  }
  return h;
}

Result<NpyHeader> read_npy_header(std::FILE* f, const std::string& path) {
  unsigned char pre[12];
  const size_t got = std::fread(pre, 1, 10, f);
  if (got < 10 || std::memcmp(pre, kMagic, kMagicLen) != 0) {
    return make_error(CDD_E_FORMAT, path + ": not a .npy file (no \\x93NUMPY magic)");
  }
  const int major = pre[6];
  const int minor = pre[7];
  size_t prefix = 10;
  uint32_t hlen = 0;
  if (major == 1) {
    hlen = read_le(pre + 8, 2);
  } else if (major == 2 || major == 3) {
    if (std::fread(pre + 10, 1, 2, f) != 2) return make_error(CDD_E_FORMAT, path + ": npy header truncated");
    hlen = read_le(pre + 8, 4);
    prefix = 12;
  } else {
    return make_error(CDD_E_VERSION, path + ": npy format version " + std::to_string(major) + "." +
                                         std::to_string(minor) + " is not supported (1.0, 2.0, 3.0 are)");
  }
  if (minor != 0) {
    return make_error(CDD_E_VERSION, path + ": npy format version " + std::to_string(major) + "." +
                                         std::to_string(minor) + " is not supported (1.0, 2.0, 3.0 are)");
  }
  if (hlen > kMaxHeaderLen) return make_error(CDD_E_FORMAT, path + ": npy header length " + std::to_string(hlen) + " is implausible");
  std::string dict(hlen, '\0');
  if (std::fread(dict.data(), 1, hlen, f) != hlen) return make_error(CDD_E_FORMAT, path + ": npy header truncated");
  // Version 3.0 is UTF-8, 1.0 and 2.0 latin-1; numpy only writes ASCII in the dict either way.
  CDD_ASSIGN_OR_RETURN(NpyHeader h, parse_npy_dict(dict, path));
  h.data_offset = prefix + hlen;
  return h;
}

std::string npy_header_bytes(int dtype, const std::vector<uint64_t>& shape) {
  std::string dict = "{'descr': '" + npy_descr(dtype) + "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) dict += ", ";
    dict += std::to_string(shape[i]);
  }
  if (shape.size() == 1) dict += ",";
  dict += "), }";
  if (!shape.empty()) {
    const size_t digits = std::to_string(shape[0]).size();
    if (digits < kGrowthAxisMaxDigits) dict.append(kGrowthAxisMaxDigits - digits, ' ');
  }
  const auto wrap = [&](int major, size_t len_bytes) {
    const size_t hlen = dict.size() + 1;  // + '\n'
    const size_t pad = kArrayAlign - ((kMagicLen + 2 + len_bytes + hlen) % kArrayAlign);
    const size_t total = hlen + pad;
    std::string out(kMagic, kMagicLen);
    out += static_cast<char>(major);
    out += '\0';
    for (size_t i = 0; i < len_bytes; ++i) out += static_cast<char>((total >> (8 * i)) & 0xFF);
    out += dict;
    out.append(pad, ' ');
    out += '\n';
    return out;
  };
  const size_t hlen1 = dict.size() + 1;
  const size_t pad1 = kArrayAlign - ((kMagicLen + 4 + hlen1) % kArrayAlign);
  if (hlen1 + pad1 <= 0xFFFF) return wrap(1, 2);
  return wrap(2, 4);
}

}  // namespace cdd::tools
