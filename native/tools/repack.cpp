// repack.cpp — whole-file work of the CLI through the core with a progress meter on the bytes read:
// `cdd repack IN OUT` (repack_store, OUT locked while written and verified afterwards; a failed repack
// removes OUT) and `cdd verify FILE` (verify_store).
#include "tools/repack.hpp"

#include <filesystem>

#include "cdd/cdd.h"
#include "io/verify.hpp"
#include "store/file_store.hpp"
#include "tools/capi_handles.hpp"
#include "tools/progress_store.hpp"

namespace cdd::tools {
namespace {

uint64_t rows_of(const std::string& path) {
  auto r = open_reader(path, CDD_READ_SKIP_CHUNK_VERIFY);
  return r ? cdd_reader_num_rows(r->get()) : 0;
}

Status repack_into(const std::string& in, const std::string& out, bool show) {
  CDD_ASSIGN_OR_RETURN(auto src, open_file_store(in, FileMode::kRead));
  CDD_ASSIGN_OR_RETURN(uint64_t in_bytes, src->size());
  Progress progress("repack", in_bytes, 1, show, rows_of(in));
  ProgressStore counted(src, progress);
  CDD_ASSIGN_OR_RETURN(auto dst, open_file_store(out, FileMode::kCreate));
  CDD_FORWARD_IF_ERROR(dst->lock_writer());
  Status s = repack_store(counted, *dst);
  if (s) s = dst->sync();
  dst->unlock_writer();
  progress.finish();
  CDD_FORWARD_IF_ERROR(s);
  CDD_ASSIGN_OR_RETURN(VerifyReport report, verify_store(*dst));
  (void)report;
  return ok();
}

}  // namespace

Status repack_file(const std::string& in, const std::string& out, bool progress) {
  std::error_code ec;
  CDD_RETURN_ERROR_IF(std::filesystem::exists(out, ec) && std::filesystem::equivalent(in, out, ec), CDD_E_INVALID_ARGUMENT,
                      "repack: " + out + " is the input file");
  Status s = repack_into(in, out, progress);
  if (!s) std::filesystem::remove(out, ec);
  return s;
}

Status verify_file(const std::string& path, bool show) {
  CDD_ASSIGN_OR_RETURN(auto store, open_file_store(path, FileMode::kRead));
  CDD_ASSIGN_OR_RETURN(uint64_t bytes, store->size());
  Progress progress("verify", bytes, 1, show, rows_of(path));
  ProgressStore counted(store, progress);
  auto report = verify_store(counted);
  progress.finish();
  CDD_FORWARD_IF_ERROR(report);
  return ok();
}

}  // namespace cdd::tools
