// serial.cpp — the parallel_for backend of builds without oneTBB: every task runs on the calling thread.
#include "parallel/parallel.hpp"

#if !defined(CDD_HAVE_TBB) || !CDD_HAVE_TBB

namespace cdd {

void parallel_for(size_t n, unsigned /*threads*/, TaskFn fn, void* ctx) {
  for (size_t i = 0; i < n; ++i) fn(ctx, i);
}

unsigned default_threads() { return 1; }

void set_default_threads(unsigned /*threads*/) {}

const char* parallel_backend() { return "serial"; }

}  // namespace cdd

#endif
