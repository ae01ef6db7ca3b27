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
  detail::task_state* parent = co_await detail::current_state();
  detail::child_set set(detail::child_set::policy::first_exception);
  // Braced initialization evaluates left to right: children start in order.
  std::tuple<detail::spawned<Ts>*...> recs{set.add(std::move(tasks), detail::origin_of(parent))...};
  co_await set.wait();
  detail::rethrow_set_outcome(set);
  co_return std::apply([](auto*... r) { return std::tuple<non_void_t<Ts>...>{detail::take_value(r)...}; }, recs);
}

/// The vector form of gather: results in input order.
template <class T>
[[nodiscard]] task<std::vector<non_void_t<T>>> gather(std::vector<task<T>> tasks) {
  detail::task_state* parent = co_await detail::current_state();
  detail::child_set set(detail::child_set::policy::first_exception);
  std::vector<detail::spawned<T>*> recs;
  recs.reserve(tasks.size());
  set.reserve(tasks.size());
  for (task<T>& t : tasks) recs.push_back(set.add(std::move(t), detail::origin_of(parent)));
  co_await set.wait();
  detail::rethrow_set_outcome(set);
  std::vector<non_void_t<T>> out;
  out.reserve(recs.size());
  for (auto* r : recs) out.push_back(detail::take_value(r));
  co_return out;
}

/// Like gather, but children never cancel each other and every outcome is
/// returned (asyncio's return_exceptions=True). Cancelling the awaiting task
/// still cancels the children and throws once they finished.
template <class... Ts>
[[nodiscard]] task<std::tuple<outcome<Ts>...>> gather_settled(task<Ts>... tasks) {
  detail::task_state* parent = co_await detail::current_state();
  detail::child_set set(detail::child_set::policy::settle);
  std::tuple<detail::spawned<Ts>*...> recs{set.add(std::move(tasks), detail::origin_of(parent))...};
  co_await set.wait();
  detail::rethrow_set_outcome(set);
  co_return std::apply([](auto*... r) { return std::tuple<outcome<Ts>...>{detail::take_outcome(r)...}; }, recs);
}

template <class T>
[[nodiscard]] task<std::vector<outcome<T>>> gather_settled(std::vector<task<T>> tasks) {
  detail::task_state* parent = co_await detail::current_state();
  detail::child_set set(detail::child_set::policy::settle);
  std::vector<detail::spawned<T>*> recs;
  recs.reserve(tasks.size());
  set.reserve(tasks.size());
  for (task<T>& t : tasks) recs.push_back(set.add(std::move(t), detail::origin_of(parent)));
  co_await set.wait();
  detail::rethrow_set_outcome(set);
  std::vector<outcome<T>> out;
  out.reserve(recs.size());
  for (auto* r : recs) out.push_back(detail::take_outcome(r));
  co_return out;
}

}  // namespace aio
