// tune_bench.cpp — cdd_bench_tune: the codec-tuning grid on one order book read from a .npy file
// ((N, D, F) float16 = the normalized book, stored by OKX_OB_F16 / GENERIC_OB_F16 as is; float32 = the
// raw book, OKX_OB_F32 / GENERIC_OB_F32): every filter x stage (LZ4 / LZ4HC / zstd at several levels)
// x chunk target size, one core: ratio, encode and decode GB/s (decoded bytes of the stored dtype per
// CPU second), and random 1024-row slices per second (decode_range of the chunks a slice touches).
// Prints tab-separated rows for native/bench/tune/tune_grid.py, which runs it on every regime beside
// blosc2 and writes docs/BENCHMARKS.md's "Codec tuning grid".
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>


#include "bench_util.hpp"
#include "ob/filter_params.hpp"
#include "ob/orderbook_codec.hpp"
#include "simd/target.hpp"
#include "tools/npy.hpp"

namespace {


// Frame header bytes of a chunk of a 3-d array (FORMAT §5: 32 + 4·(3 + 1)), counted in the ratio so it
// compares with a peer's stored bytes.
constexpr size_t kFrameBytes = 48;

struct Book {
  std::vector<std::byte> bytes;
  int dtype = 0;
  size_t rows = 0, levels = 0, fields = 0;
  size_t elem() const { return dtype == CDD_DTYPE_FLOAT16 ? 2 : 4; }
  size_t row_bytes() const { return levels * fields * elem(); }
};

struct Stage {
  uint64_t flag;
  int level;
  std::string name;
};

struct Config {
  uint8_t filter;
  Stage stage;
  size_t target;  // stored bytes per chunk
};

const cdd::Codec& codec_for(const Book& b) {
  const bool okx = b.levels == 50 && b.fields == 3;
  if (b.dtype == CDD_DTYPE_FLOAT16) return okx ? cdd::ob::okx_ob_f16_codec() : cdd::ob::generic_ob_f16_codec();
  return okx ? cdd::ob::okx_ob_f32_codec() : cdd::ob::generic_ob_f32_codec();
}

struct Chunker {
  const Book& b;
  const Config& c;
  std::vector<std::byte> params;
  uint32_t shape[2];
  Chunker(const Book& book, const Config& cfg) : b(book), c(cfg), params{std::byte{cfg.filter}} {
    shape[0] = static_cast<uint32_t>(b.levels);
    shape[1] = static_cast<uint32_t>(b.fields);
  }
  cdd::ChunkDesc desc(size_t rows) const {
    cdd::ChunkDesc d;
    d.dtype = static_cast<uint16_t>(b.dtype);
    d.flags = CDD_FLAG_LITTLE_ENDIAN | c.stage.flag;
    d.rows = rows;
    d.row_shape = shape;
    d.elem_size = b.elem();
    d.row_elems = b.levels * b.fields;
    d.codec_params = params;
    return d;
  }
  bool encode(size_t first, size_t rows, std::vector<std::byte>& out) const {
    out.clear();
    return codec_for(b)
        .encode(desc(rows), {b.bytes.data() + first * b.row_bytes(), rows * b.row_bytes()}, c.stage.level, out)
        .has_value();
  }
};

// Rows per chunk whose stored size is about the target, as the writer's adaptive chunking finds it.
size_t rows_for_target(const Chunker& k, size_t target, size_t total_rows) {
  size_t rows = 256;
  std::vector<std::byte> out;
  for (int i = 0; i < 3; ++i) {
    rows = std::clamp<size_t>(rows, 1, total_rows / 4);
    if (!k.encode(0, rows, out)) return 0;
    const double per_row = static_cast<double>(out.size()) / static_cast<double>(rows);
    rows = std::max<size_t>(1, static_cast<size_t>(static_cast<double>(target) / per_row));
  }
  return std::clamp<size_t>(rows, 1, total_rows / 4);
}


void run(const Book& b, const Config& c, bool quick) {
  const Chunker k(b, c);
  const size_t R = rows_for_target(k, c.target, b.rows);
  if (R == 0) {
    std::printf("error\t%u\t%s\t%zu\tencode failed\n", c.filter, c.stage.name.c_str(), c.target);
    return;
  }
  const size_t nchunks = b.rows / R, used_rows = nchunks * R;
  const double decoded = static_cast<double>(used_rows * b.row_bytes());
  std::vector<std::vector<std::byte>> payloads(nchunks);
  const double enc_s = cdd::bench::best_seconds_per_pass(
      [&] {
        for (size_t i = 0; i < nchunks; ++i) (void)k.encode(i * R, R, payloads[i]);
      },
      1, quick ? 0.05 : 0.2);
  size_t stored = 0;
  for (const auto& p : payloads) stored += p.size() + kFrameBytes;
  const auto d = k.desc(R);
  const cdd::Codec& codec = codec_for(b);
  std::vector<std::byte> out(R * b.row_bytes());
  const int rounds = quick ? 2 : 4;
  const double dec_s = cdd::bench::best_seconds_per_pass(
      [&] {
        for (size_t i = 0; i < nchunks; ++i) (void)codec.decode(d, payloads[i], out);
      },
      rounds, quick ? 0.03 : 0.08);
  // Verify one round trip bit for bit (a grid of wrong answers would be worthless).
  bool exact = true;
  for (size_t i = 0; i < nchunks && exact; ++i) {
    exact = codec.decode(d, payloads[i], out).has_value() &&
            std::memcmp(out.data(), b.bytes.data() + i * R * b.row_bytes(), out.size()) == 0;
  }
  // Random 1024-row slices inside the used rows: each touched chunk decodes the rows asked of it.
  constexpr size_t kSlice = 1024;
  std::mt19937_64 rng(42);
  std::vector<size_t> starts(256);
  for (auto& s : starts) s = used_rows > kSlice ? rng() % (used_rows - kSlice) : 0;
  std::vector<std::byte> slice(kSlice * b.row_bytes());
  const double slice_s = cdd::bench::best_seconds_per_pass(
                             [&] {
                               for (size_t s : starts) {
                                 const size_t end = std::min(s + kSlice, used_rows);
                                 for (size_t r = s; r < end;) {
                                   const size_t ci = r / R, c0 = ci * R, c1 = std::min(c0 + R, end);
                                   std::span<std::byte> dst(slice.data() + (r - s) * b.row_bytes(),
                                                            (c1 - r) * b.row_bytes());
                                   (void)codec.decode_range(d, payloads[ci], dst, r - c0, c1 - c0);
                                   r = c1;
                                 }
                               }
                             },
                             rounds, quick ? 0.03 : 0.08) /
                         static_cast<double>(starts.size());
  std::printf("row\t%s\t%s\t%zu\t%zu\t%.3f\t%.3f\t%.3f\t%.0f\t%s\n", cdd::ob::filter_name(static_cast<cdd::ob::Filter>(c.filter)),
              c.stage.name.c_str(), c.target, R, decoded / static_cast<double>(stored), decoded / enc_s / 1e9,
              decoded / dec_s / 1e9, 1.0 / slice_s, exact ? "exact" : "MISMATCH");
  std::fflush(stdout);
}

int usage() {
  std::fprintf(stderr,
               "usage: cdd_bench_tune --data BOOK.npy [--filters 0,4,5] [--stages lz4:1,lz4:9,zstd:1]\n"
               "                      [--chunks 8192,16384] [--rows N] [--quick]\n"
               "  BOOK.npy: (N, D, F) float16 (normalized book) or float32 (raw book)\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data, filters = "0,1,2,3,4,5", stages = "lz4:1,lz4:4,lz4:9,zstd:1,zstd:3", chunks = "4096,8192,16384,32768";
  size_t max_rows = 0;
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--data") data = value();
    else if (a == "--filters") filters = value();
    else if (a == "--stages") stages = value();
    else if (a == "--chunks") chunks = value();
    else if (a == "--rows") max_rows = std::stoul(value());
    else if (a == "--quick") quick = true;
    else return usage();
  }
  if (data.empty()) return usage();
  std::FILE* f = std::fopen(data.c_str(), "rb");
  if (f == nullptr) {
    std::fprintf(stderr, "cannot open %s\n", data.c_str());
    return 1;
  }
  auto h = cdd::tools::read_npy_header(f, data);
  if (!h || h->shape.size() != 3 || (h->dtype != CDD_DTYPE_FLOAT16 && h->dtype != CDD_DTYPE_FLOAT32)) {
    std::fprintf(stderr, "%s: need an (N, D, F) float16 or float32 array%s%s\n", data.c_str(), h ? "" : ": ",
                 h ? "" : h.error().message.c_str());
    std::fclose(f);
    return 1;
  }
  Book b;
  b.dtype = h->dtype;
  b.rows = static_cast<size_t>(h->shape[0]);
  if (max_rows != 0) b.rows = std::min(b.rows, max_rows);
  b.levels = static_cast<size_t>(h->shape[1]);
  b.fields = static_cast<size_t>(h->shape[2]);
  b.bytes.resize(b.rows * b.row_bytes());
  const size_t got = std::fread(b.bytes.data(), 1, b.bytes.size(), f);
  std::fclose(f);
  if (got != b.bytes.size()) {
    std::fprintf(stderr, "%s: truncated data\n", data.c_str());
    return 1;
  }
  std::printf("# %s: %zu rows (%zu, %zu) %s; SIMD %s\n", data.c_str(), b.rows, b.levels, b.fields,
              b.dtype == CDD_DTYPE_FLOAT16 ? "float16" : "float32", cdd::simd::target_name());
  std::printf("# row\tfilter\tstage\tchunk_target\trows_per_chunk\tratio\tencode_gbs\tdecode_gbs\tslices_per_s\tcheck\n");
  std::vector<Stage> st;
  for (const auto& s : cdd::bench::split_list(stages)) {
    const auto colon = s.find(':');
    const std::string kind = s.substr(0, colon);
    const int level = colon == std::string::npos ? (kind == "zstd" ? 3 : 1) : std::stoi(s.substr(colon + 1));
    if (kind != "lz4" && kind != "zstd" && kind != "none") return usage();
    st.push_back({kind == "lz4" ? uint64_t{CDD_FLAG_LZ4} : kind == "zstd" ? uint64_t{CDD_FLAG_ZSTD} : 0, level, s});
  }
  for (const auto& ch : cdd::bench::split_list(chunks))
    for (const auto& fs : cdd::bench::split_list(filters))
      for (const auto& s : st) run(b, Config{static_cast<uint8_t>(std::stoi(fs)), s, std::stoul(ch)}, quick);
  return 0;
}
