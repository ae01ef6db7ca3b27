#include "aio/signals.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <vector>

#include "aio/queue.hpp"
#include "aio/run.hpp"
#include "aio/sleep.hpp"
#include "aio/spawn.hpp"
#include "aio/task_group.hpp"
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
    EXPECT_EQ(co_await aio::wait_for_signal(SIGUSR1), SIGUSR1);
    EXPECT_THROW((void)aio::wait_for_signal({SIGUSR1, 65}), std::invalid_argument);
  };
  aio::run(body());
}

// The pattern of docs/runtime.md: wait for a signal, close the queue, let the
// workers drain it, cancel what is left.
TEST(Signals, GracefulShutdownDrainsTheQueue) {
  aio::queue<int> q(4);
  std::vector<int> handled;
  int puts_refused = 0;
  auto worker = [&]() -> aio::task<> {
    try {
      for (;;) {
        int item = co_await q.get();
        co_await aio::yield();  // the work
        handled.push_back(item);
        q.task_done();
      }
    } catch (const aio::queue_closed&) {
      // closed and drained: done
    }
  };
  auto producer = [&]() -> aio::task<> {
    try {
      for (int i = 0;; ++i) co_await q.put(i);
    } catch (const aio::queue_closed&) {
      ++puts_refused;
    }
  };
  auto idle_forever = []() -> aio::task<> { co_await aio::sleep(std::chrono::hours(1)); };
  auto body = [&]() -> aio::task<> {
    co_await aio::with_task_group([&](aio::task_group& g) -> aio::task<> {
      g.spawn(worker());
      g.spawn(worker());
      g.spawn(producer());
      g.spawn(idle_forever());  // e.g. a listener: cancelled at the end
      auto sig = aio::spawn(aio::wait_for_signal({SIGINT, SIGTERM}));
      co_await aio::yield();
      EXPECT_EQ(::kill(::getpid(), SIGTERM), 0);
      EXPECT_EQ(co_await sig, SIGTERM);
      q.close();  // producers' puts throw, workers drain what is queued
      co_await q.join();
      g.cancel();  // stop whatever is still running
    });
  };
  aio::run(body());
  EXPECT_EQ(puts_refused, 1);
  EXPECT_TRUE(q.empty());
  std::sort(handled.begin(), handled.end());
  for (std::size_t i = 0; i < handled.size(); ++i) EXPECT_EQ(handled[i], static_cast<int>(i));  // none lost
  EXPECT_GE(handled.size(), 4u);
}

}  // namespace
