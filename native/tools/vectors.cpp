// vectors.cpp — the golden-vector table of spec/vectors and everything derived from it: realistic rows
// for every dtype, the reference writer's bytes (optionally repacked), the expected .npy and the manifest.
#include "tools/vectors.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "cdd/cdd.h"
#include "gen/orderbook_generator.hpp"
#include "tools/capi_handles.hpp"
#include "tools/codec_names.hpp"
#include "tools/json_writer.hpp"
#include "tools/npy.hpp"
#include "tools/repack.hpp"

namespace cdd::tools {
namespace {

constexpr uint32_t kDefaultChunkRows = 16;

struct DataShape {
  int dtype;
  std::vector<uint32_t> row_shape;
};

DataShape shape_of(VectorData d) {
  switch (d) {
    case VectorData::kBookF32: return {CDD_DTYPE_FLOAT32, {50, 3}};
    case VectorData::kBookF16: return {CDD_DTYPE_FLOAT16, {50, 3}};
    case VectorData::kBookBf16: return {CDD_DTYPE_BFLOAT16, {8}};
    case VectorData::kTopF64: return {CDD_DTYPE_FLOAT64, {4}};
    case VectorData::kTimestamps: return {CDD_DTYPE_INT64, {1}};
    case VectorData::kTicksI32: return {CDD_DTYPE_INT32, {10}};
    case VectorData::kSpreadI16: return {CDD_DTYPE_INT16, {2, 5}};
    case VectorData::kShiftI8: return {CDD_DTYPE_INT8, {2}};
    case VectorData::kCountsU8: return {CDD_DTYPE_UINT8, {10}};
    case VectorData::kCountsU16: return {CDD_DTYPE_UINT16, {50}};
    case VectorData::kLotsU32: return {CDD_DTYPE_UINT32, {4}};
    case VectorData::kVolumeU64: return {CDD_DTYPE_UINT64, {1}};
    case VectorData::kTop20F32: return {CDD_DTYPE_FLOAT32, {20, 2}};
  }
  return {0, {}};
}

// A vector with the defaults: SHUFFLE + ZSTD level 3, 16 rows per chunk, index capacity 16 (small files:
// a RAW index block is pre-allocated whole), appended in one piece.
VectorSpec make(std::string name, std::string about, VectorData data, uint64_t rows) {
  const DataShape s = shape_of(data);
  VectorSpec v{std::move(name), std::move(about), data, 1, s.dtype, s.row_shape, {{rows, false}},
               CDD_CODEC_SHUFFLE, 3, CDD_FLAG_ZSTD, kDefaultChunkRows, 4096, 16, "", false, {}};
  return v;
}

VectorSpec with_codec(VectorSpec v, int codec, uint64_t flags, int level) {
  v.codec = codec;
  v.codec_flags = flags;
  v.level = level;
  return v;
}

std::vector<VectorSpec> build_specs() {
  std::vector<VectorSpec> v;
  using D = VectorData;
  // Every generic chunk type and stage on the float32 book.
  v.push_back(with_codec(make("book_f32_raw", "RAW chunks", D::kBookF32, 41), CDD_CODEC_RAW, 0, 0));
  v.push_back(with_codec(make("book_f32_zstd", "ZSTD chunks, level 3", D::kBookF32, 41), CDD_CODEC_ZSTD,
                         CDD_FLAG_ZSTD, 3));
  v.push_back(with_codec(make("book_f32_zstd_fast", "ZSTD chunks, negative (fast) level -5", D::kBookF32, 41),
                         CDD_CODEC_ZSTD, CDD_FLAG_ZSTD, -5));
  v.push_back(with_codec(make("book_f32_lz4", "LZ4 chunks, level 1", D::kBookF32, 41), CDD_CODEC_LZ4,
                         CDD_FLAG_LZ4, 1));
  v.push_back(with_codec(make("book_f32_lz4_fast8", "LZ4 chunks, level -8 (acceleration 8)", D::kBookF32, 41),
                         CDD_CODEC_LZ4, CDD_FLAG_LZ4, -8));
  v.push_back(with_codec(make("book_f32_lz4hc", "LZ4 chunks, level 9 (LZ4HC)", D::kBookF32, 41), CDD_CODEC_LZ4,
                         CDD_FLAG_LZ4, 9));
  v.push_back(with_codec(make("book_f32_shuffle_lz4", "SHUFFLE then LZ4", D::kBookF32, 41), CDD_CODEC_SHUFFLE,
                         CDD_FLAG_LZ4, 1));
  v.push_back(with_codec(make("book_f32_shuffle_none", "SHUFFLE without a stage", D::kBookF32, 41),
                         CDD_CODEC_SHUFFLE, 0, 0));
  {
    VectorSpec s = make("book_f32_default", "the writer's defaults: SHUFFLE+ZSTD, adaptive ~4 KiB chunks, user metadata",
                        D::kBookF32, 300);
    s.chunk_rows = 0;
    s.index_capacity = 1024;
    s.user_meta = R"({"instrument":"BTC-USDT","venue":"OKX","levels":25,"fields":["price","size","count"]})";
    v.push_back(s);
  }
  v.push_back(make("book_f16_shuffle_zstd", "float16 normalized book", D::kBookF16, 41));
  // DELTA on timestamps with every stage.
  struct Stage {
    const char* suffix;
    uint64_t flags;
    int level;
  };
  for (const auto& [suffix, flags, level] : {Stage{"zstd", CDD_FLAG_ZSTD, 3}, Stage{"lz4", CDD_FLAG_LZ4, 1},
                                             Stage{"none", 0, 0}}) {
    VectorSpec s = make(std::string("ts_i64_delta_") + suffix, std::string("DELTA then ") + suffix + ", 1-D int64",
                        D::kTimestamps, 300);
    s.chunk_rows = 64;
    v.push_back(with_codec(s, CDD_CODEC_DELTA, flags, level));
  }
  // Every other dtype, SHUFFLE+ZSTD.
  const std::pair<const char*, D> dtypes[] = {
      {"bf16", D::kBookBf16}, {"f64", D::kTopF64},    {"i8", D::kShiftI8},   {"i16", D::kSpreadI16},
      {"i32", D::kTicksI32},  {"u8", D::kCountsU8},   {"u16", D::kCountsU16}, {"u32", D::kLotsU32},
      {"u64", D::kVolumeU64},
  };
  for (const auto& [tag, data] : dtypes) {
    v.push_back(make(std::string("dtype_") + tag, std::string("dtype ") + tag + ", SHUFFLE+ZSTD", data, 50));
  }
  // DELTA on every other integer dtype, cycling through the stages.
  const std::pair<const char*, D> ints[] = {{"i8", D::kShiftI8},   {"i16", D::kSpreadI16}, {"i32", D::kTicksI32},
                                            {"u8", D::kCountsU8},  {"u16", D::kCountsU16}, {"u32", D::kLotsU32},
                                            {"u64", D::kVolumeU64}};
  const uint64_t stages[] = {CDD_FLAG_ZSTD, CDD_FLAG_LZ4, 0};
  const char* stage_names[] = {"zstd", "lz4", "none"};
  int k = 0;
  for (const auto& [tag, data] : ints) {
    const int i = k++ % 3;
    v.push_back(with_codec(make(std::string("delta_") + tag + "_" + stage_names[i],
                                std::string("DELTA on ") + tag + " then " + stage_names[i], data, 50),
                           CDD_CODEC_DELTA, stages[i], stages[i] == CDD_FLAG_LZ4 ? 1 : 3));
  }
  // Index chains.
  {
    VectorSpec s = make("chain_raw_index", "13 chunks over 3 RAW index blocks of 2, 4, 8 slots (last partly filled)",
                        D::kCountsU16, 100);
    s.chunk_rows = 8;
    s.index_capacity = 2;
    v.push_back(s);
    s.name = "chain_raw_index_repacked";
    s.about = "chain_raw_index after cdd repack (blocks too small for LZ4 to win: RAW, sealed)";
    s.repack = true;
    v.push_back(s);
  }
  {
    VectorSpec s = make("chain_lz4_index", "300 one-row chunks, repacked: LZ4 index blocks", D::kTicksI32, 300);
    s.chunk_rows = 1;
    s.index_capacity = 64;
    s.repack = true;
    v.push_back(s);
  }
  {
    VectorSpec s = make("appends_and_flushes", "adaptive chunking cut by flushes after appends of 10, 1, 77 and 50 rows",
                        D::kTimestamps, 0);
    s.appends = {{10, true}, {1, true}, {77, false}, {50, true}};
    s.chunk_rows = 0;
    v.push_back(with_codec(s, CDD_CODEC_DELTA, CDD_FLAG_ZSTD, 3));
  }
  {
    VectorSpec s = make("empty_with_user_meta", "no rows: header and an empty index block only", D::kBookF32, 0);
    s.user_meta = "opaque \x01\x02\x03 bytes";
    v.push_back(s);
  }
  v.push_back(make("single_row_f64", "one row, one chunk", D::kTopF64, 1));
  // Order-book codecs (spec/CODECS.md): every filter of OKX_OB_F32, the float16 variants (down-cast from
  // float32, and on float16 data), the LZ4 stage, and the generic codecs on another book shape.
  const char* filters[] = {"none", "shuffle", "xor", "shift_xor", "bitmap"};
  for (uint8_t f = 0; f < 5; ++f) {
    VectorSpec s = with_codec(make(std::string("ob_okx_f32_") + filters[f],
                                   std::string("OKX_OB_F32, filter ") + filters[f] + " (codec_params byte " +
                                       std::to_string(f) + "), ZSTD stage",
                                   D::kBookF32, 41),
                              CDD_CODEC_OKX_OB_F32, CDD_FLAG_ZSTD, 3);
    s.codec_params = {f};
    v.push_back(s);
  }
  {
    VectorSpec s = with_codec(make("ob_okx_f32_bitmap_planar", "OKX_OB_F32, filter bitmap_planar (codec_params byte 5), "
                                   "LZ4 level 9 (LZ4HC)", D::kBookF32, 41),
                              CDD_CODEC_OKX_OB_F32, CDD_FLAG_LZ4, 9);
    s.codec_params = {5};
    v.push_back(s);
  }
  v.push_back(with_codec(make("ob_okx_f32_default_lz4", "OKX_OB_F32 with the default filter (no codec_params), LZ4 stage",
                              D::kBookF32, 41),
                         CDD_CODEC_OKX_OB_F32, CDD_FLAG_LZ4, 1));
  {
    VectorSpec s = with_codec(make("ob_okx_f16_downcast", "OKX_OB_F16: float32 book stored as float16 (lossy: the .npy "
                                   "holds the decoded values)", D::kBookF32, 41),
                              CDD_CODEC_OKX_OB_F16, CDD_FLAG_ZSTD | CDD_FLAG_DOWN_CAST_16, 3);
    s.codec_params = {2};
    v.push_back(s);
  }
  v.push_back(with_codec(make("ob_okx_f16_native", "OKX_OB_F16 on float16 data (no down-cast, lossless)", D::kBookF16, 41),
                         CDD_CODEC_OKX_OB_F16, CDD_FLAG_ZSTD, 3));
  {
    VectorSpec s = with_codec(make("ob_okx_f16_preset", "OKX_OB_F16 on float16 data with its preset: bitmap filter, "
                                   "LZ4 level 4 (LZ4HC)", D::kBookF16, 41),
                              CDD_CODEC_OKX_OB_F16, CDD_FLAG_LZ4, 4);
    s.codec_params = {4};
    v.push_back(s);
  }
  {
    VectorSpec s = with_codec(make("ob_okx_f16_bitmap_planar", "OKX_OB_F16 on float16 data, filter bitmap_planar "
                                   "(codec_params byte 5), ZSTD level 1", D::kBookF16, 41),
                              CDD_CODEC_OKX_OB_F16, CDD_FLAG_ZSTD, 1);
    s.codec_params = {5};
    v.push_back(s);
  }
  v.push_back(with_codec(make("ob_generic_f32", "GENERIC_OB_F32 on a (rows, 20, 2) book", D::kTop20F32, 41),
                         CDD_CODEC_GENERIC_OB_F32, CDD_FLAG_ZSTD, 3));
  {
    VectorSpec s = with_codec(make("ob_generic_f16_downcast", "GENERIC_OB_F16 on a (rows, 20, 2) float32 book, down-cast, "
                                   "bitmap filter, LZ4 stage", D::kTop20F32, 41),
                              CDD_CODEC_GENERIC_OB_F16, CDD_FLAG_LZ4 | CDD_FLAG_DOWN_CAST_16, 1);
    s.codec_params = {4};
    v.push_back(s);
  }
  {
    VectorSpec s = with_codec(make("ob_generic_f16_downcast_planar", "GENERIC_OB_F16 on a (rows, 20, 2) float32 book, "
                                   "down-cast, bitmap_planar filter, LZ4 stage", D::kTop20F32, 41),
                              CDD_CODEC_GENERIC_OB_F16, CDD_FLAG_LZ4 | CDD_FLAG_DOWN_CAST_16, 1);
    s.codec_params = {5};
    v.push_back(s);
  }
  return v;
}

template <class T>
void put(std::vector<std::byte>& out, T value) {
  const size_t at = out.size();
  out.resize(at + sizeof(T));
  std::memcpy(out.data() + at, &value, sizeof(T));
}

int64_t ticks(float price) { return static_cast<int64_t>(std::llround(static_cast<double>(price) * 10.0)); }
int64_t lots(float size) { return static_cast<int64_t>(std::llround(static_cast<double>(size) * 1000.0)); }

}  // namespace

bool vector_is_lossy(const VectorSpec& spec) { return (spec.codec_flags & CDD_FLAG_DOWN_CAST_16) != 0; }

uint64_t VectorSpec::rows() const {
  uint64_t n = 0;
  for (const auto& a : appends) n += a.rows;
  return n;
}

uint64_t VectorSpec::row_bytes() const {
  uint64_t n = cdd_dtype_size(dtype);
  for (uint32_t d : row_shape) n *= d;
  return n;
}

const std::vector<VectorSpec>& vector_specs() {
  static const std::vector<VectorSpec> specs = build_specs();
  return specs;
}

std::vector<std::byte> vector_rows(const VectorSpec& spec) {
  const uint64_t rows = spec.rows();
  gen::OrderBookGenerator g(spec.seed);
  std::vector<std::byte> out;
  out.reserve(rows * spec.row_bytes());
  using D = VectorData;
  if (spec.data == D::kBookF16) {
    for (uint16_t h : g.normalized_f16(rows)) put(out, h);
    return out;
  }
  if (spec.data == D::kTimestamps) {
    for (int64_t t : g.timestamps_ms(rows)) put(out, t);
    return out;
  }
  if (spec.data == D::kBookBf16) {
    std::vector<float> view(rows * gen::kValuesPerRow);
    g.normalized_f32(rows, view.data());
    for (uint64_t r = 0; r < rows; ++r) {
      for (size_t i = 0; i < 8; ++i) {
        uint32_t bits;
        std::memcpy(&bits, &view[r * gen::kValuesPerRow + i], 4);
        put(out, static_cast<uint16_t>(bits >> 16));
      }
    }
    return out;
  }
  const std::vector<float> book = g.orderbook_f32(rows);
  const auto at = [&](uint64_t r, size_t level, size_t field) { return book[(r * gen::kLevels + level) * 3 + field]; };
  constexpr size_t kBid = gen::kLevelsPerSide;
  uint64_t volume = 0;
  for (uint64_t r = 0; r < rows; ++r) {
    switch (spec.data) {
      case D::kBookF32:
        for (size_t i = 0; i < gen::kValuesPerRow; ++i) put(out, book[r * gen::kValuesPerRow + i]);
        break;
      case D::kTopF64:
        put(out, static_cast<double>(ticks(at(r, 0, 0))) * 0.1);
        put(out, static_cast<double>(lots(at(r, 0, 1))) * 0.001);
        put(out, static_cast<double>(ticks(at(r, kBid, 0))) * 0.1);
        put(out, static_cast<double>(lots(at(r, kBid, 1))) * 0.001);
        break;
      case D::kTicksI32:
        for (size_t l = 0; l < 5; ++l) put(out, static_cast<int32_t>(ticks(at(r, l, 0))));
        for (size_t l = 0; l < 5; ++l) put(out, static_cast<int32_t>(ticks(at(r, kBid + l, 0))));
        break;
      case D::kSpreadI16:
        for (size_t l = 0; l < 5; ++l) put(out, static_cast<int16_t>(ticks(at(r, l, 0)) - ticks(at(r, 0, 0))));
        for (size_t l = 0; l < 5; ++l) put(out, static_cast<int16_t>(ticks(at(r, kBid, 0)) - ticks(at(r, kBid + l, 0))));
        break;
      case D::kShiftI8: {
        const int64_t da = r == 0 ? 0 : ticks(at(r, 0, 0)) - ticks(at(r - 1, 0, 0));
        const int64_t db = r == 0 ? 0 : ticks(at(r, kBid, 0)) - ticks(at(r - 1, kBid, 0));
        put(out, static_cast<int8_t>(std::clamp<int64_t>(da, -128, 127)));
        put(out, static_cast<int8_t>(std::clamp<int64_t>(db, -128, 127)));
        break;
      }
      case D::kCountsU8:
        for (size_t l = 0; l < 5; ++l) put(out, static_cast<uint8_t>(std::min(255.0f, at(r, l, 2))));
        for (size_t l = 0; l < 5; ++l) put(out, static_cast<uint8_t>(std::min(255.0f, at(r, kBid + l, 2))));
        break;
      case D::kCountsU16:
        for (size_t l = 0; l < gen::kLevels; ++l) put(out, static_cast<uint16_t>(at(r, l, 2)));
        break;
      case D::kLotsU32:
        for (size_t l : {size_t{0}, size_t{1}, kBid, kBid + 1}) put(out, static_cast<uint32_t>(lots(at(r, l, 1))));
        break;
      case D::kVolumeU64:
        volume += static_cast<uint64_t>(lots(at(r, 0, 1)));
        put(out, volume);
        break;
      case D::kTop20F32:
        for (size_t base : {size_t{0}, kBid}) {
          for (size_t l = 0; l < 10; ++l) {
            put(out, at(r, base + l, 0));
            put(out, at(r, base + l, 1));
          }
        }
        break;
      default:
        break;
    }
  }
  return out;
}

Result<std::vector<std::byte>> write_vector_cdd(const VectorSpec& spec, const std::string& scratch_dir) {
  const std::string path = (std::filesystem::path(scratch_dir) / (spec.name + ".cdd")).string();
  const std::vector<std::byte> rows = vector_rows(spec);
  cdd_writer_options o;
  cdd_writer_options_init(&o);
  o.dtype = spec.dtype;
  o.row_ndim = static_cast<uint32_t>(spec.row_shape.size());
  for (size_t i = 0; i < spec.row_shape.size(); ++i) o.row_shape[i] = spec.row_shape[i];
  o.codec = spec.codec;
  o.level = spec.level;
  o.codec_flags = spec.codec_flags;
  o.chunk_rows = spec.chunk_rows;
  o.chunk_target_bytes = spec.chunk_target_bytes;
  o.index_capacity = spec.index_capacity;
  if (!spec.user_meta.empty()) {
    o.user_meta = spec.user_meta.data();
    o.user_meta_size = spec.user_meta.size();
  }
  if (!spec.codec_params.empty()) {
    o.codec_params = spec.codec_params.data();
    o.codec_params_size = spec.codec_params.size();
  }
  {
    CDD_ASSIGN_OR_RETURN(WriterHandle w, create_writer(path, o));
    uint64_t done = 0;
    for (const VectorAppend& a : spec.appends) {
      CDD_FORWARD_IF_ERROR(check_capi(cdd_writer_append(w.get(), rows.data() + done * spec.row_bytes(), a.rows), path));
      done += a.rows;
      if (a.flush) CDD_FORWARD_IF_ERROR(check_capi(cdd_writer_flush(w.get()), path));
    }
    CDD_FORWARD_IF_ERROR(w.close(path));
  }
  std::string final_path = path;
  if (spec.repack) {
    final_path = path + ".repacked";
    CDD_FORWARD_IF_ERROR(repack_file(path, final_path, false));
  }
  std::ifstream f(final_path, std::ios::binary);
  CDD_RETURN_ERROR_IF(!f, CDD_E_IO, final_path + ": cannot read back");
  std::vector<char> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out(bytes.size());
  std::memcpy(out.data(), bytes.data(), bytes.size());
  return out;
}

Result<std::string> vector_expected_npy(const VectorSpec& spec, const std::vector<std::byte>& cdd_bytes) {
  cdd_store* store = nullptr;
  CDD_FORWARD_IF_ERROR(check_capi(cdd_store_memory_wrap(cdd_bytes.data(), cdd_bytes.size(), &store), spec.name));
  cdd_reader* raw = nullptr;
  const int rc = cdd_reader_open_store(store, nullptr, &raw);
  cdd_store_free(store);
  CDD_FORWARD_IF_ERROR(check_capi(rc, spec.name));
  ReaderPtr r(raw);
  cdd_array_info info{};
  info.struct_size = sizeof info;
  CDD_FORWARD_IF_ERROR(check_capi(cdd_reader_info(r.get(), &info), spec.name));
  std::vector<std::byte> decoded(info.num_rows * info.row_bytes);
  CDD_FORWARD_IF_ERROR(
      check_capi(cdd_reader_read_rows(r.get(), 0, info.num_rows, decoded.data(), decoded.size()), spec.name));
  std::vector<uint64_t> shape{info.num_rows};
  if (!(info.row_ndim == 1 && info.row_shape[0] == 1)) {
    for (uint32_t i = 0; i < info.row_ndim; ++i) shape.push_back(info.row_shape[i]);
  }
  const int npy_dtype = info.dtype == CDD_DTYPE_BFLOAT16 ? CDD_DTYPE_UINT16 : info.dtype;
  std::string out = npy_header_bytes(npy_dtype, shape);
  out.append(reinterpret_cast<const char*>(decoded.data()), decoded.size());
  return out;
}

std::string vectors_manifest(const std::vector<std::vector<std::byte>>& cdd_files) {
  JsonWriter j;
  j.begin_object();
  j.field("format_version", cdd_format_version());
  j.field("about",
          "Golden .cdd files of spec/FORMAT.md. Each NAME.cdd decodes to NAME.npy exactly (bfloat16 arrays are "
          "stored in the .npy as '<u2' bits). Rewriting NAME.npy's rows with these parameters, appended in these "
          "pieces, reproduces NAME.cdd byte for byte with the reference writer named in its metadata.");
  j.key("vectors").begin_array();
  const auto& specs = vector_specs();
  for (size_t i = 0; i < specs.size(); ++i) {
    const VectorSpec& s = specs[i];
    j.begin_object();
    j.field("name", s.name).field("about", s.about);
    j.field("file", s.name + ".cdd").field("expected", s.name + ".npy");
    if (i < cdd_files.size()) j.field("file_bytes", static_cast<uint64_t>(cdd_files[i].size()));
    j.field("dtype", cdd_dtype_name(s.dtype));
    j.key("row_shape").begin_array();
    for (uint32_t d : s.row_shape) j.value(d);
    j.end_array();
    j.field("rows", s.rows());
    j.key("appends").begin_array();
    for (const auto& a : s.appends) j.begin_object().field("rows", a.rows).field("flush", a.flush).end_object();
    j.end_array();
    j.field("codec", codec_label(s.codec)).field("level", s.level);
    j.field("codec_flags", s.codec_flags).field("codec_flags_names", flag_names(s.codec_flags));
    j.field("chunk_rows", s.chunk_rows).field("chunk_target_bytes", s.chunk_target_bytes);
    j.field("index_capacity", s.index_capacity);
    std::string params_hex;
    for (uint8_t b : s.codec_params) {
      static constexpr char kHex[] = "0123456789abcdef";
      params_hex += kHex[b >> 4];
      params_hex += kHex[b & 15];
    }
    j.field("codec_params_hex", params_hex);
    j.field("user_meta", s.user_meta).field("repacked", s.repack).field("lossy", vector_is_lossy(s));
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.str() + "\n";
}

Status write_vectors(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  CDD_RETURN_ERROR_IF(ec, CDD_E_IO, dir + ": " + ec.message());
  const auto scratch = std::filesystem::path(dir) / ".scratch";
  std::filesystem::create_directories(scratch, ec);
  CDD_RETURN_ERROR_IF(ec, CDD_E_IO, scratch.string() + ": " + ec.message());
  std::vector<std::vector<std::byte>> files;
  Status result = ok();
  for (const VectorSpec& s : vector_specs()) {
    auto bytes = write_vector_cdd(s, scratch.string());
    if (!bytes) {
      result = std::unexpected(bytes.error());
      break;
    }
    auto npy = vector_expected_npy(s, *bytes);
    if (!npy) {
      result = std::unexpected(npy.error());
      break;
    }
    const std::vector<std::byte> rows = vector_rows(s);
    const size_t data_at = npy->size() - rows.size();
    if (!vector_is_lossy(s) && !rows.empty() && std::memcmp(npy->data() + data_at, rows.data(), rows.size()) != 0) {
      result = make_error(CDD_E_INTERNAL, s.name + ": the decoded rows differ from the rows written");
      break;
    }
    std::ofstream(std::filesystem::path(dir) / (s.name + ".cdd"), std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(bytes->data()), static_cast<std::streamsize>(bytes->size()));
    std::ofstream(std::filesystem::path(dir) / (s.name + ".npy"), std::ios::binary | std::ios::trunc)
        .write(npy->data(), static_cast<std::streamsize>(npy->size()));
    files.push_back(std::move(*bytes));
  }
  std::filesystem::remove_all(scratch, ec);
  CDD_FORWARD_IF_ERROR(result);
  // Binary: the same bytes (LF line ends) on Windows, whose text mode would write CRLF.
  std::ofstream(std::filesystem::path(dir) / "manifest.json", std::ios::binary | std::ios::trunc)
      << vectors_manifest(files);
  return ok();
}

}  // namespace cdd::tools
