// progress_store.hpp — a read-only Store that forwards to another and reports the bytes read to a
// Progress, so that whole-file work of the core (verify_store, repack_store) shows progress without the
// core knowing about it.
#pragma once

#include <memory>

#include "store/store.hpp"
#include "tools/progress.hpp"

namespace cdd::tools {

class ProgressStore final : public Store {
 public:
  ProgressStore(std::shared_ptr<const Store> inner, Progress& progress) : inner_(std::move(inner)), progress_(&progress) {}

  const std::string& name() const override { return inner_->name(); }
  Result<uint64_t> size() const override { return inner_->size(); }
  Status read_at(uint64_t off, std::span<std::byte> out) const override {
    CDD_FORWARD_IF_ERROR(inner_->read_at(off, out));
    progress_->add(out.size());
    return ok();
  }
  // No view(): every read goes through read_at and is counted.
  bool writable() const override { return false; }
  Status write_at(uint64_t, std::span<const std::byte>) override { return read_only(); }
  Status truncate(uint64_t) override { return read_only(); }
  Status sync() override { return read_only(); }
  Status lock_writer() override { return read_only(); }
  void unlock_writer() override {}

 private:
  Status read_only() const { return make_error(CDD_E_STATE, name() + ": opened read-only"); }

  std::shared_ptr<const Store> inner_;
  Progress* progress_;
};

}  // namespace cdd::tools
