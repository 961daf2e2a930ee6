// io_tasks.hpp — the C++20 coroutine API of the read and write paths: awaitable reads of a Reader and
// appends/flushes of a Writer, each run on the library's executor (the awaiting coroutine resumes on an
// executor thread). Build on Task<T> from async/task.hpp; drive from plain code with sync_wait().
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "async/executor.hpp"
#include "async/task.hpp"
#include "core/error.hpp"
#include "io/reader.hpp"
#include "io/writer.hpp"

namespace cdd::async {

// Decodes rows [start, end) of `reader` into `out` on `executor`. Many reads of one reader may be awaited
// concurrently (Reader::read_rows is thread-safe); the task keeps the reader alive; `out` must outlive it.
Task<Status> read_rows(std::shared_ptr<const Reader> reader, uint64_t start, uint64_t end,
                       std::span<std::byte> out, Executor& executor = Executor::shared());

// Decodes chunk `chunk` of `reader` into `out` on `executor`.
Task<Status> read_chunk(std::shared_ptr<const Reader> reader, uint64_t chunk, std::span<std::byte> out,
                        Executor& executor = Executor::shared());

// Appends `nrows` rows (`data`, row-major) to `writer` on `executor`. A Writer is single-threaded: await
// one append before starting the next on the same writer. `writer` and `data` must outlive the task.
Task<Status> append(Writer& writer, std::span<const std::byte> data, uint64_t nrows,
                    Executor& executor = Executor::shared());

// Flushes `writer` (commits its buffered rows) on `executor`.
Task<Status> flush(Writer& writer, Executor& executor = Executor::shared());

}  // namespace cdd::async
