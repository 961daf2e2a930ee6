// version.cpp — the library, ABI and format versions (cdd.h, "Versions and errors"). CDD_VERSION_STRING
// comes from the CMake project version (codec/module.cmake).
#include "cdd/cdd.h"

#ifndef CDD_VERSION_STRING
#error "CDD_VERSION_STRING must be defined by the build (native/src/codec/module.cmake)"
#endif

extern "C" {

CDD_API const char* cdd_version_string(void) { return CDD_VERSION_STRING; }
CDD_API uint32_t cdd_abi_version(void) { return CDD_ABI_VERSION; }
CDD_API uint32_t cdd_format_version(void) { return CDD_FORMAT_VERSION; }

}  // extern "C"
