// cat.cpp — `cdd cat`: reads a row range through the C ABI in blocks and prints it as an aligned table,
// a per-level table for order books, or CSV.
#include "tools/cat.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "cdd/cdd.h"
#include "tools/capi_handles.hpp"

namespace cdd::tools {
namespace {

constexpr uint64_t kBlockBytes = 4u << 20;
constexpr uint64_t kDefaultRows = 10;

float half_to_float(uint16_t h) {
  const uint32_t sign = (h & 0x8000u) << 16;
  const uint32_t exp = (h >> 10) & 0x1fu;
  uint32_t mant = h & 0x3ffu;
  uint32_t bits;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else {  // subnormal: normalize
      int e = -1;
      do {
        ++e;
        mant <<= 1;
      } while ((mant & 0x400u) == 0);
      bits = sign | static_cast<uint32_t>(127 - 15 - e) << 23 | (mant & 0x3ffu) << 13;
    }
  } else if (exp == 31) {
    bits = sign | 0x7f800000u | mant << 13;
  } else {
    bits = sign | (exp + 127 - 15) << 23 | mant << 13;
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

template <class T>
T load(const unsigned char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

std::string format_float(double v, int digits) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

bool is_book(const cdd_array_info& info) {
  return info.row_ndim == 2 && info.row_shape[0] == 50 && info.row_shape[1] == 3 &&
         (info.dtype == CDD_DTYPE_FLOAT16 || info.dtype == CDD_DTYPE_FLOAT32 || info.dtype == CDD_DTYPE_BFLOAT16 ||
          info.dtype == CDD_DTYPE_FLOAT64);
}

// Column names of a generic row: "0".."n-1" for 1-d rows, "[i,j]" for more dimensions; "value" for (1).
std::vector<std::string> column_names(const cdd_array_info& info) {
  uint64_t n = 1;
  for (uint32_t d = 0; d < info.row_ndim; ++d) n *= info.row_shape[d];
  std::vector<std::string> names;
  if (info.row_ndim == 1 && info.row_shape[0] == 1) return {"value"};
  names.reserve(static_cast<size_t>(n));
  for (uint64_t i = 0; i < n; ++i) {
    if (info.row_ndim == 1) {
      names.push_back(std::to_string(i));
      continue;
    }
    std::string s = "[";
    uint64_t rest = i;
    std::vector<uint64_t> idx(info.row_ndim);
    for (uint32_t d = info.row_ndim; d-- > 0;) {
      idx[d] = rest % info.row_shape[d];
      rest /= info.row_shape[d];
    }
    for (uint32_t d = 0; d < info.row_ndim; ++d) {
      if (d != 0) s.push_back(',');
      s.append(std::to_string(idx[d]));
    }
    s.push_back(']');
    names.push_back(std::move(s));
  }
  return names;
}

void print_padded(std::FILE* out, const std::string& s, size_t width) {
  std::fprintf(out, "%*s", static_cast<int>(width), s.c_str());
}

}  // namespace

std::string format_value(int dtype, const unsigned char* p) {
  switch (dtype) {
    case CDD_DTYPE_FLOAT16: return format_float(half_to_float(load<uint16_t>(p)), 5);
    case CDD_DTYPE_BFLOAT16: {
      const uint32_t bits = static_cast<uint32_t>(load<uint16_t>(p)) << 16;
      float f;
      std::memcpy(&f, &bits, 4);
      return format_float(f, 4);
    }
    case CDD_DTYPE_FLOAT32: return format_float(load<float>(p), 9);
    case CDD_DTYPE_FLOAT64: return format_float(load<double>(p), 17);
    case CDD_DTYPE_INT8: return std::to_string(load<int8_t>(p));
    case CDD_DTYPE_INT16: return std::to_string(load<int16_t>(p));
    case CDD_DTYPE_INT32: return std::to_string(load<int32_t>(p));
    case CDD_DTYPE_INT64: return std::to_string(load<int64_t>(p));
    case CDD_DTYPE_UINT8: return std::to_string(load<uint8_t>(p));
    case CDD_DTYPE_UINT16: return std::to_string(load<uint16_t>(p));
    case CDD_DTYPE_UINT32: return std::to_string(load<uint32_t>(p));
    case CDD_DTYPE_UINT64: return std::to_string(load<uint64_t>(p));
    default: return "?";
  }
}

Status cat_file(const std::string& path, const CatOptions& o, std::FILE* out) {
  CDD_ASSIGN_OR_RETURN(ReaderPtr r, open_reader(path));
  cdd_array_info info{};
  info.struct_size = sizeof info;
  CDD_FORWARD_IF_ERROR(check_capi(cdd_reader_info(r.get(), &info), path));
  const auto n = static_cast<int64_t>(info.num_rows);
  const auto resolve = [n](std::optional<int64_t> v, int64_t dflt) {
    if (!v) return dflt;
    return *v < 0 ? std::max<int64_t>(0, *v + n) : *v;
  };
  const bool defaulted = !o.rows.start && !o.rows.end;
  const int64_t start = resolve(o.rows.start, 0);
  const int64_t end = defaulted ? std::min<int64_t>(n, static_cast<int64_t>(kDefaultRows)) : resolve(o.rows.end, n);
  CDD_RETURN_ERROR_IF(start > n || end > n || start > end, CDD_E_OUT_OF_RANGE,
                      path + ": rows " + std::to_string(start) + ":" + std::to_string(end) + " are outside 0:" +
                          std::to_string(n));
  if (defaulted && n > end) {
    std::fprintf(stderr, "cdd cat: rows 0:%lld of %lld (give --rows A:B for others)\n", static_cast<long long>(end),
                 static_cast<long long>(n));
  }
  const size_t elem = cdd_dtype_size(info.dtype);
  const uint64_t per_row = info.row_bytes / elem;
  const bool book = is_book(info);
  const std::vector<std::string> names = book ? std::vector<std::string>{} : column_names(info);
  if (o.csv && o.header) {
    if (book) {
      std::fputs("row,level,price,size,count\n", out);
    } else {
      std::fputs("row", out);
      for (const auto& c : names) std::fprintf(out, ",%s", c.c_str());
      std::fputs("\n", out);
    }
  }
  const uint64_t block_rows = std::max<uint64_t>(1, kBlockBytes / info.row_bytes);
  std::vector<unsigned char> buf;
  for (auto a = static_cast<uint64_t>(start); a < static_cast<uint64_t>(end);) {
    const uint64_t k = std::min<uint64_t>(block_rows, static_cast<uint64_t>(end) - a);
    buf.resize(static_cast<size_t>(k * info.row_bytes));
    CDD_FORWARD_IF_ERROR(check_capi(cdd_reader_read_rows(r.get(), a, a + k, buf.data(), buf.size()), path));
    // Text of every value of the block, then column widths for the table.
    std::vector<std::vector<std::string>> text(static_cast<size_t>(k));
    for (uint64_t i = 0; i < k; ++i) {
      const unsigned char* row = buf.data() + i * info.row_bytes;
      text[i].reserve(static_cast<size_t>(per_row));
      for (uint64_t e = 0; e < per_row; ++e) text[i].push_back(format_value(info.dtype, row + e * elem));
    }
    if (o.csv) {
      for (uint64_t i = 0; i < k; ++i) {
        if (book) {
          for (int lv = 0; lv < 50; ++lv) {
            std::fprintf(out, "%llu,%d,%s,%s,%s\n", static_cast<unsigned long long>(a + i), lv, text[i][lv * 3].c_str(),
                         text[i][lv * 3 + 1].c_str(), text[i][lv * 3 + 2].c_str());
          }
        } else {
          std::fprintf(out, "%llu", static_cast<unsigned long long>(a + i));
          for (const auto& v : text[i]) std::fprintf(out, ",%s", v.c_str());
          std::fputs("\n", out);
        }
      }
    } else if (book) {
      for (uint64_t i = 0; i < k; ++i) {
        size_t w = 5;
        for (const auto& v : text[i]) w = std::max(w, v.size());
        std::fprintf(out, "row %llu\n", static_cast<unsigned long long>(a + i));
        std::fprintf(out, "  level  %*s  %*s  %*s\n", static_cast<int>(w), "price", static_cast<int>(w), "size",
                     static_cast<int>(w), "count");
        for (int lv = 0; lv < 50; ++lv) {
          std::fprintf(out, "  %5d  %*s  %*s  %*s\n", lv, static_cast<int>(w), text[i][lv * 3].c_str(),
                       static_cast<int>(w), text[i][lv * 3 + 1].c_str(), static_cast<int>(w), text[i][lv * 3 + 2].c_str());
        }
      }
    } else {
      std::vector<size_t> width(names.size());
      for (size_t c = 0; c < names.size(); ++c) width[c] = names[c].size();
      size_t row_w = std::max<size_t>(3, std::to_string(a + k - 1).size());
      for (const auto& t : text) {
        for (size_t c = 0; c < t.size(); ++c) width[c] = std::max(width[c], t[c].size());
      }
      if (a == static_cast<uint64_t>(start)) {
        print_padded(out, "row", row_w);
        for (size_t c = 0; c < names.size(); ++c) {
          std::fputs("  ", out);
          print_padded(out, names[c], width[c]);
        }
        std::fputs("\n", out);
      }
      for (uint64_t i = 0; i < k; ++i) {
        print_padded(out, std::to_string(a + i), row_w);
        for (size_t c = 0; c < text[i].size(); ++c) {
          std::fputs("  ", out);
          print_padded(out, text[i][c], width[c]);
        }
        std::fputs("\n", out);
      }
    }
    a += k;
  }
  return ok();
}

}  // namespace cdd::tools
