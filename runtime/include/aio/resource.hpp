// aio::using_resource: async acquire / use / guaranteed async close (the
// async context manager pattern, Python's `async with`).
#pragma once

#include <exception>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

#include "aio/concepts.hpp"
#include "aio/shield.hpp"
#include "aio/task.hpp"

namespace aio {

/// A resource aio::using_resource can close: `r.close()` returns an
/// awaitable (asynchronous cleanup such as a protocol goodbye) or void.
template <class R>
concept closeable_resource = requires(R& r) { r.close(); } &&
                             (std::is_void_v<decltype(std::declval<R&>().close())> ||
                              awaitable<decltype(std::declval<R&>().close())>);

namespace detail {
template <class R>
task<> close_resource(R& r) {
  if constexpr (std::is_void_v<decltype(r.close())>)
    r.close();
  else
    co_await r.close();
}
}  // namespace detail

/// Awaits `open` (an awaitable yielding the resource), then awaits
/// `body(resource)` (a callable taking `Resource&` and returning an
/// awaitable), then always awaits `resource.close()`, and returns the body's
/// result:
///
///   co_await aio::using_resource(open_conn(addr), [&](conn& c) -> aio::task<int> {
///     co_return co_await c.query("...");
///   });
///
/// - close() runs once the body finished: after success, after an
///   exception and after cancellation (or a timeout). It runs under
///   aio::shield, so a cancellation arriving meanwhile waits until the
///   resource is closed (an enclosing timeout cannot cut the cleanup short;
///   bound slow cleanup inside close() itself).
/// - If `open` fails, there is nothing to close and its exception
///   propagates.
/// - Exceptions: the body's exception wins; an exception from close() is
///   propagated only when the body succeeded.
/// - Starts: lazily, when awaited. The resource lives in this coroutine's
///   frame until close() has finished; `body` is kept alive as long.
template <awaitable Open, class Body>
  requires closeable_resource<std::remove_cvref_t<await_result_t<Open>>> &&
           std::invocable<Body&, std::remove_cvref_t<await_result_t<Open>>&>
[[nodiscard]] auto using_resource(Open open, Body body)
    -> task<await_result_t<std::invoke_result_t<Body&, std::remove_cvref_t<await_result_t<Open>>&>>> {
  using resource = std::remove_cvref_t<await_result_t<Open>>;
  using result = await_result_t<std::invoke_result_t<Body&, resource&>>;
  resource r = co_await std::move(open);
  std::exception_ptr failure;
  std::optional<std::conditional_t<std::is_void_v<result>, int, result>> value;
  try {
    if constexpr (std::is_void_v<result>)
      co_await std::invoke(body, r);
    else
      value.emplace(co_await std::invoke(body, r));
  } catch (...) {
    failure = std::current_exception();  // no co_await in a handler: close below
  }
  if (failure) {
    try {
      co_await shield(detail::close_resource(r));
    } catch (...) {
      // the body's exception is the one that matters
    }
    std::rethrow_exception(failure);
  }
  co_await shield(detail::close_resource(r));
  if constexpr (!std::is_void_v<result>) co_return std::move(*value);
}

}  // namespace aio
