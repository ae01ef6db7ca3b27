// Helpers shared by the runtime tests.
#pragma once

#include <aio/aio.hpp>

#include <chrono>

namespace aio_test {

/// Sleeps for an hour, i.e. until cancelled; counts the cancellation in
/// \p cancelled and rethrows it, so the caller sees the task end cancelled.
inline aio::task<> sleep_until_cancelled(int& cancelled) {
  try {
    co_await aio::sleep(std::chrono::hours(1));
  } catch (const aio::cancelled_error&) {
    ++cancelled;
    throw;
  }
}

}  // namespace aio_test
