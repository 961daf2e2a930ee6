// task.hpp — a minimal C++20 coroutine task: Task<T> (lazy, awaitable from other coroutines, one
// awaiter), schedule_on(executor) to hop onto the library's executor, when_all() to await many tasks at
// once, and sync_wait() to block a plain thread until a task finishes. T is never void: use cdd::Status.
#pragma once

#include <atomic>
#include <condition_variable>
#include <coroutine>
#include <exception>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "async/executor.hpp"
#include "core/error.hpp"

namespace cdd::async {

template <class T>
class [[nodiscard]] Task {
  static_assert(!std::is_void_v<T> && !std::is_reference_v<T>, "Task<T>: T must be an object type");

 public:
  struct promise_type {
    std::optional<T> value;
    std::exception_ptr error;
    std::coroutine_handle<> continuation;

    Task get_return_object() { return Task(std::coroutine_handle<promise_type>::from_promise(*this)); }
    std::suspend_always initial_suspend() noexcept { return {}; }

    // Symmetric transfer to whoever awaited the task (nothing if the task was never awaited).
    struct FinalAwaiter {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        auto next = h.promise().continuation;
        return next ? next : std::noop_coroutine();
      }
      void await_resume() noexcept {}
    };
    FinalAwaiter final_suspend() noexcept { return {}; }

    template <class U>
    void return_value(U&& v) {
      value.emplace(std::forward<U>(v));
    }
    void unhandled_exception() { error = std::current_exception(); }
  };

  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      if (handle_) handle_.destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() {
    if (handle_) handle_.destroy();
  }

  // co_await task: starts it (it runs until its first suspension on this thread) and resumes the awaiter
  // when it finishes, on whatever thread finished it.
  auto operator co_await() & noexcept { return Awaiter{handle_}; }
  auto operator co_await() && noexcept { return Awaiter{handle_}; }

 private:
  explicit Task(std::coroutine_handle<promise_type> h) : handle_(h) {}

  struct Awaiter {
    std::coroutine_handle<promise_type> handle;
    bool await_ready() const noexcept { return !handle || handle.done(); }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
      handle.promise().continuation = awaiting;
      return handle;
    }
    T await_resume() {
      auto& p = handle.promise();
      if (p.error) std::rethrow_exception(p.error);
      return std::move(*p.value);
    }
  };

  std::coroutine_handle<promise_type> handle_;
};

// Suspends the awaiting coroutine and resumes it on a worker of `executor`. If the executor refuses the
// job, the coroutine continues on the current thread and co_await yields that error.
class ScheduleOn {
 public:
  explicit ScheduleOn(Executor& executor) : executor_(executor) {}
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h) {
    // Once queued, a worker may resume (and finish, and free) the coroutine before submit() returns:
    // touch nothing of this awaiter after a successful submit.
    Status queued = executor_.submit([h] { h.resume(); });
    if (queued) return true;
    refused_ = std::move(queued);
    return false;  // not queued: resume here at once
  }
  Status await_resume() { return refused_; }

 private:
  Executor& executor_;
  Status refused_;
};

inline ScheduleOn schedule_on(Executor& executor) { return ScheduleOn(executor); }

namespace detail {

struct SyncSignal {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
};

struct SyncWaiter {
  struct promise_type {
    SyncSignal* signal = nullptr;
    SyncWaiter get_return_object() {
      return SyncWaiter{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct Notify {
      bool await_ready() noexcept { return false; }
      void await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        SyncSignal* s = h.promise().signal;
        std::lock_guard lock(s->mu);
        s->done = true;
        s->cv.notify_all();
      }
      void await_resume() noexcept {}
    };
    Notify final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }  // drive() catches everything itself
  };
  std::coroutine_handle<promise_type> handle;
};

template <class T>
SyncWaiter drive(Task<T>& task, std::optional<T>& out, std::exception_ptr& error) {
  try {
    out.emplace(co_await task);
  } catch (...) {
    error = std::current_exception();
  }
}

}  // namespace detail

// Runs `task` to completion, blocking this thread (which must not be an executor worker the task
// needs), and returns its value (or rethrows what it threw).
template <class T>
T sync_wait(Task<T> task) {
  std::optional<T> out;
  std::exception_ptr error;
  detail::SyncSignal signal;
  auto waiter = detail::drive(task, out, error);
  waiter.handle.promise().signal = &signal;
  waiter.handle.resume();
  {
    std::unique_lock lock(signal.mu);
    signal.cv.wait(lock, [&] { return signal.done; });
  }
  waiter.handle.destroy();
  if (error) std::rethrow_exception(error);
  return std::move(*out);
}

namespace detail {

// A coroutine that starts at once and frees itself when it ends (nobody awaits it).
struct Detached {
  struct promise_type {
    Detached get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }  // run_one catches everything itself
  };
};

struct WhenAllState {
  std::atomic<size_t> remaining;
  std::coroutine_handle<> parent;
};

template <class T>
Detached run_one(Task<T>& task, std::optional<T>& result, std::exception_ptr& error, WhenAllState& state) {
  try {
    result.emplace(co_await task);
  } catch (...) {
    error = std::current_exception();
  }
  // The last one to finish resumes the awaiting coroutine; nothing here is touched after that.
  if (state.remaining.fetch_sub(1, std::memory_order_acq_rel) == 1) state.parent.resume();
}

template <class T>
struct StartAll {
  std::vector<Task<T>>& tasks;
  std::vector<std::optional<T>>& results;
  std::vector<std::exception_ptr>& errors;
  WhenAllState& state;
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> parent) {
    state.parent = parent;
    for (size_t i = 0; i < tasks.size(); ++i) run_one(tasks[i], results[i], errors[i], state);
    // remaining started at n + 1: this decrement decides whether every task already finished.
    return state.remaining.fetch_sub(1, std::memory_order_acq_rel) != 1;
  }
  void await_resume() const noexcept {}
};

}  // namespace detail

// Starts every task at once (each runs until its first suspension, then continues wherever it was
// scheduled) and completes when all have finished, with their values in order. Rethrows the first
// exception (by position) after all have finished.
template <class T>
Task<std::vector<T>> when_all(std::vector<Task<T>> tasks) {
  std::vector<std::optional<T>> results(tasks.size());
  std::vector<std::exception_ptr> errors(tasks.size());
  detail::WhenAllState state{tasks.size() + 1, {}};
  co_await detail::StartAll<T>{tasks, results, errors, state};
  for (auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  std::vector<T> out;
  out.reserve(results.size());
  for (auto& r : results) out.push_back(std::move(*r));
  co_return out;
}

}  // namespace cdd::async
