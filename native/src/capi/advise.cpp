// advise.cpp (capi) — cdd_advise: the chunk advisor. Writes a sample of the caller's array into memory
// stores once per candidate (codec preset x stage x chunk size), through the public writer and reader,
// and measures ratio, write speed, random-slice rate and scan speed; recommends the smallest among the
// fast enough.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <random>
#include <vector>

#include "capi/handles.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

cdd::Status last_status() {
  const int code = cdd_last_error_code();
  return cdd::make_error(code == CDD_OK ? CDD_E_INTERNAL : static_cast<cdd_status>(code), cdd_last_error_message());
}

#define CDD_CAPI_TRY(expr)                                   \
  do {                                                       \
    if ((expr) != CDD_OK) return last_status();              \
  } while (0)

struct Candidate {
  int32_t codec;
  uint64_t stage;  // CDD_FLAG_ZSTD / CDD_FLAG_LZ4; ~0 = the preset's
  uint32_t chunk_target_bytes;  // 0 = the preset's
};

bool is_float(int32_t dtype) {
  return dtype == CDD_DTYPE_FLOAT16 || dtype == CDD_DTYPE_FLOAT32 || dtype == CDD_DTYPE_BFLOAT16 ||
         dtype == CDD_DTYPE_FLOAT64;
}
bool is_int(int32_t dtype) { return dtype >= CDD_DTYPE_INT8 && dtype <= CDD_DTYPE_UINT64; }

std::vector<Candidate> candidates(const cdd_writer_options& layout) {
  std::vector<int32_t> codecs;
  const bool book_like = layout.row_ndim == 2 && layout.row_shape[1] == 3 &&
                         (layout.dtype == CDD_DTYPE_FLOAT16 || layout.dtype == CDD_DTYPE_FLOAT32);
  const bool f16 = layout.dtype == CDD_DTYPE_FLOAT16;
  if (book_like && layout.row_shape[0] == 50) codecs.push_back(f16 ? CDD_CODEC_OKX_OB_F16 : CDD_CODEC_OKX_OB_F32);
  if (book_like) codecs.push_back(f16 ? CDD_CODEC_GENERIC_OB_F16 : CDD_CODEC_GENERIC_OB_F32);
  if (is_int(layout.dtype)) codecs.push_back(CDD_CODEC_DELTA);
  codecs.push_back(CDD_CODEC_SHUFFLE);
  codecs.push_back(CDD_CODEC_ZSTD);
  codecs.push_back(CDD_CODEC_LZ4);
  (void)is_float;
  std::vector<Candidate> out;
  const uint32_t sizes[] = {0, 4096, 16384, 65536};
  for (int32_t c : codecs) {
    std::vector<uint64_t> stages{~uint64_t{0}};
    if (c != CDD_CODEC_ZSTD && c != CDD_CODEC_LZ4) stages.push_back(0);  // 0 marks "the other stage"
    for (uint64_t st : stages) {
      for (uint32_t size : sizes) out.push_back({c, st, size});
    }
  }
  return out;
}

// Applies a candidate to `o` (dtype and shape already set); false when it repeats an earlier setting.
void apply(cdd_writer_options& o, const Candidate& c) {
  cdd_writer_options_set_codec(&o, c.codec);
  if (c.stage == 0) {  // the stage the preset does not use, at that stage's default level
    const bool lz4 = (o.codec_flags & CDD_FLAG_LZ4) != 0;
    o.codec_flags = (o.codec_flags & ~(CDD_FLAG_LZ4 | CDD_FLAG_ZSTD)) | (lz4 ? CDD_FLAG_ZSTD : CDD_FLAG_LZ4);
    o.level = lz4 ? 3 : 1;
    o.codec_params = nullptr;
    o.codec_params_size = 0;
  }
  if (c.chunk_target_bytes != 0) o.chunk_target_bytes = c.chunk_target_bytes;
}

struct StoreFree {
  void operator()(cdd_store* s) const { cdd_store_free(s); }
};
struct ReaderFree {
  void operator()(cdd_reader* r) const { cdd_reader_close(r); }
};

cdd::Status run_trial(const cdd_writer_options& o, const unsigned char* sample, uint64_t rows, uint64_t row_bytes,
                      const cdd_advise_options& a, std::mt19937_64& rng, cdd_advise_trial& t) {
  cdd_store* raw = nullptr;
  CDD_CAPI_TRY(cdd_store_memory_new(&raw));
  std::unique_ptr<cdd_store, StoreFree> store(raw);
  cdd_writer* w = nullptr;
  CDD_CAPI_TRY(cdd_writer_create_store(store.get(), &o, &w));
  const auto t0 = Clock::now();
  const int appended = cdd_writer_append(w, sample, rows);
  const int closed = cdd_writer_close(w);
  if (appended != CDD_OK || closed != CDD_OK) return last_status();
  const double write_s = since(t0);
  const void* bytes = nullptr;
  size_t size = 0;
  CDD_CAPI_TRY(cdd_store_memory_bytes(store.get(), &bytes, &size));
  cdd_reader_options ro;
  cdd_reader_options_init(&ro);
  ro.threads = a.threads;
  cdd_reader* rr = nullptr;
  CDD_CAPI_TRY(cdd_reader_open_store(store.get(), &ro, &rr));
  std::unique_ptr<cdd_reader, ReaderFree> r(rr);
  std::vector<unsigned char> buf(static_cast<size_t>(rows * row_bytes));
  // Full scan (also checks the round trip), then random slices for the time given.
  double scan_s = 0;
  for (int pass = 0; pass < 2; ++pass) {  // the faster of two scans
    const auto s0 = Clock::now();
    CDD_CAPI_TRY(cdd_reader_read_rows(r.get(), 0, rows, buf.data(), buf.size()));
    scan_s = pass == 0 ? since(s0) : std::min(scan_s, since(s0));
  }
  CDD_RETURN_ERROR_IF(std::memcmp(buf.data(), sample, buf.size()) != 0 && (o.codec_flags & CDD_FLAG_DOWN_CAST_16) == 0,
                      CDD_E_INTERNAL, "cdd_advise: a trial did not read back the sample it wrote");
  // The slice rate is 1 / the median time of one slice: robust to a shared machine's preemptions.
  const uint64_t slice = std::min<uint64_t>(a.slice_rows, rows);
  std::vector<double> times;
  const auto m0 = Clock::now();
  do {
    const uint64_t start = rows == slice ? 0 : rng() % (rows - slice + 1);
    const auto q = Clock::now();
    CDD_CAPI_TRY(cdd_reader_read_rows(r.get(), start, start + slice, buf.data(), static_cast<size_t>(slice * row_bytes)));
    times.push_back(since(q));
  } while (since(m0) < a.seconds_per_trial || times.size() < 5);
  std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2), times.end());
  const double median = times[times.size() / 2];
  t.codec = o.codec;
  t.level = o.level;
  t.codec_flags = o.codec_flags & (CDD_FLAG_ZSTD | CDD_FLAG_LZ4);
  t.chunk_target_bytes = o.chunk_target_bytes;
  t.sample_bytes = rows * row_bytes;
  t.stored_bytes = size;
  t.chunks = cdd_reader_num_chunks(r.get());
  t.ratio = static_cast<double>(t.sample_bytes) / static_cast<double>(std::max<size_t>(size, 1));
  t.write_mb_s = static_cast<double>(t.sample_bytes) / 1e6 / std::max(write_s, 1e-9);
  t.slices_per_s = 1.0 / std::max(median, 1e-9);
  t.scan_gb_s = static_cast<double>(t.sample_bytes) / 1e9 / std::max(scan_s, 1e-9);
  return cdd::ok();
}

}  // namespace

extern "C" {

CDD_API void cdd_advise_options_init(cdd_advise_options* opts) {
  if (opts == nullptr) return;
  *opts = cdd_advise_options{};
  opts->struct_size = sizeof *opts;
  opts->sample_rows = 65536;
  opts->slice_rows = 1024;
  opts->seconds_per_trial = 0.1;
  opts->min_speed_fraction = 0.5;
  opts->threads = 1;
  opts->seed = 1;
}

CDD_API int cdd_advise(const cdd_writer_options* layout, const void* data, uint64_t nrows,
                       const cdd_advise_options* opts, cdd_advise_trial* trials, size_t capacity, size_t* count,
                       size_t* best) {
  return cdd::capi::guard([&]() -> cdd::Status {
    CDD_RETURN_ERROR_IF(layout == nullptr || data == nullptr || count == nullptr || best == nullptr,
                        CDD_E_INVALID_ARGUMENT, "cdd_advise: layout, data, count and best must not be NULL");
    CDD_RETURN_ERROR_IF(nrows == 0, CDD_E_INVALID_ARGUMENT, "cdd_advise: no rows to try");
    cdd_advise_options a;
    cdd_advise_options_init(&a);
    if (opts != nullptr) {
      CDD_RETURN_ERROR_IF(opts->struct_size != sizeof a, CDD_E_INVALID_ARGUMENT,
                          "cdd_advise: options struct_size mismatch (call cdd_advise_options_init)");
      a = *opts;
      if (a.sample_rows == 0) a.sample_rows = 65536;
      if (a.slice_rows == 0) a.slice_rows = 1024;
      if (!(a.seconds_per_trial > 0)) a.seconds_per_trial = 0.1;
      if (!(a.min_speed_fraction > 0) || a.min_speed_fraction > 1) a.min_speed_fraction = 0.5;
    }
    const size_t elem = cdd_dtype_size(layout->dtype);
    CDD_RETURN_ERROR_IF(elem == 0, CDD_E_INVALID_ARGUMENT, "cdd_advise: unknown dtype " + std::to_string(layout->dtype));
    CDD_RETURN_ERROR_IF(layout->row_ndim < 1 || layout->row_ndim > CDD_MAX_ROW_DIMS, CDD_E_INVALID_ARGUMENT,
                        "cdd_advise: row_ndim must be 1.." + std::to_string(CDD_MAX_ROW_DIMS));
    uint64_t row_bytes = elem;
    for (uint32_t d = 0; d < layout->row_ndim; ++d) {
      CDD_RETURN_ERROR_IF(layout->row_shape[d] == 0, CDD_E_INVALID_ARGUMENT, "cdd_advise: a row dim is 0");
      row_bytes *= layout->row_shape[d];
    }
    const std::vector<Candidate> cands = candidates(*layout);
    *count = cands.size();
    CDD_RETURN_ERROR_IF(trials == nullptr || capacity < cands.size(), CDD_E_INVALID_ARGUMENT,
                        "cdd_advise: room for " + std::to_string(cands.size()) + " trials needed, " +
                            std::to_string(capacity) + " given");
    // The sample: 8 evenly spaced runs (or everything when the array is small).
    const uint64_t want = std::min(nrows, a.sample_rows);
    std::vector<unsigned char> sample(static_cast<size_t>(want * row_bytes));
    const auto* src = static_cast<const unsigned char*>(data);
    const uint64_t runs = want < 8 * 1024 ? 1 : 8;
    for (uint64_t i = 0, at = 0; i < runs; ++i) {
      const uint64_t len = want / runs + (i < want % runs ? 1 : 0);
      const uint64_t first = runs == 1 ? 0 : (nrows - len) * i / (runs - 1);
      std::memcpy(sample.data() + at * row_bytes, src + first * row_bytes, static_cast<size_t>(len * row_bytes));
      at += len;
    }
    std::mt19937_64 rng(a.seed);
    size_t n = 0;
    std::vector<std::pair<int32_t, uint64_t>> seen_settings;
    for (const Candidate& c : cands) {
      cdd_writer_options o;
      cdd_writer_options_init(&o);
      o.dtype = layout->dtype;
      o.row_ndim = layout->row_ndim;
      std::memcpy(o.row_shape, layout->row_shape, sizeof o.row_shape);
      apply(o, c);
      // The preset's own chunk size repeats one of the listed sizes: try it once.
      const uint64_t key = (o.codec_flags & (CDD_FLAG_ZSTD | CDD_FLAG_LZ4)) << 40 | o.chunk_target_bytes;
      if (std::find(seen_settings.begin(), seen_settings.end(), std::make_pair(o.codec, key)) != seen_settings.end()) {
        continue;
      }
      seen_settings.emplace_back(o.codec, key);
      CDD_FORWARD_IF_ERROR(run_trial(o, sample.data(), want, row_bytes, a, rng, trials[n]));
      ++n;
    }
    *count = n;
    double fastest = 0;
    for (size_t i = 0; i < n; ++i) fastest = std::max(fastest, trials[i].slices_per_s);
    size_t pick = 0;
    bool found = false;
    for (size_t i = 0; i < n; ++i) {
      if (trials[i].slices_per_s < a.min_speed_fraction * fastest) continue;
      if (!found || trials[i].ratio > trials[pick].ratio) {
        pick = i;
        found = true;
      }
    }
    *best = pick;
    return cdd::ok();
  });
}

}  // extern "C"
