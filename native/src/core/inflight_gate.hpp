// inflight_gate.hpp — counts operations in flight on a handle (async reads) so that closing the handle
// can refuse new ones and wait for the running ones before freeing what they use.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace cdd {

class InflightGate {
 public:
  // Registers one operation; false once close_and_wait() has started (the caller must not proceed).
  bool enter() {
    std::lock_guard lock(mu_);
    if (closing_) return false;
    ++inflight_;
    return true;
  }

  // Ends an operation registered by a successful enter().
  void leave() {
    std::lock_guard lock(mu_);
    if (inflight_ > 0 && --inflight_ == 0) cv_.notify_all();
  }

  // True once close_and_wait() has started: in-flight operations may stop early (CDD_E_CANCELLED).
  bool closing() const {
    std::lock_guard lock(mu_);
    return closing_;
  }

  // Refuses new operations, then blocks until every entered operation has left.
  void close_and_wait() {
    std::unique_lock lock(mu_);
    closing_ = true;
    cv_.wait(lock, [this] { return inflight_ == 0; });
  }

  size_t inflight() const {
    std::lock_guard lock(mu_);
    return inflight_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  size_t inflight_ = 0;
  bool closing_ = false;
};

}  // namespace cdd
