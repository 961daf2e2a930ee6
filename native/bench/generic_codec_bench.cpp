// generic_codec_bench.cpp — cdd_bench_generic_codecs: the generic codecs (RAW, ZSTD, LZ4, SHUFFLE, DELTA
// with each stage) on the generator's order books and timestamps, one core: compression ratio, bits per
// value, encode and decode MB/s of decoded bytes. `--quick` for a short run.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "codec/codec.hpp"
#include "core/dtype.hpp"
#include "gen/orderbook_generator.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Dataset {
  const char* name;
  uint16_t dtype;
  std::vector<uint32_t> row_shape;
  size_t rows;
  std::vector<std::byte> bytes;
};

struct Variant {
  uint16_t type;
  uint64_t stage;
  int level;
  const char* label;
};

const Variant kVariants[] = {
    {CDD_CODEC_RAW, 0, 0, "RAW"},
    {CDD_CODEC_ZSTD, CDD_FLAG_ZSTD, 3, "ZSTD(3)"},
    {CDD_CODEC_LZ4, CDD_FLAG_LZ4, 1, "LZ4"},
    {CDD_CODEC_SHUFFLE, 0, 0, "SHUFFLE"},
    {CDD_CODEC_SHUFFLE, CDD_FLAG_LZ4, 1, "SHUFFLE+LZ4"},
    {CDD_CODEC_SHUFFLE, CDD_FLAG_ZSTD, 1, "SHUFFLE+ZSTD(1)"},
    {CDD_CODEC_SHUFFLE, CDD_FLAG_ZSTD, 3, "SHUFFLE+ZSTD(3)"},
    {CDD_CODEC_DELTA, 0, 0, "DELTA"},
    {CDD_CODEC_DELTA, CDD_FLAG_LZ4, 1, "DELTA+LZ4"},
    {CDD_CODEC_DELTA, CDD_FLAG_ZSTD, 3, "DELTA+ZSTD(3)"},
};

template <class T>
std::vector<std::byte> as_bytes(const std::vector<T>& v) {
  std::vector<std::byte> b(v.size() * sizeof(T));
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}

cdd::ChunkDesc desc_for(const Dataset& d, uint64_t stage, size_t rows) {
  cdd::ChunkDesc c;
  c.dtype = d.dtype;
  c.flags = stage | CDD_FLAG_LITTLE_ENDIAN;
  c.rows = rows;
  c.row_shape = d.row_shape;
  c.elem_size = cdd::dtype_bytes(d.dtype);
  c.row_elems = 1;
  for (uint32_t x : d.row_shape) c.row_elems *= x;
  return c;
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

void run(const Dataset& d, size_t chunk_rows, int reps) {
  std::printf("\n%s: %zu rows x %zu bytes, chunks of %zu rows\n", d.name, d.rows, d.bytes.size() / d.rows, chunk_rows);
  std::printf("| codec | ratio | bits/value | encode MB/s | decode MB/s |\n|---|---:|---:|---:|---:|\n");
  const size_t row_bytes = d.bytes.size() / d.rows;
  const size_t values = d.bytes.size() / cdd::dtype_bytes(d.dtype);
  for (const Variant& v : kVariants) {
    const cdd::Codec* codec = cdd::find_codec(v.type);
    if (codec == nullptr || !codec->check(d.dtype, d.row_shape, v.stage | CDD_FLAG_LITTLE_ENDIAN)) continue;
    std::vector<std::vector<std::byte>> payloads;
    double enc = 1e30, dec = 1e30;
    for (int r = 0; r < reps; ++r) {
      payloads.clear();
      auto t = Clock::now();
      for (size_t start = 0; start < d.rows; start += chunk_rows) {
        const size_t n = std::min(chunk_rows, d.rows - start);
        std::vector<std::byte> out;
        std::span<const std::byte> in(d.bytes.data() + start * row_bytes, n * row_bytes);
        if (!codec->encode(desc_for(d, v.stage, n), in, v.level, out)) return;
        payloads.push_back(std::move(out));
      }
      enc = std::min(enc, seconds_since(t));
    }
    std::vector<std::byte> back(d.bytes.size());
    for (int r = 0; r < reps; ++r) {
      auto t = Clock::now();
      size_t i = 0;
      for (size_t start = 0; start < d.rows; start += chunk_rows, ++i) {
        const size_t n = std::min(chunk_rows, d.rows - start);
        std::span<std::byte> out(back.data() + start * row_bytes, n * row_bytes);
        if (!codec->decode(desc_for(d, v.stage, n), payloads[i], out)) return;
      }
      dec = std::min(dec, seconds_since(t));
    }
    if (back != d.bytes) {
      std::printf("| %s | ROUND TRIP MISMATCH | | | |\n", v.label);
      continue;
    }
    size_t stored = 0;
    for (const auto& p : payloads) stored += p.size();
    const double mb = static_cast<double>(d.bytes.size()) / 1e6;
    std::printf("| %s | %.2f | %.2f | %.0f | %.0f |\n", v.label, static_cast<double>(d.bytes.size()) / static_cast<double>(stored),
                8.0 * static_cast<double>(stored) / static_cast<double>(values), mb / enc, mb / dec);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const size_t rows = quick ? 20000 : 200000;
  const int reps = quick ? 3 : 5;
  cdd::gen::OrderBookGenerator gen(42);
  Dataset book{"order book float32 (N,50,3)", CDD_DTYPE_FLOAT32, {50, 3}, rows, as_bytes(gen.orderbook_f32(rows))};
  Dataset ts{"timestamps int64 ms (N,1)", CDD_DTYPE_INT64, {1}, rows, as_bytes(gen.timestamps_ms(rows))};
  Dataset f16{"normalized book float16 (N,50,3)", CDD_DTYPE_FLOAT16, {50, 3}, rows, as_bytes(gen.normalized_f16(rows))};
  run(book, 1000, reps);
  run(f16, 1000, reps);
  run(ts, 16384, reps);
  return 0;
}
