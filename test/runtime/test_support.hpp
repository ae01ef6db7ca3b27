// Helpers shared by the runtime tests.
#pragma once

#include <aio/aio.hpp>
#include <gtest/gtest.h>

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

/// Spawns \p parent, lets it reach its first suspension point, cancels it
/// and checks that awaiting it throws cancelled_error.
template <class T>
aio::task<> expect_cancelled_after_start(aio::task<T> parent) {
  auto h = aio::spawn(std::move(parent));
  co_await aio::sleep(std::chrono::milliseconds(1));
  h.cancel();
  EXPECT_THROW(co_await h, aio::cancelled_error);
}

}  // namespace aio_test
