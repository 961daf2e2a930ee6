// callback_store.cpp — CallbackStore: the Store over cdd_store_callbacks. A callback's nonzero return is
// an errno value; it becomes CDD_E_IO "cannot <operation> NAME: <message> at offset X", with the message
// the callback left through cdd_store_callback_message or else strerror of the value.
#include "store/callback_store.hpp"

#include <atomic>
#include <cstring>

#include "core/thread_object.hpp"

namespace cdd {
namespace {

std::string& callback_message() { return thread_object<std::string, struct CallbackMessageSite>(); }

class CallbackStore final : public Store {
 public:
  CallbackStore(const cdd_store_callbacks& cb, std::string name) : cb_(cb), name_(std::move(name)) {}
  ~CallbackStore() override {
    if (cb_.release != nullptr) cb_.release(cb_.ctx);
  }

  const std::string& name() const override { return name_; }

  Result<uint64_t> size() const override {
    uint64_t size = 0;
    callback_message().clear();
    if (const int err = cb_.size(cb_.ctx, &size); err != 0) return failure("cannot stat", err, "");
    return size;
  }

  Status read_at(uint64_t off, std::span<std::byte> out) const override {
    size_t done = 0;
    while (done < out.size()) {
      size_t got = 0;
      callback_message().clear();
      const size_t want = out.size() - done;
      if (const int err = cb_.read_at(cb_.ctx, off + done, out.data() + done, want, &got); err != 0) {
        return failure("cannot read", err, " at offset " + std::to_string(off + done));
      }
      CDD_RETURN_ERROR_IF(got > want, CDD_E_IO,
                          "cannot read " + name_ + ": its read_at reported " + std::to_string(got) + " bytes of " +
                              std::to_string(want) + " asked at offset " + std::to_string(off + done));
      if (got == 0) {  // the end of the bytes: a short read, worded as every store words it
        CDD_ASSIGN_OR_RETURN(uint64_t have, size());
        return make_error(CDD_E_FORMAT, name_ + ": " + truncated_message(out.size(), off, have));
      }
      done += got;
    }
    return ok();
  }

  bool writable() const override { return cb_.write_at != nullptr; }

  Status write_at(uint64_t off, std::span<const std::byte> data) override {
    CDD_RETURN_ERROR_IF(cb_.write_at == nullptr, CDD_E_STATE, name_ + " is read-only (no write_at callback)");
    callback_message().clear();
    if (const int err = cb_.write_at(cb_.ctx, off, data.data(), data.size()); err != 0) {
      return failure("cannot write", err, " at offset " + std::to_string(off));
    }
    return ok();
  }

  Status truncate(uint64_t size) override {
    CDD_RETURN_ERROR_IF(cb_.truncate == nullptr, CDD_E_STATE, name_ + " is read-only (no truncate callback)");
    callback_message().clear();
    if (const int err = cb_.truncate(cb_.ctx, size); err != 0) {
      return failure("cannot truncate", err, " to " + std::to_string(size) + " bytes");
    }
    return ok();
  }

  Status sync() override {
    if (cb_.sync == nullptr) return ok();
    callback_message().clear();
    if (const int err = cb_.sync(cb_.ctx); err != 0) return failure("cannot sync", err, "");
    return ok();
  }

  // One writer per store object, as for memory stores (the callbacks know nothing of other processes).
  Status lock_writer() override {
    CDD_RETURN_ERROR_IF(!writable(), CDD_E_STATE, name_ + " is read-only (no write_at callback)");
    bool expected = false;
    CDD_RETURN_ERROR_IF(!locked_.compare_exchange_strong(expected, true), CDD_E_LOCKED, "another writer holds " + name_);
    return ok();
  }
  void unlock_writer() override { locked_.store(false); }

 private:
  std::unexpected<Error> failure(const char* what, int err, const std::string& where) const {
    const std::string& said = callback_message();
    const std::string reason = said.empty() ? std::string(std::strerror(err)) : said;
    return make_error(CDD_E_IO, std::string(what) + " " + name_ + ": " + reason + where);
  }

  const cdd_store_callbacks cb_;
  const std::string name_;
  std::atomic<bool> locked_{false};
};

}  // namespace

Result<std::shared_ptr<Store>> new_callback_store(const cdd_store_callbacks& cb, std::string name) {
  CDD_RETURN_ERROR_IF(cb.struct_size < sizeof(cdd_store_callbacks), CDD_E_INVALID_ARGUMENT,
                      "cdd_store_callbacks_new: struct_size is " + std::to_string(cb.struct_size) + ", expected " +
                          std::to_string(sizeof(cdd_store_callbacks)) + " (set it to sizeof(cdd_store_callbacks))");
  CDD_RETURN_ERROR_IF(cb.size == nullptr || cb.read_at == nullptr, CDD_E_INVALID_ARGUMENT,
                      "cdd_store_callbacks_new: size and read_at are required");
  const int writers = static_cast<int>(cb.write_at != nullptr) + static_cast<int>(cb.truncate != nullptr) +
                      static_cast<int>(cb.sync != nullptr);
  CDD_RETURN_ERROR_IF(writers != 0 && writers != 3, CDD_E_INVALID_ARGUMENT,
                      "cdd_store_callbacks_new: write_at, truncate and sync are given together (a writable store) "
                      "or not at all (a read-only one)");
  if (name.empty()) name = "<callbacks>";
  return std::shared_ptr<Store>(std::make_shared<CallbackStore>(cb, std::move(name)));
}

void set_callback_message(const char* message) { callback_message() = message != nullptr ? message : ""; }

}  // namespace cdd
