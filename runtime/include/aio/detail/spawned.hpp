// The heap record behind every independently scheduled task: spawn, gather
// and task_group children.
#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <source_location>
#include <string>
#include <utility>

#include "aio/cancellation.hpp"
#include "aio/detail/debug.hpp"
#include "aio/detail/record_cache.hpp"
#include "aio/detail/task_state.hpp"
#include "aio/event_loop.hpp"
#include "aio/task.hpp"

namespace aio::detail {

enum class unit_outcome : std::uint8_t { running, succeeded, failed, cancelled };

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

/// Record of a unit started on the loop.
///
/// Ownership: reference counted. The loop holds one reference while the task
/// runs (released when it finishes); a join_handle, a gather or a task_group
/// holds another. The record owns the task frame, so the result stays
/// readable until the last reference goes.
///
/// `on_complete_` is the observer (a join awaiter, a gather, a group): it is
/// called once when the task finishes and returns the coroutine to resume by
/// symmetric transfer.
class spawned_base : public unit_state {
public:
  using unit_state::unit_state;
  spawned_base(const spawned_base&) = delete;
  spawned_base& operator=(const spawned_base&) = delete;

  [[nodiscard]] bool done() const noexcept { return outcome_ != unit_outcome::running; }
  [[nodiscard]] unit_outcome outcome() const noexcept { return outcome_; }
  [[nodiscard]] virtual std::exception_ptr exception() const noexcept = 0;

  static void* operator new(std::size_t n) { return record_cache::allocate(n); }
  // Cached only while a loop runs on this thread; ~event_loop trims the cache.
  static void operator delete(void* p, std::size_t n) noexcept {
    record_cache::deallocate(p, n, current_loop != nullptr);
  }

  void add_ref() noexcept { ++refs_; }
  void release() noexcept {
    if (--refs_ == 0) delete this;
  }

  std::coroutine_handle<> (*on_complete_)(spawned_base*, void* ctx) noexcept = nullptr;
  void* on_complete_ctx_ = nullptr;
  /// Somebody (a handle, gather, group) will look at the outcome.
  bool observed_ = false;
  /// The outcome was looked at; no "never retrieved" report.
  bool retrieved_ = false;

protected:
  virtual ~spawned_base() = default;

  /// Starts the frame `h` on `loop` as this unit.
  void start(event_loop& loop, promise_base& p, std::coroutine_handle<> h) {
    loop_ = &loop;
    p.state_ = this;
    p.on_done_ = &finished;
    p.on_done_ctx_ = this;
    p.started_ = true;
    loop.link(*this);
    add_ref();  // the loop's reference, released in finished()
    loop.post(h, this);
  }

private:
  static std::coroutine_handle<> finished(void* ctx) noexcept {
    auto* self = static_cast<spawned_base*>(ctx);
    std::exception_ptr e = self->exception();
    self->outcome_ = !e ? unit_outcome::succeeded
                        : (is_cancellation(e) ? unit_outcome::cancelled : unit_outcome::failed);
    self->loop_->unlink(*self);
    std::coroutine_handle<> next = std::noop_coroutine();
    if (self->on_complete_ != nullptr) {
      next = self->on_complete_(self, self->on_complete_ctx_);
    } else if (!self->observed_ && self->outcome_ == unit_outcome::failed) {
      report_unretrieved(e, self->origin());
      self->retrieved_ = true;
    }
    self->release();  // may destroy the frame we are finishing in
    return next;
  }

  event_loop* loop_ = nullptr;
  std::uint32_t refs_ = 0;
  unit_outcome outcome_ = unit_outcome::running;
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
