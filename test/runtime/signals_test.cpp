#include "aio/signals.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>

#include "aio/run.hpp"
#include "aio/sleep.hpp"
#include "aio/spawn.hpp"
#include "aio/timeout.hpp"

namespace {

using namespace std::chrono_literals;

TEST(Signals, RaiseToSelf) {
  auto body = []() -> aio::task<int> {
    auto waiter = aio::spawn(aio::wait_for_signal({SIGUSR1, SIGUSR2}));
    co_await aio::yield();  // the waiter has blocked the signals and waits
    EXPECT_EQ(::raise(SIGUSR1), 0);
    co_return co_await waiter;
  };
  EXPECT_EQ(aio::run(body()), SIGUSR1);
}

TEST(Signals, KillProcessWithSigterm) {
  auto body = []() -> aio::task<int> {
    auto waiter = aio::spawn(aio::wait_for_signal({SIGINT, SIGTERM}));
    co_await aio::yield();
    EXPECT_EQ(::kill(::getpid(), SIGTERM), 0);
    co_return co_await waiter;
  };
  EXPECT_EQ(aio::run(body()), SIGTERM);
}

TEST(Signals, PendingSignalIsReturnedAtOnce) {
  auto body = []() -> aio::task<int> {
    // Blocked by the first wait; raised while nobody waits: stays pending.
    auto first = aio::spawn(aio::wait_for_signal({SIGUSR2}));
    co_await aio::yield();
    EXPECT_EQ(::raise(SIGUSR2), 0);
    EXPECT_EQ(co_await first, SIGUSR2);
    EXPECT_EQ(::raise(SIGUSR2), 0);
    co_return co_await aio::wait_for_signal({SIGUSR2});
  };
  EXPECT_EQ(aio::run(body()), SIGUSR2);
}

TEST(Signals, CancelAndTimeout) {
  auto body = []() -> aio::task<> {
    auto waiter = aio::spawn(aio::wait_for_signal({SIGUSR1}));
    co_await aio::yield();
    waiter.cancel();
    EXPECT_THROW((void)co_await waiter, aio::cancelled_error);
    EXPECT_THROW((void)co_await aio::timeout(1ms, aio::wait_for_signal({SIGUSR1})), aio::timeout_error);
    // The fd interest was removed: a later wait still works.
    EXPECT_EQ(::raise(SIGUSR1), 0);
    EXPECT_EQ(co_await aio::wait_for_signal({SIGUSR1}), SIGUSR1);
  };
  aio::run(body());
}

}  // namespace
