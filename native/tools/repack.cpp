// repack.cpp — `cdd repack IN OUT` through the core's repack_store (io/verify.hpp), with OUT locked while
// it is written and verified afterwards; a failed repack removes OUT.
#include "tools/repack.hpp"

#include <filesystem>

#include "io/verify.hpp"
#include "store/file_store.hpp"

namespace cdd::tools {
namespace {

Status repack_into(const std::string& in, const std::string& out) {
  CDD_ASSIGN_OR_RETURN(auto src, open_file_store(in, FileMode::kRead));
  CDD_ASSIGN_OR_RETURN(auto dst, open_file_store(out, FileMode::kCreate));
  CDD_FORWARD_IF_ERROR(dst->lock_writer());
  Status s = repack_store(*src, *dst);
  if (s) s = dst->sync();
  dst->unlock_writer();
  CDD_FORWARD_IF_ERROR(s);
  CDD_ASSIGN_OR_RETURN(VerifyReport report, verify_store(*dst));
  (void)report;
  return ok();
}

}  // namespace

Status repack_file(const std::string& in, const std::string& out) {
  std::error_code ec;
  CDD_RETURN_ERROR_IF(std::filesystem::exists(out, ec) && std::filesystem::equivalent(in, out, ec), CDD_E_INVALID_ARGUMENT,
                      "repack: " + out + " is the input file");
  Status s = repack_into(in, out);
  if (!s) std::filesystem::remove(out, ec);
  return s;
}

}  // namespace cdd::tools
