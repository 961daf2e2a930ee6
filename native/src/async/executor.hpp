// executor.hpp — the library's executor for asynchronous work (async reads of the C ABI, the coroutine
// API): a fixed pool of threads draining one FIFO queue. Kept apart from the TBB decode pool on purpose:
// async jobs may block on I/O, and must not occupy the threads that decode chunks.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/error.hpp"

namespace cdd {

class Executor {
 public:
  using Job = std::move_only_function<void()>;

  // `threads` >= 1 workers, started at once.
  explicit Executor(unsigned threads);
  // Runs every queued job, then joins the workers.
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // The process-wide executor, started on first use with default_async_threads() workers. It is never
  // destroyed (its workers idle until the process exits), so no job races static destruction. A process
  // forked after it started gets a fresh one on its first use.
  static Executor& shared();

  // Queues a job; it runs on a worker thread. Jobs must not throw (an escaping exception terminates).
  // CDD_E_NO_MEMORY if the queue cannot grow; CDD_E_STATE once the executor is shutting down.
  Status submit(Job job);

  unsigned threads() const { return static_cast<unsigned>(workers_.size()); }
  // Jobs queued and not yet started.
  size_t queued() const;

 private:
  void work();

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

// Workers of Executor::shared(): CDD_ASYNC_THREADS if set to a positive integer, else
// max(2, hardware concurrency) — at least two so that a slow read never holds up every other one.
unsigned default_async_threads();

}  // namespace cdd
