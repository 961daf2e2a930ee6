// append_damaged_test.cpp — append mode on files damaged after their commits (found by the file fuzzer):
// a file cut before its last committed chunk is refused with CDD_E_CORRUPT instead of appending a frame
// at or before that chunk (which made every row unreadable), and the file is left as it was.
#include <gtest/gtest.h>

#include "io/reader.hpp"
#include "io/writer.hpp"
#include "support/test_data.hpp"

namespace cdd {
namespace {

TEST(IoAppendDamaged, FileCutBeforeItsLastCommittedChunkIsRefused) {
  test::Array a = test::orderbook_f32(6, 3);
  WriterOptions o;
  o.codec = CDD_CODEC_RAW;
  o.codec_flags = 0;
  o.chunk_rows = 2;
  o.index_capacity = 8;
  auto file = test::bytes_of(*test::write_memory(a, o));
  auto r = Reader::open(copy_memory(file.data(), file.size()));
  ASSERT_TRUE(r.has_value());
  const uint64_t last = (*r)->chunk_entry(2)->offset;
  for (uint64_t cut : {last, last - 1}) {
    auto bytes = file;
    bytes.resize(cut - (cut == last ? 0 : 40));  // at the chunk, and inside the chunk before it
    auto store = new_memory_store(bytes);
    auto w = Writer::open_append(store, false);
    if (cut == last) {
      ASSERT_FALSE(w.has_value());
      EXPECT_EQ(w.error().code, CDD_E_CORRUPT);
      EXPECT_TRUE(test::contains(w.error().message, "chunk 2 at offset " + std::to_string(last))) << w.error().message;
      EXPECT_EQ(test::bytes_of(*store), bytes) << "a refused append mode changed the file";
      continue;
    }
    // Cut inside the previous chunk: the last chunk's offset is past the end too.
    ASSERT_FALSE(w.has_value());
    EXPECT_EQ(w.error().code, CDD_E_CORRUPT);
  }
}

}  // namespace
}  // namespace cdd
