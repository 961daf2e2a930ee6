// reader.cpp (capi) — cdd_reader_*: open (file, mapped file or store), info, chunk access, read_rows,
// refresh and close (which waits for async reads through the handle's InflightGate).
#include <algorithm>

#include "capi/handles.hpp"
#include "store/file_store.hpp"
#include "store/mmap_store.hpp"

using cdd::capi::guard;

namespace {

cdd::ReaderOptions convert(const cdd_reader_options* given) {
  cdd_reader_options o;
  cdd_reader_options_init(&o);
  if (given != nullptr && given->struct_size >= sizeof(uint32_t)) {
    std::memcpy(static_cast<void*>(&o), given, std::min<size_t>(given->struct_size, sizeof(o)));
  }
  cdd::ReaderOptions r;
  r.verify_chunks = (o.read_flags & CDD_READ_SKIP_CHUNK_VERIFY) == 0;
  r.threads = o.threads;
  if (o.read_flags & CDD_READ_NO_CHUNK_CACHE) r.cache_chunks = 0;
  return r;
}

cdd::Status open_reader(std::shared_ptr<cdd::Store> store, const cdd_reader_options* opts, cdd_reader** out) {
  CDD_ASSIGN_OR_RETURN(auto reader, cdd::Reader::open(std::move(store), convert(opts)));
  auto* h = new cdd_reader();
  h->reader = std::move(reader);
  *out = h;
  return cdd::ok();
}

}  // namespace

extern "C" {

CDD_API void cdd_reader_options_init(cdd_reader_options* opts) {
  if (opts == nullptr) return;
  std::memset(static_cast<void*>(opts), 0, sizeof(*opts));
  opts->struct_size = sizeof(*opts);
}

CDD_API int cdd_reader_open(const char* path, const cdd_reader_options* opts, cdd_reader** out) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(path == nullptr || out == nullptr, CDD_E_INVALID_ARGUMENT, "cdd_reader_open: NULL argument");
    cdd_reader_options o;
    cdd_reader_options_init(&o);
    if (opts != nullptr && opts->struct_size >= 2 * sizeof(uint32_t)) o.read_flags = opts->read_flags;
    std::shared_ptr<cdd::Store> store;
    if (o.read_flags & CDD_READ_MMAP) {
      CDD_ASSIGN_OR_RETURN(store, cdd::open_mmap_store(path));
    } else {
      CDD_ASSIGN_OR_RETURN(store, cdd::open_file_store(path, cdd::FileMode::kRead));
    }
    return open_reader(std::move(store), opts, out);
  });
}

CDD_API int cdd_reader_open_store(cdd_store* store, const cdd_reader_options* opts, cdd_reader** out) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(store == nullptr || out == nullptr, CDD_E_INVALID_ARGUMENT, "cdd_reader_open_store: NULL argument");
    return open_reader(store->store, opts, out);
  });
}

CDD_API void cdd_reader_close(cdd_reader* r) {
  if (r == nullptr) return;
  r->gate.close_and_wait();
  delete r;
}

CDD_API int cdd_reader_info(const cdd_reader* r, cdd_array_info* out) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(r == nullptr || out == nullptr, CDD_E_INVALID_ARGUMENT, "cdd_reader_info: NULL argument");
    CDD_RETURN_ERROR_IF(out->struct_size < sizeof(uint32_t), CDD_E_INVALID_ARGUMENT,
                        "cdd_reader_info: struct_size is not set");
    const cdd::Reader& rd = *r->reader;
    const cdd::Metadata& m = rd.metadata();
    cdd_array_info info;
    std::memset(static_cast<void*>(&info), 0, sizeof(info));
    info.struct_size = sizeof(info);
    info.dtype = m.dtype;
    info.row_ndim = static_cast<uint32_t>(m.row_shape.size());
    std::copy(m.row_shape.begin(), m.row_shape.end(), info.row_shape);
    info.row_bytes = rd.row_bytes();
    info.num_rows = rd.num_rows();
    info.num_chunks = rd.num_chunks();
    info.num_index_blocks = rd.num_index_blocks();
    info.codec = m.codec;
    info.level = m.codec_level;
    info.codec_flags = m.codec_flags;
    info.chunk_target_bytes = m.chunk_target_bytes;
    info.chunk_rows = m.chunk_rows;
    info.index_capacity = m.index_capacity;
    info.format_version = cdd::kFormatVersion;
    info.file_bytes = rd.logical_end();
    size_t n = std::min(m.writer.size(), sizeof(info.writer) - 1);
    std::memcpy(info.writer, m.writer.data(), n);
    info.writer[n] = '\0';
    cdd::capi::copy_sized(out, info, out->struct_size);
    return cdd::ok();
  });
}

CDD_API uint64_t cdd_reader_num_rows(const cdd_reader* r) { return r ? r->reader->num_rows() : 0; }
CDD_API uint64_t cdd_reader_num_chunks(const cdd_reader* r) { return r ? r->reader->num_chunks() : 0; }

CDD_API int cdd_reader_user_meta(const cdd_reader* r, const void** data, size_t* size) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(r == nullptr || data == nullptr || size == nullptr, CDD_E_INVALID_ARGUMENT,
                        "cdd_reader_user_meta: NULL argument");
    auto um = r->reader->user_meta();
    *data = um.empty() ? nullptr : um.data();
    *size = um.size();
    return cdd::ok();
  });
}

CDD_API int cdd_reader_chunk_info(const cdd_reader* r, uint64_t chunk, cdd_chunk_info* out) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(r == nullptr || out == nullptr, CDD_E_INVALID_ARGUMENT, "cdd_reader_chunk_info: NULL argument");
    CDD_RETURN_ERROR_IF(out->struct_size < sizeof(uint32_t), CDD_E_INVALID_ARGUMENT, "cdd_reader_chunk_info: struct_size is not set");
    CDD_ASSIGN_OR_RETURN(cdd::ChunkEntry e, r->reader->chunk_entry(chunk));
    cdd_chunk_info info{};
    info.struct_size = sizeof(info);
    info.offset = e.offset;
    info.first_row = e.first_row;
    info.rows = e.rows;
    cdd::capi::copy_sized(out, info, out->struct_size);
    return cdd::ok();
  });
}

CDD_API int cdd_reader_chunk_header(cdd_reader* r, uint64_t chunk, cdd_chunk_info* out) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(r == nullptr || out == nullptr, CDD_E_INVALID_ARGUMENT, "cdd_reader_chunk_header: NULL argument");
    CDD_RETURN_ERROR_IF(out->struct_size < sizeof(uint32_t), CDD_E_INVALID_ARGUMENT, "cdd_reader_chunk_header: struct_size is not set");
    CDD_ASSIGN_OR_RETURN(cdd::ChunkEntry e, r->reader->chunk_entry(chunk));
    CDD_ASSIGN_OR_RETURN(cdd::ChunkHeader h, r->reader->chunk_header(chunk));
    cdd_chunk_info info{};
    info.struct_size = sizeof(info);
    info.codec = h.type;
    info.offset = e.offset;
    info.stored_bytes = h.size;
    info.first_row = e.first_row;
    info.rows = e.rows;
    info.flags = h.flags;
    cdd::capi::copy_sized(out, info, out->struct_size);
    return cdd::ok();
  });
}

CDD_API int cdd_reader_read_chunk(cdd_reader* r, uint64_t chunk, void* out, size_t out_size) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(r == nullptr || (out == nullptr && out_size != 0), CDD_E_INVALID_ARGUMENT,
                        "cdd_reader_read_chunk: NULL argument");
    return r->reader->read_chunk(chunk, std::span(static_cast<std::byte*>(out), out_size));
  });
}

CDD_API int cdd_reader_read_rows(cdd_reader* r, uint64_t start, uint64_t end, void* out, size_t out_size) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(r == nullptr || (out == nullptr && out_size != 0), CDD_E_INVALID_ARGUMENT,
                        "cdd_reader_read_rows: NULL argument");
    return r->reader->read_rows(start, end, std::span(static_cast<std::byte*>(out), out_size));
  });
}

CDD_API int cdd_reader_read_rows_at(cdd_reader* r, const uint64_t* rows, size_t count, void* out, size_t out_size) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(r == nullptr || (rows == nullptr && count != 0) || (out == nullptr && out_size != 0),
                        CDD_E_INVALID_ARGUMENT, "cdd_reader_read_rows_at: NULL argument");
    return r->reader->read_rows_at(std::span(rows, count), std::span(static_cast<std::byte*>(out), out_size));
  });
}

CDD_API int cdd_reader_refresh(cdd_reader* r) {
  return guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(r == nullptr, CDD_E_INVALID_ARGUMENT, "cdd_reader_refresh: reader is NULL");
    return r->reader->refresh();
  });
}

}  // extern "C"
