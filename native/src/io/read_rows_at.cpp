// read_rows_at.cpp — Reader::read_rows_at: the rows at any list of indices (a batch of random rows, a
// sampler's picks) in one call. The indices are grouped by chunk; each chunk is read and decoded once, up
// to the last row asked of it (the order-book codecs then decompress only that prefix of their stage), on
// the reader's decode threads, and every row is copied to the place its index has in the request. A chunk
// the decoded-chunk cache holds is copied from there; a gather never fills the cache (its rows are random).
#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "core/thread_object.hpp"
#include "io/guard_chunk.hpp"
#include "io/reader.hpp"
#include "parallel/parallel.hpp"

namespace cdd {

// The picks of one chunk: [begin, begin of the next group).
struct Reader::PickGroup {
  uint64_t chunk;
  size_t begin;
};

struct Reader::GatherCtx {
  const Reader* reader;
  std::span<const RowPick> picks;     // sorted by row
  std::span<const PickGroup> groups;  // in chunk order, then one end marker (begin = picks.size())
  std::byte* out;
  std::vector<std::optional<Error>>* errors;
};

Status Reader::gather_chunk(uint64_t chunk, std::span<const RowPick> picks, std::byte* out) const {
  const uint64_t f = chain_.first_row[chunk];
  const size_t rb = static_cast<size_t>(row_bytes_);
  if (cache_->enabled()) {
    if (auto hit = cache_->find(chunk)) {
      for (const RowPick& p : picks) std::memcpy(out + p.pos * rb, hit->data.get() + (p.row - f) * rb, rb);
      return ok();
    }
  }
  const uint64_t lo = picks.front().row, hi = picks.back().row;
  if (lo == hi) {  // one row (maybe asked several times): decoded straight into its first place
    std::byte* first = out + picks.front().pos * rb;
    CDD_FORWARD_IF_ERROR(decode_rows_of(chunk, lo - f, std::span(first, rb)));
    for (const RowPick& p : picks.subspan(1)) std::memcpy(out + p.pos * rb, first, rb);
    return ok();
  }
  std::vector<std::byte>& rows = thread_object<std::vector<std::byte>, struct GatherSite>();
  rows.resize(static_cast<size_t>(hi - lo + 1) * rb);
  CDD_FORWARD_IF_ERROR(decode_rows_of(chunk, lo - f, rows));
  for (const RowPick& p : picks) std::memcpy(out + p.pos * rb, rows.data() + (p.row - lo) * rb, rb);
  return ok();
}

void Reader::gather_task(void* raw, size_t g) {
  auto* ctx = static_cast<GatherCtx*>(raw);
  const PickGroup& group = ctx->groups[g];
  const auto picks = ctx->picks.subspan(group.begin, ctx->groups[g + 1].begin - group.begin);
  const Reader& r = *ctx->reader;
  const Status st = guard_chunk(group.chunk, r.chain_.offsets[group.chunk],
                                [&] { return r.gather_chunk(group.chunk, picks, ctx->out); });
  if (!st) (*ctx->errors)[g] = st.error();
}

Status Reader::read_rows_at(std::span<const uint64_t> rows, std::span<std::byte> out, unsigned threads) const {
  const size_t n = rows.size();
  CDD_RETURN_ERROR_IF(out.size() / std::max<uint64_t>(row_bytes_, 1) < n, CDD_E_INVALID_ARGUMENT,
                      "output buffer of " + std::to_string(out.size()) + " bytes too small for " + std::to_string(n) +
                          " rows of " + std::to_string(row_bytes_) + " bytes");
  const uint64_t total = num_rows();
  for (size_t i = 0; i < n; ++i) {
    CDD_RETURN_ERROR_IF(rows[i] >= total, CDD_E_OUT_OF_RANGE,
                        "row " + std::to_string(rows[i]) + " (index " + std::to_string(i) +
                            " of the request) out of range: the array has " + std::to_string(total) + " rows");
  }
  if (n == 0 || row_bytes_ == 0) return ok();
  std::vector<RowPick> picks(n);
  for (size_t i = 0; i < n; ++i) picks[i] = RowPick{rows[i], i};
  std::sort(picks.begin(), picks.end(), [](const RowPick& a, const RowPick& b) {
    return a.row != b.row ? a.row < b.row : a.pos < b.pos;
  });
  std::vector<PickGroup> group;
  for (size_t i = 0; i < n;) {
    const uint64_t chunk = chunk_of_row(picks[i].row), end = chain_.first_row[chunk] + chain_.rows[chunk];
    group.push_back(PickGroup{chunk, i});
    while (i < n && picks[i].row < end) ++i;
  }
  const size_t groups = group.size();
  group.push_back(PickGroup{0, n});
  std::vector<std::optional<Error>> errors(groups);
  GatherCtx ctx{this, picks, group, out.data(), &errors};
  if (groups == 1 || threads == 1) {
    for (size_t g = 0; g < groups; ++g) {
      gather_task(&ctx, g);
      if (errors[g]) return std::unexpected(*errors[g]);
    }
    return ok();
  }
  parallel_for(groups, threads, &gather_task, &ctx);
  for (auto& e : errors) {
    if (e) return std::unexpected(*e);
  }
  return ok();
}

}  // namespace cdd
