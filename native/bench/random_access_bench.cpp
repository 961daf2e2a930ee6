// random_access_bench.cpp — cdd_bench_random_access: what one random row costs to decode against what the
// file stores, for the order-book presets and for the layouts that would make a single row cheaper. One
// core, rows in memory (no I/O, no Python): the native decode share of a random `reader.read(i, i + 1)`.
//
// Layouts, per book (float16 normalized: filter 5, float32 raw: filter 4; LZ4HC level 9 throughout):
//   preset        chunks of ~16 KiB stored (the writer's preset), the codec's decode_range of one row;
//   chunks of K   K-row chunks with the same codec (what `chunk_rows=K` writes);
//   sub-blocks K  the design study, not a format: a preset-sized chunk cut into K-row sub-blocks, each
//                 filtered alone (its first row stored whole) and LZ4-compressed with sub-block 0's
//                 filtered bytes as the LZ4 dictionary, so a row needs sub-block 0 and its own sub-block;
//                 counted with 8 bytes of sizes per sub-block.
// Beside them, shuffle + zstd 3 on 1024-row chunks (the generic SHUFFLE codec: the method of the
// benchmarks' best-ratio peer, blosc2 zstd3+shuffle) as the ratio to beat. Every layout's rows are checked
// bit for bit after decoding. Prints a markdown table (docs/BENCHMARKS.md, "Random single rows: where the
// time goes").
//
// Run: cdd_bench_random_access [--regimes calm,normal,...] [--data BOOK.npy] [--rows N] [--k 16,32,48]
#include <lz4.h>
#include <lz4hc.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>


#include "bench/bench_data.hpp"
#include "bench/bench_util.hpp"
#include "cdd/cdd.h"
#include "codec/builtin.hpp"
#include "ob/book_filters.hpp"
#include "ob/orderbook_codec.hpp"
#include "simd/kernels.hpp"
#include "simd/target.hpp"

namespace {

constexpr size_t kLevels = 50, kFields = 3, kWidth = kLevels * kFields;
constexpr size_t kFrameBytes = 48;      // FORMAT §5 frame of a chunk of a 3-d array
constexpr size_t kSubBlockBytes = 8;    // the study's per-sub-block sizes (filtered, stored)
constexpr size_t kPresetTarget = 16384;  // stored bytes per chunk of the order-book presets
constexpr int kLevel = 9;               // the presets' LZ4HC level
constexpr size_t kProbes = 4096;        // random rows timed per layout


// Seconds per call of fn (a pass of `calls` calls): the best of five rounds of at least 0.1 s each.
template <class Fn>
double best_seconds_per_call(Fn&& fn, size_t calls) {
  return cdd::bench::best_seconds_per_pass(fn, 5, 0.1) / static_cast<double>(calls);
}

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "cdd_bench_random_access: %s\n", what.c_str());
  std::exit(1);
}

// One book as the codecs store it: float16 bits (u16) or float32 bits (u32).
template <class T>
struct Book {
  std::vector<T> elems;
  size_t rows = 0;
  static constexpr bool kF16 = sizeof(T) == 2;
  size_t row_bytes() const { return kWidth * sizeof(T); }
  const std::byte* row(size_t r) const { return reinterpret_cast<const std::byte*>(elems.data() + r * kWidth); }
};

template <class T>
struct Layout {
  const Book<T>& b;
  const cdd::Codec& codec;
  std::vector<std::byte> params;
  uint32_t shape[2] = {kLevels, kFields};
  Layout(const Book<T>& book, const cdd::Codec& c, uint8_t filter) : b(book), codec(c), params{std::byte{filter}} {}
  cdd::ChunkDesc desc(size_t rows) const {
    cdd::ChunkDesc d;
    d.dtype = Book<T>::kF16 ? CDD_DTYPE_FLOAT16 : CDD_DTYPE_FLOAT32;
    d.flags = CDD_FLAG_LITTLE_ENDIAN | (codec.type() == CDD_CODEC_SHUFFLE ? CDD_FLAG_ZSTD : CDD_FLAG_LZ4);
    d.rows = rows;
    d.row_shape = shape;
    d.elem_size = sizeof(T);
    d.row_elems = kWidth;
    d.codec_params = params;
    return d;
  }
  std::vector<std::byte> encode(size_t first, size_t rows, int level) const {
    std::vector<std::byte> out;
    if (!codec.encode(desc(rows), {b.row(first), rows * b.row_bytes()}, level, out)) fail("encode failed");
    return out;
  }
};

// Rows per chunk whose stored size is about `target`, found as the writer's adaptive chunking finds it.
template <class T>
size_t rows_for_target(const Layout<T>& l, size_t target) {
  size_t rows = 256;
  for (int i = 0; i < 3; ++i) {
    rows = std::clamp<size_t>(rows, 1, l.b.rows / 4);
    const double per_row = static_cast<double>(l.encode(0, rows, kLevel).size()) / static_cast<double>(rows);
    rows = std::max<size_t>(1, static_cast<size_t>(static_cast<double>(target) / per_row));
  }
  return std::clamp<size_t>(rows, 1, l.b.rows / 4);
}

struct Probe {
  size_t chunk, row;
};
std::vector<Probe> probes(size_t chunks, size_t rows_per_chunk) {
  std::mt19937_64 rng(9);
  std::vector<Probe> p(kProbes);
  for (auto& x : p) x = {static_cast<size_t>(rng() % chunks), static_cast<size_t>(rng() % rows_per_chunk)};
  return p;
}

struct Figures {
  size_t rows_per_chunk = 0;
  double ratio = 0, us_per_row = 0;
};

// Whole chunks of R rows through the codec; a random row is decode_range(r, r + 1).
template <class T>
Figures chunked(const Layout<T>& l, size_t R) {
  const size_t n = l.b.rows / R;
  std::vector<std::vector<std::byte>> payloads(n);
  size_t stored = 0;
  for (size_t c = 0; c < n; ++c) stored += (payloads[c] = l.encode(c * R, R, kLevel)).size() + kFrameBytes;
  const auto d = l.desc(R);
  std::vector<std::byte> row(l.b.row_bytes());
  const auto ps = probes(n, R);
  for (const auto& p : ps) {
    if (!l.codec.decode_range(d, payloads[p.chunk], row, p.row, p.row + 1) ||
        std::memcmp(row.data(), l.b.row(p.chunk * R + p.row), row.size()) != 0) {
      fail("a decoded row differs from the row written");
    }
  }
  const double s = best_seconds_per_call(
      [&] {
        for (const auto& p : ps) (void)l.codec.decode_range(d, payloads[p.chunk], row, p.row, p.row + 1);
      },
      ps.size());
  return {R, static_cast<double>(n * R * l.b.row_bytes()) / static_cast<double>(stored), s * 1e6};
}

// The design study: chunks of R rows in K-row sub-blocks, sub-block 0 the LZ4 dictionary of the others.
struct SubBlock {
  std::vector<char> lz4;
  size_t filtered = 0, rows = 0;
};

std::vector<char> lz4hc(const std::vector<uint8_t>& in, const std::vector<uint8_t>* dict) {
  std::vector<char> out(static_cast<size_t>(LZ4_compressBound(static_cast<int>(in.size()))));
  std::unique_ptr<LZ4_streamHC_t, int (*)(LZ4_streamHC_t*)> s(LZ4_createStreamHC(), &LZ4_freeStreamHC);
  LZ4_resetStreamHC_fast(s.get(), kLevel);
  if (dict) LZ4_loadDictHC(s.get(), reinterpret_cast<const char*>(dict->data()), static_cast<int>(dict->size()));
  const int n = LZ4_compress_HC_continue(s.get(), reinterpret_cast<const char*>(in.data()), out.data(),
                                         static_cast<int>(in.size()), static_cast<int>(out.size()));
  if (n <= 0) fail("LZ4HC failed");
  out.resize(static_cast<size_t>(n));
  return out;
}

template <class T>
Figures sub_blocked(const Book<T>& b, cdd::ob::Filter filter, size_t R, size_t K) {
  const size_t n = b.rows / R;
  std::vector<std::vector<SubBlock>> chunks(n);
  size_t stored = 0;
  for (size_t c = 0; c < n; ++c) {
    std::vector<uint8_t> dict;
    for (size_t a = 0; a < R; a += K) {
      const size_t m = std::min(K, R - a);
      std::vector<uint8_t> f;
      cdd::ob::filter_encode(filter, b.elems.data() + (c * R + a) * kWidth, cdd::ob::BookShape{m, kLevels, kFields}, f);
      SubBlock s{a == 0 ? lz4hc(f, nullptr) : lz4hc(f, &dict), f.size(), m};
      stored += s.lz4.size() + kSubBlockBytes;
      if (a == 0) dict = std::move(f);
      chunks[c].push_back(std::move(s));
    }
    stored += kFrameBytes + 8;  // the frame and the payload header
  }
  std::vector<uint8_t> dict, block;
  std::vector<T> row(kWidth);
  auto decode_row = [&](const Probe& p) {
    const auto& sb = chunks[p.chunk];
    const SubBlock& s0 = sb[0];
    dict.resize(s0.filtered);
    if (LZ4_decompress_safe(s0.lz4.data(), reinterpret_cast<char*>(dict.data()), static_cast<int>(s0.lz4.size()),
                            static_cast<int>(dict.size())) != static_cast<int>(s0.filtered)) {
      fail("sub-block 0 does not decode");
    }
    const size_t j = p.row / K, r = p.row % K;
    const std::vector<uint8_t>* in = &dict;
    if (j > 0) {
      const SubBlock& s = sb[j];
      block.resize(s.filtered);
      if (LZ4_decompress_safe_usingDict(s.lz4.data(), reinterpret_cast<char*>(block.data()),
                                        static_cast<int>(s.lz4.size()), static_cast<int>(block.size()),
                                        reinterpret_cast<const char*>(dict.data()),
                                        static_cast<int>(dict.size())) != static_cast<int>(s.filtered)) {
        fail("a sub-block does not decode");
      }
      in = &block;
    }
    const cdd::ob::BookShape g{sb[j].rows, kLevels, kFields};
    cdd::Status st;
    if constexpr (Book<T>::kF16) {
      st = cdd::ob::filter_decode(filter, *in, g, r, r + 1, row.data(), nullptr);
    } else {
      st = cdd::ob::filter_decode(filter, *in, g, r, r + 1, row.data());
    }
    if (!st) fail("filter decode failed: " + st.error().message);
  };
  const auto ps = probes(n, R);
  for (const auto& p : ps) {
    decode_row(p);
    if (std::memcmp(row.data(), b.row(p.chunk * R + p.row), b.row_bytes()) != 0) {
      fail("a sub-blocked row differs from the row written");
    }
  }
  const double s = best_seconds_per_call(
      [&] {
        for (const auto& p : ps) decode_row(p);
      },
      ps.size());
  return {R, static_cast<double>(n * R * b.row_bytes()) / static_cast<double>(stored), s * 1e6};
}

template <class T>
void run(const Book<T>& b, const std::string& source, const std::vector<size_t>& ks) {
  const char* kind = Book<T>::kF16 ? "f16" : "f32";
  const auto filter = Book<T>::kF16 ? cdd::ob::Filter::kBitmapPlanar : cdd::ob::Filter::kBitmap;
  const Layout<T> book(b, Book<T>::kF16 ? cdd::ob::okx_ob_f16_codec() : cdd::ob::okx_ob_f32_codec(),
                       static_cast<uint8_t>(filter));
  const Layout<T> peer(b, cdd::shuffle_codec(), 0);
  // The peer's ratio: every whole 1024-row chunk (the decode speed is not the point of this column).
  constexpr size_t kPeerRows = 1024;
  size_t peer_stored = 0, peer_rows = 0;
  for (size_t a = 0; a + kPeerRows <= b.rows; a += kPeerRows, peer_rows += kPeerRows) {
    peer_stored += peer.encode(a, kPeerRows, 3).size() + kFrameBytes;
  }
  const double peer_ratio = static_cast<double>(peer_rows * b.row_bytes()) / static_cast<double>(peer_stored);
  auto line = [&](const std::string& layout, const Figures& f) {
    std::printf("| %s | %s | %s | %zu | %.2f | %.2f | %.1f |\n", source.c_str(), kind, layout.c_str(),
                f.rows_per_chunk, f.ratio, f.ratio / peer_ratio, f.us_per_row);
    std::fflush(stdout);
  };
  const size_t R = rows_for_target(book, kPresetTarget);
  line("preset (~16 KiB)", chunked(book, R));
  for (size_t k : ks) line("chunks of " + std::to_string(k) + " rows", chunked(book, k));
  for (size_t k : ks) {
    if (k < R) line("sub-blocks of " + std::to_string(k) + " rows + dictionary", sub_blocked(b, filter, R, k));
  }
}

int usage() {
  std::fprintf(stderr,
               "usage: cdd_bench_random_access [--regimes calm,normal,busy,trending,gappy,stress] [--data BOOK.npy]\n"
               "                               [--rows N] [--k 16,32,48]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string regimes = "calm,normal,busy,trending,gappy,stress", data, ks_arg = "16,32,48";
  size_t rows = 150000;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) return usage();
    const std::string v = argv[++i];
    if (a == "--regimes") regimes = v;
    else if (a == "--data") data = v;
    else if (a == "--rows") rows = std::stoul(v);
    else if (a == "--k") ks_arg = v;
    else return usage();
  }
  std::vector<size_t> ks;
  for (const auto& k : cdd::bench::split_list(ks_arg)) ks.push_back(std::max<size_t>(1, std::stoul(k)));
  std::printf("`cdd_bench_random_access --regimes %s --rows %zu --k %s%s%s`: one core, SIMD %s, LZ4 %s; rows "
              "decoded from memory (no I/O, no Python), CPU time, the best of five rounds of %zu random rows. "
              "**× peer** = ratio / shuffle+zstd3's on 1024-row chunks (CDD's generic SHUFFLE codec: the "
              "method of blosc2 zstd3+shuffle).\n\n",
              data.empty() ? regimes.c_str() : "-", rows, ks_arg.c_str(), data.empty() ? "" : " --data ",
              data.c_str(), cdd::simd::target_name(), LZ4_versionString(), kProbes);
  std::printf("| data | book | layout | rows/chunk | ratio | × peer | µs per random row |\n");
  std::printf("|---|---|---|---:|---:|---:|---:|\n");
  std::vector<std::pair<std::string, cdd::bench::BookData>> sets;
  if (!data.empty()) {
    auto d = cdd::bench::npy_books(data, rows);
    if (!d) fail(d.error().message);
    sets.emplace_back(d->source, std::move(*d));
  } else {
    for (const auto& r : cdd::bench::split_list(regimes)) {
      auto d = cdd::bench::regime_books(r, rows, 7);
      if (!d) fail(d.error().message);
      sets.emplace_back(r, std::move(*d));
    }
  }
  for (const auto& [source, d] : sets) {
    Book<uint16_t> h;
    h.rows = d.rows;
    h.elems.resize(d.normalized.size());
    cdd::simd::f32_to_f16(d.normalized.data(), h.elems.data(), h.elems.size());
    run(h, source, ks);
    if (!d.raw.empty()) {
      Book<uint32_t> f;
      f.rows = d.rows;
      f.elems.resize(d.raw.size());
      std::memcpy(f.elems.data(), d.raw.data(), d.raw.size() * 4);
      run(f, source, ks);
    }
  }
  return 0;
}
