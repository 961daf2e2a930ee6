// cli_args.hpp — the command line of one `cdd` subcommand split into positionals, valued options
// (`--name value` or `--name=value`) and flags, with typed accessors that report bad values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace cdd::tools {

class CliArgs {
 public:
  // `valued` names the options that take a value, `flags` those that do not (without the dashes).
  static Result<CliArgs> parse(const std::vector<std::string>& args, const std::set<std::string>& valued,
                               const std::set<std::string>& flags);

  const std::vector<std::string>& positionals() const { return positionals_; }
  bool flag(const std::string& name) const { return flags_.count(name) != 0; }
  std::optional<std::string> text(const std::string& name) const;
  Result<std::optional<uint64_t>> u64(const std::string& name) const;
  Result<std::optional<uint32_t>> u32(const std::string& name) const;
  Result<std::optional<int>> i32(const std::string& name) const;

 private:
  std::vector<std::string> positionals_;
  std::map<std::string, std::string> values_;
  std::set<std::string> flags_;
};

}  // namespace cdd::tools
