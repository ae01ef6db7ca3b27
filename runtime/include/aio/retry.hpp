// aio::retry and aio::retry_policy: retry a failing operation with backoff.
#pragma once

#include <algorithm>
#include <chrono>
#include <exception>
#include <functional>
#include <random>
#include <stdexcept>
#include <type_traits>

#include "aio/cancellation.hpp"
#include "aio/concepts.hpp"
#include "aio/detail/task_state.hpp"
#include "aio/sleep.hpp"
#include "aio/task.hpp"

namespace aio {

/// How aio::retry spaces its attempts: after failed attempt k (1-based) it
/// sleeps min(max_delay, initial_delay * multiplier^(k-1)), scaled by a
/// random factor in [1 - jitter, 1 + jitter].
struct retry_policy {
  int max_attempts = 3;
  std::chrono::nanoseconds initial_delay = std::chrono::milliseconds(100);
  double multiplier = 2.0;
  std::chrono::nanoseconds max_delay = std::chrono::seconds(10);
  /// Fraction in [0, 1]; 0 makes the delays deterministic.
  double jitter = 0.0;

  /// The delay after failed attempt `attempt` (1-based), without jitter.
  [[nodiscard]] std::chrono::nanoseconds backoff(int attempt) const noexcept {
    double d = static_cast<double>(initial_delay.count());
    for (int i = 1; i < attempt; ++i) {
      d *= multiplier;
      if (d >= static_cast<double>(max_delay.count())) return max_delay;
    }
    return std::min(max_delay, std::chrono::nanoseconds(static_cast<std::chrono::nanoseconds::rep>(d)));
  }
};

/// The default retry predicate: every exception is retryable (except
/// cancellation, which aio::retry never retries).
struct retry_any {
  bool operator()(const std::exception_ptr&) const noexcept { return true; }
};

/// A retry predicate accepting only the listed exception types (and types
/// derived from them): `aio::retry(f, policy, aio::retry_on<io_error>{})`.
template <class... Exceptions>
struct retry_on {
  bool operator()(const std::exception_ptr& e) const { return matches<Exceptions...>(e); }

private:
  template <class First, class... Rest>
  static bool matches(const std::exception_ptr& e) {
    try {
      std::rethrow_exception(e);
    } catch (const First&) {
      return true;
    } catch (...) {
      if constexpr (sizeof...(Rest) == 0)
        return false;
      else
        return matches<Rest...>(e);
    }
  }
};

namespace detail {
inline std::chrono::nanoseconds jittered(std::chrono::nanoseconds d, double jitter) {
  if (jitter <= 0) return d;
  thread_local std::minstd_rand rng{std::random_device{}()};
  std::uniform_real_distribution<double> factor(1.0 - std::min(jitter, 1.0), 1.0 + std::min(jitter, 1.0));
  return std::chrono::nanoseconds(
      static_cast<std::chrono::nanoseconds::rep>(static_cast<double>(d.count()) * factor(rng)));
}
}  // namespace detail

/// Awaits `factory()` (a fresh aio::task, or any awaitable, per attempt)
/// until it succeeds, at most `policy.max_attempts` times, sleeping with
/// aio::sleep between attempts (exponential backoff, see retry_policy).
///
/// - Returns the first successful result; when attempts run out, or
///   `retryable(exception_ptr)` says no, rethrows the last failure.
/// - Never retries cancellation: aio::cancelled_error is rethrown at once,
///   and so is the aio::timeout_error of an enclosing timeout (a timeout
///   *inside* an attempt, such as `aio::timeout(1s, read())` in the
///   factory, is an ordinary, retryable failure).
/// - Cancellable in the backoff sleeps and in every attempt.
/// - Starts: lazily, when awaited; `factory` and `retryable` are kept in
///   the coroutine frame until it finishes.
template <class Factory, class Predicate = retry_any>
  requires std::invocable<Factory&> && awaitable<std::invoke_result_t<Factory&>>
[[nodiscard]] task<await_result_t<std::invoke_result_t<Factory&>>> retry(Factory factory, retry_policy policy = {},
                                                                         Predicate retryable = {}) {
  using result = await_result_t<std::invoke_result_t<Factory&>>;
  if (policy.max_attempts < 1) throw std::invalid_argument("aio: retry_policy::max_attempts must be >= 1");
  detail::task_state* state = co_await detail::current_state();
  for (int attempt = 1;; ++attempt) {
    std::exception_ptr failure;
    try {
      if constexpr (std::is_void_v<result>) {
        co_await std::invoke(factory);
        co_return;
      } else {
        co_return co_await std::invoke(factory);
      }
    } catch (const cancelled_error&) {
      throw;
    } catch (...) {
      failure = std::current_exception();
    }
    bool outer_deadline = state != nullptr && state->deadline_expired();
    if (outer_deadline || attempt >= policy.max_attempts || !std::invoke(retryable, failure))
      std::rethrow_exception(failure);
    co_await sleep(detail::jittered(policy.backoff(attempt), policy.jitter));
  }
}

}  // namespace aio
