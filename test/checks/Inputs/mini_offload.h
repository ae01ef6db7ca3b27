// Offloading, blocking and structured-concurrency stand-ins for the
// blocking-call and fire-and-forget fixtures (namespace `offl`). Built on
// mini_task.h's task and ROLE macro.
#pragma once
#include "mini_task.h"

#include <chrono>
#include <utility>

namespace offl {

/// An awaiter that completes with the callable's result.
template <class R> struct thread_result {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  R await_resume() const { return R(); }
};
template <> struct thread_result<void> {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

/// Runs `f` on a worker thread; the awaiter resumes with its result
/// (aio::to_thread's shape).
template <class F>
ROLE(offload) auto to_thread(F f) -> thread_result<decltype(f())> {
  return {};
}

/// An asynchronous sleep (what a blocking sleep should become).
inline mini::sleep_awaiter sleep(std::chrono::milliseconds) { return {}; }

/// A function of a legacy library, annotated as blocking.
ROLE(blocking) int legacy_fetch(int key);

/// A synchronous database call, made blocking by configuration only
/// (BlockingFunctions=offl::db_query in the fixture variant).
int db_query(const char *sql);

/// A structured owner of tasks: what spawned tasks should belong to.
struct task_group {
  void spawn(mini::task<> t) { (void)t; }
  mini::task<> join() { co_return; }
};

} // namespace offl
