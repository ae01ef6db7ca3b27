#include "aio/event.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "aio/run.hpp"
#include "aio/sleep.hpp"
#include "aio/spawn.hpp"
#include "aio/timeout.hpp"

namespace {

using namespace std::chrono_literals;

TEST(Event, SetWakesAllWaitersInOrder) {
  aio::event e;
  std::vector<int> woke;
  auto waiter = [&](int id) -> aio::task<> {
    co_await e.wait();
    woke.push_back(id);
  };
  auto body = [&]() -> aio::task<> {
    auto a = aio::spawn(waiter(1));
    auto b = aio::spawn(waiter(2));
    co_await aio::yield();
    EXPECT_TRUE(woke.empty());
    e.set();
    e.clear();  // waiters woken by set() still return
    co_await a;
    co_await b;
    EXPECT_FALSE(e.is_set());
  };
  aio::run(body());
  EXPECT_EQ(woke, (std::vector<int>{1, 2}));
}

TEST(Event, WaitOnSetEventDoesNotSuspend) {
  aio::event e;
  e.set();
  EXPECT_TRUE(e.is_set());
  auto body = [&]() -> aio::task<> { co_await e.wait(); };
  aio::run(body());
}

TEST(Event, CancelWhileWaiting) {
  aio::event e;
  int woke = 0;
  auto waiter = [&]() -> aio::task<> {
    co_await e.wait();
    ++woke;
  };
  auto body = [&]() -> aio::task<> {
    auto a = aio::spawn(waiter());
    auto b = aio::spawn(waiter());
    co_await aio::yield();
    a.cancel();
    EXPECT_THROW(co_await a, aio::cancelled_error);
    e.set();
    co_await b;
    EXPECT_THROW(co_await aio::timeout(1ms, [&]() -> aio::task<> {
                   aio::event never;
                   co_await never.wait();
                 }()),
                 aio::timeout_error);
  };
  aio::run(body());
  EXPECT_EQ(woke, 1);
}

}  // namespace
