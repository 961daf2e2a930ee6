// cli_args.cpp — option splitting and number parsing for the `cdd` subcommands.
#include "tools/cli_args.hpp"

#include <cerrno>
#include <cstdlib>
#include <limits>

namespace cdd::tools {
namespace {

Result<int64_t> parse_number(const std::string& name, const std::string& text, int64_t lo, int64_t hi) {
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 0);
  if (text.empty() || end == nullptr || *end != '\0' || errno == ERANGE || v < lo || v > hi) {
    return make_error(CDD_E_INVALID_ARGUMENT, "--" + name + ": '" + text + "' is not an integer in " +
                                                  std::to_string(lo) + ".." + std::to_string(hi));
  }
  return static_cast<int64_t>(v);
}

}  // namespace

Result<CliArgs> CliArgs::parse(const std::vector<std::string>& args, const std::set<std::string>& valued,
                               const std::set<std::string>& flags) {
  CliArgs out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() < 3 || a.compare(0, 2, "--") != 0) {
      out.positionals_.push_back(a);
      continue;
    }
    std::string name = a.substr(2);
    std::optional<std::string> value;
    if (const size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    if (flags.count(name) != 0) {
      CDD_RETURN_ERROR_IF(value.has_value(), CDD_E_INVALID_ARGUMENT, "--" + name + " takes no value");
      out.flags_.insert(name);
    } else if (valued.count(name) != 0) {
      if (!value) {
        CDD_RETURN_ERROR_IF(i + 1 >= args.size(), CDD_E_INVALID_ARGUMENT, "--" + name + " needs a value");
        value = args[++i];
      }
      out.values_[name] = *value;
    } else {
      return make_error(CDD_E_INVALID_ARGUMENT, "unknown option --" + name);
    }
  }
  return out;
}

std::optional<std::string> CliArgs::text(const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

Result<std::optional<uint64_t>> CliArgs::u64(const std::string& name) const {
  const auto t = text(name);
  if (!t) return std::optional<uint64_t>{};
  CDD_RETURN_ERROR_IF(!t->empty() && (*t)[0] == '-', CDD_E_INVALID_ARGUMENT, "--" + name + " must not be negative");
  errno = 0;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(t->c_str(), &end, 0);
  CDD_RETURN_ERROR_IF(t->empty() || *end != '\0' || errno == ERANGE, CDD_E_INVALID_ARGUMENT,
                      "--" + name + ": '" + *t + "' is not a non-negative integer");
  return std::optional<uint64_t>{static_cast<uint64_t>(v)};
}

Result<std::optional<uint32_t>> CliArgs::u32(const std::string& name) const {
  const auto t = text(name);
  if (!t) return std::optional<uint32_t>{};
  CDD_ASSIGN_OR_RETURN(int64_t v, parse_number(name, *t, 0, std::numeric_limits<uint32_t>::max()));
  return std::optional<uint32_t>{static_cast<uint32_t>(v)};
}

Result<std::optional<int>> CliArgs::i32(const std::string& name) const {
  const auto t = text(name);
  if (!t) return std::optional<int>{};
  CDD_ASSIGN_OR_RETURN(int64_t v,
                       parse_number(name, *t, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
  return std::optional<int>{static_cast<int>(v)};
}

}  // namespace cdd::tools
