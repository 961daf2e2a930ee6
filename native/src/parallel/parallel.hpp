// parallel.hpp — the one parallel loop of libcdd: runs fn(ctx, i) for i in [0, n) on the library's
// thread pool (oneTBB when built with CDD_HAVE_TBB, else on the calling thread only).
#pragma once

#include <cstddef>

namespace cdd {

// One unit of work. It must not throw (it runs on pool threads; report errors through ctx).
using TaskFn = void (*)(void* ctx, size_t i);

// Runs fn(ctx, i) for every i in [0, n) exactly once and returns when all have run.
// threads: 0 = default_threads(), 1 = the calling thread only, k = at most k threads (the caller counts).
//
// With oneTBB, two modes:
//  - internal (default): the work runs in a task_arena owned by libcdd with concurrency `threads`
//    (arenas are cached per concurrency, so no thread is created per call);
//  - external: when the caller already runs inside a tbb::task_arena (its own or TBB's implicit arena of
//    a TBB worker), the work runs in that arena and `threads` only caps how many tasks are spawned, so an
//    application that manages TBB itself keeps control of its threads.
// Indices are handed out dynamically (work stealing by an atomic counter), so uneven tasks balance.
// In a process forked after libcdd was loaded, everything runs on the calling thread (TBB's threads do
// not survive fork).
void parallel_for(size_t n, unsigned threads, TaskFn fn, void* ctx);

// The thread count used for threads = 0: set_default_threads() if called with k > 0, else the
// environment variable CDD_THREADS if it holds a positive integer, else the hardware concurrency that
// TBB reports. Always 1 without TBB.
unsigned default_threads();

// Overrides default_threads() for the whole process; 0 restores the automatic choice.
void set_default_threads(unsigned threads);

// "tbb" or "serial": the backend this build uses.
const char* parallel_backend();

}  // namespace cdd
