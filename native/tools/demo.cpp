// demo.cpp — the README's demo: generate -> write (book + timestamps) -> verify -> full read -> random
// slices, every read compared with the regenerated stream, with bytes, ratio and GB/s printed.
#include "tools/demo.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <vector>

#include "cdd/cdd.h"
#include "tools/capi_handles.hpp"
#include "tools/codec_names.hpp"
#include "tools/progress.hpp"

namespace cdd::tools {
namespace {

constexpr uint64_t kBookValues = 150;  // 50 levels x 3 fields per row
constexpr uint64_t kBookRowBytes = kBookValues * sizeof(float);
constexpr uint64_t kGenBlock = 16384;  // rows generated per call
constexpr uint64_t kSliceRows = 1024;

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

Result<GenPtr> new_gen(const DemoOptions& o) {
  cdd_gen_options go;
  cdd_gen_options_init(&go);
  go.seed = o.seed;
  go.regime = o.regime;
  cdd_gen_state* g = nullptr;
  CDD_FORWARD_IF_ERROR(check_capi(cdd_gen_new_with(&go, &g), "generator"));
  return GenPtr(g);
}

// Writes the book and the timestamps; returns the seconds spent in the writers (generation excluded).
Result<double> write_files(const DemoOptions& o, const std::string& book, const std::string& ts) {
  cdd_writer_options bo;
  cdd_writer_options_init(&bo);
  bo.dtype = CDD_DTYPE_FLOAT32;
  bo.row_ndim = 2;
  bo.row_shape[0] = 50;
  bo.row_shape[1] = 3;
  set_codec(bo, o.codec.value_or(CDD_CODEC_OKX_OB_F32));  // the book codec's preset unless --codec names another
  const char* um = "{\"instrument\":\"BTC-USDT\",\"venue\":\"OKX\",\"levels\":25,\"fields\":[\"price\",\"size\",\"count\"]}";
  bo.user_meta = um;
  bo.user_meta_size = std::strlen(um);
  cdd_writer_options to;
  cdd_writer_options_init(&to);
  to.dtype = CDD_DTYPE_INT64;
  to.row_ndim = 1;
  to.row_shape[0] = 1;
  to.codec = CDD_CODEC_DELTA;

  CDD_ASSIGN_OR_RETURN(WriterHandle bw, create_writer(book, bo));
  CDD_ASSIGN_OR_RETURN(WriterHandle tw, create_writer(ts, to));
  CDD_ASSIGN_OR_RETURN(GenPtr g, new_gen(o));
  std::vector<float> rows(kGenBlock * kBookValues);
  std::vector<int64_t> times(kGenBlock);
  double writing = 0;
  Progress progress("demo: writing", o.rows, kBookRowBytes + 8);
  for (uint64_t done = 0; done < o.rows;) {
    const uint64_t n = std::min(kGenBlock, o.rows - done);
    CDD_FORWARD_IF_ERROR(check_capi(cdd_gen_orderbook_f32(g.get(), n, rows.data(), n * kBookRowBytes), "generator"));
    CDD_FORWARD_IF_ERROR(check_capi(cdd_gen_timestamps_ms(g.get(), n, times.data(), n * 8), "generator"));
    const auto t0 = Clock::now();
    CDD_FORWARD_IF_ERROR(check_capi(cdd_writer_append(bw.get(), rows.data(), n), book));
    CDD_FORWARD_IF_ERROR(check_capi(cdd_writer_append(tw.get(), times.data(), n), ts));
    writing += seconds_since(t0);
    done += n;
    progress.update(done);
  }
  const auto t0 = Clock::now();
  CDD_FORWARD_IF_ERROR(bw.close(book));
  CDD_FORWARD_IF_ERROR(tw.close(ts));
  return writing + seconds_since(t0);
}

// The whole book regenerated from the seed, to check what was read.
Result<std::vector<float>> expected_book(const DemoOptions& o) {
  CDD_ASSIGN_OR_RETURN(GenPtr g, new_gen(o));
  std::vector<float> all(o.rows * kBookValues);
  CDD_FORWARD_IF_ERROR(
      check_capi(cdd_gen_orderbook_f32(g.get(), o.rows, all.data(), all.size() * sizeof(float)), "generator"));
  return all;
}

uint64_t file_size(const std::string& path) {
  std::error_code ec;
  const auto n = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<uint64_t>(n);
}

Status run(const DemoOptions& o, const std::string& dir) {
  const std::string book = (std::filesystem::path(dir) / "book.cdd").string();
  const std::string ts = (std::filesystem::path(dir) / "timestamps.cdd").string();
  std::printf("cdd demo: %llu order-book snapshots (50 levels x price/size/count, float32) + int64 timestamps, "
              "regime %s\n",
              static_cast<unsigned long long>(o.rows), cdd_gen_regime_name(o.regime));
  std::printf("          libcdd %s, SIMD target %s, files in %s\n", cdd_version_string(), cdd_simd_target(),
              dir.c_str());
  std::fflush(stdout);

  CDD_ASSIGN_OR_RETURN(double write_s, write_files(o, book, ts));
  const double raw = static_cast<double>(o.rows * kBookRowBytes);
  const double book_bytes = static_cast<double>(file_size(book));
  const double ts_bytes = static_cast<double>(file_size(ts));
  CDD_ASSIGN_OR_RETURN(ReaderPtr r, open_reader(book));
  cdd_array_info info{};
  info.struct_size = sizeof info;
  CDD_FORWARD_IF_ERROR(check_capi(cdd_reader_info(r.get(), &info), book));
  std::printf("\nwrite   book.cdd       %8.1f MB raw -> %7.2f MB on disk, ratio %5.2fx, %llu chunks (%s %s), %.2f GB/s\n",
              raw / 1e6, book_bytes / 1e6, raw / book_bytes, static_cast<unsigned long long>(info.num_chunks),
              codec_label(info.codec).c_str(), flag_names(info.codec_flags).c_str(), raw / write_s / 1e9);
  std::printf("        timestamps.cdd %8.1f MB raw -> %7.3f MB on disk, ratio %5.1fx (%.2f bits per timestamp)\n",
              static_cast<double>(o.rows * 8) / 1e6, ts_bytes / 1e6, static_cast<double>(o.rows * 8) / ts_bytes,
              ts_bytes * 8 / static_cast<double>(o.rows));

  auto t0 = Clock::now();
  CDD_FORWARD_IF_ERROR(check_capi(cdd_verify_file(book.c_str()), book));
  CDD_FORWARD_IF_ERROR(check_capi(cdd_verify_file(ts.c_str()), ts));
  std::printf("verify  both files: every hash checked in %.3f s\n", seconds_since(t0));

  CDD_ASSIGN_OR_RETURN(std::vector<float> want, expected_book(o));
  std::vector<float> got(o.rows * kBookValues);
  t0 = Clock::now();
  CDD_FORWARD_IF_ERROR(
      check_capi(cdd_reader_read_rows(r.get(), 0, o.rows, got.data(), got.size() * sizeof(float)), book));
  const double full_s = seconds_since(t0);
  CDD_RETURN_ERROR_IF(std::memcmp(got.data(), want.data(), got.size() * sizeof(float)) != 0, CDD_E_INTERNAL,
                      "demo: the full read differs from the data written");
  std::printf("read    full scan      %8.1f MB in %.3f s = %.2f GB/s decoded (bit-exact)\n", raw / 1e6, full_s,
              raw / full_s / 1e9);

  if (o.rows >= kSliceRows && o.slices > 0) {
    std::mt19937_64 rng(o.seed);
    std::vector<float> slice(kSliceRows * kBookValues);
    double slice_s = 0;
    for (uint64_t i = 0; i < o.slices; ++i) {
      const uint64_t start = rng() % (o.rows - kSliceRows + 1);
      const auto s0 = Clock::now();
      CDD_FORWARD_IF_ERROR(check_capi(
          cdd_reader_read_rows(r.get(), start, start + kSliceRows, slice.data(), slice.size() * sizeof(float)), book));
      slice_s += seconds_since(s0);
      CDD_RETURN_ERROR_IF(std::memcmp(slice.data(), want.data() + start * kBookValues, slice.size() * sizeof(float)) != 0,
                          CDD_E_INTERNAL, "demo: slice at row " + std::to_string(start) + " differs");
    }
    const double bytes = static_cast<double>(o.slices * kSliceRows * kBookRowBytes);
    std::printf("read    %llu random %llu-row slices: %.0f slices/s, %.1f us each, %.2f GB/s decoded (bit-exact)\n",
                static_cast<unsigned long long>(o.slices), static_cast<unsigned long long>(kSliceRows),
                static_cast<double>(o.slices) / slice_s, slice_s / static_cast<double>(o.slices) * 1e6,
                bytes / slice_s / 1e9);
  }
  return ok();
}

}  // namespace

Status run_demo(const DemoOptions& o) {
  CDD_RETURN_ERROR_IF(o.rows == 0, CDD_E_INVALID_ARGUMENT, "demo: --rows must be at least 1");
  std::string dir = o.dir;
  bool temporary = false;
  if (dir.empty()) {
    std::error_code ec;
    const auto base = std::filesystem::temp_directory_path(ec);
    CDD_RETURN_ERROR_IF(ec, CDD_E_IO, "demo: no temporary directory: " + ec.message());
    std::random_device rd;
    dir = (base / ("cdd-demo-" + std::to_string(rd()))).string();
    temporary = !o.keep;
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  CDD_RETURN_ERROR_IF(ec, CDD_E_IO, "demo: cannot create " + dir + ": " + ec.message());
  Status s = run(o, dir);
  if (temporary) {
    std::filesystem::remove_all(dir, ec);
  } else if (s) {
    std::printf("\nThe files stay in %s: try `cdd inspect %s`\n", dir.c_str(),
                (std::filesystem::path(dir) / "book.cdd").string().c_str());
  }
  return s;
}

}  // namespace cdd::tools
