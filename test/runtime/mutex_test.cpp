#include "aio/mutex.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "aio/run.hpp"
#include "aio/sleep.hpp"
#include "aio/spawn.hpp"
#include "aio/timeout.hpp"

namespace {

using namespace std::chrono_literals;

TEST(Mutex, UncontendedLockAndTryLock) {
  aio::mutex m;
  auto body = [&]() -> aio::task<> {
    {
      auto guard = co_await m.lock();
      EXPECT_TRUE(m.locked());
      EXPECT_TRUE(guard.owns_lock());
      EXPECT_FALSE(m.try_lock().has_value());
    }
    EXPECT_FALSE(m.locked());
    auto g = m.try_lock();
    EXPECT_TRUE(g.has_value());
    if (g) g->unlock();
    EXPECT_FALSE(m.locked());
    EXPECT_FALSE(g->owns_lock());
  };
  aio::run(body());
}

TEST(Mutex, WaitersAcquireInFifoOrder) {
  aio::mutex m;
  std::vector<int> order;
  auto waiter = [&](int id) -> aio::task<> {
    auto guard = co_await m.lock();
    order.push_back(id);
    co_await aio::yield();  // hold it across a suspension point
  };
  auto body = [&]() -> aio::task<> {
    auto guard = co_await m.lock();
    auto a = aio::spawn(waiter(1));
    auto b = aio::spawn(waiter(2));
    auto c = aio::spawn(waiter(3));
    co_await aio::yield();
    EXPECT_TRUE(order.empty());
    guard.unlock();
    // Hand-over: a try_lock right after unlock cannot barge in.
    EXPECT_FALSE(m.try_lock().has_value());
    co_await a;
    co_await b;
    co_await c;
  };
  aio::run(body());
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_FALSE(m.locked());
}

TEST(Mutex, MutualExclusionAcrossSuspensions) {
  aio::mutex m;
  int inside = 0;
  int max_inside = 0;
  int total = 0;
  auto worker = [&]() -> aio::task<> {
    for (int i = 0; i < 5; ++i) {
      auto guard = co_await m.lock();
      ++inside;
      max_inside = std::max(max_inside, inside);
      co_await aio::yield();
      ++total;
      --inside;
    }
  };
  auto body = [&]() -> aio::task<> {
    std::vector<aio::join_handle<void>> hs;
    for (int i = 0; i < 4; ++i) hs.push_back(aio::spawn(worker()));
    for (auto& h : hs) co_await h;
  };
  aio::run(body());
  EXPECT_EQ(max_inside, 1);
  EXPECT_EQ(total, 20);
}

TEST(Mutex, CancelWhileWaitingRemovesWaiter) {
  aio::mutex m;
  std::vector<int> got;
  auto waiter = [&](int id) -> aio::task<> {
    auto guard = co_await m.lock();
    got.push_back(id);
  };
  auto body = [&]() -> aio::task<> {
    auto guard = co_await m.lock();
    auto a = aio::spawn(waiter(1));
    auto b = aio::spawn(waiter(2));
    co_await aio::yield();
    a.cancel();
    EXPECT_THROW(co_await a, aio::cancelled_error);
    guard.unlock();
    co_await b;
  };
  aio::run(body());
  EXPECT_EQ(got, (std::vector<int>{2}));
  EXPECT_FALSE(m.locked());
}

TEST(Mutex, CancelAfterHandOverKeepsTheLock) {
  aio::mutex m;
  bool acquired = false;
  bool cancelled_later = false;
  auto waiter = [&]() -> aio::task<> {
    auto guard = co_await m.lock();
    acquired = true;
    try {
      co_await aio::yield();
    } catch (const aio::cancelled_error&) {
      cancelled_later = true;
      throw;
    }
  };
  auto body = [&]() -> aio::task<> {
    auto guard = co_await m.lock();
    auto h = aio::spawn(waiter());
    co_await aio::yield();
    guard.unlock();  // hands the mutex to the waiter...
    h.cancel();      // ...which is cancelled before it runs
    EXPECT_THROW(co_await h, aio::cancelled_error);
  };
  aio::run(body());
  EXPECT_TRUE(acquired);
  EXPECT_TRUE(cancelled_later);
  EXPECT_FALSE(m.locked());
}

TEST(Mutex, TimeoutWhileWaiting) {
  aio::mutex m;
  auto body = [&]() -> aio::task<> {
    auto guard = co_await m.lock();
    EXPECT_THROW((void)co_await aio::timeout(1ms, m.lock()), aio::timeout_error);
    guard.unlock();
    EXPECT_FALSE(m.locked());  // the timed-out waiter did not take it
    auto again = co_await aio::timeout(1h, m.lock());
    EXPECT_TRUE(m.locked());
  };
  aio::run(body());
}

}  // namespace
