// header_fuzzer.cpp — the file header (FORMAT §2–3): magic, version, METADATA and USER_META zstd blobs
// read through read_header over a memory store, and the metadata records parsed directly (as they are
// after decompression), so that both the blob layer and the record parser see arbitrary bytes.
#include "fuzz/fuzz_input.hpp"
#include "format/header.hpp"
#include "format/metadata.hpp"
#include "store/memory_store.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto store = cdd::wrap_memory(data, size);
  if (auto h = cdd::read_header(*store)) {
    (void)cdd::validate_metadata(h->meta);
    (void)h->meta.row_bytes();
  }
  if (auto m = cdd::parse_metadata_records(cdd::fuzz::bytes(data, size))) (void)cdd::encode_metadata_records(*m);
  return 0;
}
