// capi_handles.hpp — RAII owners for the C ABI handles the CLI uses (reader, writer, generator) and the
// conversion of the C ABI's thread-local last error into a cdd::Error.
#pragma once

#include <memory>
#include <string>

#include "cdd/cdd.h"
#include "core/error.hpp"

namespace cdd::tools {

struct ReaderCloser {
  void operator()(cdd_reader* r) const { cdd_reader_close(r); }
};
struct GenFreer {
  void operator()(cdd_gen_state* g) const { cdd_gen_free(g); }
};
using ReaderPtr = std::unique_ptr<cdd_reader, ReaderCloser>;
using GenPtr = std::unique_ptr<cdd_gen_state, GenFreer>;

// The last error of this thread as a cdd::Error, with `context` (e.g. the file) in front of the message.
inline Error last_capi_error(const std::string& context) {
  const int code = cdd_last_error_code();
  std::string message = cdd_last_error_message();
  if (!context.empty()) message = context + ": " + message;
  return Error{code == CDD_OK ? CDD_E_INTERNAL : static_cast<cdd_status>(code), std::move(message)};
}

// Forwards a failing C ABI status as the last error, prefixed by `context`.
inline Status check_capi(int status, const std::string& context) {
  if (status == CDD_OK) return ok();
  return std::unexpected(last_capi_error(context));
}

inline Result<ReaderPtr> open_reader(const std::string& path, uint32_t read_flags = 0, uint32_t threads = 0) {
  cdd_reader_options opts;
  cdd_reader_options_init(&opts);
  opts.read_flags = read_flags;
  opts.threads = threads;
  cdd_reader* r = nullptr;
  CDD_FORWARD_IF_ERROR(check_capi(cdd_reader_open(path.c_str(), &opts, &r), ""));
  return ReaderPtr(r);
}

// A writer that must be closed explicitly (close() reports the final flush); the destructor closes it
// anyway on error paths.
class WriterHandle {
 public:
  WriterHandle() = default;
  explicit WriterHandle(cdd_writer* w) : w_(w) {}
  WriterHandle(const WriterHandle&) = delete;
  WriterHandle& operator=(const WriterHandle&) = delete;
  WriterHandle(WriterHandle&& o) noexcept : w_(o.w_) { o.w_ = nullptr; }
  ~WriterHandle() {
    if (w_ != nullptr) cdd_writer_close(w_);
  }
  cdd_writer* get() const { return w_; }
  Status close(const std::string& context) {
    cdd_writer* w = w_;
    w_ = nullptr;
    return check_capi(cdd_writer_close(w), context);
  }

 private:
  cdd_writer* w_ = nullptr;
};

inline Result<WriterHandle> create_writer(const std::string& path, const cdd_writer_options& opts) {
  cdd_writer* w = nullptr;
  CDD_FORWARD_IF_ERROR(check_capi(cdd_writer_create(path.c_str(), &opts, &w), path));
  return WriterHandle(w);
}

}  // namespace cdd::tools
