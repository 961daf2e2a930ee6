// hex.hpp — lower-case hex of bytes, for error messages ("bad magic 00 11 ...") and the CLI.
#pragma once

#include <cstddef>
#include <span>
#include <string>

namespace cdd {

// "89 43 44 44" with `sep` between bytes (none when sep is 0).
inline std::string to_hex(std::span<const std::byte> bytes, char sep = 0) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  s.reserve(bytes.size() * 3);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (sep != 0 && i > 0) s.push_back(sep);
    auto b = std::to_integer<unsigned>(bytes[i]);
    s.push_back(kDigits[b >> 4]);
    s.push_back(kDigits[b & 15]);
  }
  return s;
}

// "0x1f" of an integer.
inline std::string to_hex_u64(unsigned long long v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  do {
    s.insert(s.begin(), kDigits[v & 15]);
    v >>= 4;
  } while (v != 0);
  return "0x" + s;
}

}  // namespace cdd
