// chunk_frame_fuzzer.cpp — one chunk frame (FORMAT §5): the header parse (size, type, dtype, flags, shape
// terminator and dims) with and without the hash check, the flag rules, and then the frame decoded
// through decode_chunk against metadata taken from its own header (hash not required, so that the
// fuzzer reaches the codecs), whole and as a row range.
#include <vector>

#include "fuzz/fuzz_input.hpp"
#include "core/dtype.hpp"
#include "format/chunk_frame.hpp"
#include "io/chunk_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto in = cdd::fuzz::bytes(data, size);
  (void)cdd::parse_chunk_header(in, in.size(), "fuzz", true);
  auto h = cdd::parse_chunk_header(in, in.size(), "fuzz", false);
  if (!h) return 0;
  (void)cdd::check_chunk_flags(h->flags, h->type, "fuzz");
  cdd::Metadata m;
  m.dtype = h->dtype;
  m.row_shape.assign(h->shape.begin() + 1, h->shape.end());
  m.codec = h->type;
  m.index_capacity = 1;
  if (!cdd::validate_metadata(m)) return 0;
  if (!cdd::check_chunk_against(*h, m, h->rows(), "fuzz")) return 0;
  const uint64_t row_bytes = m.row_bytes();
  const uint64_t rows = h->rows();
  if (row_bytes == 0 || rows > cdd::fuzz::kMaxHarnessOutputBytes / row_bytes) return 0;
  std::vector<std::byte> out(static_cast<size_t>(rows * row_bytes));
  (void)cdd::decode_chunk(m, 0, 0, rows, in, false, 0, out);
  if (rows > 1) {  // the rows after the first, through decode_range
    (void)cdd::decode_chunk(m, 0, 0, rows, in, false, 1, std::span(out).first(static_cast<size_t>((rows - 1) * row_bytes)));
  }
  return 0;
}
