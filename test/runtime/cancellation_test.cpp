#include "aio/cancellation.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "aio/run.hpp"
#include "aio/sleep.hpp"
#include "aio/spawn.hpp"
#include "test_support.hpp"

namespace {

using namespace std::chrono_literals;

TEST(Cancellation, ErrorIsAStdException) {
  aio::cancelled_error e;
  const std::exception& base = e;
  EXPECT_STREQ(base.what(), "aio: task cancelled");
}

TEST(Cancellation, ReachesSuspensionPointOfNestedTask) {
  auto leaf = []() -> aio::task<> { co_await aio::sleep(1h); };
  auto middle = [&]() -> aio::task<> { co_await leaf(); };
  aio::run(aio_test::expect_cancelled_after_start(middle()));
}

TEST(Cancellation, IsDeliveredOnceAndCanBeHandled) {
  auto child = []() -> aio::task<std::string> {
    try {
      co_await aio::sleep(1h);
    } catch (const aio::cancelled_error&) {
    }
    // Cleanup may await again: delivery is edge-triggered.
    co_await aio::sleep(1ms);
    co_return "cleaned up";
  };
  auto body = [&]() -> aio::task<std::string> {
    auto h = aio::spawn(child());
    co_await aio::yield();
    h.cancel();
    co_return co_await h;
  };
  EXPECT_EQ(aio::run(body()), "cleaned up");
}

TEST(Cancellation, PendingCancelHitsNextSuspensionPoint) {
  int reached = 0;
  auto child = [&]() -> aio::task<> {
    ++reached;
    co_await aio::sleep(1h);  // cancel requested before this runs: throws here
    ++reached;
  };
  auto body = [&]() -> aio::task<> {
    auto h = aio::spawn(child());
    h.cancel();
    EXPECT_THROW(co_await h, aio::cancelled_error);
  };
  aio::run(body());
  EXPECT_EQ(reached, 1);
}

TEST(Cancellation, ParentCancelPropagatesThroughJoinChain) {
  int cancelled = 0;
  auto leaf = [&] { return aio_test::sleep_until_cancelled(cancelled); };
  auto level2 = [&]() -> aio::task<> { co_await aio::spawn(leaf()); };
  auto level1 = [&]() -> aio::task<> { co_await aio::spawn(level2()); };
  aio::run(aio_test::expect_cancelled_after_start(level1()));
  EXPECT_EQ(cancelled, 1);
}

TEST(Cancellation, JoinReturnsValueIfChildIgnoresCancellation) {
  auto stubborn = []() -> aio::task<int> {
    try {
      co_await aio::sleep(1h);
    } catch (const aio::cancelled_error&) {
    }
    co_return 9;
  };
  auto parent = [&]() -> aio::task<int> {
    int v = co_await aio::spawn(stubborn());
    // The parent's own cancellation is still pending: delivered here.
    co_await aio::sleep(1h);
    co_return v;
  };
  aio::run(aio_test::expect_cancelled_after_start(parent()));
}

}  // namespace
