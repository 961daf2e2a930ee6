// npy_fuzzer.cpp — the CLI's .npy reader (native/tools/npy.cpp): the header of a file read from a stream
// (magic, version, header length, dict) and the dict parser alone.
#include <cstdio>
#include <string>

#include "fuzz/fuzz_input.hpp"
#include "tools/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 0) {
    std::FILE* f = fmemopen(const_cast<uint8_t*>(data), size, "rb");
    if (f != nullptr) {
      if (auto h = cdd::tools::read_npy_header(f, "fuzz.npy")) (void)h->elements();
      std::fclose(f);
    }
  }
  (void)cdd::tools::parse_npy_dict(std::string(reinterpret_cast<const char*>(data), size), "fuzz.npy");
  return 0;
}
