// Declaration-only shapes of libunifex's API (facebookexperimental/libunifex
// c6e5af9), for the libunifex model's fixture: the names and signatures, no
// behaviour.
#pragma once

#include <optional>

namespace unifex {

struct sender_base {};

namespace _sync_wait_cpo {
class _fn {
public:
  template <typename Sender>
  auto operator()(Sender &&sender) const -> std::optional<int>;
};
} // namespace _sync_wait_cpo
inline constexpr _sync_wait_cpo::_fn sync_wait{};

namespace _stop_when_cpo {
struct _fn {
  template <typename Source, typename Trigger>
  auto operator()(Source &&source, Trigger &&trigger) const -> sender_base;
};
} // namespace _stop_when_cpo
inline constexpr _stop_when_cpo::_fn stop_when{};

namespace _manual_event_loop {
class context {
public:
  void run();
  void stop();
};
} // namespace _manual_event_loop
using manual_event_loop = _manual_event_loop::context;

namespace _just {
struct _fn {
  template <typename... Values> auto operator()(Values &&...) const -> sender_base;
};
} // namespace _just
inline constexpr _just::_fn just{};

} // namespace unifex
