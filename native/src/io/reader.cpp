// reader.cpp — Reader: open (header + chain), chunk access, and read_rows (runs of contiguous chunks read
// with one I/O each — or a few pieces read in parallel by the decode tasks — or viewed in place, then
// decoded through cdd::parallel_for into the caller's buffer; a read inside one chunk is served by the
// decoded-chunk cache).
#include "io/reader.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <thread>

#include "core/le.hpp"
#include "core/thread_object.hpp"
#include "io/chunk_codec.hpp"
#include "io/guard_chunk.hpp"
#include "parallel/parallel.hpp"

namespace cdd {
namespace {

// At most this much per I/O (a run of contiguous chunks, or a piece of one): small enough that the bytes
// one read copies are still in L2 when the task decodes them, large enough that the syscall is noise.
constexpr uint64_t kRunBytes = 256ull << 10;
constexpr uint64_t kBatchBytes = 32ull << 20;  // chunk bytes per parallel_for (an error stops the rest)
constexpr uint64_t kMinSplitRun = 16ull << 10;  // a run split between threads: pieces of at least this

// Chunks [first, last], contiguous in the file at [off, end). `base` holds those bytes (a view of the
// store), or is null when the task reads them itself, with one I/O.
struct Task {
  uint64_t first, last;
  uint64_t off, end;
  const std::byte* base;
};

struct ReadCtx {
  const Reader* reader;
  const Chain* chain;
  const std::vector<Task>* tasks;
  uint64_t start, end;
  std::byte* out;
  uint64_t row_bytes;
  bool verify;
  std::atomic<uint8_t>* verified;  // per chunk, set once its hash checked out
  const uint64_t* bounds;          // per chunk: end of the bytes that may belong to it
  std::vector<std::optional<Error>>* errors;
};

// A buffer this thread keeps between reads for the bytes of one I/O (a decode task never waits, and the
// cache path runs no task, so nothing else on this thread uses it meanwhile).
std::byte* io_buffer(size_t size) {
  struct Buffer {
    std::unique_ptr<std::byte[]> bytes;
    size_t capacity = 0;
  };
  Buffer& b = thread_object<Buffer, struct IoBufferSite>();
  if (b.capacity < size) {
    b.bytes.reset();
    b.capacity = 0;
    b.bytes = std::make_unique_for_overwrite<std::byte[]>(size);
    b.capacity = size;
  }
  return b.bytes.get();
}

// Decodes one chunk whose frame bytes start at `frame` (`avail` bytes belong to it) into the caller's
// buffer: the whole chunk, or the rows [lo, hi) of it the read covers (the codec rebuilds no row past
// `hi` and writes no row before `lo`).
Status decode_one(ReadCtx& c, uint64_t chunk, const std::byte* frame, uint64_t avail) {
  const uint64_t f = c.chain->first_row[chunk], n = c.chain->rows[chunk];
  const uint64_t lo = std::max(f, c.start), hi = std::min(f + n, c.end);
  const uint64_t offset = c.chain->offsets[chunk];
  const bool verify = c.verify && c.verified[chunk].load(std::memory_order_relaxed) == 0;
  CDD_FORWARD_IF_ERROR(decode_chunk(c.reader->metadata(), chunk, offset, n,
                                    std::span(frame, static_cast<size_t>(avail)), verify, lo - f,
                                    std::span(c.out + (lo - c.start) * c.row_bytes,
                                              static_cast<size_t>((hi - lo) * c.row_bytes))));
  if (verify) c.verified[chunk].store(1, std::memory_order_relaxed);
  return ok();
}

void decode_task(void* p, size_t t) {
  auto& c = *static_cast<ReadCtx*>(p);
  const Task& task = (*c.tasks)[t];
  uint64_t chunk = task.first;
  try {
    const std::byte* base = task.base;
    if (base == nullptr) {  // this task's run: one I/O
      const size_t size = static_cast<size_t>(task.end - task.off);
      std::byte* buffer = io_buffer(size);
      if (auto st = c.reader->store().read_at(task.off, std::span(buffer, size)); !st) {
        (*c.errors)[t] = st.error();
        return;
      }
      base = buffer;
    }
    for (; chunk <= task.last; ++chunk) {
      const uint64_t ko = c.chain->offsets[chunk];
      const uint64_t kend = std::min(c.bounds[chunk], task.end);
      if (auto st = decode_one(c, chunk, base + (ko - task.off), kend > ko ? kend - ko : 0); !st) {
        (*c.errors)[t] = st.error();
        return;
      }
    }
  } catch (const std::bad_alloc&) {
    (*c.errors)[t] = Error{CDD_E_NO_MEMORY, chunk_where(chunk, c.chain->offsets[chunk]) + ": out of memory while decoding"};
  } catch (const std::exception& e) {
    (*c.errors)[t] = Error{CDD_E_INTERNAL, chunk_where(chunk, c.chain->offsets[chunk]) + ": " + e.what()};
  }
}

// A reader following a live file may copy the last index block while the writer rewrites one of its
// commit records (FORMAT §6.2): that record then fails its hash and the other one is used. Only when the
// copy caught both records mid-write (two commits during one read) does no record check out; that view
// is transient (a commit is one 40-byte write), so the chain is read twice more before CDD_E_CORRUPT is
// believed. A damaged file costs those two extra reads of its chain.
template <class F>
Status with_torn_view_retries(F&& load) {
  Status st = load();
  for (int attempt = 0; attempt < 2 && !st && st.error().code == CDD_E_CORRUPT; ++attempt) {
    std::this_thread::yield();
    st = load();
  }
  return st;
}

}  // namespace

Result<std::shared_ptr<Reader>> Reader::open(std::shared_ptr<Store> store, const ReaderOptions& opts) {
  CDD_RETURN_ERROR_IF(!store, CDD_E_INVALID_ARGUMENT, "reader opened without a store");
  std::shared_ptr<Reader> r(new Reader());
  r->store_ = std::move(store);
  r->opts_ = opts;
  r->cache_ = std::make_unique<ChunkCache>(opts.cache_chunks, static_cast<size_t>(std::min<uint64_t>(opts.cache_bytes, SIZE_MAX)));
  CDD_ASSIGN_OR_RETURN(r->header_, read_header(*r->store_));
  r->row_bytes_ = r->header_.meta.row_bytes();
  CDD_FORWARD_IF_ERROR(with_torn_view_retries([&] { return load_chain(*r->store_, r->header_, r->chain_); }));
  CDD_FORWARD_IF_ERROR(r->finish_index());
  return r;
}

Status Reader::finish_index() {
  CDD_ASSIGN_OR_RETURN(file_size_, store_->size());
  if (verified_count_ != num_chunks()) {  // keep what earlier reads verified: those chunks are committed
    auto next = std::make_unique<std::atomic<uint8_t>[]>(static_cast<size_t>(num_chunks()));
    const uint64_t keep = std::min(verified_count_, num_chunks());
    for (uint64_t i = 0; i < keep; ++i) next[i].store(verified_[i].load(std::memory_order_relaxed), std::memory_order_relaxed);
    verified_ = std::move(next);
    verified_count_ = num_chunks();
  }
  bounds_ = chunk_bounds(chain_);
  logical_end_ = chain_.blocks.empty() ? header_.index0_offset : 0;
  for (const auto& b : chain_.blocks) logical_end_ = std::max(logical_end_, b.end());
  if (!bounds_.empty() && bounds_.back() == std::numeric_limits<uint64_t>::max()) {
    // The last chunk has nothing after it: its frame header gives its end.
    const uint64_t file_size = file_size_;
    uint64_t off = chain_.offsets.back();
    bounds_.back() = file_size;
    if (off < file_size) {
      std::vector<std::byte> head(static_cast<size_t>(std::min<uint64_t>(kMaxChunkHeaderBytes, file_size - off)));
      CDD_FORWARD_IF_ERROR(store_->read_at(off, head));
      uint64_t size = head.size() >= 4 ? le::u32(head.data()) : 0;
      if (size >= kChunkFixedBytes && size <= file_size - off) bounds_.back() = off + size;
    }
    logical_end_ = std::max(logical_end_, bounds_.back());
  }
  return ok();
}

Result<ChunkEntry> Reader::chunk_entry(uint64_t chunk) const {
  CDD_RETURN_ERROR_IF(chunk >= num_chunks(), CDD_E_OUT_OF_RANGE,
                      "chunk " + std::to_string(chunk) + " out of range: the array has " + std::to_string(num_chunks()) + " chunks");
  return ChunkEntry{chain_.offsets[chunk], chain_.first_row[chunk], chain_.rows[chunk]};
}

uint64_t Reader::chunk_of_row(uint64_t row) const {
  auto it = std::upper_bound(chain_.first_row.begin(), chain_.first_row.end(), row);
  return static_cast<uint64_t>(it - chain_.first_row.begin()) - 1;
}

Result<ChunkHeader> Reader::chunk_header(uint64_t chunk) const {
  CDD_ASSIGN_OR_RETURN(ChunkEntry e, chunk_entry(chunk));
  const uint64_t file_size = file_size_;
  std::string where = chunk_where(chunk, e.offset);
  uint64_t avail = std::min(bounds_[chunk], file_size) - std::min(e.offset, file_size);
  std::vector<std::byte> head(static_cast<size_t>(std::min<uint64_t>(kMaxChunkHeaderBytes, avail)));
  CDD_FORWARD_IF_ERROR(store_->read_at(e.offset, head));
  CDD_ASSIGN_OR_RETURN(ChunkHeader h, parse_chunk_header(head, avail, where, false));
  CDD_FORWARD_IF_ERROR(check_chunk_flags(h.flags, h.type, where));
  CDD_FORWARD_IF_ERROR(check_chunk_against(h, header_.meta, e.rows, where));
  return h;
}

Status Reader::read_chunk(uint64_t chunk, std::span<std::byte> out) const {
  CDD_ASSIGN_OR_RETURN(ChunkEntry e, chunk_entry(chunk));
  CDD_RETURN_ERROR_IF(out.size() < e.rows * row_bytes_, CDD_E_INVALID_ARGUMENT,
                      "output buffer of " + std::to_string(out.size()) + " bytes too small for chunk " + std::to_string(chunk) +
                          " (" + std::to_string(e.rows * row_bytes_) + " bytes)");
  return read_rows(e.first_row, e.first_row + e.rows, out, 1);
}

Status Reader::read_rows(uint64_t start, uint64_t end, std::span<std::byte> out, unsigned threads) const {
  CDD_RETURN_ERROR_IF(start > end || end > num_rows(), CDD_E_OUT_OF_RANGE,
                      "rows [" + std::to_string(start) + ", " + std::to_string(end) + ") out of range: the array has " +
                          std::to_string(num_rows()) + " rows");
  CDD_RETURN_ERROR_IF(out.size() / std::max<uint64_t>(row_bytes_, 1) < end - start, CDD_E_INVALID_ARGUMENT,
                      "output buffer of " + std::to_string(out.size()) + " bytes too small for " + std::to_string(end - start) +
                          " rows of " + std::to_string(row_bytes_) + " bytes");
  if (start == end) return ok();
  const uint64_t file_size = file_size_;
  uint64_t a = chunk_of_row(start), b = chunk_of_row(end - 1);
  if (cache_->enabled()) {
    // A read inside one chunk that does not cover it whole goes through the cache (unless the chunk is
    // too large to keep); a longer read takes the rows of its partly covered first and last chunks from
    // the cache when they are there.
    const auto covered = [&](uint64_t k) {
      return start <= chain_.first_row[k] && chain_.first_row[k] + chain_.rows[k] <= end;
    };
    if (a == b) {
      if (!covered(a) && chain_.rows[a] * row_bytes_ <= cache_->max_bytes()) return read_cached(a, start, end, out.data());
    } else {
      if (!covered(a)) {
        if (auto hit = cache_->find(a)) {
          const uint64_t f = chain_.first_row[a], n = chain_.rows[a];
          std::memcpy(out.data(), hit->data.get() + (start - f) * row_bytes_, static_cast<size_t>((f + n - start) * row_bytes_));
          ++a;
        }
      }
      if (!covered(b)) {
        if (auto hit = cache_->find(b)) {
          const uint64_t f = chain_.first_row[b];
          std::memcpy(out.data() + (f - start) * row_bytes_, hit->data.get(), static_cast<size_t>((end - f) * row_bytes_));
          --b;
        }
      }
      if (a > b) return ok();
    }
  }
  std::vector<Task> tasks;
  std::vector<std::optional<Error>> errors;
  ReadCtx ctx{this, &chain_, &tasks, start, end, out.data(), row_bytes_, opts_.verify_chunks, verified_.get(),
              bounds_.data(), &errors};
  // Without a view of the store, several decode threads each read their own runs: a run is then cut at
  // about its share of the bytes (at least kMinSplitRun), so the I/O runs in parallel as well.
  const unsigned parallel = threads == 0 ? default_threads() : threads;
  const uint64_t span = std::min(bounds_[b], file_size) - std::min(chain_.offsets[a], file_size);
  const uint64_t split_run = parallel > 1 ? std::clamp<uint64_t>(span / parallel, kMinSplitRun, kRunBytes) : kRunBytes;
  uint64_t i = a;
  while (i <= b) {
    tasks.clear();
    uint64_t batch = 0;
    while (i <= b && batch < kBatchBytes) {
      uint64_t j = i;
      while (j < b && bounds_[j] == chain_.offsets[j + 1] && bounds_[j + 1] - chain_.offsets[i] <= kRunBytes) ++j;
      uint64_t off = chain_.offsets[i];
      uint64_t run_end = std::min(bounds_[j], file_size);
      CDD_RETURN_ERROR_IF(off >= run_end, CDD_E_FORMAT,
                          chunk_where(i, off) + ": " + truncated_message(kChunkFixedBytes, off, file_size));
      if (const std::byte* base = store_->view(off, run_end - off); base != nullptr) {
        for (uint64_t k = i; k <= j; ++k) tasks.push_back(Task{k, k, off, run_end, base});  // no I/O: per chunk
      } else {
        // Pieces of about split_run bytes (the whole run with one thread), each read by its task.
        for (uint64_t k = i; k <= j;) {
          uint64_t e = k;
          while (e < j && std::min(bounds_[e + 1], run_end) - chain_.offsets[k] <= split_run) ++e;
          const uint64_t piece_end = e == j ? run_end : chain_.offsets[e + 1];
          tasks.push_back(Task{k, e, chain_.offsets[k], piece_end, nullptr});
          k = e + 1;
        }
      }
      batch += run_end - off;
      i = j + 1;
    }
    errors.assign(tasks.size(), std::nullopt);
    if (tasks.size() == 1 || threads == 1) {
      for (size_t t = 0; t < tasks.size(); ++t) {
        decode_task(&ctx, t);
        if (errors[t]) return std::unexpected(*errors[t]);
      }
    } else {
      parallel_for(tasks.size(), threads, &decode_task, &ctx);
      for (auto& e : errors) {
        if (e) return std::unexpected(*e);
      }
    }
  }
  return ok();
}

Result<std::span<const std::byte>> Reader::chunk_frame(uint64_t chunk) const {
  const uint64_t off = chain_.offsets[chunk];
  const uint64_t kend = std::min(bounds_[chunk], file_size_);
  CDD_RETURN_ERROR_IF(off >= kend, CDD_E_FORMAT, chunk_where(chunk, off) + ": " + truncated_message(kChunkFixedBytes, off, file_size_));
  const size_t size = static_cast<size_t>(kend - off);
  if (const std::byte* frame = store_->view(off, size); frame != nullptr) return std::span(frame, size);
  std::byte* buffer = io_buffer(size);
  CDD_FORWARD_IF_ERROR(store_->read_at(off, std::span(buffer, size)));
  return std::span<const std::byte>(buffer, size);
}

Status Reader::decode_rows_of(uint64_t chunk, uint64_t first, std::span<std::byte> out) const {
  CDD_ASSIGN_OR_RETURN(auto frame, chunk_frame(chunk));
  const bool verify = opts_.verify_chunks && verified_[chunk].load(std::memory_order_relaxed) == 0;
  CDD_FORWARD_IF_ERROR(decode_chunk(metadata(), chunk, chain_.offsets[chunk], chain_.rows[chunk], frame, verify, first, out));
  if (verify) verified_[chunk].store(1, std::memory_order_relaxed);
  return ok();
}

Result<ChunkCache::Ref> Reader::decode_into_cache(uint64_t chunk) const {
  return guard_chunk(chunk, chain_.offsets[chunk], [&]() -> Result<ChunkCache::Ref> {
    auto block = cache_->buffer(static_cast<size_t>(chain_.rows[chunk] * row_bytes_));
    CDD_FORWARD_IF_ERROR(decode_rows_of(chunk, 0, std::span(block->data.get(), block->size)));
    cache_->insert(chunk, block);
    return ChunkCache::Ref(std::move(block));
  });
}

Status Reader::read_cached(uint64_t chunk, uint64_t start, uint64_t end, std::byte* out) const {
  const uint64_t f = chain_.first_row[chunk];
  const size_t bytes = static_cast<size_t>((end - start) * row_bytes_);
  ChunkCache::Ref hit = cache_->find(chunk);
  if (!hit) {
    // A read from the chunk's first row is how rows read in order enter a chunk: cached at once. Otherwise
    // a first touch decodes only the rows asked for (the codec rebuilds none past `end`), no cache block.
    if (start != f && !cache_->admit(chunk)) {
      return guard_chunk(chunk, chain_.offsets[chunk], [&] { return decode_rows_of(chunk, start - f, std::span(out, bytes)); });
    }
    CDD_ASSIGN_OR_RETURN(hit, decode_into_cache(chunk));
  }
  std::memcpy(out, hit->data.get() + (start - f) * row_bytes_, bytes);
  return ok();
}

Status Reader::refresh() {
  CDD_FORWARD_IF_ERROR(store_->refresh_view());
  Chain next;
  CDD_FORWARD_IF_ERROR(with_torn_view_retries([&] {
    next = chain_;
    return extend_chain(*store_, header_, next);
  }));
  chain_ = std::move(next);
  cache_->clear();
  return finish_index();
}

}  // namespace cdd
