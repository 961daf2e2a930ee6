// npy_fuzzer.cpp — the CLI's .npy reader (native/tools/npy.cpp): the header of a file read from a stream
// (magic, version, header length, dict) and the dict parser alone.
#include <cstdio>
#include <string>

#include "fuzz/fuzz_input.hpp"
#include "tools/npy.hpp"

namespace {

// The input as a read-only stream: in memory where the C library has fmemopen, else (Windows, where the
// replay runs under wine) through a temporary file.
std::FILE* open_bytes(const uint8_t* data, size_t size) {
#ifdef _WIN32
  std::FILE* f = std::tmpfile();
  if (f == nullptr) return nullptr;
  if (std::fwrite(data, 1, size, f) != size) {
    std::fclose(f);
    return nullptr;
  }
  std::rewind(f);
  return f;
#else
  return fmemopen(const_cast<uint8_t*>(data), size, "rb");
#endif
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 0) {
    std::FILE* f = open_bytes(data, size);
    if (f != nullptr) {
      if (auto h = cdd::tools::read_npy_header(f, "fuzz.npy")) (void)h->elements();
      std::fclose(f);
    }
  }
  (void)cdd::tools::parse_npy_dict(std::string(reinterpret_cast<const char*>(data), size), "fuzz.npy");
  return 0;
}
