// aio::shield: run an awaitable to completion despite cancellation.
#pragma once

#include <utility>

#include "aio/concepts.hpp"
#include "aio/detail/task_state.hpp"
#include "aio/task.hpp"

namespace aio {

namespace detail {
class shield_guard {
public:
  explicit shield_guard(task_state* s) noexcept : state_(s) {
    if (state_ != nullptr) state_->enter_shield();
  }
  shield_guard(const shield_guard&) = delete;
  shield_guard& operator=(const shield_guard&) = delete;
  ~shield_guard() {
    if (state_ != nullptr) state_->leave_shield();
  }

private:
  task_state* state_;
};
}  // namespace detail

/// Awaits `a` with cancellation of the current task deferred: a cancel
/// request (or the deadline of a timeout_scope opened outside the shield)
/// that arrives meanwhile is neither delivered to `a`'s suspension points nor
/// forwarded to tasks `a` joins; it stays pending and is thrown at the first
/// suspension point after the shield. A timeout_scope opened *inside* the
/// shield still bounds the awaits in it.
///
/// Lazy like any task: `co_await aio::shield(cleanup())`. Result and
/// exceptions are those of `a`.
template <awaitable Awaitable>
[[nodiscard]] task<await_result_t<Awaitable>> shield(Awaitable a) {
  detail::shield_guard guard(co_await detail::current_state());
  co_return co_await std::move(a);
}

}  // namespace aio
