// memory_store.cpp — the growable memory store (a byte vector behind a shared mutex) and the read-only
// stores over caller bytes or a private copy.
#include "store/memory_store.hpp"

#include <atomic>
#include <cstring>
#include <limits>
#include <mutex>
#include <shared_mutex>

namespace cdd {
namespace {

const std::string kMemoryName = "<memory>";

class GrowableMemoryStore final : public MemoryStore {
 public:
  explicit GrowableMemoryStore(std::vector<std::byte> initial) : bytes_(std::move(initial)) {}

  const std::string& name() const override { return kMemoryName; }
  Result<uint64_t> size() const override {
    std::shared_lock lock(mu_);
    return bytes_.size();
  }
  Status read_at(uint64_t off, std::span<std::byte> out) const override {
    std::shared_lock lock(mu_);
    if (off > bytes_.size() || out.size() > bytes_.size() - off) {
      return make_error(CDD_E_FORMAT, truncated_message(out.size(), off, bytes_.size()));
    }
    if (!out.empty()) std::memcpy(out.data(), bytes_.data() + off, out.size());
    return ok();
  }
  bool writable() const override { return true; }
  Status write_at(uint64_t off, std::span<const std::byte> data) override {
    std::unique_lock lock(mu_);
    CDD_RETURN_ERROR_IF(off > std::numeric_limits<size_t>::max() - data.size(), CDD_E_INVALID_ARGUMENT,
                        "memory store write past the address space");
    size_t end = static_cast<size_t>(off) + data.size();
    if (end > bytes_.size()) bytes_.resize(end);
    if (!data.empty()) std::memcpy(bytes_.data() + off, data.data(), data.size());
    return ok();
  }
  Status truncate(uint64_t new_size) override {
    std::unique_lock lock(mu_);
    bytes_.resize(static_cast<size_t>(new_size));
    return ok();
  }
  Status sync() override { return ok(); }
  Status lock_writer() override {
    bool expected = false;
    if (!locked_.compare_exchange_strong(expected, true)) {
      return make_error(CDD_E_LOCKED, "another writer holds " + kMemoryName);
    }
    return ok();
  }
  void unlock_writer() override { locked_.store(false); }
  std::span<const std::byte> bytes_unlocked() const override { return bytes_; }

 protected:
  std::pair<const std::byte*, size_t> lock_bytes() const override {
    mu_.lock_shared();
    return {bytes_.data(), bytes_.size()};
  }
  void unlock_bytes() const override { mu_.unlock_shared(); }

 private:
  mutable std::shared_mutex mu_;
  std::vector<std::byte> bytes_;
  std::atomic<bool> locked_{false};
};

class ReadOnlyMemoryStore final : public MemoryStore {
 public:
  ReadOnlyMemoryStore(const std::byte* data, size_t size, std::vector<std::byte> owned)
      : owned_(std::move(owned)), data_(owned_.empty() ? data : owned_.data()), size_(size) {}

  const std::string& name() const override { return kMemoryName; }
  Result<uint64_t> size() const override { return size_; }
  Status read_at(uint64_t off, std::span<std::byte> out) const override {
    if (off > size_ || out.size() > size_ - off) return make_error(CDD_E_FORMAT, truncated_message(out.size(), off, size_));
    if (!out.empty()) std::memcpy(out.data(), data_ + off, out.size());
    return ok();
  }
  const std::byte* view(uint64_t off, uint64_t len) const override {
    if (off > size_ || len > size_ - off) return nullptr;
    return data_ + off;
  }
  bool writable() const override { return false; }
  Status write_at(uint64_t, std::span<const std::byte>) override { return read_only(); }
  Status truncate(uint64_t) override { return read_only(); }
  Status sync() override { return ok(); }
  Status lock_writer() override { return read_only(); }
  void unlock_writer() override {}
  std::span<const std::byte> bytes_unlocked() const override { return {data_, size_}; }

 protected:
  std::pair<const std::byte*, size_t> lock_bytes() const override { return {data_, size_}; }
  void unlock_bytes() const override {}

 private:
  static Status read_only() { return make_error(CDD_E_STATE, "memory store is read-only"); }
  std::vector<std::byte> owned_;
  const std::byte* data_;
  size_t size_;
};

}  // namespace

std::shared_ptr<MemoryStore> new_memory_store() { return std::make_shared<GrowableMemoryStore>(std::vector<std::byte>{}); }

std::shared_ptr<MemoryStore> new_memory_store(std::vector<std::byte> initial) {
  return std::make_shared<GrowableMemoryStore>(std::move(initial));
}

std::shared_ptr<MemoryStore> wrap_memory(const void* data, size_t size) {
  return std::make_shared<ReadOnlyMemoryStore>(static_cast<const std::byte*>(data), size, std::vector<std::byte>{});
}

std::shared_ptr<MemoryStore> copy_memory(const void* data, size_t size) {
  auto p = static_cast<const std::byte*>(data);
  std::vector<std::byte> owned(p, p + size);
  if (size == 0) return wrap_memory(nullptr, 0);
  return std::make_shared<ReadOnlyMemoryStore>(nullptr, size, std::move(owned));
}

}  // namespace cdd
