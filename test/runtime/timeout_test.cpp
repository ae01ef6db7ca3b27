#include "aio/timeout.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "aio/run.hpp"
#include "aio/sleep.hpp"
#include "aio/spawn.hpp"

namespace {

using namespace std::chrono_literals;

aio::task<int> slow_value(std::chrono::milliseconds d, int v) {
  co_await aio::sleep(d);
  co_return v;
}

TEST(Timeout, ReturnsValueWhenFastEnough) {
  auto body = []() -> aio::task<int> { co_return co_await aio::timeout(1h, slow_value(1ms, 5)); };
  EXPECT_EQ(aio::run(body()), 5);
}

TEST(Timeout, ThrowsTimeoutErrorAndCancelsInnerOperation) {
  bool inner_cancelled = false;
  auto inner = [&]() -> aio::task<int> {
    try {
      co_await aio::sleep(1h);
    } catch (const aio::cancelled_error&) {
      inner_cancelled = true;
      throw;
    }
    co_return 0;
  };
  auto body = [&]() -> aio::task<> {
    EXPECT_THROW(co_await aio::timeout(1ms, aio::spawn(inner())), aio::timeout_error);
  };
  aio::run(body());
  EXPECT_TRUE(inner_cancelled);
}

TEST(Timeout, BoundsPlainSleep) {
  auto body = []() -> aio::task<> { co_await aio::timeout(1ms, aio::sleep(1h)); };
  EXPECT_THROW(aio::run(body()), aio::timeout_error);
}

TEST(Timeout, TimeoutErrorIsNotCancellation) {
  auto body = []() -> aio::task<std::string> {
    try {
      co_await aio::timeout(1ms, aio::sleep(1h));
    } catch (const aio::cancelled_error&) {
      co_return "cancelled";
    } catch (const aio::timeout_error&) {
      co_return "timeout";
    }
    co_return "none";
  };
  EXPECT_EQ(aio::run(body()), "timeout");
}

TEST(Timeout, OtherExceptionsPassThrough) {
  auto failing = []() -> aio::task<int> {
    co_await aio::sleep(1ms);
    throw std::runtime_error("inner failure");
  };
  auto body = [&]() -> aio::task<int> { co_return co_await aio::timeout(1h, failing()); };
  EXPECT_THROW(aio::run(body()), std::runtime_error);
}

TEST(Timeout, OrReturnsDefaultOnTimeout) {
  auto body = []() -> aio::task<int> { co_return co_await aio::timeout_or(1ms, slow_value(1h, 1), -1); };
  EXPECT_EQ(aio::run(body()), -1);
}

TEST(Timeout, OrReturnsValueWhenFastEnough) {
  auto body = []() -> aio::task<int> { co_return co_await aio::timeout_or(1h, slow_value(1ms, 1), -1); };
  EXPECT_EQ(aio::run(body()), 1);
}

TEST(Timeout, ScopeBoundsEveryAwaitInIt) {
  int completed = 0;
  auto body = [&]() -> aio::task<> {
    auto scope = co_await aio::timeout_scope::after(10ms);
    for (;;) {
      co_await aio::sleep(1ms);
      ++completed;
    }
  };
  EXPECT_THROW(aio::run(body()), aio::timeout_error);  // the endless loop is bounded
}

TEST(Timeout, ScopeExpiredButUndeliveredIsWithdrawnOnExit) {
  auto body = []() -> aio::task<std::string> {
    {
      auto scope = co_await aio::timeout_scope::after(1ms);
      // Busy past the deadline without suspending: the timeout is pending
      // but never reaches a suspension point inside the scope.
      auto until = std::chrono::steady_clock::now() + 5ms;
      while (std::chrono::steady_clock::now() < until) {
      }
    }
    co_await aio::sleep(2ms);  // after the scope: must not throw
    co_return "ok";
  };
  EXPECT_EQ(aio::run(body()), "ok");
}

TEST(Timeout, ScopeNotFiringLeavesNoTrace) {
  auto body = []() -> aio::task<bool> {
    bool expired;
    {
      auto scope = co_await aio::timeout_scope::after(1h);
      co_await aio::sleep(1ms);
      expired = scope.expired();
    }
    co_return expired;
  };
  EXPECT_FALSE(aio::run(body()));  // and run returns: the timer was removed
}

TEST(Timeout, NestedInnerScopeFiresFirst) {
  auto body = []() -> aio::task<std::string> {
    auto outer = co_await aio::timeout_scope::after(1h);
    try {
      co_await aio::timeout(1ms, aio::sleep(1h));
    } catch (const aio::timeout_error&) {
      co_return outer.expired() ? "outer" : "inner";
    }
    co_return "none";
  };
  EXPECT_EQ(aio::run(body()), "inner");
}

TEST(Timeout, OrPropagatesOuterTimeout) {
  auto body = []() -> aio::task<int> {
    auto outer = co_await aio::timeout_scope::after(1ms);
    co_return co_await aio::timeout_or(1h, slow_value(1h, 1), -1);
  };
  EXPECT_THROW(aio::run(body()), aio::timeout_error);
}

}  // namespace
