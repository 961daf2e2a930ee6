// fuzz_input.hpp — what every fuzz target shares: a cursor that takes typed values from the fuzzer's
// bytes (the codec target draws its chunk description from it) and the size caps a target applies
// before it allocates buffers of its own for what a file declares.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace cdd::fuzz {

// A target's own output buffers stay below this, so a declared size the library accepts never makes
// the harness itself exceed libFuzzer's malloc limit (the library's own allocations are not capped).
inline constexpr uint64_t kMaxHarnessOutputBytes = 64ull << 20;
// The codec target chooses its own chunk sizes: small chunks keep it fast (many executions per second);
// the size limits themselves are the other targets' and the unit tests' job.
inline constexpr uint64_t kMaxCodecChunkBytes = 1ull << 20;

class Input {
 public:
  Input(const uint8_t* data, size_t size) : p_(reinterpret_cast<const std::byte*>(data)), n_(size) {}
  template <class T>
  T take() {
    T v{};
    const size_t k = n_ < sizeof(T) ? n_ : sizeof(T);
    std::memcpy(&v, p_, k);
    p_ += k;
    n_ -= k;
    return v;
  }
  std::span<const std::byte> rest() const { return {p_, n_}; }

 private:
  const std::byte* p_;
  size_t n_;
};

inline std::span<const std::byte> bytes(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const std::byte*>(data), size};
}

}  // namespace cdd::fuzz
