// commands.cpp — argument handling and output of the inspect, verify, import-npy, export-npy and demo
// subcommands; the work itself lives in inspect.cpp, npy_convert.cpp and demo.cpp.
#include "tools/commands.hpp"

#include <cstdio>
#include <filesystem>

#include "cdd/cdd.h"
#include "tools/capi_handles.hpp"
#include "tools/cli_args.hpp"
#include "tools/codec_names.hpp"
#include "tools/demo.hpp"
#include "tools/inspect.hpp"
#include "tools/npy_convert.hpp"
#include "tools/repack.hpp"
#include "tools/vectors.hpp"

namespace cdd::tools {
namespace {

int usage_error(const char* command, const std::string& message) {
  std::fprintf(stderr, "cdd %s: %s\n\n%s", command, message.c_str(), usage_text());
  return 2;
}

int failure(const char* command, const Error& e) {
  std::fprintf(stderr, "cdd %s: %s [%s]\n", command, e.message.c_str(), cdd_status_name(e.code));
  return 1;
}

}  // namespace

const char* usage_text() {
  return "usage: cdd <command> [options]\n"
         "\n"
         "  inspect FILE [--json] [--chunks]      header, metadata, index blocks, chunk statistics\n"
         "  verify FILE                           check every index record and chunk hash\n"
         "  import-npy IN.npy OUT.cdd [--codec NAME] [--stage zstd|lz4|none] [--level N]\n"
         "             [--chunk-bytes N | --chunk-rows N] [--index-capacity N]\n"
         "                                        convert a little-endian C-order .npy (streaming)\n"
         "  export-npy IN.cdd OUT.npy [--rows A:B] write rows [A, B) as .npy (Python slice syntax)\n"
         "  repack IN.cdd OUT.cdd                 rewrite compactly, with LZ4 index blocks where smaller\n"
         "  demo [--rows N] [--dir D] [--seed S] [--codec NAME] [--slices N] [--regime R]\n"
         "                                        write, verify and read back a realistic order book\n"
         "                                        (R: calm, normal (default), busy, trending, gappy,\n"
         "                                        stress, legacy)\n"
         "  write-vectors DIR                     regenerate the golden files of spec/vectors\n"
         "  version                               library, ABI and format versions\n"
         "\n"
         "Codecs: raw, zstd, lz4, shuffle (default), delta (integers), okx_ob_f16, okx_ob_f32,\n"
         "        generic_ob_f16, generic_ob_f32. Exit status: 0 ok, 1 failure, 2 bad usage.\n";
}

int cmd_inspect(const Args& raw) {
  auto args = CliArgs::parse(raw, {}, {"json", "chunks"});
  if (!args) return usage_error("inspect", args.error().message);
  if (args->positionals().size() != 1) return usage_error("inspect", "expected one FILE");
  InspectOptions o;
  o.json = args->flag("json");
  o.all_chunks = args->flag("chunks");
  auto text = inspect_file(args->positionals()[0], o);
  if (!text) return failure("inspect", text.error());
  std::fputs(text->c_str(), stdout);
  return 0;
}

int cmd_verify(const Args& raw) {
  auto args = CliArgs::parse(raw, {}, {});
  if (!args) return usage_error("verify", args.error().message);
  if (args->positionals().size() != 1) return usage_error("verify", "expected one FILE");
  const std::string& path = args->positionals()[0];
  if (cdd_verify_file(path.c_str()) != CDD_OK) {
    std::fprintf(stderr, "%s: CORRUPT: %s [%s]\n", path.c_str(), cdd_last_error_message(),
                 cdd_status_name(cdd_last_error_code()));
    return 1;
  }
  auto r = open_reader(path);
  if (!r) return failure("verify", r.error());
  cdd_array_info info{};
  info.struct_size = sizeof info;
  if (cdd_reader_info(r->get(), &info) != CDD_OK) return failure("verify", last_capi_error(path));
  std::printf("%s: OK (%llu rows, %llu chunks, %llu index blocks, every hash verified)\n", path.c_str(),
              static_cast<unsigned long long>(info.num_rows), static_cast<unsigned long long>(info.num_chunks),
              static_cast<unsigned long long>(info.num_index_blocks));
  return 0;
}

int cmd_import_npy(const Args& raw) {
  auto args = CliArgs::parse(raw, {"codec", "stage", "level", "chunk-bytes", "chunk-rows", "index-capacity"},
                             {"quiet"});
  if (!args) return usage_error("import-npy", args.error().message);
  if (args->positionals().size() != 2) return usage_error("import-npy", "expected IN.npy OUT.cdd");
  ImportOptions o;
  o.progress = !args->flag("quiet");
  if (auto name = args->text("codec")) {
    auto code = parse_codec(*name);
    if (!code) return usage_error("import-npy", code.error().message);
    o.codec = *code;
  }
  if (auto name = args->text("stage")) {
    auto stage = parse_stage(*name);
    if (!stage) return usage_error("import-npy", stage.error().message);
    o.stage = *stage;
  }
  auto level = args->i32("level");
  auto chunk_bytes = args->u32("chunk-bytes");
  auto chunk_rows = args->u32("chunk-rows");
  auto capacity = args->u32("index-capacity");
  for (const Error* e : {level ? nullptr : &level.error(), chunk_bytes ? nullptr : &chunk_bytes.error(),
                         chunk_rows ? nullptr : &chunk_rows.error(), capacity ? nullptr : &capacity.error()}) {
    if (e != nullptr) return usage_error("import-npy", e->message);
  }
  if (*chunk_bytes && *chunk_rows) return usage_error("import-npy", "give --chunk-bytes or --chunk-rows, not both");
  o.level = *level;
  o.chunk_bytes = *chunk_bytes;
  o.chunk_rows = *chunk_rows;
  o.index_capacity = *capacity;
  const auto& p = args->positionals();
  if (auto s = import_npy(p[0], p[1], o); !s) return failure("import-npy", s.error());
  return 0;
}

int cmd_export_npy(const Args& raw) {
  auto args = CliArgs::parse(raw, {"rows"}, {"quiet"});
  if (!args) return usage_error("export-npy", args.error().message);
  if (args->positionals().size() != 2) return usage_error("export-npy", "expected IN.cdd OUT.npy");
  RowRange range;
  if (auto text = args->text("rows")) {
    auto r = parse_row_range(*text);
    if (!r) return usage_error("export-npy", r.error().message);
    range = *r;
  }
  const auto& p = args->positionals();
  if (auto s = export_npy(p[0], p[1], range, !args->flag("quiet")); !s) return failure("export-npy", s.error());
  return 0;
}

int cmd_demo(const Args& raw) {
  auto args = CliArgs::parse(raw, {"rows", "dir", "seed", "codec", "slices", "regime"}, {"keep"});
  if (!args) return usage_error("demo", args.error().message);
  if (!args->positionals().empty()) return usage_error("demo", "unexpected argument " + args->positionals()[0]);
  DemoOptions o;
  auto rows = args->u64("rows");
  auto seed = args->u64("seed");
  auto slices = args->u64("slices");
  for (const Error* e : {rows ? nullptr : &rows.error(), seed ? nullptr : &seed.error(),
                         slices ? nullptr : &slices.error()}) {
    if (e != nullptr) return usage_error("demo", e->message);
  }
  if (*rows) o.rows = **rows;
  if (*seed) o.seed = **seed;
  if (*slices) o.slices = **slices;
  if (auto dir = args->text("dir")) o.dir = *dir;
  o.keep = args->flag("keep");
  if (auto name = args->text("regime")) {
    if (cdd_gen_regime_from_name(name->c_str(), &o.regime) != CDD_OK) return usage_error("demo", cdd_last_error_message());
  }
  if (auto name = args->text("codec")) {
    auto code = parse_codec(*name);
    if (!code) return usage_error("demo", code.error().message);
    o.codec = *code;
  }
  if (auto s = run_demo(o); !s) return failure("demo", s.error());
  return 0;
}

int cmd_repack(const Args& raw) {
  auto args = CliArgs::parse(raw, {}, {});
  if (!args) return usage_error("repack", args.error().message);
  if (args->positionals().size() != 2) return usage_error("repack", "expected IN.cdd OUT.cdd");
  const auto& p = args->positionals();
  if (p[0] == p[1]) return usage_error("repack", "OUT must be another file than IN");
  if (auto s = repack_file(p[0], p[1]); !s) return failure("repack", s.error());
  std::error_code e1, e2;
  const auto before = std::filesystem::file_size(p[0], e1);
  const auto after = std::filesystem::file_size(p[1], e2);
  std::printf("%s (%llu bytes) -> %s (%llu bytes): repacked and verified\n", p[0].c_str(),
              static_cast<unsigned long long>(e1 ? 0 : before), p[1].c_str(),
              static_cast<unsigned long long>(e2 ? 0 : after));
  return 0;
}

int cmd_write_vectors(const Args& raw) {
  auto args = CliArgs::parse(raw, {}, {});
  if (!args) return usage_error("write-vectors", args.error().message);
  if (args->positionals().size() != 1) return usage_error("write-vectors", "expected DIR (spec/vectors)");
  const std::string& dir = args->positionals()[0];
  if (auto s = write_vectors(dir); !s) return failure("write-vectors", s.error());
  std::printf("wrote %zu vectors and manifest.json to %s\n", vector_specs().size(), dir.c_str());
  return 0;
}

}  // namespace cdd::tools
