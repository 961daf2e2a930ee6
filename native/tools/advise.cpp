// advise.cpp — `cdd advise`: the .npy sample reader and the trade-off table around cdd_advise.
#include "tools/advise.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>
#include <vector>

#include "tools/codec_names.hpp"
#include "tools/npy.hpp"

namespace cdd::tools {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string stage_name(uint64_t flags) {
  return (flags & CDD_FLAG_LZ4) != 0 ? "lz4" : (flags & CDD_FLAG_ZSTD) != 0 ? "zstd" : "none";
}

std::string kib(uint32_t bytes) {
  return bytes % 1024 == 0 ? std::to_string(bytes / 1024) + " KiB" : std::to_string(bytes) + " B";
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace

std::string advice_table(const std::string& what, const cdd_advise_trial* t, size_t count, size_t best,
                         const cdd_advise_options& a) {
  std::vector<size_t> order(count);
  for (size_t i = 0; i < count; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return t[x].ratio > t[y].ratio; });
  std::string out = what + "\n\n";
  char line[256];
  std::snprintf(line, sizeof line, "  %-16s %-5s %5s %8s %7s %11s %10s %10s\n", "codec", "stage", "level", "chunk",
                "ratio", "write MB/s", "slices/s", "scan GB/s");
  out += line;
  for (size_t i : order) {
    std::snprintf(line, sizeof line, "%c %-16s %-5s %5d %8s %7.2f %11.0f %10.0f %10.2f\n", i == best ? '*' : ' ',
                  lower(codec_label(t[i].codec)).c_str(), stage_name(t[i].codec_flags).c_str(), t[i].level,
                  kib(t[i].chunk_target_bytes).c_str(), t[i].ratio, t[i].write_mb_s, t[i].slices_per_s, t[i].scan_gb_s);
    out += line;
  }
  if (count == 0) return out;
  const cdd_advise_trial& b = t[best];
  double fastest = 0;
  for (size_t i = 0; i < count; ++i) fastest = std::max(fastest, t[i].slices_per_s);
  out += "\nrecommended (*): " + lower(codec_label(b.codec)) + ", " + stage_name(b.codec_flags) + " level " +
         std::to_string(b.level) + ", " + kib(b.chunk_target_bytes) + " chunks: ratio " + fmt("%.2f", b.ratio) + ", " +
         fmt("%.0f", b.slices_per_s) + " slices/s (" + fmt("%.0f", 100.0 * b.slices_per_s / std::max(fastest, 1e-9)) +
         "% of the fastest) — the smallest file among the trials at least " + fmt("%.0f", 100.0 * a.min_speed_fraction) +
         "% as fast as the fastest\n";
  out += "  cdd import-npy IN.npy OUT.cdd --codec " + lower(codec_label(b.codec)) + " --stage " +
         stage_name(b.codec_flags) + " --level " + std::to_string(b.level) + " --chunk-bytes " +
         std::to_string(b.chunk_target_bytes) + "\n";
  out += "  (timings on one sample in memory with " + std::to_string(a.threads) +
         " decode thread; rerun on a quiet machine before relying on small differences)\n";
  return out;
}

Result<std::string> advise_npy(const std::string& in, const AdviseOptions& o) {
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(in.c_str(), "rb"));
  CDD_RETURN_ERROR_IF(!f, CDD_E_IO, in + ": cannot open for reading");
  CDD_ASSIGN_OR_RETURN(NpyHeader h, read_npy_header(f.get(), in));
  CDD_RETURN_ERROR_IF(h.shape.empty() || h.shape[0] == 0, CDD_E_INVALID_ARGUMENT, in + ": no rows to try");
  std::vector<uint64_t> row(h.shape.begin() + 1, h.shape.end());
  if (row.empty()) row.push_back(1);
  CDD_RETURN_ERROR_IF(row.size() > CDD_MAX_ROW_DIMS, CDD_E_UNSUPPORTED, in + ": too many dimensions");
  uint64_t row_bytes = cdd_dtype_size(h.dtype);
  cdd_writer_options layout;
  cdd_writer_options_init(&layout);
  layout.dtype = h.dtype;
  layout.row_ndim = static_cast<uint32_t>(row.size());
  for (size_t i = 0; i < row.size(); ++i) {
    CDD_RETURN_ERROR_IF(row[i] == 0 || row[i] > 0xffffffffu, CDD_E_UNSUPPORTED, in + ": a row dimension is 0 or too large");
    layout.row_shape[i] = static_cast<uint32_t>(row[i]);
    row_bytes *= row[i];
  }
  const uint64_t rows = h.shape[0];
  const uint64_t want = std::min(rows, std::max<uint64_t>(o.sample_rows, 1));
  // 8 evenly spaced runs of the file (one when small), read with seeks: the sample, not the file.
  const uint64_t runs = want < 8 * 1024 ? 1 : 8;
  std::vector<unsigned char> sample(static_cast<size_t>(want * row_bytes));
  for (uint64_t i = 0, at = 0; i < runs; ++i) {
    const uint64_t len = want / runs + (i < want % runs ? 1 : 0);
    const uint64_t first = runs == 1 ? 0 : (rows - len) * i / (runs - 1);
    const uint64_t off = h.data_offset + first * row_bytes;
    CDD_RETURN_ERROR_IF(std::fseek(f.get(), static_cast<long>(off), SEEK_SET) != 0, CDD_E_IO, in + ": seek failed");
    const size_t bytes = static_cast<size_t>(len * row_bytes);
    CDD_RETURN_ERROR_IF(std::fread(sample.data() + at * row_bytes, 1, bytes, f.get()) != bytes, CDD_E_FORMAT,
                        in + ": npy data truncated (the header promises " + std::to_string(rows) + " rows)");
    at += len;
  }
  cdd_advise_options a;
  cdd_advise_options_init(&a);
  a.sample_rows = want;
  a.slice_rows = o.slice_rows;
  a.seconds_per_trial = o.seconds;
  a.min_speed_fraction = o.min_speed;
  std::vector<cdd_advise_trial> trials(CDD_ADVISE_MAX_TRIALS);
  size_t count = 0, best = 0;
  if (cdd_advise(&layout, sample.data(), want, &a, trials.data(), trials.size(), &count, &best) != CDD_OK) {
    return make_error(static_cast<cdd_status>(cdd_last_error_code()), in + ": " + cdd_last_error_message());
  }
  std::string shape = "(";
  shape.append(std::to_string(rows));
  for (uint64_t d : row) {
    shape.append(", ");
    shape.append(std::to_string(d));
  }
  shape.push_back(')');
  const std::string what = "cdd advise " + in + ": " + cdd_dtype_name(h.dtype) + " " + shape + ", sample of " +
                           std::to_string(want) + " rows (" + fmt("%.1f", static_cast<double>(want * row_bytes) / 1e6) +
                           " MB) in " + std::to_string(runs) + " run" + (runs > 1 ? "s" : "") + ", random " +
                           std::to_string(std::min<uint64_t>(o.slice_rows, want)) + "-row slices";
  return advice_table(what, trials.data(), count, best, a);
}

}  // namespace cdd::tools
