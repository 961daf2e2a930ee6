// crash_cut_test.cpp — the crash-safety contract of FORMAT §6: a process killed at any byte of an append
// (and a torn write leaving any one byte of it wrong) leaves every previously flushed row readable
// bit-exact, and open_append repairs the tail and continues. Damage after the commit point is detected.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "io/reader.hpp"
#include "io/verify.hpp"
#include "io/writer.hpp"
#include "support/test_data.hpp"

namespace cdd {
namespace {

// A memory Store that logs the writes made while `recording` is set.
class RecordingStore final : public Store {
 public:
  std::shared_ptr<MemoryStore> inner = new_memory_store();
  bool recording = false;
  std::vector<std::pair<uint64_t, std::vector<std::byte>>> writes;

  const std::string& name() const override { return inner->name(); }
  Result<uint64_t> size() const override { return inner->size(); }
  Status read_at(uint64_t off, std::span<std::byte> out) const override { return inner->read_at(off, out); }
  bool writable() const override { return true; }
  Status write_at(uint64_t off, std::span<const std::byte> data) override {
    if (recording) writes.emplace_back(off, std::vector<std::byte>(data.begin(), data.end()));
    return inner->write_at(off, data);
  }
  Status truncate(uint64_t n) override { return inner->truncate(n); }
  Status sync() override { return ok(); }
  Status lock_writer() override { return inner->lock_writer(); }
  void unlock_writer() override { inner->unlock_writer(); }
};

struct Scenario {
  std::vector<std::byte> base;  // the file after the flush
  std::vector<std::pair<uint64_t, std::vector<std::byte>>> writes;  // the last append, in order
  test::Array data;             // all rows: flushed, then the appended chunk, then rows appended after repair
  uint64_t flushed_rows = 0;
  uint64_t append_rows = 0;
  // Row counts a crash state may hold: flushed_rows plus the rows of each chunk commit of the last
  // append in turn (one commit for make_scenario; several for a flush that cuts several chunks).
  std::vector<uint64_t> states;
};

// Writes `chunks` one-row chunks, flushes, then records the writes of one more chunk.
Scenario make_scenario(uint64_t chunks, uint32_t index_capacity) {
  Scenario s;
  s.data = test::orderbook_f32(chunks + 1 + 2, 5);
  const uint64_t rb = s.data.row_bytes();
  auto rec = std::make_shared<RecordingStore>();
  WriterOptions o;
  o.dtype = s.data.dtype;
  o.row_shape = s.data.row_shape;
  o.codec = CDD_CODEC_RAW;
  o.codec_flags = 0;
  o.chunk_rows = 1;  // small chunks keep the test fast
  o.index_capacity = index_capacity;
  auto w = Writer::create(rec, o);
  EXPECT_TRUE(w.has_value());
  EXPECT_TRUE((*w)->append(std::span(s.data.bytes).first(chunks * rb), chunks).has_value());
  EXPECT_TRUE((*w)->flush().has_value());
  s.base = test::bytes_of(*rec->inner);
  rec->recording = true;
  EXPECT_TRUE((*w)->append(std::span(s.data.bytes).subspan(chunks * rb, rb), 1).has_value());
  EXPECT_TRUE((*w)->close().has_value());
  s.writes = rec->writes;
  s.flushed_rows = chunks;
  s.append_rows = 1;
  s.states = {chunks, chunks + 1};
  return s;
}

// Realistic books through the float16 order-book codec: `flushed` rows flushed, then one flush of
// `last` rows cut into chunks of 8 (so the last flush is several commits, one of them a new index block).
Scenario make_flush_scenario(uint64_t flushed, uint64_t last, uint32_t index_capacity, bool sync) {
  Scenario s;
  s.data = test::orderbook_f16(flushed + last + 2, 17);
  const uint64_t rb = s.data.row_bytes();
  auto rec = std::make_shared<RecordingStore>();
  WriterOptions o;
  o.dtype = s.data.dtype;
  o.row_shape = s.data.row_shape;
  o.codec = CDD_CODEC_OKX_OB_F16;
  o.codec_flags = CDD_FLAG_LZ4;
  o.codec_params = {std::byte{4}};  // the bitmap filter
  o.chunk_rows = 8;
  o.index_capacity = index_capacity;
  o.sync = sync;
  auto w = Writer::create(rec, o);
  EXPECT_TRUE(w.has_value());
  EXPECT_TRUE((*w)->append(std::span(s.data.bytes).first(flushed * rb), flushed).has_value());
  EXPECT_TRUE((*w)->flush().has_value());
  s.base = test::bytes_of(*rec->inner);
  rec->recording = true;
  EXPECT_TRUE((*w)->append(std::span(s.data.bytes).subspan(flushed * rb, last * rb), last).has_value());
  EXPECT_TRUE((*w)->flush().has_value());
  EXPECT_TRUE((*w)->close().has_value());
  s.writes = rec->writes;
  s.flushed_rows = flushed;
  s.append_rows = last;
  uint64_t rows = flushed;
  s.states = {rows};
  while (rows < flushed + last) {  // the flush left nothing buffered: chunks of 8, then the rest
    rows += std::min<uint64_t>(8, flushed + last - rows);
    s.states.push_back(rows);
  }
  return s;
}

uint64_t total_bytes(const Scenario& s) {
  uint64_t t = 0;
  for (auto& w : s.writes) t += w.second.size();
  return t;
}

// The file after the first `p` bytes of the append's writes, and byte p written as `garbage` if set.
std::vector<std::byte> crash_state(const Scenario& s, uint64_t p, bool flip) {
  auto mem = new_memory_store(s.base);
  uint64_t seen = 0;
  for (auto& [off, bytes] : s.writes) {
    if (seen + bytes.size() <= p) {
      EXPECT_TRUE(mem->write_at(off, bytes).has_value());
      seen += bytes.size();
      continue;
    }
    size_t k = static_cast<size_t>(p - seen);
    std::vector<std::byte> part(bytes.begin(), bytes.begin() + static_cast<ptrdiff_t>(k));
    if (flip) part.push_back(bytes[k] ^ std::byte{0xFF});
    EXPECT_TRUE(mem->write_at(off, part).has_value());
    break;
  }
  return test::bytes_of(*mem);
}

// The checks every crash state must pass. Returns the rows the state holds (flushed or flushed + 1).
void check_state(const Scenario& s, std::vector<std::byte> file, const std::string& what) {
  const uint64_t rb = s.data.row_bytes();
  uint64_t rows_in_state = 0;
  {
    auto r = Reader::open(copy_memory(file.data(), file.size()));
    ASSERT_TRUE(r.has_value()) << what << ": " << r.error().message;
    rows_in_state = (*r)->num_rows();
    ASSERT_NE(std::find(s.states.begin(), s.states.end(), rows_in_state), s.states.end())
        << what << ": " << rows_in_state << " rows is not the state before or after one of the commits";
    std::vector<std::byte> back(rows_in_state * rb);
    auto st = (*r)->read_rows(0, rows_in_state, back);
    ASSERT_TRUE(st.has_value()) << what << ": " << st.error().message;
    ASSERT_TRUE(std::equal(back.begin(), back.end(), s.data.bytes.begin())) << what;
  }
  // Repair and continue: append the two last rows of the data after what the state holds.
  auto store = new_memory_store(std::move(file));
  {
    auto w = Writer::open_append(store, false);
    ASSERT_TRUE(w.has_value()) << what << ": " << w.error().message;
    ASSERT_EQ((*w)->rows_committed(), rows_in_state) << what;
    ASSERT_TRUE((*w)->append(std::span(s.data.bytes).subspan(rows_in_state * rb, 2 * rb), 2).has_value()) << what;
    ASSERT_TRUE((*w)->close().has_value()) << what;
  }
  auto v = verify_store(*store);
  ASSERT_TRUE(v.has_value()) << what << ": " << v.error().message;
  auto r = Reader::open(store);
  ASSERT_TRUE(r.has_value()) << what;
  ASSERT_EQ((*r)->num_rows(), rows_in_state + 2) << what;
  std::vector<std::byte> back((rows_in_state + 2) * rb);
  ASSERT_TRUE((*r)->read_rows(0, rows_in_state + 2, back).has_value()) << what;
  ASSERT_TRUE(std::equal(back.begin(), back.end(), s.data.bytes.begin())) << what;
}

void run_all_cuts(const Scenario& s) {
  const uint64_t total = total_bytes(s);
  ASSERT_GT(total, 600u);
  for (uint64_t p = 0; p <= total; ++p) {
    check_state(s, crash_state(s, p, false), "cut at byte " + std::to_string(p));
    if (::testing::Test::HasFatalFailure()) return;
    if (p < total) {
      check_state(s, crash_state(s, p, true), "torn byte " + std::to_string(p));
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
  std::printf("[ figures ] %llu writes, %llu bytes: %llu cut and %llu torn states checked\n",
              static_cast<unsigned long long>(s.writes.size()), static_cast<unsigned long long>(total),
              static_cast<unsigned long long>(total + 1), static_cast<unsigned long long>(total));
}

TEST(IoCrashCut, AppendIntoOpenIndexBlock) {
  Scenario s = make_scenario(3, 8);  // the 4th chunk fills slot 3 of block 0
  ASSERT_EQ(s.writes.size(), 4u);    // frame, offsets[3], rows[3], commit record
  run_all_cuts(s);
}

TEST(IoCrashCut, AppendThatStartsANewIndexBlock) {
  Scenario s = make_scenario(4, 4);  // block 0 is full: the 5th chunk goes to a new block
  ASSERT_EQ(s.writes.size(), 3u);    // frame, new block, the full block's commit with `next`
  run_all_cuts(s);
}

// The last flush cuts several chunks of realistic books (float16 order-book codec) and one of them
// starts a new index block: a crash at any byte of it, or a torn byte, leaves the file at the state
// after one of its commits, and every row of that state reads back bit-exact. With `sync` the writes are
// the same bytes in the same order (the fsyncs between them only order them on the disk), so the cuts
// of one cover both.
TEST(IoCrashCut, FlushOfSeveralBookChunksAcrossANewIndexBlock) {
  // Flushed: a chunk of 5 rows; the last flush: 8, 8, 3 — its third chunk opens index block 1 (capacity 3).
  Scenario s = make_flush_scenario(5, 19, 3, false);
  ASSERT_EQ(s.states.size(), 4u);
  Scenario synced = make_flush_scenario(5, 19, 3, true);
  ASSERT_EQ(synced.writes, s.writes);
  run_all_cuts(s);
}

// Damage after the commit point is not a crash: it is detected, and names the chunk or block.
TEST(IoCrashCut, DamageAfterCommitIsDetected) {
  Scenario s = make_scenario(3, 8);
  const uint64_t rb = s.data.row_bytes();
  auto full = crash_state(s, total_bytes(s), false);
  const uint64_t frame_off = s.writes[0].first, frame_len = s.writes[0].second.size();
  for (uint64_t i = 0; i < frame_len; ++i) {
    auto file = full;
    file[frame_off + i] ^= std::byte{0x01};
    std::string what = "frame byte " + std::to_string(i);
    auto store = copy_memory(file.data(), file.size());
    auto r = Reader::open(store);
    ASSERT_TRUE(r.has_value()) << what;
    std::vector<std::byte> back(s.flushed_rows * rb);
    ASSERT_TRUE((*r)->read_rows(0, s.flushed_rows, back).has_value()) << what;
    ASSERT_TRUE(std::equal(back.begin(), back.end(), s.data.bytes.begin())) << what;
    std::vector<std::byte> one(rb);
    auto bad = (*r)->read_rows(s.flushed_rows, s.flushed_rows + 1, one);
    ASSERT_FALSE(bad.has_value()) << what;
    EXPECT_NE(bad.error().message.find("chunk 3 at offset " + std::to_string(frame_off)), std::string::npos)
        << what << ": " << bad.error().message;
    auto v = verify_store(*store);
    ASSERT_FALSE(v.has_value()) << what;
    EXPECT_NE(v.error().message.find("chunk 3"), std::string::npos) << v.error().message;
    // Appending still works and keeps every byte of the damaged chunk.
    auto mem = new_memory_store(file);
    auto w = Writer::open_append(mem, false);
    ASSERT_TRUE(w.has_value()) << what << ": " << w.error().message;
    ASSERT_TRUE((*w)->append(std::span(s.data.bytes).subspan((s.flushed_rows + 1) * rb, rb), 1).has_value());
    ASSERT_TRUE((*w)->close().has_value());
    auto r2 = Reader::open(mem);
    ASSERT_TRUE(r2.has_value()) << what;
    ASSERT_EQ((*r2)->num_rows(), s.flushed_rows + 2);
    ASSERT_TRUE((*r2)->read_rows(s.flushed_rows + 1, s.flushed_rows + 2, one).has_value()) << what;
    ASSERT_TRUE(std::equal(one.begin(), one.end(), s.data.bytes.begin() + (s.flushed_rows + 1) * rb)) << what;
  }
}

TEST(IoCrashCut, DamagedNewIndexBlockNamesTheBlock) {
  Scenario s = make_scenario(4, 4);
  auto full = crash_state(s, total_bytes(s), false);
  const uint64_t block_off = s.writes[1].first, block_len = s.writes[1].second.size();
  for (uint64_t i = 16; i < block_len; ++i) {  // records and slots (the prefix has its own checks)
    auto file = full;
    file[block_off + i] ^= std::byte{0x01};
    auto r = Reader::open(copy_memory(file.data(), file.size()));
    if (r.has_value()) {
      // Only bytes no commit covers may change unnoticed: the unused record B or slots past count.
      EXPECT_TRUE((i >= 56 && i < 96) || i >= 96 + 8 * 1) << "byte " << i;
      auto v = verify_store(*copy_memory(file.data(), file.size()));
      ASSERT_FALSE(v.has_value()) << "byte " << i;
      EXPECT_NE(v.error().message.find("index block at offset " + std::to_string(block_off)), std::string::npos)
          << v.error().message;
      continue;
    }
    EXPECT_EQ(r.error().code, CDD_E_CORRUPT) << "byte " << i << ": " << r.error().message;
    EXPECT_NE(r.error().message.find("index block at offset " + std::to_string(block_off)), std::string::npos)
        << r.error().message;
  }
}

}  // namespace
}  // namespace cdd
