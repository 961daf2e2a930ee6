// writer.cpp (capi) — cdd_writer_*: options, create / open_append (file or store), append, flush, close.
#include "capi/handles.hpp"
#include "io/codec_presets.hpp"
#include "store/file_store.hpp"

using cdd::capi::guard;

namespace {

cdd::Result<cdd::WriterOptions> convert(const cdd_writer_options* given) {
  CDD_RETURN_ERROR_IF(given == nullptr, CDD_E_INVALID_ARGUMENT, "writer options are NULL");
  CDD_RETURN_ERROR_IF(given->struct_size < sizeof(uint32_t), CDD_E_INVALID_ARGUMENT,
                      "writer options struct_size is not set (call cdd_writer_options_init)");
  cdd_writer_options o;
  cdd_writer_options_init(&o);
  std::memcpy(static_cast<void*>(&o), given, std::min<size_t>(given->struct_size, sizeof(o)));
  CDD_RETURN_ERROR_IF(o.row_ndim < 1 || o.row_ndim > CDD_MAX_ROW_DIMS, CDD_E_INVALID_ARGUMENT,
                      "row_ndim " + std::to_string(o.row_ndim) + " outside 1..7");
  CDD_RETURN_ERROR_IF(o.dtype <= 0 || o.dtype > 0xFFFF, CDD_E_INVALID_ARGUMENT, "unknown dtype " + std::to_string(o.dtype));
  CDD_RETURN_ERROR_IF(o.codec <= 0 || o.codec > 0xFFFF, CDD_E_INVALID_ARGUMENT, "unknown codec " + std::to_string(o.codec));
  CDD_RETURN_ERROR_IF(o.user_meta == nullptr && o.user_meta_size != 0, CDD_E_INVALID_ARGUMENT, "user_meta is NULL");
  CDD_RETURN_ERROR_IF(o.codec_params == nullptr && o.codec_params_size != 0, CDD_E_INVALID_ARGUMENT, "codec_params is NULL");
  cdd::WriterOptions w;
  w.dtype = static_cast<uint16_t>(o.dtype);
  w.row_shape.assign(o.row_shape, o.row_shape + o.row_ndim);
  w.codec = static_cast<uint16_t>(o.codec);
  w.level = o.level;
  w.codec_flags = o.codec_flags;
  w.chunk_target_bytes = o.chunk_target_bytes;
  w.chunk_rows = o.chunk_rows;
  w.index_capacity = o.index_capacity;
  w.sync = (o.write_flags & CDD_WRITE_SYNC) != 0;
  auto um = static_cast<const std::byte*>(o.user_meta);
  if (o.user_meta_size) w.user_meta.assign(um, um + o.user_meta_size);
  auto cp = static_cast<const std::byte*>(o.codec_params);
  if (o.codec_params_size) w.codec_params.assign(cp, cp + o.codec_params_size);
  return w;
}

cdd::Status finish(cdd::Result<std::unique_ptr<cdd::Writer>> w, cdd_writer** out) {
  if (!w) return std::unexpected(w.error());
  *out = new cdd_writer{std::move(*w)};
  return cdd::ok();
}

}  // namespace

extern "C" {

CDD_API void cdd_writer_options_init(cdd_writer_options* opts) {
  if (opts == nullptr) return;
  std::memset(static_cast<void*>(opts), 0, sizeof(*opts));
  opts->struct_size = sizeof(*opts);
  opts->codec = CDD_CODEC_SHUFFLE;
  opts->level = 3;
  opts->codec_flags = CDD_FLAG_ZSTD;
  opts->chunk_target_bytes = 4096;
  opts->chunk_rows = 0;
  opts->index_capacity = 1024;
}

CDD_API int cdd_writer_options_set_codec(cdd_writer_options* opts, int32_t codec) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(opts == nullptr, CDD_E_INVALID_ARGUMENT, "cdd_writer_options_set_codec: NULL options");
    const cdd::CodecPreset* p = codec >= 0 && codec <= 0xFFFF ? cdd::codec_preset(static_cast<uint16_t>(codec)) : nullptr;
    CDD_RETURN_ERROR_IF(p == nullptr, CDD_E_UNSUPPORTED, "unknown codec " + std::to_string(codec));
    opts->codec = codec;
    opts->codec_flags = (opts->codec_flags & ~(CDD_FLAG_LZ4 | CDD_FLAG_ZSTD)) | p->codec_flags;
    opts->level = p->level;
    opts->chunk_target_bytes = p->chunk_target_bytes;
    opts->codec_params = p->codec_params.empty() ? nullptr : p->codec_params.data();
    opts->codec_params_size = p->codec_params.size();
    return cdd::ok();
  });
}

CDD_API int cdd_writer_create(const char* path, const cdd_writer_options* opts, cdd_writer** out) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(path == nullptr || out == nullptr, CDD_E_INVALID_ARGUMENT, "cdd_writer_create: NULL argument");
    CDD_ASSIGN_OR_RETURN(auto o, convert(opts));
    CDD_ASSIGN_OR_RETURN(auto store, cdd::open_file_store(path, cdd::FileMode::kCreate));
    return finish(cdd::Writer::create(std::move(store), o), out);
  });
}

CDD_API int cdd_writer_open_append(const char* path, uint32_t write_flags, cdd_writer** out) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(path == nullptr || out == nullptr, CDD_E_INVALID_ARGUMENT, "cdd_writer_open_append: NULL argument");
    CDD_ASSIGN_OR_RETURN(auto store, cdd::open_file_store(path, cdd::FileMode::kReadWrite));
    return finish(cdd::Writer::open_append(std::move(store), (write_flags & CDD_WRITE_SYNC) != 0), out);
  });
}

CDD_API int cdd_writer_create_store(cdd_store* store, const cdd_writer_options* opts, cdd_writer** out) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(store == nullptr || out == nullptr, CDD_E_INVALID_ARGUMENT, "cdd_writer_create_store: NULL argument");
    CDD_ASSIGN_OR_RETURN(auto o, convert(opts));
    return finish(cdd::Writer::create(store->store, o), out);
  });
}

CDD_API int cdd_writer_open_append_store(cdd_store* store, uint32_t write_flags, cdd_writer** out) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(store == nullptr || out == nullptr, CDD_E_INVALID_ARGUMENT,
                        "cdd_writer_open_append_store: NULL argument");
    return finish(cdd::Writer::open_append(store->store, (write_flags & CDD_WRITE_SYNC) != 0), out);
  });
}

CDD_API int cdd_writer_append(cdd_writer* w, const void* data, uint64_t nrows) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(w == nullptr, CDD_E_INVALID_ARGUMENT, "cdd_writer_append: writer is NULL");
    CDD_RETURN_ERROR_IF(data == nullptr && nrows != 0, CDD_E_INVALID_ARGUMENT, "cdd_writer_append: data is NULL");
    uint64_t rb = w->writer->row_bytes();
    CDD_RETURN_ERROR_IF(rb != 0 && nrows > SIZE_MAX / rb, CDD_E_INVALID_ARGUMENT, "cdd_writer_append: too many rows");
    return w->writer->append(std::span(static_cast<const std::byte*>(data), static_cast<size_t>(nrows * rb)), nrows);
  });
}

CDD_API int cdd_writer_flush(cdd_writer* w) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(w == nullptr, CDD_E_INVALID_ARGUMENT, "cdd_writer_flush: writer is NULL");
    return w->writer->flush();
  });
}

CDD_API uint64_t cdd_writer_rows_committed(const cdd_writer* w) { return w ? w->writer->rows_committed() : 0; }
CDD_API uint64_t cdd_writer_rows_appended(const cdd_writer* w) { return w ? w->writer->rows_appended() : 0; }

CDD_API int cdd_writer_close(cdd_writer* w) {
  if (w == nullptr) return CDD_OK;
  int rc = guard([&]() -> cdd::Status { return w->writer->close(); });
  delete w;
  return rc;
}

}  // extern "C"
