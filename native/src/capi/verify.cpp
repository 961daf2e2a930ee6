// verify.cpp (capi) — cdd_verify_file: every index record and chunk hash of a file.
#include "capi/handles.hpp"
#include "io/verify.hpp"
#include "store/file_store.hpp"

extern "C" {

CDD_API int cdd_verify_file(const char* path) {
  return cdd::capi::guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(path == nullptr, CDD_E_INVALID_ARGUMENT, "cdd_verify_file: path is NULL");
    CDD_ASSIGN_OR_RETURN(auto store, cdd::open_file_store(path, cdd::FileMode::kRead));
    CDD_ASSIGN_OR_RETURN(auto report, cdd::verify_store(*store));
    (void)report;
    return cdd::ok();
  });
}

}  // extern "C"
