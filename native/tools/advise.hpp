// advise.hpp — `cdd advise IN.npy`: reads a sample of a .npy (evenly spaced runs, never the whole file),
// runs the core's chunk advisor (cdd_advise) on it and prints the ratio / slice-speed trade-off table
// with the recommended codec and chunk size, and the import-npy command line that applies it.
#pragma once

#include <cstdint>
#include <string>

#include "cdd/cdd.h"
#include "core/error.hpp"

namespace cdd::tools {

struct AdviseOptions {
  uint64_t sample_rows = 65536;
  uint32_t slice_rows = 1024;
  double seconds = 0.1;
  double min_speed = 0.5;
};

// The table for `in`, as printed by `cdd advise`.
Result<std::string> advise_npy(const std::string& in, const AdviseOptions& options);

// The table text for trials of an array described by `what` (shared with tests).
std::string advice_table(const std::string& what, const cdd_advise_trial* trials, size_t count, size_t best,
                         const cdd_advise_options& options);

}  // namespace cdd::tools
