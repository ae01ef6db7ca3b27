// The children of a gather or task_group: started together, waited for
// together, cancelled together.
#pragma once

#include <coroutine>
#include <cstddef>
#include <source_location>
#include <utility>
#include <vector>

#include "aio/detail/spawned.hpp"
#include "aio/detail/task_state.hpp"
#include "aio/event_loop.hpp"
#include "aio/task.hpp"

namespace aio::detail {

class child_set : private completion_observer {
public:
  enum class policy : unsigned char {
    settle,           // gather_settled: children never cancel each other
    first_exception,  // gather: any exception (incl. cancellation) cancels the rest
    first_failure,    // task_group: a failure other than cancellation cancels the rest
  };

  explicit child_set(policy p) noexcept : policy_(p) { on_complete = &on_child_done; }
  child_set(const child_set&) = delete;
  child_set& operator=(const child_set&) = delete;
  ~child_set() {
    for (spawned_base* c : children_) {
      // Only when the owning frame is destroyed mid-wait: detach and cancel.
      if (!c->done()) {
        c->observer_ = nullptr;
        c->request_cancel();
      }
      c->release();
    }
    if (waiting_ && parent_state_ != nullptr) parent_state_->disarm();
  }

  /// Starts `t` as a child on the current loop. Children added while the set
  /// is cancelling start cancelled.
  template <class T>
  spawned<T>* add(task<T> t, std::source_location origin) {
    // No throw after the start; grow geometrically (reserve(size() + 1)
    // would reallocate on every add).
    if (children_.size() == children_.capacity()) children_.reserve(children_.empty() ? 8 : 2 * children_.size());
    spawned<T>* rec = spawned<T>::start_new(this_loop(), std::move(t), origin);
    rec->observed_ = true;
    rec->retrieved_ = true;  // the set's owner reports every outcome
    rec->observer_ = this;
    children_.push_back(rec);
    ++pending_;
    if (cancelling_) rec->request_cancel();
    return rec;
  }

  /// Room for `n` more children without reallocating.
  void reserve(std::size_t n) { children_.reserve(children_.size() + n); }

  /// Cancels every unfinished child.
  void cancel_all() noexcept {
    cancelling_ = true;
    for (spawned_base* c : children_)
      if (!c->done()) c->request_cancel();
  }

  [[nodiscard]] const std::vector<spawned_base*>& children() const noexcept { return children_; }
  /// The child whose exception triggered fail-fast cancellation, if any.
  [[nodiscard]] spawned_base* first_failure() const noexcept { return first_failure_; }
  /// The awaiting task was cancelled during wait() and the set forwarded it.
  [[nodiscard]] bool forwarded() const noexcept { return forwarded_; }
  [[nodiscard]] task_state* parent_state() const noexcept { return parent_state_; }

  [[nodiscard]] bool any_cancelled() const noexcept {
    for (spawned_base* c : children_)
      if (c->outcome() == unit_outcome::cancelled) return true;
    return false;
  }

  /// Awaiter: resumes once every child (including ones added meanwhile) has
  /// finished. Cancelling the awaiting task cancels all children and keeps
  /// waiting for them.
  class wait_awaiter {
  public:
    explicit wait_awaiter(child_set& s) noexcept : set_(s) {}
    bool await_ready() const noexcept { return set_.pending_ == 0; }
    template <class Promise>
    void await_suspend(std::coroutine_handle<Promise> h) noexcept {
      set_.waiter_ = h;
      set_.waiting_ = true;
      set_.parent_state_ = state_of(h);
      arm_forwarding(set_.parent_state_, &forward, &set_);
    }
    void await_resume() const noexcept {}

  private:
    child_set& set_;
  };
  [[nodiscard]] wait_awaiter wait() noexcept { return wait_awaiter{*this}; }

private:
  static void forward(void* ctx) noexcept {
    auto* self = static_cast<child_set*>(ctx);
    self->forwarded_ = true;
    self->cancel_all();
  }

  static std::coroutine_handle<> on_child_done(completion_observer* o, spawned_base* c) noexcept {
    auto* self = static_cast<child_set*>(o);
    --self->pending_;
    bool triggers = self->policy_ == policy::first_exception ? c->outcome() != unit_outcome::succeeded
                    : self->policy_ == policy::first_failure ? c->outcome() == unit_outcome::failed
                                                             : false;
    if (triggers && !self->cancelling_) {
      self->first_failure_ = c;
      self->cancel_all();
    }
    if (self->pending_ == 0 && self->waiting_) {
      self->waiting_ = false;
      if (self->parent_state_ != nullptr) self->parent_state_->disarm();
      return self->waiter_;
    }
    return std::noop_coroutine();
  }

  std::vector<spawned_base*> children_;  // one reference each
  std::size_t pending_ = 0;
  spawned_base* first_failure_ = nullptr;
  task_state* parent_state_ = nullptr;
  std::coroutine_handle<> waiter_;
  policy policy_;
  bool cancelling_ = false;
  bool forwarded_ = false;
  bool waiting_ = false;
};

}  // namespace aio::detail
