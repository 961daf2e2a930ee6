// executor.cpp — the fixed thread pool behind async reads and the coroutine API (see executor.hpp).
#include "async/executor.hpp"

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <new>

#ifndef _WIN32
#include <pthread.h>
#include <unistd.h>
#endif

namespace cdd {

Executor::Executor(unsigned threads) {
  if (threads == 0) threads = 1;
  workers_.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
}

Executor::~Executor() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : workers_) t.join();
}

namespace {

// The shared executor of this process. A child forked after it started inherits it without its worker
// threads, so the child starts a fresh one (the inherited one is abandoned, never touched again).
std::mutex g_shared_mu;
Executor* g_shared = nullptr;
#ifndef _WIN32
[[maybe_unused]] const bool g_fork_handlers = [] {
  return ::pthread_atfork([] { g_shared_mu.lock(); }, [] { g_shared_mu.unlock(); },
                          [] {
                            g_shared = nullptr;  // its workers did not survive the fork
                            g_shared_mu.unlock();
                          }) == 0;
}();
#endif

}  // namespace

Executor& Executor::shared() {
  std::lock_guard lock(g_shared_mu);
  if (g_shared == nullptr) g_shared = new Executor(default_async_threads());
  return *g_shared;
}

Status Executor::submit(Job job) {
  CDD_RETURN_ERROR_IF(!job, CDD_E_INVALID_ARGUMENT, "executor: empty job");
  try {
    std::lock_guard lock(mu_);
    CDD_RETURN_ERROR_IF(stopping_, CDD_E_STATE, "executor: shutting down, job refused");
    queue_.push_back(std::move(job));
  } catch (const std::bad_alloc&) {
    return make_error(CDD_E_NO_MEMORY, "executor: out of memory queueing a job");
  }
  cv_.notify_one();
  return ok();
}

size_t Executor::queued() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

void Executor::work() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job();
  }
}

unsigned default_async_threads() {
  if (const char* text = std::getenv("CDD_ASYNC_THREADS"); text != nullptr && *text != '\0') {
    unsigned value = 0;
    const char* end = text + std::strlen(text);
    auto [ptr, ec] = std::from_chars(text, end, value);
    if (ec == std::errc() && ptr == end && value > 0 && value <= 1024) return value;
  }
  const unsigned hw = std::thread::hardware_concurrency();
  return hw > 2 ? hw : 2;
}

}  // namespace cdd
