// aio::run: the entry point from synchronous code into aio.
#pragma once

#include <chrono>
#include <coroutine>
#include <exception>
#include <source_location>
#include <stdexcept>
#include <utility>

#include "aio/detail/debug.hpp"
#include "aio/detail/frame_cache.hpp"
#include "aio/detail/task_state.hpp"
#include "aio/event_loop.hpp"
#include "aio/roles.hpp"
#include "aio/task.hpp"

namespace aio {

/// Options of aio::run; the same as the loop's (debug mode, slow-step
/// threshold). `aio::run(t, {.debug = true})`.
using run_options = loop_options;

namespace detail {

/// Makes `loop` this thread's current loop for the lifetime of the guard,
/// and recycles frames and spawn records through this thread's frame_cache
/// meanwhile (emptied when the guard goes).
class current_loop_guard {
public:
  explicit current_loop_guard(event_loop& loop) {
    if (current_loop != nullptr) throw std::logic_error("aio: aio::run called while a loop is running on this thread");
    current_loop = &loop;
    loop_debug = loop.debug();
    frame_cache::activate();
  }
  current_loop_guard(const current_loop_guard&) = delete;
  current_loop_guard& operator=(const current_loop_guard&) = delete;
  ~current_loop_guard() {
    frame_cache::deactivate();
    current_loop = nullptr;
    loop_debug = false;
  }
};

/// The unit of aio::run's main task: notes that it finished.
class root_unit final : public unit_state {
public:
  using unit_state::unit_state;
  std::coroutine_handle<> finished(std::exception_ptr) noexcept override {
    done_ = true;
    return std::noop_coroutine();
  }
  [[nodiscard]] bool done() const noexcept { return done_; }

private:
  bool done_ = false;
};

}  // namespace detail

/// Runs `main` on a new event loop on the calling thread until it finishes,
/// and returns its value or rethrows its exception.
///
/// Shutdown: when `main` has finished, tasks spawned on the loop and still
/// running are cancelled and the loop runs until they have all finished.
/// Failures of spawned tasks nobody awaited are reported on stderr
/// ("aio: task exception was never retrieved: <what>"), never lost.
///
/// One loop per thread: calling run from inside a running loop throws
/// std::logic_error.
///
/// corolint role: `runner` (blocks the calling thread; must not be called
/// from a coroutine).
template <class T>
AIO_ROLE(runner)
T run(task<T> main, run_options options = {}, std::source_location origin = std::source_location::current()) {
  if (!main.valid()) throw std::logic_error("aio: run of an empty task");
  event_loop loop(options);
  detail::current_loop_guard guard(loop);
  detail::root_unit root(origin);

  auto h = main.handle();
  auto& p = h.promise();
  p.state_ = &root;
  loop.post(h, &root);
  loop.run_until([&] { return root.done(); });
  loop.cancel_and_drain();
  return p.result_.take();
}

}  // namespace aio
