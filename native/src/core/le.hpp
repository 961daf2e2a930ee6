// le.hpp — little-endian loads and stores of fixed-width integers at byte pointers (FORMAT §1). Every
// container field is read and written through these, never by casting pointers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace cdd::le {

template <class T>
inline T load(const std::byte* p) {
  T v = 0;
  for (size_t i = 0; i < sizeof(T); ++i) {
    v |= static_cast<T>(static_cast<T>(std::to_integer<uint8_t>(p[i])) << (8 * i));
  }
  return v;
}

template <class T>
inline void store(std::byte* p, T v) {
  for (size_t i = 0; i < sizeof(T); ++i) p[i] = static_cast<std::byte>((static_cast<uint64_t>(v) >> (8 * i)) & 0xFF);
}

inline uint16_t u16(const std::byte* p) { return load<uint16_t>(p); }
inline uint32_t u32(const std::byte* p) { return load<uint32_t>(p); }
inline uint64_t u64(const std::byte* p) { return load<uint64_t>(p); }

// Appends v little-endian to out.
template <class T>
inline void put(std::vector<std::byte>& out, T v) {
  size_t at = out.size();
  out.resize(at + sizeof(T));
  store<T>(out.data() + at, v);
}

}  // namespace cdd::le
