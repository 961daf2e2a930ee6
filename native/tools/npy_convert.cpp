// npy_convert.cpp — import-npy and export-npy: npy header handling, row-block streaming through the C ABI
// writer and reader, and removal of half-written outputs on failure.
#include "tools/npy_convert.hpp"

#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>
#include <vector>

#include "cdd/cdd.h"
#include "tools/capi_handles.hpp"
#include "tools/codec_names.hpp"
#include "tools/npy.hpp"
#include "tools/progress.hpp"

namespace cdd::tools {
namespace {

constexpr uint64_t kBlockBytes = 8u << 20;  // rows moved per read/append

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

Result<FilePtr> open_file(const std::string& path, const char* mode) {
  std::FILE* f = std::fopen(path.c_str(), mode);
  if (f == nullptr) {
    return make_error(CDD_E_IO, path + ": cannot open" + (mode[0] == 'r' ? " for reading" : " for writing"));
  }
  return FilePtr(f);
}

// Runs `body`; if it fails, deletes `path` (a half-written output) before returning the error.
template <class Body>
Status remove_on_failure(const std::string& path, Body&& body) {
  Status s = body();
  if (!s) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
  return s;
}

Result<int64_t> parse_int(const std::string& text, const std::string& what) {
  if (text.empty()) return make_error(CDD_E_INVALID_ARGUMENT, "empty " + what);
  size_t pos = 0;
  int64_t v = 0;
  try {
    v = std::stoll(text, &pos);
  } catch (const std::exception&) {
    pos = 0;
  }
  if (pos != text.size()) return make_error(CDD_E_INVALID_ARGUMENT, "bad " + what + " '" + text + "'");
  return v;
}

Status do_import(const std::string& in, const std::string& out, const ImportOptions& o) {
  CDD_ASSIGN_OR_RETURN(FilePtr f, open_file(in, "rb"));
  CDD_ASSIGN_OR_RETURN(NpyHeader h, read_npy_header(f.get(), in));
  CDD_RETURN_ERROR_IF(h.shape.empty(), CDD_E_UNSUPPORTED,
                      in + ": a 0-d npy array has no rows; cdd stores arrays of shape (rows, ...)");
  std::vector<uint64_t> row_shape(h.shape.begin() + 1, h.shape.end());
  if (row_shape.empty()) row_shape.push_back(1);
  CDD_RETURN_ERROR_IF(row_shape.size() > CDD_MAX_ROW_DIMS, CDD_E_UNSUPPORTED,
                      in + ": " + std::to_string(h.shape.size()) + "-d array; cdd rows have at most " +
                          std::to_string(CDD_MAX_ROW_DIMS) + " dimensions");
  const uint64_t elem = cdd_dtype_size(h.dtype);
  uint64_t row_bytes = elem;
  cdd_writer_options opts;
  cdd_writer_options_init(&opts);
  opts.dtype = h.dtype;
  opts.row_ndim = static_cast<uint32_t>(row_shape.size());
  for (size_t i = 0; i < row_shape.size(); ++i) {
    CDD_RETURN_ERROR_IF(row_shape[i] == 0 || row_shape[i] > std::numeric_limits<uint32_t>::max(),
                        CDD_E_UNSUPPORTED,
                        in + ": row dimension " + std::to_string(i + 1) + " is " + std::to_string(row_shape[i]) +
                            " (cdd needs 1 .. 2^32-1)");
    CDD_RETURN_ERROR_IF(row_bytes > (uint64_t{1} << 40) / row_shape[i], CDD_E_UNSUPPORTED,
                        in + ": rows of this shape are too large");
    row_bytes *= row_shape[i];
    opts.row_shape[i] = static_cast<uint32_t>(row_shape[i]);
  }
  if (o.codec) set_codec(opts, *o.codec);
  if (o.stage) {
    opts.codec_flags = (opts.codec_flags & ~(CDD_FLAG_LZ4 | CDD_FLAG_ZSTD)) | *o.stage;
    if (!o.level) opts.level = *o.stage == CDD_FLAG_LZ4 ? 1 : *o.stage == CDD_FLAG_ZSTD ? 3 : 0;  // the stage's default
  }
  if (o.level) opts.level = *o.level;
  if (o.chunk_bytes) opts.chunk_target_bytes = *o.chunk_bytes;
  if (o.chunk_rows) opts.chunk_rows = *o.chunk_rows;
  if (o.index_capacity) opts.index_capacity = *o.index_capacity;

  CDD_ASSIGN_OR_RETURN(WriterHandle w, create_writer(out, opts));
  const uint64_t rows = h.shape[0];
  const uint64_t block_rows = std::max<uint64_t>(1, kBlockBytes / row_bytes);
  std::vector<unsigned char> buf(static_cast<size_t>(std::min(rows, block_rows) * row_bytes));
  Progress progress("import-npy", rows, row_bytes, o.progress);
  for (uint64_t done = 0; done < rows;) {
    const uint64_t n = std::min(block_rows, rows - done);
    const size_t bytes = static_cast<size_t>(n * row_bytes);
    const size_t got = std::fread(buf.data(), 1, bytes, f.get());
    if (got != bytes) {
      return make_error(CDD_E_FORMAT, in + ": npy data truncated: the header promises " + std::to_string(rows) +
                                          " rows of " + std::to_string(row_bytes) + " bytes, the file ends after " +
                                          std::to_string(done + got / row_bytes) + " rows");
    }
    CDD_FORWARD_IF_ERROR(check_capi(cdd_writer_append(w.get(), buf.data(), n), out));
    done += n;
    progress.update(done);
  }
  return w.close(out);
}

Status do_export(const std::string& in, const std::string& out, const RowRange& range, bool show) {
  CDD_ASSIGN_OR_RETURN(ReaderPtr r, open_reader(in));
  cdd_array_info info{};
  info.struct_size = sizeof info;
  CDD_FORWARD_IF_ERROR(check_capi(cdd_reader_info(r.get(), &info), in));
  const std::string descr = npy_descr(info.dtype);
  CDD_RETURN_ERROR_IF(descr.empty(), CDD_E_UNSUPPORTED,
                      in + ": dtype " + std::string(cdd_dtype_name(info.dtype) ? cdd_dtype_name(info.dtype) : "?") +
                          " has no npy equivalent");
  const auto n = static_cast<int64_t>(info.num_rows);
  const auto resolve = [n](std::optional<int64_t> v, int64_t dflt) {
    if (!v) return dflt;
    return *v < 0 ? *v + n : *v;
  };
  const int64_t start = resolve(range.start, 0);
  const int64_t end = resolve(range.end, n);
  CDD_RETURN_ERROR_IF(start < 0 || end > n || start > end, CDD_E_OUT_OF_RANGE,
                      in + ": rows " + std::to_string(start) + ":" + std::to_string(end) + " are outside 0:" +
                          std::to_string(n));
  const uint64_t rows = static_cast<uint64_t>(end - start);
  std::vector<uint64_t> shape{rows};
  if (!(info.row_ndim == 1 && info.row_shape[0] == 1)) {
    for (uint32_t i = 0; i < info.row_ndim; ++i) shape.push_back(info.row_shape[i]);
  }
  CDD_ASSIGN_OR_RETURN(FilePtr f, open_file(out, "wb"));
  const std::string header = npy_header_bytes(info.dtype, shape);
  CDD_RETURN_ERROR_IF(std::fwrite(header.data(), 1, header.size(), f.get()) != header.size(), CDD_E_IO,
                      out + ": write failed");
  const uint64_t block_rows = std::max<uint64_t>(1, kBlockBytes / info.row_bytes);
  std::vector<unsigned char> buf(static_cast<size_t>(std::min(rows, block_rows) * info.row_bytes));
  Progress progress("export-npy", rows, info.row_bytes, show);
  for (uint64_t done = 0; done < rows;) {
    const uint64_t k = std::min(block_rows, rows - done);
    const uint64_t first = static_cast<uint64_t>(start) + done;
    const size_t bytes = static_cast<size_t>(k * info.row_bytes);
    CDD_FORWARD_IF_ERROR(check_capi(cdd_reader_read_rows(r.get(), first, first + k, buf.data(), bytes), in));
    CDD_RETURN_ERROR_IF(std::fwrite(buf.data(), 1, bytes, f.get()) != bytes, CDD_E_IO, out + ": write failed");
    done += k;
    progress.update(done);
  }
  CDD_RETURN_ERROR_IF(std::fclose(f.release()) != 0, CDD_E_IO, out + ": close failed");
  return ok();
}

std::string shape_text(const std::vector<uint64_t>& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i != 0) s.append(", ");
    s.append(std::to_string(shape[i]));
  }
  s.append(shape.size() == 1 ? ",)" : ")");
  return s;
}

const char* dtype_text(int dtype) {
  const char* name = cdd_dtype_name(dtype);
  return name != nullptr ? name : "?";
}

}  // namespace

Result<uint64_t> append_npy(const std::string& file, const std::string& in, bool show) {
  uint64_t file_rows = 0;
  cdd_array_info info{};
  info.struct_size = sizeof info;
  {
    CDD_ASSIGN_OR_RETURN(ReaderPtr r, open_reader(file, CDD_READ_SKIP_CHUNK_VERIFY));
    CDD_FORWARD_IF_ERROR(check_capi(cdd_reader_info(r.get(), &info), file));
    file_rows = info.num_rows;
  }
  CDD_ASSIGN_OR_RETURN(FilePtr f, open_file(in, "rb"));
  CDD_ASSIGN_OR_RETURN(NpyHeader h, read_npy_header(f.get(), in));
  std::vector<uint64_t> file_row(info.row_shape, info.row_shape + info.row_ndim);
  std::vector<uint64_t> npy_row;
  if (!h.shape.empty()) npy_row.assign(h.shape.begin() + 1, h.shape.end());
  if (npy_row.empty() && !h.shape.empty()) npy_row.push_back(1);  // (n,) appends rows of shape (1)
  CDD_RETURN_ERROR_IF(h.shape.empty(), CDD_E_INVALID_ARGUMENT, in + ": a 0-d npy array has no rows to append");
  CDD_RETURN_ERROR_IF(h.dtype != info.dtype, CDD_E_INVALID_ARGUMENT,
                      in + " holds " + dtype_text(h.dtype) + " values, " + file + " stores " + dtype_text(info.dtype) +
                          " (convert the array first, e.g. arr.astype(np." + dtype_text(info.dtype) + "))");
  CDD_RETURN_ERROR_IF(npy_row != file_row, CDD_E_INVALID_ARGUMENT,
                      in + " has shape " + shape_text(h.shape) + ": rows of shape " + shape_text(npy_row) + ", but " +
                          file + " stores rows of shape " + shape_text(file_row));
  const uint64_t rows = h.shape[0];
  std::error_code ec;
  const uint64_t size = std::filesystem::file_size(in, ec);
  CDD_RETURN_ERROR_IF(!ec && size < h.data_offset + rows * info.row_bytes, CDD_E_FORMAT,
                      in + ": npy data truncated: the header promises " + std::to_string(rows) + " rows of " +
                          std::to_string(info.row_bytes) + " bytes, the file has " +
                          std::to_string((size - std::min(size, h.data_offset)) / info.row_bytes) +
                          "; nothing appended");
  cdd_writer* raw = nullptr;
  CDD_FORWARD_IF_ERROR(check_capi(cdd_writer_open_append(file.c_str(), 0, &raw), file));
  WriterHandle w(raw);
  const uint64_t block_rows = std::max<uint64_t>(1, kBlockBytes / info.row_bytes);
  std::vector<unsigned char> buf(static_cast<size_t>(std::min(rows, block_rows) * info.row_bytes));
  Progress progress("append", rows, info.row_bytes, show);
  for (uint64_t done = 0; done < rows;) {
    const uint64_t n = std::min(block_rows, rows - done);
    const size_t bytes = static_cast<size_t>(n * info.row_bytes);
    const size_t got = std::fread(buf.data(), 1, bytes, f.get());
    if (got != bytes) {
      CDD_FORWARD_IF_ERROR(check_capi(cdd_writer_flush(w.get()), file));
      return make_error(CDD_E_IO, in + ": read failed after " + std::to_string(done) + " rows; " + file + " has " +
                                      std::to_string(file_rows + done) + " rows (the first " + std::to_string(done) +
                                      " of " + in + " appended)");
    }
    CDD_FORWARD_IF_ERROR(check_capi(cdd_writer_append(w.get(), buf.data(), n), file));
    done += n;
    progress.update(done);
  }
  progress.finish();
  CDD_FORWARD_IF_ERROR(w.close(file));
  return rows;
}

Status import_npy(const std::string& in, const std::string& out, const ImportOptions& options) {
  return remove_on_failure(out, [&] { return do_import(in, out, options); });
}

Status export_npy(const std::string& in, const std::string& out, const RowRange& rows, bool progress) {
  return remove_on_failure(out, [&] { return do_export(in, out, rows, progress); });
}

Result<RowRange> parse_row_range(const std::string& text) {
  const size_t colon = text.find(':');
  CDD_RETURN_ERROR_IF(colon == std::string::npos || text.find(':', colon + 1) != std::string::npos,
                      CDD_E_INVALID_ARGUMENT, "bad row range '" + text + "' (expected a:b, a:, :b)");
  RowRange r;
  const std::string a = text.substr(0, colon), b = text.substr(colon + 1);
  if (!a.empty()) {
    CDD_ASSIGN_OR_RETURN(r.start, parse_int(a, "row range start"));
  }
  if (!b.empty()) {
    CDD_ASSIGN_OR_RETURN(r.end, parse_int(b, "row range end"));
  }
  return r;
}

}  // namespace cdd::tools
