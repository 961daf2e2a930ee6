// inspect.cpp — gathers what `cdd inspect` shows: header lengths and the index chain through the format
// layer (which the C ABI does not expose), metadata, rows and chunk frames through the C ABI reader.
#include "tools/inspect.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <vector>

#include "cdd/cdd.h"
#include "format/header.hpp"
#include "format/index_block.hpp"
#include "store/file_store.hpp"
#include "tools/capi_handles.hpp"
#include "tools/codec_names.hpp"
#include "tools/json_writer.hpp"

namespace cdd::tools {
namespace {

constexpr uint64_t kListedChunksByDefault = 16;

struct FileInfo {
  cdd_array_info array{};
  uint32_t metadata_stored = 0;
  uint32_t user_meta_stored = 0;
  size_t user_meta_bytes = 0;
  uint64_t index0_offset = 0;
  std::vector<std::byte> codec_params;
  std::vector<IndexBlockLayout> blocks;
  std::vector<cdd_chunk_info> chunks;
};

Result<uint32_t> read_u32(const Store& store, uint64_t off) {
  std::array<std::byte, 4> b{};
  CDD_FORWARD_IF_ERROR(store.read_at(off, b));
  return static_cast<uint32_t>(b[0]) | static_cast<uint32_t>(b[1]) << 8 | static_cast<uint32_t>(b[2]) << 16 |
         static_cast<uint32_t>(b[3]) << 24;
}

Result<std::vector<IndexBlockLayout>> walk_chain(const Store& store, uint64_t index0) {
  std::vector<IndexBlockLayout> blocks;
  uint64_t offset = index0;
  while (offset != 0) {
    std::array<std::byte, kIndexPrefixBytes> prefix_bytes{};
    CDD_FORWARD_IF_ERROR(store.read_at(offset, prefix_bytes));
    CDD_ASSIGN_OR_RETURN(IndexPrefix prefix, parse_index_prefix(offset, prefix_bytes));
    std::vector<std::byte> bytes(prefix.size);
    CDD_FORWARD_IF_ERROR(store.read_at(offset, bytes));
    CDD_ASSIGN_OR_RETURN(IndexBlock block, parse_index_block(offset, bytes));
    blocks.push_back({offset, prefix.size, prefix.type, prefix.capacity, block.count(), block.seq(), block.next()});
    CDD_RETURN_ERROR_IF(block.next() != 0 && block.next() <= offset, CDD_E_FORMAT,
                        "index block at offset " + std::to_string(offset) + ": next " +
                            std::to_string(block.next()) + " does not move forward");
    offset = block.next();
  }
  return blocks;
}

Status read_layout(const std::string& path, FileInfo& fi) {
  CDD_ASSIGN_OR_RETURN(auto store, open_file_store(path, FileMode::kRead));
  CDD_ASSIGN_OR_RETURN(Header header, read_header(*store));
  CDD_ASSIGN_OR_RETURN(fi.metadata_stored, read_u32(*store, 12));
  CDD_ASSIGN_OR_RETURN(fi.user_meta_stored, read_u32(*store, 16 + uint64_t{fi.metadata_stored}));
  fi.index0_offset = header.index0_offset;
  fi.codec_params = header.meta.codec_params;
  CDD_ASSIGN_OR_RETURN(fi.blocks, walk_chain(*store, header.index0_offset));
  return ok();
}

Status read_chunks(const std::string& path, FileInfo& fi) {
  CDD_ASSIGN_OR_RETURN(ReaderPtr r, open_reader(path));
  fi.array.struct_size = sizeof fi.array;
  CDD_FORWARD_IF_ERROR(check_capi(cdd_reader_info(r.get(), &fi.array), path));
  const void* um = nullptr;
  CDD_FORWARD_IF_ERROR(check_capi(cdd_reader_user_meta(r.get(), &um, &fi.user_meta_bytes), path));
  fi.chunks.resize(fi.array.num_chunks);
  for (uint64_t i = 0; i < fi.array.num_chunks; ++i) {
    cdd_chunk_info& c = fi.chunks[i];
    c.struct_size = sizeof c;
    CDD_FORWARD_IF_ERROR(check_capi(cdd_reader_chunk_header(r.get(), i, &c), path));
  }
  return ok();
}

std::string hex(const std::vector<std::byte>& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::byte b : bytes) {
    out += kDigits[static_cast<unsigned>(b) >> 4];
    out += kDigits[static_cast<unsigned>(b) & 15];
  }
  return out;
}

std::string shape_text(const cdd_array_info& a, bool with_rows) {
  std::string s = "(";
  if (with_rows) s += std::to_string(a.num_rows) + ", ";
  for (uint32_t i = 0; i < a.row_ndim; ++i) s += (i ? ", " : "") + std::to_string(a.row_shape[i]);
  return s + ")";
}

std::string index_type_name(uint16_t t) {
  return t == kIndexTypeRaw ? "RAW" : t == kIndexTypeLz4 ? "LZ4" : "type " + std::to_string(t);
}

struct Stats {
  uint64_t min = 0, median = 0, max = 0, total = 0;
};
template <class Get>
Stats stats_of(const std::vector<cdd_chunk_info>& chunks, Get get) {
  Stats s;
  if (chunks.empty()) return s;
  std::vector<uint64_t> v;
  v.reserve(chunks.size());
  for (const auto& c : chunks) v.push_back(get(c));
  std::sort(v.begin(), v.end());
  s.min = v.front();
  s.max = v.back();
  s.median = v[v.size() / 2];
  for (uint64_t x : v) s.total += x;
  return s;
}

std::string render_json(const std::string& path, const FileInfo& fi, bool list) {
  const cdd_array_info& a = fi.array;
  JsonWriter j;
  j.begin_object();
  j.field("file", path).field("file_bytes", a.file_bytes).field("format_version", a.format_version);
  j.key("header").begin_object();
  j.field("metadata_stored_bytes", fi.metadata_stored)
      .field("user_meta_stored_bytes", fi.user_meta_stored)
      .field("user_meta_bytes", static_cast<uint64_t>(fi.user_meta_bytes))
      .field("index0_offset", fi.index0_offset);
  j.end_object();
  j.key("metadata").begin_object();
  j.field("dtype", cdd_dtype_name(a.dtype) ? cdd_dtype_name(a.dtype) : "?");
  j.key("row_shape").begin_array();
  for (uint32_t i = 0; i < a.row_ndim; ++i) j.value(a.row_shape[i]);
  j.end_array();
  j.field("row_bytes", a.row_bytes)
      .field("codec", codec_label(a.codec))
      .field("level", a.level)
      .field("codec_flags", flag_names(a.codec_flags))
      .field("chunk_target_bytes", a.chunk_target_bytes)
      .field("chunk_rows", a.chunk_rows)
      .field("index_capacity", a.index_capacity)
      .field("writer", std::string(a.writer))
      .field("codec_params_hex", hex(fi.codec_params));
  j.end_object();
  j.key("shape").begin_array().value(a.num_rows);
  for (uint32_t i = 0; i < a.row_ndim; ++i) j.value(a.row_shape[i]);
  j.end_array();
  j.field("rows", a.num_rows).field("chunks", a.num_chunks);
  const uint64_t decoded = a.num_rows * a.row_bytes;
  j.field("decoded_bytes", decoded)
      .field("ratio", a.file_bytes ? static_cast<double>(decoded) / static_cast<double>(a.file_bytes) : 0.0);
  j.key("index_blocks").begin_array();
  for (const auto& b : fi.blocks) {
    j.begin_object()
        .field("offset", b.offset)
        .field("size", b.size)
        .field("type", index_type_name(b.type))
        .field("capacity", b.capacity)
        .field("count", b.count)
        .field("seq", b.seq)
        .field("next", b.next)
        .end_object();
  }
  j.end_array();
  const Stats st = stats_of(fi.chunks, [](const cdd_chunk_info& c) { return c.stored_bytes; });
  const Stats rows = stats_of(fi.chunks, [](const cdd_chunk_info& c) { return c.rows; });
  std::map<std::string, uint64_t> types;
  for (const auto& c : fi.chunks) ++types[codec_label(c.codec) + " " + flag_names(c.flags)];
  j.key("chunk_summary").begin_object();
  j.field("stored_bytes_total", st.total).field("stored_bytes_min", st.min);
  j.field("stored_bytes_median", st.median).field("stored_bytes_max", st.max);
  j.field("rows_min", rows.min).field("rows_median", rows.median).field("rows_max", rows.max);
  j.key("types").begin_object();
  for (const auto& [name, n] : types) j.field(name, n);
  j.end_object();
  j.end_object();
  if (list) {
    j.key("chunk_list").begin_array();
    for (size_t i = 0; i < fi.chunks.size(); ++i) {
      const auto& c = fi.chunks[i];
      j.begin_object()
          .field("index", static_cast<uint64_t>(i))
          .field("offset", c.offset)
          .field("stored_bytes", c.stored_bytes)
          .field("type", codec_label(c.codec))
          .field("flags", flag_names(c.flags))
          .field("first_row", c.first_row)
          .field("rows", c.rows)
          .end_object();
    }
    j.end_array();
  }
  j.end_object();
  return j.str() + "\n";
}

std::string render_text(const std::string& path, const FileInfo& fi, bool list) {
  const cdd_array_info& a = fi.array;
  std::string out;
  char line[512];
  const auto add = [&](const char* fmt, auto... args) {
    std::snprintf(line, sizeof line, fmt, args...);
    out += line;
  };
  using ull = unsigned long long;
  const uint64_t decoded = a.num_rows * a.row_bytes;
  add("%s: CDD format v%u, %llu bytes, writer '%s'\n", path.c_str(), a.format_version, ull(a.file_bytes), a.writer);
  add("array      : %s %s, %llu bytes per row\n", cdd_dtype_name(a.dtype) ? cdd_dtype_name(a.dtype) : "?",
      shape_text(a, true).c_str(), ull(a.row_bytes));
  add("codec      : %s level %d flags %s%s%s\n", codec_label(a.codec).c_str(), a.level,
      flag_names(a.codec_flags).c_str(), fi.codec_params.empty() ? "" : " params ", hex(fi.codec_params).c_str());
  if (a.chunk_rows != 0) {
    add("chunking   : %u rows per chunk\n", a.chunk_rows);
  } else {
    add("chunking   : adaptive, ~%u stored bytes per chunk\n", a.chunk_target_bytes);
  }
  add("header     : metadata %u bytes, user meta %u bytes stored (%llu decoded), index block 0 at %llu\n",
      fi.metadata_stored, fi.user_meta_stored, ull(fi.user_meta_bytes), ull(fi.index0_offset));
  add("data       : %llu rows in %llu chunks, %llu bytes decoded, ratio %.2fx\n", ull(a.num_rows),
      ull(a.num_chunks), ull(decoded),
      a.file_bytes ? static_cast<double>(decoded) / static_cast<double>(a.file_bytes) : 0.0);
  add("index      : %zu block(s), first capacity %u\n", fi.blocks.size(), a.index_capacity);
  for (size_t i = 0; i < fi.blocks.size(); ++i) {
    const auto& b = fi.blocks[i];
    add("  block %-4zu offset %-12llu %s capacity %-6u count %-6llu seq %-6llu size %u next %llu\n", i,
        ull(b.offset), index_type_name(b.type).c_str(), b.capacity, ull(b.count), ull(b.seq), b.size, ull(b.next));
  }
  if (!fi.chunks.empty()) {
    const Stats st = stats_of(fi.chunks, [](const cdd_chunk_info& c) { return c.stored_bytes; });
    const Stats rows = stats_of(fi.chunks, [](const cdd_chunk_info& c) { return c.rows; });
    add("chunks     : stored bytes min %llu / median %llu / max %llu (total %llu)\n", ull(st.min), ull(st.median),
        ull(st.max), ull(st.total));
    add("             rows min %llu / median %llu / max %llu\n", ull(rows.min), ull(rows.median), ull(rows.max));
    std::map<std::string, uint64_t> types;
    for (const auto& c : fi.chunks) ++types[codec_label(c.codec) + " " + flag_names(c.flags)];
    for (const auto& [name, n] : types) add("             %llu x %s\n", ull(n), name.c_str());
  }
  if (list && !fi.chunks.empty()) {
    add("  %8s %12s %10s %12s %8s  %s\n", "chunk", "offset", "stored", "first_row", "rows", "type");
    for (size_t i = 0; i < fi.chunks.size(); ++i) {
      const auto& c = fi.chunks[i];
      add("  %8zu %12llu %10llu %12llu %8llu  %s %s\n", i, ull(c.offset), ull(c.stored_bytes), ull(c.first_row),
          ull(c.rows), codec_label(c.codec).c_str(), flag_names(c.flags).c_str());
    }
  } else if (!list) {
    out += "  (--chunks lists every chunk)\n";
  }
  return out;
}

}  // namespace

Result<std::vector<IndexBlockLayout>> read_index_chain(const std::string& path) {
  CDD_ASSIGN_OR_RETURN(auto store, open_file_store(path, FileMode::kRead));
  CDD_ASSIGN_OR_RETURN(Header header, read_header(*store));
  return walk_chain(*store, header.index0_offset);
}

Result<std::string> inspect_file(const std::string& path, const InspectOptions& options) {
  FileInfo fi;
  CDD_FORWARD_IF_ERROR(read_layout(path, fi));
  CDD_FORWARD_IF_ERROR(read_chunks(path, fi));
  const bool list = options.all_chunks || fi.chunks.size() <= kListedChunksByDefault;
  return options.json ? render_json(path, fi, list) : render_text(path, fi, list);
}

}  // namespace cdd::tools
