// codec_bench.cpp — cdd_bench_codecs: per order-book codec, filter, stage, chunk target size and Highway
// target, on the generator's data (`--regime R`, default normal) or a real book (`--data FILE.npy`) and one
// core: compression ratio, encode and decode GB/s (decoded float32 bytes per second), beside memcpy of the
// same bytes and the raw LZ4/zstd library decode of the same chunks. `--quick` for a short run,
// `--markdown` for the tables of BENCHMARKS.md.
#include <lz4.h>
#include <zstd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>


#include "bench_data.hpp"
#include "bench_util.hpp"
#include "gen/orderbook_generator.hpp"
#include "ob/filter_params.hpp"
#include "ob/orderbook_codec.hpp"
#include "simd/target.hpp"

namespace {

using cdd::ob::Filter;

struct Options {
  bool quick = false;
  bool markdown = false;
  std::string regime = "normal";
  std::string data_path;  // a .npy order book instead of the generator
};

struct Data {
  std::vector<float> raw;         // OKX book, float32 prices/sizes/counts
  std::vector<float> normalized;  // the ML view, stored with DOWN_CAST_16
  size_t rows = 0;
};

struct Config {
  bool f16 = false;
  Filter filter = Filter::kNone;
  uint64_t stage = CDD_FLAG_LZ4;
  size_t target_bytes = 4096;
};

struct Result {
  size_t rows_per_chunk = 0;
  double ratio = 0;
  double encode_gbs = 0;
  double decode_gbs = 0;
  double memcpy_gbs = 0;
  double lib_gbs = 0;  // raw LZ4 / zstd decode of the same stage streams, per decoded float32 byte
};

constexpr size_t kW = cdd::gen::kValuesPerRow;

cdd::ChunkDesc make_desc(const Config& c, size_t rows, const std::vector<std::byte>& params) {
  static const uint32_t shape[2] = {50, 3};
  cdd::ChunkDesc d;
  d.dtype = CDD_DTYPE_FLOAT32;
  d.flags = CDD_FLAG_LITTLE_ENDIAN | c.stage | (c.f16 ? CDD_FLAG_DOWN_CAST_16 : 0);
  d.rows = rows;
  d.row_shape = shape;
  d.elem_size = 4;
  d.row_elems = kW;
  d.codec_params = params;
  return d;
}

const cdd::Codec& codec_of(const Config& c) {
  return c.f16 ? cdd::ob::okx_ob_f16_codec() : cdd::ob::okx_ob_f32_codec();
}

size_t encoded_size(const Config& c, const float* x, size_t rows) {
  const std::vector<std::byte> params{std::byte{static_cast<uint8_t>(c.filter)}};
  std::vector<std::byte> out;
  const auto d = make_desc(c, rows, params);
  if (!codec_of(c).encode(d, {reinterpret_cast<const std::byte*>(x), d.decoded_bytes()}, c.stage == CDD_FLAG_ZSTD ? 3 : 1, out))
    return 0;
  return out.size();
}

// Rows per chunk whose stored size is about the target (two refinements of a bytes-per-row estimate).
size_t rows_for_target(const Config& c, const Data& data) {
  const float* x = c.f16 ? data.normalized.data() : data.raw.data();
  size_t rows = 256;
  for (int i = 0; i < 2; ++i) {
    rows = std::min(rows, data.rows / 4);
    const double per_row = static_cast<double>(encoded_size(c, x, rows)) / static_cast<double>(rows);
    rows = std::max<size_t>(1, static_cast<size_t>(static_cast<double>(c.target_bytes) / per_row));
  }
  return std::min(rows, data.rows / 4);
}

// CPU seconds of one pass of `fn`: repeated until `min_seconds` have passed, after a warm-up pass.
template <class Fn>
double seconds_per_pass(Fn&& fn, double min_seconds) {
  fn();
  return cdd::bench::timed_pass(fn, min_seconds);
}

// The machine may be shared: the three decoders (codec, memcpy, library) are timed in alternating rounds
// and each keeps its best round, so a burst of other load (cache pollution) does not bias one of them.
template <class A, class B, class C>
void best_of_rounds(int rounds, double round_seconds, A&& a, B&& b, C&& c, double& ta, double& tb, double& tc) {
  ta = tb = tc = 1e300;
  for (int i = 0; i < rounds; ++i) {
    ta = std::min(ta, seconds_per_pass(a, round_seconds));
    tb = std::min(tb, seconds_per_pass(b, round_seconds));
    tc = std::min(tc, seconds_per_pass(c, round_seconds));
  }
}

Result run(const Config& c, const Data& data, const Options& opt) {
  Result r;
  const float* x = c.f16 ? data.normalized.data() : data.raw.data();
  r.rows_per_chunk = rows_for_target(c, data);
  const size_t R = r.rows_per_chunk;
  const size_t nchunks = data.rows / R;
  const size_t chunk_bytes = R * kW * 4;
  const size_t total = nchunks * chunk_bytes;
  const std::vector<std::byte> params{std::byte{static_cast<uint8_t>(c.filter)}};
  const auto d = make_desc(c, R, params);
  const int level = c.stage == CDD_FLAG_ZSTD ? 3 : 1;
  const double min_s = opt.quick ? 0.05 : 0.1;

  std::vector<std::vector<std::byte>> payloads(nchunks);
  const double enc_s = seconds_per_pass(
      [&] {
        for (size_t i = 0; i < nchunks; ++i) {
          payloads[i].clear();
          (void)codec_of(c).encode(d, {reinterpret_cast<const std::byte*>(x + i * R * kW), chunk_bytes}, level,
                                   payloads[i]);
        }
      },
      min_s);
  size_t stored = 0;
  for (const auto& p : payloads) stored += p.size();
  r.ratio = static_cast<double>(total) / static_cast<double>(stored);
  r.encode_gbs = static_cast<double>(total) / enc_s / 1e9;

  // Decode every chunk into the same cache-resident buffer, as a reader's per-chunk loop does.
  std::vector<std::byte> out(chunk_bytes);
  std::vector<std::byte> src(reinterpret_cast<const std::byte*>(x), reinterpret_cast<const std::byte*>(x) + total);
  std::vector<char> scratch(chunk_bytes + 64);
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  double dec_s = 0, mem_s = 0, lib_s = 0;
  best_of_rounds(
      opt.quick ? 2 : 5, opt.quick ? 0.02 : 0.04,
      [&] {
        for (size_t i = 0; i < nchunks; ++i) (void)codec_of(c).decode(d, payloads[i], out);
      },
      [&] {
        for (size_t i = 0; i < nchunks; ++i) std::memcpy(out.data(), src.data() + i * chunk_bytes, chunk_bytes);
      },
      // The library alone on the same stage streams (what follows the 8-byte payload header).
      [&] {
        for (size_t i = 0; i < nchunks; ++i) {
          const auto* p = reinterpret_cast<const char*>(payloads[i].data()) + cdd::ob::kPayloadHeaderBytes;
          const size_t n = payloads[i].size() - cdd::ob::kPayloadHeaderBytes;
          if (c.stage == CDD_FLAG_LZ4)
            (void)LZ4_decompress_safe(p, scratch.data(), static_cast<int>(n), static_cast<int>(scratch.size()));
          else
            (void)ZSTD_decompressDCtx(dctx, scratch.data(), scratch.size(), p, n);
        }
      },
      dec_s, mem_s, lib_s);
  ZSTD_freeDCtx(dctx);
  r.decode_gbs = static_cast<double>(total) / dec_s / 1e9;
  r.memcpy_gbs = static_cast<double>(total) / mem_s / 1e9;
  r.lib_gbs = static_cast<double>(total) / lib_s / 1e9;
  return r;
}

// The CPU's model name (Linux /proc/cpuinfo, as lscpu shows it), or "unknown".
std::string cpu_model() {
  std::ifstream f("/proc/cpuinfo");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  }
  return "unknown";
}

// The 1-minute load average (Linux /proc/loadavg): how busy the machine was while measuring.
std::string load_average() {
  std::ifstream f("/proc/loadavg");
  std::string first;
  return (f >> first) ? first : "unknown";
}

const char* stage_name(uint64_t s) { return s == CDD_FLAG_LZ4 ? "LZ4" : "ZSTD"; }

void print_header(const Options& opt) {
  if (opt.markdown) {
    std::printf("| target | codec | filter | stage | chunk | rows/chunk | ratio | encode GB/s | decode GB/s | "
                "memcpy GB/s | lib decode GB/s | decode/memcpy | decode/lib |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  } else {
    std::printf("%-7s %-10s %-9s %-5s %6s %6s %7s %8s %8s %8s %8s %8s %8s\n", "target", "codec", "filter", "stage",
                "chunk", "rows", "ratio", "enc", "dec", "memcpy", "lib", "dec/mem", "dec/lib");
  }
}

void print_row(const Options& opt, const char* target, const Config& c, const Result& r) {
  const char* codec = c.f16 ? "OKX_OB_F16" : "OKX_OB_F32";
  const std::string chunk = std::to_string(c.target_bytes / 1024) + "K";
  const double pm = 100.0 * r.decode_gbs / r.memcpy_gbs, pl = 100.0 * r.decode_gbs / r.lib_gbs;
  if (opt.markdown) {
    std::printf("| %s | %s | %s | %s | %s | %zu | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f%% | %.0f%% |\n", target, codec,
                cdd::ob::filter_name(c.filter), stage_name(c.stage), chunk.c_str(), r.rows_per_chunk, r.ratio,
                r.encode_gbs, r.decode_gbs, r.memcpy_gbs, r.lib_gbs, pm, pl);
  } else {
    std::printf("%-7s %-10s %-9s %-5s %6s %6zu %7.2f %8.2f %8.2f %8.2f %8.2f %7.0f%% %7.0f%%\n", target, codec,
                cdd::ob::filter_name(c.filter), stage_name(c.stage), chunk.c_str(), r.rows_per_chunk, r.ratio,
                r.encode_gbs, r.decode_gbs, r.memcpy_gbs, r.lib_gbs, pm, pl);
  }
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--quick") opt.quick = true;
    else if (a == "--markdown") opt.markdown = true;
    else if (a == "--regime" && i + 1 < argc) opt.regime = argv[++i];
    else if (a == "--data" && i + 1 < argc) opt.data_path = argv[++i];
    else {
      std::fprintf(stderr, "usage: cdd_bench_codecs [--quick] [--markdown] [--regime calm|normal|busy|trending|gappy|"
                           "stress|legacy] [--data BOOK.npy]\n");
      return 2;
    }
  }
  const size_t want_rows = opt.quick ? 4096 : 16384;
  auto loaded = opt.data_path.empty() ? cdd::bench::regime_books(opt.regime, want_rows, 20240601)
                                      : cdd::bench::npy_books(opt.data_path, want_rows);
  if (!loaded) {
    std::fprintf(stderr, "cdd_bench_codecs: %s\n", loaded.error().message.c_str());
    return 2;
  }
  Data data;
  data.rows = loaded->rows;
  data.raw = std::move(loaded->raw);
  data.normalized = std::move(loaded->normalized);

  const auto targets = cdd::simd::available_targets();
  std::string all;
  for (const auto& t : targets) all += (all.empty() ? "" : ", ") + t;
  std::printf("%sCPU: %s (%u hardware threads, load average %s at start); SIMD targets: %s; dispatch: %s; "
              "%zu rows per data set; data: %s\n\n",
              opt.markdown ? "" : "# ", cpu_model().c_str(), std::thread::hardware_concurrency(),
              load_average().c_str(), all.c_str(), cdd::simd::target_name(), data.rows, loaded->source.c_str());
  const std::vector<size_t> sizes = opt.quick ? std::vector<size_t>{4096} : std::vector<size_t>{1024, 4096, 16384, 65536};
  const std::vector<Filter> filters = {Filter::kNone, Filter::kShuffle, Filter::kXor, Filter::kShiftXor, Filter::kBitmap};
  print_header(opt);

  // 1. Every filter, stage and chunk size on the best target.
  const std::string best = cdd::simd::target_name();  // the best, or the CDD_SIMD_TARGET cap
  for (bool f16 : {true, false})
    for (uint64_t stage : {uint64_t{CDD_FLAG_LZ4}, uint64_t{CDD_FLAG_ZSTD}})
      for (size_t size : sizes)
        for (Filter f : filters) {
          if (!f16 && data.raw.empty()) continue;  // a float16 .npy has the normalized book only
          const Config c{f16, f, stage, size};
          print_row(opt, best.c_str(), c, run(c, data, opt));
        }
  // 2. The default filter and temporal XOR at 4 KiB on every other target.
  for (size_t t = 1; t < targets.size() && !opt.quick; ++t) {
    if (!cdd::simd::set_target(targets[t])) continue;
    for (bool f16 : {true, false})
      for (uint64_t stage : {uint64_t{CDD_FLAG_LZ4}, uint64_t{CDD_FLAG_ZSTD}})
        for (Filter f : {cdd::ob::kDefaultFilter, Filter::kXor}) {
          if (!f16 && data.raw.empty()) continue;
          const Config c{f16, f, stage, 4096};
          print_row(opt, targets[t].c_str(), c, run(c, data, opt));
        }
  }
  (void)cdd::simd::set_target("");
  return 0;
}
