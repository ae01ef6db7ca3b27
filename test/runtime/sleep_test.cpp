#include "aio/sleep.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "aio/run.hpp"
#include "aio/spawn.hpp"

namespace {

using namespace std::chrono_literals;

TEST(Sleep, WaitsAtLeastTheDuration) {
  auto body = []() -> aio::task<bool> {
    auto start = std::chrono::steady_clock::now();
    co_await aio::sleep(3ms);
    co_return std::chrono::steady_clock::now() - start >= 3ms;
  };
  EXPECT_TRUE(aio::run(body()));
}

TEST(Sleep, ShorterSleepFinishesFirst) {
  std::vector<int> order;
  auto sleeper = [&](int id, std::chrono::steady_clock::time_point deadline) -> aio::task<> {
    co_await aio::sleep_until(deadline);
    order.push_back(id);
  };
  auto body = [&]() -> aio::task<> {
    // Deadlines fixed up front: the order does not depend on scheduling delays.
    auto now = std::chrono::steady_clock::now();
    auto a = aio::spawn(sleeper(1, now + 6ms));
    auto b = aio::spawn(sleeper(2, now + 1ms));
    co_await a;
    co_await b;
  };
  aio::run(body());
  EXPECT_EQ(order, (std::vector<int>{2, 1}));
}

TEST(Sleep, ZeroAndPastDeadlinesStillSuspend) {
  std::vector<std::string> log;
  auto other = [&]() -> aio::task<> {
    log.push_back("other");
    co_return;
  };
  auto body = [&]() -> aio::task<> {
    auto h = aio::spawn(other());
    co_await aio::sleep_until(std::chrono::steady_clock::now() - 1s);
    log.push_back("after sleep");
    co_await h;
  };
  aio::run(body());
  EXPECT_EQ(log, (std::vector<std::string>{"other", "after sleep"}));
}

TEST(Sleep, YieldLetsOtherTasksRun) {
  std::vector<int> log;
  auto worker = [&](int id) -> aio::task<> {
    for (int i = 0; i < 3; ++i) {
      log.push_back(id);
      co_await aio::yield();
    }
  };
  auto body = [&]() -> aio::task<> {
    auto a = aio::spawn(worker(1));
    auto b = aio::spawn(worker(2));
    co_await a;
    co_await b;
  };
  aio::run(body());
  EXPECT_EQ(log, (std::vector<int>{1, 2, 1, 2, 1, 2}));
}

TEST(Sleep, CancelledSleepThrowsAndRemovesTimer) {
  auto child = []() -> aio::task<> { co_await aio::sleep(1h); };
  auto body = [&]() -> aio::task<> {
    auto h = aio::spawn(child());
    co_await aio::yield();
    h.cancel();
    EXPECT_THROW(co_await h, aio::cancelled_error);
  };
  // Would block for an hour if the timer stayed in the loop.
  aio::run(body());
}

TEST(Sleep, YieldIsACancellationCheckpoint) {
  int iterations = 0;
  auto spinner = [&]() -> aio::task<> {
    for (;;) {
      ++iterations;
      co_await aio::yield();
    }
  };
  auto body = [&]() -> aio::task<> {
    auto h = aio::spawn(spinner());
    co_await aio::yield();
    co_await aio::yield();
    h.cancel();
    EXPECT_THROW(co_await h, aio::cancelled_error);
  };
  aio::run(body());
  EXPECT_GE(iterations, 1);
}

}  // namespace
