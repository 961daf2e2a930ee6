// errors.cpp — cdd_status_name: the static name of every cdd_status code (cdd.h, "Versions and errors").
// The thread-local last error itself lives in capi/last_error.cpp.
#include "cdd/cdd.h"

extern "C" {

CDD_API const char* cdd_status_name(int code) {
  switch (code) {
    case CDD_OK: return "CDD_OK";
    case CDD_E_INVALID_ARGUMENT: return "CDD_E_INVALID_ARGUMENT";
    case CDD_E_IO: return "CDD_E_IO";
    case CDD_E_FORMAT: return "CDD_E_FORMAT";
    case CDD_E_VERSION: return "CDD_E_VERSION";
    case CDD_E_CORRUPT: return "CDD_E_CORRUPT";
    case CDD_E_UNSUPPORTED: return "CDD_E_UNSUPPORTED";
    case CDD_E_OUT_OF_RANGE: return "CDD_E_OUT_OF_RANGE";
    case CDD_E_NO_MEMORY: return "CDD_E_NO_MEMORY";
    case CDD_E_LOCKED: return "CDD_E_LOCKED";
    case CDD_E_STATE: return "CDD_E_STATE";
    case CDD_E_CANCELLED: return "CDD_E_CANCELLED";
    case CDD_E_CODEC: return "CDD_E_CODEC";
    case CDD_E_INTERNAL: return "CDD_E_INTERNAL";
    default: return "CDD_E_UNKNOWN";
  }
}

}  // extern "C"
