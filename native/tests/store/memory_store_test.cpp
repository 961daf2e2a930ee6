// memory_store_test.cpp — growable, wrapped and copied memory Stores.
#include <gtest/gtest.h>

#include <cstring>
#include <thread>

#include "store/memory_store.hpp"

namespace cdd {
namespace {

TEST(StoreMemory, GrowableWritesReadsTruncates) {
  auto s = new_memory_store();
  std::byte data[5] = {std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4}, std::byte{5}};
  ASSERT_TRUE(s->write_at(3, data).has_value());
  EXPECT_EQ(*s->size(), 8u);
  std::byte out[5];
  ASSERT_TRUE(s->read_at(3, out).has_value());
  EXPECT_EQ(std::memcmp(out, data, 5), 0);
  EXPECT_EQ(s->view(0, 1), nullptr);  // growable stores never hand out pointers
  auto bad = s->read_at(6, out);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, "file truncated: wanted 5 bytes at offset 6, file has 8");
  ASSERT_TRUE(s->truncate(4).has_value());
  EXPECT_EQ(*s->size(), 4u);
}

TEST(StoreMemory, OneWriterPerStore) {
  auto s = new_memory_store();
  ASSERT_TRUE(s->lock_writer().has_value());
  auto r = s->lock_writer();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, CDD_E_LOCKED);
  s->unlock_writer();
  EXPECT_TRUE(s->lock_writer().has_value());
}

TEST(StoreMemory, WrapAndCopyAreReadOnlyWithViews) {
  std::vector<std::byte> caller(100, std::byte{7});
  auto w = wrap_memory(caller.data(), caller.size());
  auto c = copy_memory(caller.data(), caller.size());
  EXPECT_EQ(w->view(10, 5), caller.data() + 10);
  caller[10] = std::byte{9};
  EXPECT_EQ(*w->view(10, 1), std::byte{9});     // wrapped: the caller's bytes
  EXPECT_EQ(*c->view(10, 1), std::byte{7});     // copied: its own
  EXPECT_EQ(c->view(99, 2), nullptr);           // past the end
  EXPECT_FALSE(w->writable());
  EXPECT_EQ(w->write_at(0, std::span(caller).first(1)).error().code, CDD_E_STATE);
  EXPECT_EQ(c->lock_writer().error().code, CDD_E_STATE);
}

TEST(StoreMemory, ConcurrentReadersWhileWriting) {
  auto s = new_memory_store(std::vector<std::byte>(4096, std::byte{1}));
  std::thread writer([&] {
    std::vector<std::byte> chunk(512, std::byte{1});
    for (int i = 0; i < 200; ++i) ASSERT_TRUE(s->write_at(4096 + 512 * static_cast<uint64_t>(i), chunk).has_value());
  });
  std::vector<std::byte> out(4096);
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(s->read_at(0, out).has_value());
    ASSERT_EQ(out[4095], std::byte{1});
  }
  writer.join();
  EXPECT_EQ(*s->size(), 4096u + 512 * 200);
}

}  // namespace
}  // namespace cdd
