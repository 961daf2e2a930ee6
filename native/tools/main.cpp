// main.cpp — the `cdd` command-line tool: dispatches to the subcommands of commands.hpp.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cdd/cdd.h"
#include "tools/commands.hpp"

int main(int argc, char** argv) {
  using namespace cdd::tools;
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
    std::fputs(usage_text(), argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  const Args args(argv + 2, argv + argc);
  if (command == "--version" || command == "version") {
    std::printf("cdd %s (ABI %u, format v%u, SIMD %s)\n", cdd_version_string(), cdd_abi_version(),
                cdd_format_version(), cdd_simd_target());
    return 0;
  }
  if (command == "inspect") return cmd_inspect(args);
  if (command == "verify") return cmd_verify(args);
  if (command == "import-npy") return cmd_import_npy(args);
  if (command == "export-npy") return cmd_export_npy(args);
  if (command == "repack") return cmd_repack(args);
  if (command == "cat") return cmd_cat(args);
  if (command == "append") return cmd_append(args);
  if (command == "advise") return cmd_advise(args);
  if (command == "demo") return cmd_demo(args);
  if (command == "write-vectors") return cmd_write_vectors(args);
  std::fprintf(stderr, "cdd: unknown command '%s'\n\n%s", command.c_str(), usage_text());
  return 2;
}
