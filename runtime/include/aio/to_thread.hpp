// aio::to_thread and aio::run_in: await blocking work done on another thread.
#pragma once

#include <coroutine>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "aio/detail/cancellable_operation.hpp"
#include "aio/detail/task_state.hpp"
#include "aio/event_loop.hpp"
#include "aio/roles.hpp"
#include "aio/task.hpp"
#include "aio/thread_pool.hpp"

namespace aio {

namespace detail {

template <class Fn, class... Args>
class offload_awaiter;

/// What a worker and the awaiting loop share. The worker runs `fn` and posts
/// completion to the loop with call_soon_threadsafe; `loop` is null once the
/// awaiter gave up (cancelled), and is read and cleared under `mutex` so the
/// worker never posts to a loop that may be gone. While `loop` is set, the
/// awaiter is alive and suspended (giving up is the only way out).
template <class Fn, class... Args>
struct offload_job {
  using result_type = std::invoke_result_t<Fn, Args...>;

  offload_job(thread_pool& p, Fn f, Args... a) : fn(std::move(f)), args(std::move(a)...), pool(&p) {}

  void run() noexcept {
    try {
      if constexpr (std::is_void_v<result_type>)
        std::apply(std::move(*fn), std::move(args));
      else
        result.set_value(std::apply(std::move(*fn), std::move(args)));
    } catch (...) {
      result.set_exception(std::current_exception());
    }
    fn.reset();  // the callable's captures die on the worker, with its work
  }

  std::optional<Fn> fn;
  std::tuple<Args...> args;
  result_slot<result_type> result;
  std::mutex mutex;
  // Here rather than in the awaiter, to keep the run_in frame small.
  thread_pool* pool;
  event_loop* loop = nullptr;
  offload_awaiter<Fn, Args...>* waiter = nullptr;  // loop thread only
};

/// Awaiter of run_in: submits the job on suspension; cancellable per
/// cancellable_operation, except that the job itself cannot be stopped: on
/// cancellation the awaiter abandons it and resumes at once.
template <class Fn, class... Args>
class offload_awaiter : public cancellable_operation<offload_awaiter<Fn, Args...>> {
  using job = offload_job<Fn, Args...>;

public:
  offload_awaiter(thread_pool& pool, Fn f, Args... args)
      : job_(std::make_shared<job>(pool, std::move(f), std::move(args)...)) {}
  ~offload_awaiter() {
    // The awaiting frame is destroyed while suspended: abandon the job.
    if (this->in_flight()) {
      abandon();
      this->disarm();
    }
  }

  typename job::result_type await_resume() {
    this->throw_if_cancelled();
    return job_->result.take();
  }

private:
  friend class cancellable_operation<offload_awaiter>;

  void start() {
    job_->loop = &this_loop();
    job_->waiter = this;
    job_->pool->submit([j = job_] {
      j->run();
      std::lock_guard lock(j->mutex);
      if (j->loop == nullptr) return;  // abandoned: drop the result
      // Still under the lock: the loop cannot be abandoned (and so cannot
      // finish) before the callback is queued on it.
      j->loop->call_soon_threadsafe([j] { on_done(*j); });
    });
  }
  // Before cancel_operation, which forgets the loop.
  event_loop& loop() noexcept { return *job_->loop; }
  void cancel_operation() noexcept { abandon(); }

  // Loop thread, after the worker finished.
  static void on_done(job& j) noexcept {
    event_loop* loop = nullptr;
    {
      std::lock_guard lock(j.mutex);
      loop = j.loop;
    }
    if (loop == nullptr) return;  // cancelled while the callback was queued
    j.waiter->complete(*loop);
  }
  void abandon() noexcept {
    std::lock_guard lock(job_->mutex);
    job_->loop = nullptr;
  }

  std::shared_ptr<job> job_;
};

}  // namespace detail

/// Runs `f(args...)` on a worker of `pool` and returns its result (or
/// rethrows its exception) to the awaiting task, on the loop thread.
///
/// - Starts: lazily; the job is submitted when the returned task is awaited.
///   `f` and `args` are moved into the job (decayed copies: pass std::ref
///   to share an object, and keep it alive until the job has run).
/// - Resumes: on the loop thread, through the loop's thread-safe post.
/// - Cancellation: the awaiting task is resumed at once and throws
///   aio::cancelled_error (or timeout_error); the job cannot be interrupted,
///   keeps running on its worker, and its result or exception is discarded
///   there. Make long jobs check a flag of their own if they must stop.
/// - Must be awaited from an aio task (the loop is kept alive by it).
///
/// corolint role: `offload` (blocking calls inside `f` are fine).
template <class Fn, class... Args>
AIO_ROLE(offload)
[[nodiscard]] task<std::invoke_result_t<std::decay_t<Fn>, std::decay_t<Args>...>> run_in(thread_pool& pool, Fn f,
                                                                                        Args... args) {
  co_return co_await detail::offload_awaiter<std::decay_t<Fn>, std::decay_t<Args>...>(pool, std::move(f),
                                                                                      std::move(args)...);
}

/// `co_await aio::to_thread(f, args...)`: aio::run_in on
/// aio::default_thread_pool() (asyncio.to_thread).
///
/// corolint role: `offload`.
template <class Fn, class... Args>
AIO_ROLE(offload)
[[nodiscard]] task<std::invoke_result_t<std::decay_t<Fn>, std::decay_t<Args>...>> to_thread(Fn f, Args... args) {
  return run_in(default_thread_pool(), std::move(f), std::move(args)...);
}

}  // namespace aio
