// Awaiter/awaitable concepts and the result type of a co_await.
#pragma once

#include <concepts>
#include <coroutine>
#include <type_traits>
#include <utility>
#include <variant>

namespace aio {

/// Something with the three awaiter members (suspending with any handle).
template <class A>
concept awaiter = requires(A a, std::coroutine_handle<> h) {
  { a.await_ready() } -> std::convertible_to<bool>;
  a.await_resume();
};

namespace detail {

template <class A>
decltype(auto) get_awaiter(A&& a) {
  if constexpr (requires { std::forward<A>(a).operator co_await(); })
    return std::forward<A>(a).operator co_await();
  else if constexpr (requires { operator co_await(std::forward<A>(a)); })
    return operator co_await(std::forward<A>(a));
  else
    return std::forward<A>(a);
}

}  // namespace detail

/// Something `co_await` accepts inside an aio::task (directly or through
/// operator co_await).
template <class A>
concept awaitable = awaiter<std::remove_cvref_t<decltype(detail::get_awaiter(std::declval<A>()))>>;

/// The type `co_await std::declval<A>()` yields.
template <awaitable A>
using await_result_t = decltype(std::declval<decltype(detail::get_awaiter(std::declval<A>()))&>().await_resume());

/// `T`, with void mapped to std::monostate: how aio::gather represents results.
template <class T>
using non_void_t = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

}  // namespace aio
