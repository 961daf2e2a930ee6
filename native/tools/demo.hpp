// demo.hpp — `cdd demo`: writes a realistic order book with its codec preset (and its timestamps),
// reads it back whole and in random 1024-row slices, checks every value, and reports sizes and speeds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/error.hpp"

namespace cdd::tools {

struct DemoOptions {
  uint64_t rows = 500000;
  std::string dir;             // where the files go; a fresh temporary directory when empty
  uint64_t seed = 1;
  uint32_t regime = 2;         // a cdd_gen_regime: CDD_GEN_NORMAL (realistic) unless --regime says otherwise
  std::optional<int> codec;    // the book's codec; the float32 order-book codec's preset when unset
  uint64_t slices = 2000;      // random 1024-row reads
  bool keep = false;           // keep the files (always kept when dir is given)
};

// Runs the demo, printing its report on stdout. Fails if any value read back differs.
Status run_demo(const DemoOptions& options);

}  // namespace cdd::tools
