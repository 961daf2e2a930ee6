// temp_dir.hpp — a self-deleting, uniquely named temporary directory for tests that write real files.
#pragma once

#include <filesystem>
#include <random>
#include <string>
#include <system_error>

namespace cdd::test {

class TempDir {
 public:
  explicit TempDir(const std::string& tag = "cdd-test") {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / (tag + "-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string str() const { return path_.string(); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace cdd::test
