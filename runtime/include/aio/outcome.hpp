// aio::outcome<T>: a finished task's value or exception.
#pragma once

#include <exception>
#include <type_traits>
#include <utility>
#include <variant>

namespace aio {

/// What aio::gather_settled returns per child: the value (std::monostate for
/// void) or the exception, including aio::cancelled_error for a child that
/// was cancelled.
template <class T>
class outcome {
  static_assert(!std::is_reference_v<T>, "aio::outcome of a reference is not supported");
  using stored = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

public:
  explicit outcome(std::exception_ptr e) noexcept : v_(std::in_place_index<1>, std::move(e)) {}
  template <class... Args>
  explicit outcome(std::in_place_t, Args&&... args) : v_(std::in_place_index<0>, std::forward<Args>(args)...) {}

  [[nodiscard]] bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  /// The value; rethrows the exception if the child failed.
  decltype(auto) value() & {
    if (!has_value()) std::rethrow_exception(std::get<1>(v_));
    if constexpr (!std::is_void_v<T>) return (std::get<0>(v_));
  }
  decltype(auto) value() && {
    if (!has_value()) std::rethrow_exception(std::get<1>(v_));
    if constexpr (!std::is_void_v<T>) return std::move(std::get<0>(v_));
  }
  /// The exception, or nullptr on success.
  [[nodiscard]] std::exception_ptr error() const noexcept { return has_value() ? nullptr : std::get<1>(v_); }

private:
  std::variant<stored, std::exception_ptr> v_;
};

}  // namespace aio
