// aio::task_group and aio::with_task_group: structured concurrency.
#pragma once

#include <concepts>
#include <exception>
#include <functional>
#include <source_location>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "aio/detail/child_set.hpp"
#include "aio/detail/spawned.hpp"
#include "aio/detail/task_state.hpp"
#include "aio/roles.hpp"
#include "aio/task.hpp"

namespace aio {

/// Thrown by with_task_group when children failed: every failure
/// (cancellations caused by the group excluded), in the order the children
/// were spawned.
class task_group_error : public std::exception {
public:
  explicit task_group_error(std::vector<std::exception_ptr> errors) : errors_(std::move(errors)) {
    what_ = "aio: " + std::to_string(errors_.size()) + " task(s) in a task group failed";
    try {
      std::rethrow_exception(errors_.front());
    } catch (const std::exception& e) {
      what_ += std::string("; first: ") + e.what();
    } catch (...) {
    }
  }
  [[nodiscard]] const char* what() const noexcept override { return what_.c_str(); }
  [[nodiscard]] const std::vector<std::exception_ptr>& errors() const noexcept { return errors_; }

private:
  std::vector<std::exception_ptr> errors_;
  std::string what_;
};

template <class Body>
auto with_task_group(Body body, std::source_location origin = std::source_location::current());

/// A nursery of concurrently running tasks (asyncio.TaskGroup, trio nursery).
///
/// Only aio::with_task_group creates one, and it returns only once every
/// task spawned into the group has finished: nothing outlives the group.
/// There is no way to forget the join.
///
/// - Starts: each spawned task is scheduled immediately, as its own
///   cancellable unit; the body passed to with_task_group is one of them.
/// - Frame ownership: the group (in with_task_group's frame) owns every
///   child until with_task_group returns; results of children are discarded
///   (return them through captured state, or use aio::gather).
/// - Failure: when a child fails (an exception other than cancelled_error),
///   every other child, the body included, is cancelled; with_task_group
///   waits for all, then throws aio::task_group_error with every failure.
/// - Cancellation: cancelling the task awaiting with_task_group cancels all
///   children and, once they finished, throws that cancellation.
/// - Loop-thread only. Don't let a reference to the group escape the body
///   and its children: spawning after with_task_group returned is undefined.
class task_group {
public:
  task_group(const task_group&) = delete;
  task_group& operator=(const task_group&) = delete;

  /// Starts `t` in the group. In a failing (cancelling) group the task starts
  /// cancelled. Throws std::logic_error once the group has closed.
  /// corolint role: spawn (returning nothing: the group keeps the task).
  template <class T>
  AIO_ROLE(spawn) void spawn(task<T> t, std::source_location origin = std::source_location::current()) {
    if (closed_) throw std::logic_error("aio: spawn into a closed task_group");
    set_.add(std::move(t), origin);
  }

  /// Cancels every child still running (the body included).
  void cancel() noexcept { set_.cancel_all(); }

private:
  template <class Body>
  friend auto with_task_group(Body body, std::source_location origin);

  task_group() noexcept : set_(detail::child_set::policy::first_failure) {}

  void throw_if_failed() {
    std::vector<std::exception_ptr> errors;
    for (detail::spawned_base* c : set_.children())
      if (c->outcome() == detail::unit_outcome::failed) errors.push_back(c->exception());
    if (!errors.empty()) throw task_group_error(std::move(errors));
    if (set_.forwarded() && set_.any_cancelled()) set_.parent_state()->throw_cancel();
  }

  detail::child_set set_;
  bool closed_ = false;
};

/// Runs `body(group)` as the first task of a new task_group and returns its
/// result once the body and every task spawned into the group have
/// finished. `body` is any callable taking `aio::task_group&` and returning
/// `aio::task<R>`; it is kept alive (in this coroutine's frame) until the
/// group is done, so a lambda's captures stay valid for the children too.
///
///   co_await aio::with_task_group([&](aio::task_group& g) -> aio::task<> {
///     g.spawn(fetch(a));
///     g.spawn(fetch(b));
///     co_return;
///   });
template <class Body>
auto with_task_group(Body body, std::source_location origin) {
  using body_task = std::invoke_result_t<Body&, task_group&>;
  using result = typename body_task::value_type;
  return [](Body body, std::source_location origin) -> task<result> {
    task_group group;
    auto* body_rec = group.set_.add(std::invoke(body, group), origin);
    co_await group.set_.wait();
    group.closed_ = true;
    group.throw_if_failed();
    co_return body_rec->take_result();
  }(std::move(body), origin);
}

}  // namespace aio
