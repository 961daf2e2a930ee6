// fault_store.hpp — a Store wrapper that injects the machine's errors into the io layer's tests: a write
// that fails (after writing a prefix: a short write, as a filling disk does) and every write after it
// (ENOSPC), an fsync that fails (EIO), reads that fail (EIO) over a byte range. Counts the calls so a
// test can fail each one of a sequence in turn.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "store/store.hpp"

namespace cdd::test {

class FaultStore final : public Store {
 public:
  explicit FaultStore(std::shared_ptr<Store> inner) : inner_(std::move(inner)) {}

  // Write number `k` (0-based, counted from now) fails after its first `prefix` bytes reached the store;
  // with `sticky` every later write fails too (a full disk).
  void fail_write(uint64_t k, uint64_t prefix, bool sticky) {
    fail_write_ = writes_ + k;
    write_prefix_ = prefix;
    sticky_ = sticky;
  }
  // Sync number `k` (0-based, counted from now) fails.
  void fail_sync(uint64_t k) { fail_sync_ = syncs_ + k; }
  // Reads touching [lo, hi) fail with EIO (hi = lo: none).
  void fail_reads(uint64_t lo, uint64_t hi) {
    read_lo_ = lo;
    read_hi_ = hi;
  }
  void clear() {
    fail_write_ = fail_sync_ = UINT64_MAX;
    read_lo_ = read_hi_ = 0;
  }
  uint64_t writes() const { return writes_; }
  uint64_t syncs() const { return syncs_; }
  Store& inner() { return *inner_; }

  const std::string& name() const override { return inner_->name(); }
  Result<uint64_t> size() const override { return inner_->size(); }
  Status read_at(uint64_t off, std::span<std::byte> out) const override {
    if (read_hi_ > read_lo_ && off < read_hi_ && off + out.size() > read_lo_) {
      return make_error(CDD_E_IO, "cannot read " + name() + ": Input/output error (injected) at offset " + std::to_string(off));
    }
    return inner_->read_at(off, out);
  }
  const std::byte* view(uint64_t, uint64_t) const override { return nullptr; }
  bool writable() const override { return inner_->writable(); }
  Status write_at(uint64_t off, std::span<const std::byte> data) override {
    const uint64_t k = writes_++;
    if (k == fail_write_ || (sticky_ && k > fail_write_ && fail_write_ != UINT64_MAX)) {
      const uint64_t part = k == fail_write_ ? std::min<uint64_t>(write_prefix_, data.size()) : 0;
      if (part > 0) CDD_FORWARD_IF_ERROR(inner_->write_at(off, data.first(static_cast<size_t>(part))));
      return make_error(CDD_E_IO, "cannot write " + name() + ": No space left on device (injected) at offset " +
                                      std::to_string(off + part));
    }
    return inner_->write_at(off, data);
  }
  Status truncate(uint64_t n) override { return inner_->truncate(n); }
  Status sync() override {
    if (syncs_++ == fail_sync_) return make_error(CDD_E_IO, "cannot fsync " + name() + ": Input/output error (injected)");
    return inner_->sync();
  }
  Status lock_writer() override { return inner_->lock_writer(); }
  void unlock_writer() override { inner_->unlock_writer(); }

 private:
  std::shared_ptr<Store> inner_;
  uint64_t writes_ = 0, syncs_ = 0;
  uint64_t fail_write_ = UINT64_MAX, write_prefix_ = 0;
  bool sticky_ = false;
  uint64_t fail_sync_ = UINT64_MAX;
  uint64_t read_lo_ = 0, read_hi_ = 0;
};

}  // namespace cdd::test
