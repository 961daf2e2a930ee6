// index_block_fuzzer.cpp — one index block (FORMAT §4.1–4.2), RAW or LZ4: the prefix checks, the slots
// (LZ4-decompressed for type 2), both commit records with the state selection and the classification
// of a damaged record, and the strict health check verify applies.
#include "fuzz/fuzz_input.hpp"
#include "format/index_block.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto in = cdd::fuzz::bytes(data, size);
  if (in.size() < cdd::kIndexPrefixBytes) return 0;
  auto prefix = cdd::parse_index_prefix(4096, in);
  if (!prefix || prefix->size > in.size()) return 0;
  auto block = cdd::parse_index_block(4096, in.first(prefix->size));
  if (!block) return 0;
  (void)cdd::check_index_block_strict(*block);
  (void)cdd::damaged_record_kind(*block);
  // A parsed block serializes back to a block that parses to the same state.
  const uint64_t n = block->count();
  auto again = cdd::serialize_raw_index_block(
      block->prefix.capacity, std::span(block->offsets).first(n), std::span(block->rows).first(n),
      cdd::make_commit_record(1, n, block->next(), block->offsets, block->rows));
  auto back = cdd::parse_index_block(4096, again);
  if (!back || back->count() != n || back->next() != block->next()) __builtin_trap();
  return 0;
}
