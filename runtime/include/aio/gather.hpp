// aio::gather and aio::gather_settled: run tasks concurrently, collect results.
#pragma once

#include <source_location>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "aio/concepts.hpp"
#include "aio/detail/child_set.hpp"
#include "aio/detail/spawned.hpp"
#include "aio/outcome.hpp"
#include "aio/task.hpp"

namespace aio {

namespace detail {

template <class T>
non_void_t<T> take_value(spawned<T>* rec) {
  if constexpr (std::is_void_v<T>) {
    rec->take_result();
    return std::monostate{};
  } else {
    return rec->take_result();
  }
}

template <class T>
outcome<T> take_outcome(spawned<T>* rec) {
  try {
    if constexpr (std::is_void_v<T>) {
      rec->take_result();
      return outcome<T>(std::in_place);
    } else {
      return outcome<T>(std::in_place, rec->take_result());
    }
  } catch (...) {
    return outcome<T>(std::current_exception());
  }
}

inline std::source_location origin_of(task_state* s) noexcept {
  return s != nullptr ? s->origin() : std::source_location::current();
}

/// After wait(): a fail-fast failure wins; otherwise a cancellation of the
/// awaiting task that cut children short is delivered.
inline void rethrow_set_outcome(child_set& set) {
  if (spawned_base* f = set.first_failure()) std::rethrow_exception(f->exception());
  if (set.forwarded() && set.any_cancelled()) set.parent_state()->throw_cancel();
}

/// What gather (Settled = false) or gather_settled (true) returns for a
/// child task<T>, and how it is taken from the finished child.
template <bool Settled, class T>
using gathered_t = std::conditional_t<Settled, outcome<T>, non_void_t<T>>;
template <bool Settled, class T>
gathered_t<Settled, T> take_gathered(spawned<T>* rec) {
  if constexpr (Settled)
    return take_outcome(rec);
  else
    return take_value(rec);
}
constexpr child_set::policy gather_policy(bool settled) noexcept {
  return settled ? child_set::policy::settle : child_set::policy::first_exception;
}

/// The bodies of both gathers; the public functions only pick Settled, so
/// no coroutine frame is added.
template <bool Settled, class... Ts>
task<std::tuple<gathered_t<Settled, Ts>...>> gather_tuple(task<Ts>... tasks) {
  task_state* parent = co_await current_state();
  child_set set(gather_policy(Settled));
  // Braced initialization evaluates left to right: children start in order.
  std::tuple<spawned<Ts>*...> recs{set.add(std::move(tasks), origin_of(parent))...};
  co_await set.wait();
  rethrow_set_outcome(set);
  co_return std::apply(
      [](auto*... r) { return std::tuple<gathered_t<Settled, Ts>...>{take_gathered<Settled>(r)...}; }, recs);
}

template <bool Settled, class T>
task<std::vector<gathered_t<Settled, T>>> gather_vector(std::vector<task<T>> tasks) {
  task_state* parent = co_await current_state();
  child_set set(gather_policy(Settled));
  std::vector<spawned<T>*> recs;
  recs.reserve(tasks.size());
  set.reserve(tasks.size());
  for (task<T>& t : tasks) recs.push_back(set.add(std::move(t), origin_of(parent)));
  co_await set.wait();
  rethrow_set_outcome(set);
  std::vector<gathered_t<Settled, T>> out;
  out.reserve(recs.size());
  for (auto* r : recs) out.push_back(take_gathered<Settled>(r));
  co_return out;
}

}  // namespace detail

/// Runs the tasks concurrently (each as its own cancellable unit, started
/// when the gather is awaited) and returns their results in argument order;
/// a void task contributes std::monostate.
///
/// Fail-fast: the first child to end with an exception (cancellation
/// included) has the others cancelled; gather waits for all of them, then
/// rethrows that exception. Other children's exceptions are dropped.
/// Cancelling the awaiting task cancels every child, waits for them, then
/// throws the awaiter's cancellation.
template <class... Ts>
[[nodiscard]] task<std::tuple<non_void_t<Ts>...>> gather(task<Ts>... tasks) {
  return detail::gather_tuple<false>(std::move(tasks)...);
}

/// The vector form of gather: results in input order.
template <class T>
[[nodiscard]] task<std::vector<non_void_t<T>>> gather(std::vector<task<T>> tasks) {
  return detail::gather_vector<false>(std::move(tasks));
}

/// Like gather, but children never cancel each other and every outcome is
/// returned (asyncio's return_exceptions=True). Cancelling the awaiting task
/// still cancels the children and throws once they finished.
template <class... Ts>
[[nodiscard]] task<std::tuple<outcome<Ts>...>> gather_settled(task<Ts>... tasks) {
  return detail::gather_tuple<true>(std::move(tasks)...);
}

template <class T>
[[nodiscard]] task<std::vector<outcome<T>>> gather_settled(std::vector<task<T>> tasks) {
  return detail::gather_vector<true>(std::move(tasks));
}

}  // namespace aio
