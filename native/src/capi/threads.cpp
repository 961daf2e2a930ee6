// threads.cpp (capi) — cdd_set_default_threads / cdd_default_threads / cdd_parallel_backend: the C face
// of parallel/parallel.hpp.
#include "cdd/cdd.h"
#include "parallel/parallel.hpp"

extern "C" {

CDD_API void cdd_set_default_threads(uint32_t threads) { cdd::set_default_threads(threads); }

CDD_API uint32_t cdd_default_threads(void) { return cdd::default_threads(); }

CDD_API const char* cdd_parallel_backend(void) { return cdd::parallel_backend(); }

}  // extern "C"
