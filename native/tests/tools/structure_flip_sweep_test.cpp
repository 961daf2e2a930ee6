// structure_flip_sweep_test.cpp — no committed row is ever dropped silently: one bit flipped at every
// byte of the header (magic, version, METADATA, USER_META) and of every index block of several golden
// files (every bit of each commit record), then the file read whole by the Reader and exported by
// `cdd export-npy`. Each damaged file must
// give an error of a damage kind, or every row equal to the original. The one exception is the damage
// the bytes cannot tell from a commit write interrupted before its last byte (FORMAT §4.1, "Damaged
// records"): the last byte of the newest commit record of the last block, read as after a crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "format/index_block.hpp"
#include "io/reader.hpp"
#include "io/verify.hpp"
#include "store/memory_store.hpp"
#include "support/temp_dir.hpp"
#include "tools/npy_convert.hpp"

#ifndef CDD_SPEC_VECTORS_DIR
#error "CDD_SPEC_VECTORS_DIR must name spec/vectors"
#endif

namespace cdd {
namespace {

std::vector<std::byte> read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::vector<char> c((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<std::byte> b(c.size());
  if (!c.empty()) std::memcpy(b.data(), c.data(), c.size());
  return b;
}

void write_bytes(const std::string& path, const std::vector<std::byte>& b) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

bool damage_kind(cdd_status s) {
  return s == CDD_E_FORMAT || s == CDD_E_CORRUPT || s == CDD_E_VERSION || s == CDD_E_UNSUPPORTED || s == CDD_E_CODEC;
}

struct Layout {
  std::vector<std::pair<uint64_t, uint64_t>> regions;  // [begin, end): header, then every index block
  std::vector<std::pair<uint64_t, uint64_t>> records;  // the commit records A and B of every block
  uint64_t ambiguous_byte = 0;                         // last byte of the newest record of the last block
  uint64_t rows = 0, last_chunk_rows = 0;
};

Layout layout_of(const std::vector<std::byte>& file) {
  Layout l;
  auto r = Reader::open(copy_memory(file.data(), file.size()));
  EXPECT_TRUE(r.has_value());
  if (!r) return l;
  l.regions.emplace_back(0, (*r)->header().index0_offset);
  for (const auto& b : (*r)->index_blocks()) {
    l.regions.emplace_back(b.offset, b.end());
    l.records.emplace_back(b.offset + kRecordAOffset, b.offset + kIndexFixedBytes);
  }
  const BlockRef& last = (*r)->index_blocks().back();
  std::vector<std::byte> block(file.begin() + static_cast<ptrdiff_t>(last.offset), file.begin() + static_cast<ptrdiff_t>(last.end()));
  auto parsed = parse_index_block(last.offset, block);
  EXPECT_TRUE(parsed.has_value());
  if (parsed) l.ambiguous_byte = last.offset + record_pos(parsed->current) + kRecordBytes - 1;
  l.rows = (*r)->num_rows();
  l.last_chunk_rows = (*r)->num_chunks() ? (*r)->chunk_entry((*r)->num_chunks() - 1)->rows : 0;
  return l;
}

class StructureFlipSweep : public ::testing::TestWithParam<const char*> {};

TEST_P(StructureFlipSweep, ReaderNeverDropsRowsSilently) {
  const auto good = read_bytes(std::string(CDD_SPEC_VECTORS_DIR) + "/" + GetParam() + ".cdd");
  ASSERT_FALSE(good.empty());
  const Layout l = layout_of(good);
  ASSERT_FALSE(l.regions.empty());
  auto reader = Reader::open(copy_memory(good.data(), good.size()));
  ASSERT_TRUE(reader.has_value());
  std::vector<std::byte> original(l.rows * (*reader)->row_bytes());
  ASSERT_TRUE((*reader)->read_rows(0, l.rows, original).has_value());
  size_t flips = 0, errors = 0, intact = 0, ambiguous = 0;
  for (auto [begin, end] : l.regions) {
    for (uint64_t i = begin; i < end; ++i) {
      // Every bit of the commit records (where a reader chooses between states), bit i % 8 elsewhere.
      const bool in_record = std::any_of(l.records.begin(), l.records.end(), [&](auto r) { return i >= r.first && i < r.second; });
      for (int bit = 0; bit < 8; ++bit) {
        if (!in_record && bit != static_cast<int>(i % 8)) continue;
        auto file = good;
        file[i] ^= std::byte{static_cast<unsigned char>(1u << bit)};
        ++flips;
        const std::string what = std::string(GetParam()) + ": bit " + std::to_string(bit) + " of byte " + std::to_string(i);
        auto r = Reader::open(copy_memory(file.data(), file.size()));
        if (!r) {
          EXPECT_TRUE(damage_kind(r.error().code)) << what << ": " << r.error().message;
          ++errors;
          continue;
        }
        const uint64_t n = (*r)->num_rows();
        std::vector<std::byte> back(n * (*r)->row_bytes());
        auto st = (*r)->read_rows(0, n, back);
        if (!st) {
          EXPECT_TRUE(damage_kind(st.error().code)) << what << ": " << st.error().message;
          ++errors;
          continue;
        }
        if (n == l.rows && back == original) {
          ++intact;
          continue;
        }
        // Only the byte the format cannot tell from an interrupted commit may read as the file before
        // its last commit — never anything else, and verify still reports it.
        ASSERT_EQ(i, l.ambiguous_byte) << what << ": read " << n << " of " << l.rows << " rows without an error";
        ASSERT_EQ(n, l.rows - l.last_chunk_rows) << what;
        ASSERT_TRUE(std::equal(back.begin(), back.end(), original.begin())) << what;
        EXPECT_FALSE(verify_store(*copy_memory(file.data(), file.size())).has_value()) << what;
        ++ambiguous;
      }
    }
  }
  EXPECT_GT(errors, 0u);
  EXPECT_LE(ambiguous, 8u);
  RecordProperty("flips", static_cast<int>(flips));
  std::printf("%s: %zu flips: %zu errors, %zu read intact, %zu as before the last commit\n", GetParam(), flips, errors,
              intact, ambiguous);
}

// The CLI end to end: a flipped index block either fails export-npy (no file left) or exports the
// original .npy byte for byte (one bit per byte: the CLI reads through the same Reader).
TEST_P(StructureFlipSweep, ExportNpyNeverDropsRowsSilently) {
  const std::string base = std::string(CDD_SPEC_VECTORS_DIR) + "/" + GetParam();
  const auto good = read_bytes(base + ".cdd");
  const auto npy = read_bytes(base + ".npy");
  const Layout l = layout_of(good);
  ASSERT_GT(l.regions.size(), 1u);
  test::TempDir dir("cdd-flip-sweep");
  size_t failed = 0, same = 0;
  for (size_t k = 1; k < l.regions.size(); ++k) {
    for (uint64_t i = l.regions[k].first; i < l.regions[k].second; ++i) {
      if (i == l.ambiguous_byte) continue;
      auto file = good;
      file[i] ^= std::byte{static_cast<unsigned char>(1u << (i % 8))};
      write_bytes(dir.file("f.cdd"), file);
      std::filesystem::remove(dir.file("f.npy"));
      auto st = tools::export_npy(dir.file("f.cdd"), dir.file("f.npy"), {}, false);
      if (!st) {
        EXPECT_FALSE(std::filesystem::exists(dir.file("f.npy"))) << "byte " << i;
        ++failed;
        continue;
      }
      ASSERT_TRUE(read_bytes(dir.file("f.npy")) == npy) << GetParam() << ": byte " << i << " exported other rows";
      ++same;
    }
  }
  EXPECT_GT(failed, 0u);
  std::printf("%s: export-npy failed on %zu flips, exported the original on %zu\n", GetParam(), failed, same);
}

INSTANTIATE_TEST_SUITE_P(Vectors, StructureFlipSweep,
                         ::testing::Values("ob_okx_f16_native", "ob_okx_f16_downcast", "chain_raw_index",
                                           "chain_lz4_index", "chain_raw_index_repacked", "ts_i64_delta_zstd",
                                           "single_row_f64", "appends_and_flushes", "empty_with_user_meta"),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace cdd
