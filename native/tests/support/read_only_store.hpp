// read_only_store.hpp — a test Store that forwards reads to another store and refuses every write: the
// base of the tests' instrumented read-only views (counting reads, lagging sizes).
#pragma once

#include <memory>
#include <utility>

#include "store/store.hpp"

namespace cdd::test {

class ReadOnlyStoreView : public Store {
 public:
  explicit ReadOnlyStoreView(std::shared_ptr<Store> inner) : inner_(std::move(inner)) {}
  const std::string& name() const override { return inner_->name(); }
  Result<uint64_t> size() const override { return inner_->size(); }
  Status read_at(uint64_t off, std::span<std::byte> out) const override { return inner_->read_at(off, out); }
  bool writable() const override { return false; }
  Status write_at(uint64_t, std::span<const std::byte>) override { return make_error(CDD_E_STATE, "read-only"); }
  Status truncate(uint64_t) override { return make_error(CDD_E_STATE, "read-only"); }
  Status sync() override { return ok(); }
  Status lock_writer() override { return make_error(CDD_E_STATE, "read-only"); }
  void unlock_writer() override {}

 protected:
  std::shared_ptr<Store> inner_;
};

}  // namespace cdd::test
