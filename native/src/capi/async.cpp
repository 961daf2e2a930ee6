// async.cpp (capi) — cdd_reader_read_rows_async: validates the call, enters the reader's in-flight gate,
// and runs the read on the library executor (decoding on one thread while other reads queue); the callback reports the result (or CDD_E_CANCELLED when the
// reader started closing before the read began), then the gate is left so that close can proceed.
#include <string>

#include "async/executor.hpp"
#include "capi/handles.hpp"

namespace {

struct AsyncRead {
  cdd_reader* handle;                    // valid until gate.leave(): cdd_reader_close waits for it
  std::shared_ptr<cdd::Reader> reader;
  uint64_t start;
  uint64_t end;
  std::byte* out;
  size_t out_size;
  cdd_read_callback callback;
  void* user_data;
};

// With other async reads waiting, the parallelism is across reads: this one decodes on its executor
// thread alone rather than also fanning out to the decode threads the waiting reads need.
unsigned decode_threads(const AsyncRead& job) {
  return cdd::Executor::shared().queued() > 0 ? 1u : job.reader->options().threads;
}

void run(const AsyncRead& job) noexcept {
  int status = CDD_OK;
  std::string message;
  try {
    if (job.handle->gate.closing()) {
      status = CDD_E_CANCELLED;
      message = "reader closed before the async read of rows [" + std::to_string(job.start) + ", " +
                std::to_string(job.end) + ") started";
    } else if (auto st = job.reader->read_rows(job.start, job.end, {job.out, job.out_size}, decode_threads(job));
               !st) {
      status = st.error().code;
      message = st.error().message;
    }
  } catch (const std::bad_alloc&) {
    status = CDD_E_NO_MEMORY;
    message.clear();  // no room to say more
  } catch (...) {
    status = CDD_E_INTERNAL;
    message.clear();
  }
  job.callback(job.user_data, status, status == CDD_OK ? "" : (message.empty() ? cdd_status_name(status) : message.c_str()));
  job.handle->gate.leave();  // last touch of the handle
}

}  // namespace

extern "C" {

CDD_API int cdd_reader_read_rows_async(cdd_reader* r, uint64_t start, uint64_t end, void* out, size_t out_size,
                                       cdd_read_callback callback, void* user_data) {
  return cdd::capi::guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(r == nullptr || !r->reader, CDD_E_INVALID_ARGUMENT, "reader is NULL");
    CDD_RETURN_ERROR_IF(callback == nullptr, CDD_E_INVALID_ARGUMENT, "async read: callback is NULL");
    CDD_RETURN_ERROR_IF(out == nullptr && out_size != 0, CDD_E_INVALID_ARGUMENT, "async read: out is NULL");
    // Argument errors are reported here, at once; I/O, hash and decode errors through the callback.
    const uint64_t rows = r->reader->num_rows();
    CDD_RETURN_ERROR_IF(start > end || end > rows, CDD_E_OUT_OF_RANGE,
                        "rows [" + std::to_string(start) + ", " + std::to_string(end) + ") out of range: the array has " +
                            std::to_string(rows) + " rows");
    const uint64_t row_bytes = r->reader->row_bytes();
    CDD_RETURN_ERROR_IF(row_bytes != 0 && (end - start) > out_size / row_bytes, CDD_E_INVALID_ARGUMENT,
                        "async read: out_size " + std::to_string(out_size) + " is less than " +
                            std::to_string(end - start) + " rows of " + std::to_string(row_bytes) + " bytes");
    AsyncRead job{r, r->reader, start, end, static_cast<std::byte*>(out), out_size, callback, user_data};
    cdd::Executor::Job task = [job = std::move(job)] { run(job); };
    CDD_RETURN_ERROR_IF(!r->gate.enter(), CDD_E_STATE, "reader is closing: async read refused");
    auto queued = cdd::Executor::shared().submit(std::move(task));
    if (!queued) r->gate.leave();  // never scheduled: the callback will not run
    return queued;
  });
}

}  // extern "C"
