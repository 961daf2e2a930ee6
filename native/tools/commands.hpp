// commands.hpp — the `cdd` subcommands as functions of their arguments (after the subcommand name):
// each prints its own output and returns the process exit code (0 ok, 1 failure, 2 usage error).
#pragma once

#include <string>
#include <vector>

namespace cdd::tools {

using Args = std::vector<std::string>;

int cmd_inspect(const Args& args);
int cmd_verify(const Args& args);
int cmd_import_npy(const Args& args);
int cmd_export_npy(const Args& args);
int cmd_repack(const Args& args);
int cmd_cat(const Args& args);
int cmd_append(const Args& args);
int cmd_advise(const Args& args);
int cmd_demo(const Args& args);
int cmd_write_vectors(const Args& args);

// The usage text of every subcommand.
const char* usage_text();

}  // namespace cdd::tools
