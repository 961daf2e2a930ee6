// hash.hpp — BLAKE3-128 (FORMAT §1): the first 16 bytes of the unkeyed BLAKE3 output, used for chunk
// frames and index-block commit records. Incremental so that non-contiguous ranges hash without copies.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <span>

namespace cdd {

using Hash128 = std::array<std::byte, 16>;

class Hasher128 {
 public:
  Hasher128();
  ~Hasher128();
  Hasher128(const Hasher128&) = delete;
  Hasher128& operator=(const Hasher128&) = delete;
  void update(std::span<const std::byte> bytes);
  Hash128 finish() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

Hash128 blake3_128(std::span<const std::byte> bytes);

}  // namespace cdd
