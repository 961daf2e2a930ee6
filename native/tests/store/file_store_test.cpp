// file_store_test.cpp — the POSIX/Win32 file Store: positional I/O, short reads, truncate, the writer lock.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "store/file_store.hpp"
#include "support/test_data.hpp"

namespace cdd {
namespace {

std::string temp_path(const char* tag) {
  return test::temp_file(std::string("store_") + tag);
}

std::vector<std::byte> bytes(std::initializer_list<int> v) {
  std::vector<std::byte> out;
  for (int x : v) out.push_back(static_cast<std::byte>(x));
  return out;
}

TEST(StoreFile, WriteReadTruncate) {
  auto path = temp_path("rw");
  auto s = open_file_store(path, FileMode::kCreate);
  ASSERT_TRUE(s.has_value()) << s.error().message;
  Store& st = **s;
  EXPECT_TRUE(st.writable());
  ASSERT_TRUE(st.write_at(0, bytes({1, 2, 3, 4})).has_value());
  ASSERT_TRUE(st.write_at(10, bytes({9})).has_value());  // a hole is zero-filled
  EXPECT_EQ(*st.size(), 11u);
  std::vector<std::byte> out(11);
  ASSERT_TRUE(st.read_at(0, out).has_value());
  EXPECT_EQ(out[3], std::byte{4});
  EXPECT_EQ(out[5], std::byte{0});
  EXPECT_EQ(out[10], std::byte{9});
  ASSERT_TRUE(st.truncate(2).has_value());
  EXPECT_EQ(*st.size(), 2u);
  ASSERT_TRUE(st.sync().has_value());
  std::filesystem::remove(path);
}

TEST(StoreFile, ShortReadIsTruncatedFormatError) {
  auto path = temp_path("short");
  auto s = open_file_store(path, FileMode::kCreate);
  ASSERT_TRUE(s.has_value());
  ASSERT_TRUE((*s)->write_at(0, bytes({1, 2, 3})).has_value());
  std::vector<std::byte> out(8);
  auto r = (*s)->read_at(1, out);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, CDD_E_FORMAT);
  EXPECT_EQ(r.error().message, "file truncated: wanted 8 bytes at offset 1, file has 3");
  std::filesystem::remove(path);
}

TEST(StoreFile, MissingFileIsIoErrorNamingPath) {
  auto r = open_file_store(temp_path("missing") + "/nope.cdd", FileMode::kRead);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, CDD_E_IO);
  EXPECT_NE(r.error().message.find("nope.cdd"), std::string::npos);
}

TEST(StoreFile, ReadOnlyRefusesWrites) {
  auto path = temp_path("ro");
  { ASSERT_TRUE(open_file_store(path, FileMode::kCreate).has_value()); }
  auto s = open_file_store(path, FileMode::kRead);
  ASSERT_TRUE(s.has_value());
  EXPECT_FALSE((*s)->writable());
  auto w = (*s)->write_at(0, bytes({1}));
  ASSERT_FALSE(w.has_value());
  EXPECT_EQ(w.error().code, CDD_E_STATE);
  std::filesystem::remove(path);
}

TEST(StoreFile, SecondWriterIsLocked) {
  auto path = temp_path("lock");
  auto a = open_file_store(path, FileMode::kCreate);
  auto b = open_file_store(path, FileMode::kReadWrite);
  ASSERT_TRUE(a.has_value() && b.has_value());
  ASSERT_TRUE((*a)->lock_writer().has_value());
  auto r = (*b)->lock_writer();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, CDD_E_LOCKED);
  EXPECT_EQ(r.error().message, "another writer holds " + path);
  (*a)->unlock_writer();
  EXPECT_TRUE((*b)->lock_writer().has_value());
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace cdd
