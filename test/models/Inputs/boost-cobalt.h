// Declaration-only shapes of Boost.cobalt's API (boostorg/cobalt 57181ca)
// and of the Boost.Asio completion token it is used with, for the
// boost-cobalt model's fixture: the names and signatures, no behaviour.
#pragma once

#include <coroutine>
#include <cstddef>
#include <exception>
#include <string_view>

namespace boost::asio {
class detached_t {
public:
  constexpr detached_t() noexcept {}
};
inline constexpr detached_t detached;
class any_io_executor {};
} // namespace boost::asio

namespace boost::cobalt {

namespace detail {
template <typename T> struct promise_result {
  template <typename U> void return_value(U &&);
};
template <> struct promise_result<void> {
  void return_void() noexcept;
};
} // namespace detail

template <typename T = void> class task {
public:
  struct promise_type : detail::promise_result<T> {
    task get_return_object() noexcept;
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void unhandled_exception() noexcept;
  };
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};

template <typename T> T run(task<T> t);

template <typename T, typename CompletionToken>
auto spawn(boost::asio::any_io_executor executor, task<T> &&t,
           CompletionToken &&token) -> void;

template <typename... Promise> auto race(Promise &&...p) -> task<int>;

namespace io {
struct op {
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  std::size_t await_resume();
};
class mutable_buffer_sequence {};
class const_buffer_sequence {};
struct endpoint {};

struct socket {
  [[nodiscard]] op connect(endpoint ep);
};
struct stream_socket final : socket {
  [[nodiscard]] op read_some(mutable_buffer_sequence buffer);
  [[nodiscard]] op write_some(const_buffer_sequence buffer);
};
struct steady_timer {
  [[nodiscard]] op wait();
};
} // namespace io

} // namespace boost::cobalt
