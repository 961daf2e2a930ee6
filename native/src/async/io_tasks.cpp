// io_tasks.cpp — the awaitable reads, appends and flushes of io_tasks.hpp: hop onto the executor, then
// call the synchronous Reader/Writer operation there.
#include "async/io_tasks.hpp"

namespace cdd::async {

Task<Status> read_rows(std::shared_ptr<const Reader> reader, uint64_t start, uint64_t end,
                       std::span<std::byte> out, Executor& executor) {
  if (Status hop = co_await schedule_on(executor); !hop) co_return hop;
  co_return reader->read_rows(start, end, out);
}

Task<Status> read_chunk(std::shared_ptr<const Reader> reader, uint64_t chunk, std::span<std::byte> out,
                        Executor& executor) {
  if (Status hop = co_await schedule_on(executor); !hop) co_return hop;
  co_return reader->read_chunk(chunk, out);
}

Task<Status> append(Writer& writer, std::span<const std::byte> data, uint64_t nrows, Executor& executor) {
  if (Status hop = co_await schedule_on(executor); !hop) co_return hop;
  co_return writer.append(data, nrows);
}

Task<Status> flush(Writer& writer, Executor& executor) {
  if (Status hop = co_await schedule_on(executor); !hop) co_return hop;
  co_return writer.flush();
}

}  // namespace cdd::async
