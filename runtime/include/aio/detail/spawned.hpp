// The heap record behind every independently scheduled task: spawn, gather
// and task_group children.
#pragma once

#include <cassert>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <source_location>
#include <string>
#include <utility>

#include "aio/cancellation.hpp"
#include "aio/detail/debug.hpp"
#include "aio/detail/frame_cache.hpp"
#include "aio/detail/task_state.hpp"
#include "aio/event_loop.hpp"
#include "aio/task.hpp"

namespace aio::detail {

[[nodiscard]] inline bool is_cancellation(const std::exception_ptr& e) noexcept {
  try {
    std::rethrow_exception(e);
  } catch (const cancelled_error&) {
    return true;
  } catch (...) {
    return false;
  }
}

/// Reports a failure nobody will ever look at (asyncio's "Task exception was
/// never retrieved").
inline void report_unretrieved(const std::exception_ptr& e, std::source_location origin) {
  std::string what;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    what = ex.what();
  } catch (...) {
    what = "unknown exception";
  }
  std::string line = "aio: task exception was never retrieved: " + what;
  if (debug_enabled()) line += " (task started at " + describe(origin) + ")";
  report(line);
}

class spawned_base;

/// Whoever waits for a spawn record to finish (a join awaiter, a gather, a
/// group) derives from this; the record keeps one pointer to it.
struct completion_observer {
  /// Called once when the task finishes; returns the coroutine to resume by
  /// symmetric transfer.
  std::coroutine_handle<> (*on_complete)(completion_observer* self, spawned_base* rec) noexcept = nullptr;
};

/// Record of a unit started on the loop.
///
/// Ownership: reference counted (unit_state::refs_). The loop holds one
/// reference while the task runs (released when it finishes); a
/// join_handle, a gather or a task_group holds the other. The record owns
/// the task frame, so the result stays readable until the last reference
/// goes.
///
/// `observer_` (a join awaiter, a gather, a group) is told once when the
/// task finishes.
///
/// Size: a record is part of every spawned task's memory (docs/runtime.md),
/// so it keeps no loop pointer (a unit finishes on its loop's thread, where
/// current_loop is that loop) and its flags live in unit_state's padding.
class spawned_base : public unit_state {
public:
  using unit_state::unit_state;
  spawned_base(const spawned_base&) = delete;
  spawned_base& operator=(const spawned_base&) = delete;

  [[nodiscard]] bool done() const noexcept { return outcome_ != unit_outcome::running; }
  [[nodiscard]] unit_outcome outcome() const noexcept { return outcome_; }
  [[nodiscard]] virtual std::exception_ptr exception() const noexcept = 0;

  static void* operator new(std::size_t n) { return frame_cache::allocate(n); }
  static void operator delete(void* p, std::size_t n) noexcept { frame_cache::deallocate(p, n); }

  void add_ref() noexcept {
    assert(refs_ < 2 && "aio: a spawn record has at most two owners");
    ++refs_;
  }
  void release() noexcept {
    if (--refs_ == 0) delete this;
  }

  completion_observer* observer_ = nullptr;

protected:
  virtual ~spawned_base() = default;

  /// Starts the frame `h` on `loop` as this unit.
  void start(event_loop& loop, promise_base& p, std::coroutine_handle<> h) {
    p.state_ = this;
    loop.link(*this);
    add_ref();  // the loop's reference, released in finished()
    loop.post(h, this);
  }

private:
  std::coroutine_handle<> finished(std::exception_ptr e) noexcept final {
    outcome_ = !e ? unit_outcome::succeeded : (is_cancellation(e) ? unit_outcome::cancelled : unit_outcome::failed);
    current_loop->unlink(*this);
    std::coroutine_handle<> next = std::noop_coroutine();
    if (observer_ != nullptr) {
      next = observer_->on_complete(observer_, this);
    } else if (!observed_ && outcome_ == unit_outcome::failed) {
      report_unretrieved(e, origin());
      retrieved_ = true;
    }
    release();  // may destroy the frame we are finishing in
    return next;
  }
};

template <class T>
class spawned final : public spawned_base {
public:
  spawned(task<T> t, std::source_location origin) : spawned_base(origin), task_(std::move(t)) {}

  /// Starts the task; returns the record with one reference for the caller.
  static spawned* start_new(event_loop& loop, task<T> t, std::source_location origin) {
    auto* rec = new spawned(std::move(t), origin);
    rec->add_ref();
    auto h = rec->task_.handle();
    rec->start(loop, h.promise(), h);
    return rec;
  }

  [[nodiscard]] std::exception_ptr exception() const noexcept override {
    return task_.handle().promise().result_.exception();
  }
  /// The value, or rethrows the exception. Once.
  T take_result() { return task_.handle().promise().result_.take(); }

private:
  ~spawned() override = default;
  task<T> task_;
};

}  // namespace aio::detail
