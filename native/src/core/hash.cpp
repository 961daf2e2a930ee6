// hash.cpp — BLAKE3-128 over the official BLAKE3 C implementation (blake3.h).
#include "core/hash.hpp"

#include "blake3.h"

namespace cdd {

struct Hasher128::State {
  blake3_hasher h;
};

Hasher128::Hasher128() : state_(std::make_unique<State>()) { blake3_hasher_init(&state_->h); }
Hasher128::~Hasher128() = default;

void Hasher128::update(std::span<const std::byte> bytes) {
  if (!bytes.empty()) blake3_hasher_update(&state_->h, bytes.data(), bytes.size());
}

Hash128 Hasher128::finish() const {
  Hash128 out{};
  blake3_hasher_finalize(&state_->h, reinterpret_cast<uint8_t*>(out.data()), out.size());
  return out;
}

Hash128 blake3_128(std::span<const std::byte> bytes) {
  blake3_hasher h;
  blake3_hasher_init(&h);
  if (!bytes.empty()) blake3_hasher_update(&h, bytes.data(), bytes.size());
  Hash128 out{};
  blake3_hasher_finalize(&h, reinterpret_cast<uint8_t*>(out.data()), out.size());
  return out;
}

}  // namespace cdd
