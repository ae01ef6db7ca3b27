// Declaration-only shapes of stdexec's API (NVIDIA/stdexec e92245d5, default
// configuration: namespace stdexec), for the stdexec model's fixture: the
// names and signatures, no behaviour.
#pragma once

#include <optional>
#include <tuple>

namespace stdexec {

struct sender_base {};

struct sync_wait_t {
  template <class _CvSender>
  auto operator()(_CvSender &&__sndr) const -> std::optional<std::tuple<int>>;
};
inline constexpr sync_wait_t sync_wait{};

namespace __run_loop {
class __run_loop_base {
public:
  void run() noexcept;
  void finish() noexcept;
};
template <class _Derived, class _Env>
struct __basic_run_loop : __run_loop_base {};
} // namespace __run_loop

struct env_empty {};
struct run_loop : __run_loop::__basic_run_loop<run_loop, env_empty> {};

struct just_t {
  template <class... _Ts> auto operator()(_Ts &&...) const -> sender_base;
};
inline constexpr just_t just{};

} // namespace stdexec

namespace experimental::execution {
namespace __scope {
struct async_scope {
  template <class _Sender> void spawn(_Sender &&__sndr);
  template <class _Sender>
  [[nodiscard]] auto spawn_future(_Sender &&__sndr) -> stdexec::sender_base;
};
} // namespace __scope
using __scope::async_scope;
} // namespace experimental::execution

namespace exec = experimental::execution;
