// tbb.cpp — the oneTBB backend of parallel_for: library-owned task arenas per concurrency ("internal"),
// or the caller's own arena when it already runs inside one ("external"). See parallel.hpp.
#include "parallel/parallel.hpp"

#if defined(CDD_HAVE_TBB) && CDD_HAVE_TBB

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>

#include "parallel/env_threads.hpp"

#ifndef _WIN32
#include <pthread.h>
#endif

namespace cdd {
namespace {

std::atomic<unsigned> g_default_override{0};

// oneTBB does not survive fork(): a child inherits arenas whose worker threads do not exist. A process
// forked after libcdd loaded (e.g. a PyTorch DataLoader worker) therefore decodes on its calling thread.
std::atomic<bool> g_forked{false};

#ifndef _WIN32
[[maybe_unused]] const bool g_fork_handler_installed = [] {
  return ::pthread_atfork(nullptr, nullptr, [] { g_forked.store(true, std::memory_order_relaxed); }) == 0;
}();
#endif

// Arenas are created once per concurrency level and live until the process exits (held through a
// never-destroyed pointer, so no arena is torn down during static destruction while a thread uses it).
tbb::task_arena& arena_for(unsigned threads) {
  static std::mutex* mutex = new std::mutex;
  static auto* arenas = new std::map<unsigned, std::unique_ptr<tbb::task_arena>>;
  std::lock_guard lock(*mutex);
  auto& slot = (*arenas)[threads];
  if (!slot) {
    slot = std::make_unique<tbb::task_arena>(static_cast<int>(threads));
    slot->initialize();
  }
  return *slot;
}

// Shared state of one parallel_for: tasks claim indices from `next` until it passes n.
struct Job {
  size_t n;
  TaskFn fn;
  void* ctx;
  std::atomic<size_t> next{0};

  void drain() {
    for (size_t i = next.fetch_add(1, std::memory_order_relaxed); i < n;
         i = next.fetch_add(1, std::memory_order_relaxed)) {
      fn(ctx, i);
    }
  }
};

void run_workers(Job& job, size_t workers) {
  tbb::parallel_for(tbb::blocked_range<size_t>(0, workers, 1),
                    [&job](const tbb::blocked_range<size_t>&) { job.drain(); },
                    tbb::simple_partitioner());
}

bool inside_caller_arena() {
  return tbb::this_task_arena::current_thread_index() != tbb::task_arena::not_initialized;
}

}  // namespace

void parallel_for(size_t n, unsigned threads, TaskFn fn, void* ctx) {
  if (n == 0) return;
  Job job{n, fn, ctx};
  if (threads == 1 || n == 1 || g_forked.load(std::memory_order_relaxed)) {
    job.drain();
    return;
  }
  if (threads == 0) threads = default_threads();
  if (threads <= 1) {
    job.drain();
    return;
  }
  try {
    if (inside_caller_arena()) {
      const auto limit = static_cast<size_t>(std::max(1, tbb::this_task_arena::max_concurrency()));
      run_workers(job, std::min({n, static_cast<size_t>(threads), limit}));
    } else {
      const size_t workers = std::min(n, static_cast<size_t>(threads));
      arena_for(threads).execute([&job, workers] { run_workers(job, workers); });
    }
  } catch (...) {
    // TBB could not schedule (e.g. out of memory). Every task it started has finished by now; the
    // indices nobody claimed run here, so each index still runs exactly once.
  }
  job.drain();
}

unsigned default_threads() {
  if (unsigned k = g_default_override.load(std::memory_order_relaxed); k > 0) return k;
  if (unsigned k = detail::threads_from_env(); k > 0) return k;
  return static_cast<unsigned>(std::max(1, tbb::info::default_concurrency()));
}

void set_default_threads(unsigned threads) {
  g_default_override.store(threads, std::memory_order_relaxed);
}

const char* parallel_backend() { return "tbb"; }

}  // namespace cdd

#endif
