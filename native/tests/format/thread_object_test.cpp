// thread_object_test.cpp — core/thread_object.hpp: one object per thread and call site, kept between
// calls, destroyed when its thread exits (on MinGW by the fiber-local table, elsewhere by thread_local).
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "core/thread_object.hpp"

namespace cdd {
namespace {

std::atomic<int> g_alive{0};

struct Counted {
  Counted() { ++g_alive; }
  ~Counted() { --g_alive; }
  Counted(const Counted&) = delete;
  Counted& operator=(const Counted&) = delete;
  int uses = 0;
};

Counted& site_a() { return thread_object<Counted, struct SiteA>(); }
Counted& site_b() { return thread_object<Counted, struct SiteB>(); }

TEST(ThreadObject, OnePerThreadAndSiteKeptBetweenCalls) {
  Counted& a = site_a();
  ++a.uses;
  EXPECT_EQ(&site_a(), &a);
  EXPECT_EQ(site_a().uses, 1);
  EXPECT_NE(&site_b(), &a);
  Counted* other = nullptr;
  std::thread([&] { other = &site_a(); }).join();
  EXPECT_NE(other, &a);
}

TEST(ThreadObject, DestroyedWhenItsThreadExits) {
  const int before = g_alive.load();
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([] {
      site_a().uses += 1;
      site_b().uses += 2;
      auto& s = thread_object<std::string, struct Text>();
      s.assign(1000, 'x');  // heap-owned: a leak would show under ASan/LSan
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(g_alive.load(), before);
}

TEST(ThreadObject, ManyShortThreadsExitCleanly) {
  // The pattern that crashed MinGW builds at thread exit: many threads that each create objects with
  // destructors and then end.
  const int before = g_alive.load();
  for (int round = 0; round < 20; ++round) {
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
      threads.emplace_back([] {
        auto& v = thread_object<std::vector<double>, struct Scratch>();
        v.resize(4096, 1.0);
        site_a();
      });
    }
    for (auto& t : threads) t.join();
  }
  EXPECT_EQ(g_alive.load(), before);
}

}  // namespace
}  // namespace cdd
