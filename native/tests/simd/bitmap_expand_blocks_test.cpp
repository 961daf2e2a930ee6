// bitmap_expand_blocks_test.cpp — the bitmap expand kernels at the edges of their vector blocks (16 and
// 32 lanes: AVX3_DL's expand-load blocks) on every SIMD target, with the values, the bitmaps and the rows
// each ending exactly where an inaccessible page starts, so that any access past them faults even where
// ASan cannot see it (masked vector loads and stores); checks that AVX3_DL is among the targets tested.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#include <unistd.h>
#define CDD_TEST_GUARD_PAGES 1
#endif

#include "for_each_target.hpp"
#include "hwy/detect_targets.h"
#include "simd/kernels.hpp"
#include "simd/scalar_reference.hpp"
#include "bitmap_expand_util.hpp"

namespace cdd::simd {
namespace {

TEST(SimdBitmapExpandBlocks, Avx3DlIsAmongTheTargetsWhereTheCpuHasIt) {
  const auto targets = available_targets();
  std::string all;
  for (const auto& t : targets) all += (all.empty() ? "" : ", ") + t;
  std::printf("SIMD targets tested: %s\n", all.c_str());
#if HWY_ARCH_X86 && (defined(__GNUC__) || defined(__clang__))
  // Highway's AVX3_DL needs all of these (not hwy::SupportedTargets(): it omits capped targets).
  const bool dl = __builtin_cpu_supports("avx512vbmi2") && __builtin_cpu_supports("avx512vbmi") &&
                  __builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512bitalg") &&
                  __builtin_cpu_supports("avx512vpopcntdq") && __builtin_cpu_supports("vpclmulqdq") &&
                  __builtin_cpu_supports("vaes");
#else
  const bool dl = false;
#endif
  if (!dl) GTEST_SKIP() << "no AVX3_DL on this CPU (or not an x86 GCC/Clang build)";
  EXPECT_NE(std::find(targets.begin(), targets.end(), "AVX3_DL"), targets.end()) << all;
  EXPECT_EQ(targets.front(), "AVX3_DL") << all;
}

#ifdef CDD_TEST_GUARD_PAGES
// Read-write pages followed by one inaccessible page; end(n) gives n bytes that end at that page.
class GuardedArena {
 public:
  explicit GuardedArena(size_t bytes) {
    page_ = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    size_ = (bytes + page_ - 1) / page_ * page_;
    void* p = mmap(nullptr, size_ + page_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return;
    base_ = static_cast<uint8_t*>(p);
    if (mprotect(base_ + size_, page_, PROT_NONE) != 0) {
      munmap(base_, size_ + page_);
      base_ = nullptr;
    }
  }
  ~GuardedArena() {
    if (base_ != nullptr) munmap(base_, size_ + page_);
  }
  GuardedArena(const GuardedArena&) = delete;
  GuardedArena& operator=(const GuardedArena&) = delete;

  bool ok() const { return base_ != nullptr; }
  uint8_t* end(size_t n) { return base_ + size_ - n; }

 private:
  uint8_t* base_ = nullptr;
  size_t page_ = 0;
  size_t size_ = 0;
};

// How the bitmap bits are drawn: none, 1/16, 1/2, all, or per 16-lane block (counted from the row start)
// one of empty, full and half, so whole expand blocks are skipped, filled and mixed next to each other.
enum class Pattern { kNone, kSparse, kHalf, kFull, kBlocks };

std::vector<uint8_t> make_bitmaps(size_t width, size_t rows, Pattern p, std::mt19937& rng, size_t& set) {
  const size_t bb = (width + 7) / 8;
  std::vector<uint8_t> bitmaps(rows * bb, 0);
  set = 0;
  for (size_t r = 0; r < rows; ++r) {
    unsigned block_kind = 0;
    for (size_t i = 0; i < width; ++i) {
      if (i % 16 == 0) block_kind = rng() % 3;
      bool on = false;
      switch (p) {
        case Pattern::kNone: on = false; break;
        case Pattern::kSparse: on = rng() % 16 == 0; break;
        case Pattern::kHalf: on = rng() % 2 == 0; break;
        case Pattern::kFull: on = true; break;
        case Pattern::kBlocks: on = block_kind == 1 || (block_kind == 2 && rng() % 2 == 0); break;
      }
      if (on) {
        bitmaps[r * bb + i / 8] |= static_cast<uint8_t>(1u << (i % 8));
        ++set;
      }
    }
  }
  return bitmaps;
}

using test::expand;
using test::expand_rows;

constexpr size_t kRows = 3;
constexpr size_t kMaxWidth = 1025;

// Both kernels over kRows rows of `width` (after a row 0 for the fused one); values, bitmaps and rows
// each end at a guard page.
template <class T>
void check_guarded(size_t width, Pattern p, uint32_t seed, GuardedArena& values_arena,
                   GuardedArena& bitmap_arena, GuardedArena& rows_arena) {
  SCOPED_TRACE("width " + std::to_string(width) + " pattern " + std::to_string(static_cast<int>(p)));
  std::mt19937 rng(seed);
  size_t set = 0;
  const std::vector<uint8_t> bm_host = make_bitmaps(width, kRows, p, rng, set);
  uint8_t* bitmaps = bitmap_arena.end(bm_host.size());
  std::memcpy(bitmaps, bm_host.data(), bm_host.size());
  const size_t value_bytes = set * sizeof(T);
  uint8_t* values = values_arena.end(value_bytes);
  for (size_t k = 0; k < value_bytes; ++k) values[k] = static_cast<uint8_t>(rng());
  const uint8_t* values_end = values + value_bytes;

  const size_t total = (kRows + 1) * width;
  std::vector<T> start(total);
  for (auto& x : start) x = static_cast<T>(rng());
  const size_t bb = (width + 7) / 8;

  // One row at a time over its prediction: the rows are rows 1..kRows of `start`, ending at the guard.
  std::vector<T> expect(start);
  const uint8_t* ref_v = values;
  for (size_t r = 0; r < kRows; ++r)
    ref_v = ref::expand_changed(expect.data() + (r + 1) * width, width, bm_host.data() + r * bb, ref_v);
  T* rows = reinterpret_cast<T*>(rows_arena.end(kRows * width * sizeof(T)));
  std::memcpy(rows, start.data() + width, kRows * width * sizeof(T));
  const uint8_t* v = values;
  for (size_t r = 0; r < kRows; ++r) v = expand(rows + r * width, width, bitmaps + r * bb, v, values_end);
  ASSERT_EQ(v, values_end);
  ASSERT_EQ(ref_v, values_end);
  ASSERT_EQ(0, std::memcmp(rows, expect.data() + width, kRows * width * sizeof(T))) << "expand_changed";

  // The fused run: row 0 then the rebuilt rows, ending at the guard (stale garbage in those).
  std::vector<T> expect_run(start);
  (void)ref::expand_rows(expect_run.data() + width, width, kRows, bm_host.data(), values);
  T* run = reinterpret_cast<T*>(rows_arena.end(total * sizeof(T)));
  std::memcpy(run, start.data(), width * sizeof(T));
  for (size_t i = width; i < total; ++i) run[i] = static_cast<T>(rng());
  ASSERT_EQ(expand_rows(run + width, width, kRows, bitmaps, values, values_end), values_end);
  ASSERT_EQ(0, std::memcmp(run, expect_run.data(), total * sizeof(T))) << "expand_rows";
}

template <class T>
void check_block_edges() {
  GuardedArena values_arena(kRows * kMaxWidth * sizeof(T));
  GuardedArena bitmap_arena(kRows * (kMaxWidth + 7) / 8 + 8);
  GuardedArena rows_arena((kRows + 1) * kMaxWidth * sizeof(T));
  ASSERT_TRUE(values_arena.ok() && bitmap_arena.ok() && rows_arena.ok());
  std::vector<size_t> widths;
  for (size_t w = 1; w <= 300; ++w) widths.push_back(w);
  for (size_t w : {511, 512, 513, 1023, 1024}) widths.push_back(static_cast<size_t>(w));
  widths.push_back(kMaxWidth);
  testing::for_each_target([&](const std::string&) {
    uint32_t seed = 7;
    for (size_t w : widths)
      for (Pattern p : {Pattern::kNone, Pattern::kSparse, Pattern::kHalf, Pattern::kFull, Pattern::kBlocks}) {
        check_guarded<T>(w, p, seed++, values_arena, bitmap_arena, rows_arena);
        if (::testing::Test::HasFatalFailure()) return;
      }
  });
}

TEST(SimdBitmapExpandBlocks, U16AtGuardPagesOnEveryTarget) { check_block_edges<uint16_t>(); }
TEST(SimdBitmapExpandBlocks, U32AtGuardPagesOnEveryTarget) { check_block_edges<uint32_t>(); }
#endif  // CDD_TEST_GUARD_PAGES

}  // namespace
}  // namespace cdd::simd
