// verify_corruption_test.cpp — `cdd verify` passes on an intact file and fails, naming the damaged
// structure, after any single byte of a chunk frame or an index block is flipped (bytes sampled from every
// field of every chunk, and every byte of every index block).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "cdd/cdd.h"
#include "tools/capi_handles.hpp"
#include "tools/commands.hpp"
#include "tools/inspect.hpp"
#include "tools/npy_convert.hpp"
#include "tool_test_files.hpp"

namespace {

using namespace cdd::tools::testing;

struct Span {
  uint64_t offset, size;
};

class ToolsVerify : public ::testing::Test {
 protected:
  void SetUp() override {
    write_all(dir_.file("in.npy"), book_npy(21, 1234));
    cdd::tools::ImportOptions o;
    o.progress = false;
    o.chunk_rows = 100;    // 13 chunks, the last one of 34 rows
    o.index_capacity = 2;  // blocks of 2, 4, 8 slots (the last one partly filled)
    auto s = cdd::tools::import_npy(dir_.file("in.npy"), path_, o);
    ASSERT_TRUE(s) << s.error().message;
    good_ = read_all(path_);

    auto r = cdd::tools::open_reader(path_);
    ASSERT_TRUE(r);
    for (uint64_t i = 0; i < cdd_reader_num_chunks(r->get()); ++i) {
      cdd_chunk_info c{};
      c.struct_size = sizeof c;
      ASSERT_EQ(cdd_reader_chunk_header(r->get(), i, &c), CDD_OK) << cdd_last_error_message();
      chunks_.push_back({c.offset, c.stored_bytes});
    }
    auto chain = cdd::tools::read_index_chain(path_);
    ASSERT_TRUE(chain) << chain.error().message;
    for (const auto& b : *chain) blocks_.push_back({b.offset, b.size});
    ASSERT_EQ(chunks_.size(), 13u);
    ASSERT_EQ(blocks_.size(), 3u);
  }

  // Verifies a copy of the file with byte `at` flipped; returns the error message ("" if verify passed).
  std::string verify_flipped(uint64_t at, unsigned char mask) {
    std::string bad = good_;
    bad[at] = static_cast<char>(static_cast<unsigned char>(bad[at]) ^ mask);
    write_all(path_, bad);
    const int rc = cdd_verify_file(path_.c_str());
    write_all(path_, good_);
    return rc == CDD_OK ? "" : std::string(cdd_last_error_message()) + " [" + cdd_status_name(rc) + "]";
  }

  TempDir dir_;
  std::string path_ = dir_.file("book.cdd");
  std::string good_;
  std::vector<Span> chunks_;
  std::vector<Span> blocks_;
};

TEST_F(ToolsVerify, IntactFilePasses) {
  EXPECT_EQ(cdd_verify_file(path_.c_str()), CDD_OK) << cdd_last_error_message();
  EXPECT_EQ(cdd::tools::cmd_verify({path_}), 0);
}

TEST_F(ToolsVerify, FlippedChunkByteIsReportedWithTheChunk) {
  for (size_t i = 0; i < chunks_.size(); ++i) {
    const Span c = chunks_[i];
    // Every header field (size, type, dtype, hash, flags, shape, terminator) and payload samples.
    std::set<uint64_t> at = {0, 3, 4, 6, 8, 15, 23, 24, 31, 32, 36, 40, 44};
    for (uint64_t k = 48; k < c.size; k += 1 + c.size / 7) at.insert(k);
    at.insert(c.size - 1);
    for (uint64_t k : at) {
      for (unsigned char mask : {0x01, 0x80}) {
        const std::string msg = verify_flipped(c.offset + k, mask);
        ASSERT_FALSE(msg.empty()) << "chunk " << i << " byte " << k << " mask " << int(mask) << " not detected";
        EXPECT_NE(msg.find("chunk " + std::to_string(i)), std::string::npos)
            << "chunk " << i << " byte " << k << ": " << msg;
      }
    }
  }
  // The CLI reports it with exit status 1.
  std::string bad = good_;
  bad[chunks_[5].offset + chunks_[5].size / 2] ^= 0x10;
  write_all(path_, bad);
  EXPECT_EQ(cdd::tools::cmd_verify({path_}), 1);
}

TEST_F(ToolsVerify, FlippedIndexBlockByteIsReportedWithTheBlock) {
  for (const Span b : blocks_) {
    for (uint64_t k = 0; k < b.size; ++k) {
      const std::string msg = verify_flipped(b.offset + k, 0x04);
      ASSERT_FALSE(msg.empty()) << "index block at " << b.offset << " byte " << k << " not detected";
      // The message names the block by its offset (or, for a damaged `next` pointer or slot, what it
      // points to no longer checks out).
      EXPECT_TRUE(msg.find("index block") != std::string::npos || msg.find("chunk") != std::string::npos)
          << "block at " << b.offset << " byte " << k << ": " << msg;
    }
  }
}

}  // namespace
