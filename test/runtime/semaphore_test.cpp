#include "aio/semaphore.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "aio/run.hpp"
#include "aio/sleep.hpp"
#include "aio/spawn.hpp"
#include "aio/timeout.hpp"

namespace {

using namespace std::chrono_literals;

TEST(Semaphore, BoundsConcurrency) {
  aio::semaphore s(2);
  int inside = 0;
  int max_inside = 0;
  auto worker = [&]() -> aio::task<> {
    auto permit = co_await s.acquire();
    ++inside;
    max_inside = std::max(max_inside, inside);
    co_await aio::yield();
    co_await aio::yield();
    --inside;
  };
  auto body = [&]() -> aio::task<> {
    std::vector<aio::join_handle<void>> hs;
    for (int i = 0; i < 6; ++i) hs.push_back(aio::spawn(worker()));
    for (auto& h : hs) co_await h;
  };
  aio::run(body());
  EXPECT_EQ(max_inside, 2);
  EXPECT_EQ(s.available(), 2u);
}

TEST(Semaphore, TryAcquireAndManualRelease) {
  aio::semaphore s(1);
  auto p = s.try_acquire();
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(s.available(), 0u);
  EXPECT_FALSE(s.try_acquire().has_value());
  p->release();
  EXPECT_EQ(s.available(), 1u);
  s.release();  // grow
  EXPECT_EQ(s.available(), 2u);
}

TEST(Semaphore, FifoAndCancelWhileWaiting) {
  aio::semaphore s(1);
  std::vector<int> got;
  auto waiter = [&](int id) -> aio::task<> {
    auto permit = co_await s.acquire();
    got.push_back(id);
  };
  auto body = [&]() -> aio::task<> {
    auto mine = co_await s.acquire();
    auto a = aio::spawn(waiter(1));
    auto b = aio::spawn(waiter(2));
    auto c = aio::spawn(waiter(3));
    co_await aio::yield();
    b.cancel();
    EXPECT_THROW(co_await b, aio::cancelled_error);
    mine.release();
    co_await a;
    co_await c;
  };
  aio::run(body());
  EXPECT_EQ(got, (std::vector<int>{1, 3}));
  EXPECT_EQ(s.available(), 1u);
}

TEST(Semaphore, TimeoutWhileWaitingLosesNoPermit) {
  aio::semaphore s(0);
  auto body = [&]() -> aio::task<> {
    EXPECT_THROW((void)co_await aio::timeout(1ms, s.acquire()), aio::timeout_error);
    s.release();
    EXPECT_EQ(s.available(), 1u);
    auto p = co_await s.acquire();
    EXPECT_EQ(s.available(), 0u);
  };
  aio::run(body());
  EXPECT_EQ(s.available(), 1u);
}

}  // namespace
