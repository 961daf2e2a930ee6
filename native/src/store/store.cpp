// store.cpp — what every Store shares: the wording of a short read.
#include "store/store.hpp"

namespace cdd {

std::string truncated_message(uint64_t wanted, uint64_t off, uint64_t have) {
  return "file truncated: wanted " + std::to_string(wanted) + " bytes at offset " + std::to_string(off) +
         ", file has " + std::to_string(have);
}

}  // namespace cdd
