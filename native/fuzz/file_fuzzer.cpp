// file_fuzzer.cpp — a whole file over a memory store, through every read entry point: Reader::open
// (header + index chain), chunk headers, every row read back chunk by chunk and as one range, refresh,
// verify_store, and append mode (Writer::open_append: tail repair) followed by one appended row that
// must read back. Any bytes: typed errors only, never a fault, a leak or a hang.
#include <algorithm>
#include <vector>

#include "fuzz/fuzz_input.hpp"
#include "io/reader.hpp"
#include "io/verify.hpp"
#include "io/writer.hpp"
#include "store/memory_store.hpp"

namespace {

void read_all(const std::shared_ptr<cdd::Reader>& r) {
  const uint64_t rb = r->row_bytes();
  for (uint64_t c = 0; c < r->num_chunks(); ++c) (void)r->chunk_header(c);
  if (rb == 0) return;
  std::vector<std::byte> out;
  for (uint64_t c = 0; c < r->num_chunks(); ++c) {
    auto e = r->chunk_entry(c);
    if (!e || e->rows > cdd::fuzz::kMaxHarnessOutputBytes / rb) continue;
    out.resize(static_cast<size_t>(e->rows * rb));
    (void)r->read_rows(e->first_row, e->first_row + e->rows, out);
  }
  const uint64_t n = r->num_rows();
  if (n > 1 && n <= cdd::fuzz::kMaxHarnessOutputBytes / rb) {  // a range that starts and ends inside chunks
    out.resize(static_cast<size_t>((n - 1) * rb));
    (void)r->read_rows(1, n, out, 2);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto store = cdd::wrap_memory(data, size);
  cdd::ReaderOptions o;
  o.threads = 1;
  if (auto r = cdd::Reader::open(store, o)) {
    read_all(*r);
    (void)(*r)->refresh();
  }
  (void)cdd::verify_store(*store);
  // Append mode repairs the tail in place: on a copy.
  auto mem = cdd::new_memory_store(std::vector<std::byte>(reinterpret_cast<const std::byte*>(data),
                                                          reinterpret_cast<const std::byte*>(data) + size));
  auto w = cdd::Writer::open_append(mem, false);
  if (!w) return 0;
  const uint64_t rb = (*w)->row_bytes(), before = (*w)->rows_committed();
  if (rb == 0 || rb > (1u << 20)) return 0;
  std::vector<std::byte> row(static_cast<size_t>(rb), std::byte{0x5A});
  if (!(*w)->append(row, 1) || !(*w)->close()) return 0;
  auto r = cdd::Reader::open(mem, o);
  if (!r || (*r)->num_rows() != before + 1) __builtin_trap();  // what append mode committed is there
  // The row reads back bit for bit, unless the codec narrows values (DOWN_CAST_*: float32 stored as f16).
  constexpr uint64_t kNarrowing = CDD_FLAG_DOWN_CAST_8 | CDD_FLAG_DOWN_CAST_16 | CDD_FLAG_DOWN_CAST_32 | CDD_FLAG_DOWN_CAST_64;
  if (((*r)->metadata().codec_flags & kNarrowing) != 0) return 0;
  std::vector<std::byte> back(static_cast<size_t>(rb));
  if (auto st = (*r)->read_rows(before, before + 1, back); st && back != row) __builtin_trap();
  return 0;
}
