#include "aio/spawn.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "aio/run.hpp"
#include "aio/sleep.hpp"

namespace {

using namespace std::chrono_literals;

TEST(Spawn, StartsEagerlyAndJoinReturnsValue) {
  std::vector<std::string> log;
  auto child = [&]() -> aio::task<int> {
    log.push_back("child");
    co_return 5;
  };
  auto body = [&]() -> aio::task<int> {
    auto h = aio::spawn(child());
    log.push_back("parent");
    co_await aio::yield();
    EXPECT_TRUE(h.done()) << "spawned task ran without being awaited";
    co_return co_await h;
  };
  EXPECT_EQ(aio::run(body()), 5);
  EXPECT_EQ(log, (std::vector<std::string>{"parent", "child"}));
}

TEST(Spawn, JoinWaitsForSuspendedTask) {
  auto child = []() -> aio::task<std::string> {
    co_await aio::sleep(2ms);
    co_return "late";
  };
  auto body = [&]() -> aio::task<std::string> {
    auto h = aio::spawn(child());
    EXPECT_FALSE(h.done());
    co_return co_await std::move(h);
  };
  EXPECT_EQ(aio::run(body()), "late");
}

TEST(Spawn, JoinRethrowsException) {
  auto child = []() -> aio::task<> {
    co_await aio::sleep(1ms);
    throw std::runtime_error("child failed");
  };
  auto body = [&]() -> aio::task<std::string> {
    auto h = aio::spawn(child());
    try {
      co_await h;
    } catch (const std::runtime_error& e) {
      co_return e.what();
    }
    co_return "";
  };
  testing::internal::CaptureStderr();
  EXPECT_EQ(aio::run(body()), "child failed");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "") << "retrieved exceptions are not reported";
}

TEST(Spawn, CancelMakesSleepThrowCancelledError) {
  bool saw_cancel = false;
  auto child = [&]() -> aio::task<> {
    try {
      co_await aio::sleep(1h);
    } catch (const aio::cancelled_error&) {
      saw_cancel = true;
      throw;
    }
  };
  auto body = [&]() -> aio::task<> {
    auto h = aio::spawn(child());
    co_await aio::sleep(1ms);
    h.cancel();
    EXPECT_THROW(co_await h, aio::cancelled_error);
    EXPECT_TRUE(h.done());
  };
  aio::run(body());
  EXPECT_TRUE(saw_cancel);
}

TEST(Spawn, CancelBeforeFirstStepThrowsAtFirstSuspension) {
  int steps = 0;
  auto child = [&]() -> aio::task<> {
    ++steps;
    co_await aio::sleep(1h);
    ++steps;
  };
  auto body = [&]() -> aio::task<> {
    auto h = aio::spawn(child());
    h.cancel();
    EXPECT_THROW(co_await h, aio::cancelled_error);
  };
  aio::run(body());
  EXPECT_EQ(steps, 1);
}

TEST(Spawn, CancelFinishedTaskHasNoEffect) {
  auto child = []() -> aio::task<int> { co_return 3; };
  auto body = [&]() -> aio::task<int> {
    auto h = aio::spawn(child());
    co_await aio::yield();
    h.cancel();
    co_return co_await h;
  };
  EXPECT_EQ(aio::run(body()), 3);
}

TEST(Spawn, DroppedHandleDoesNotCancel) {
  bool finished = false;
  auto child = [&]() -> aio::task<> {
    co_await aio::sleep(1ms);
    finished = true;
  };
  auto body = [&]() -> aio::task<> {
    { auto h = aio::spawn(child()); }
    while (!finished) co_await aio::sleep(1ms);  // returns only if not cancelled
  };
  aio::run(body());
  EXPECT_TRUE(finished);
}

TEST(Spawn, CancelledParentCancelsAwaitedChild) {
  bool child_cancelled = false;
  auto grandchild = [&]() -> aio::task<> {
    try {
      co_await aio::sleep(1h);
    } catch (const aio::cancelled_error&) {
      child_cancelled = true;
      throw;
    }
  };
  auto parent = [&]() -> aio::task<> {
    auto h = aio::spawn(grandchild());
    co_await h;
  };
  auto body = [&]() -> aio::task<> {
    auto p = aio::spawn(parent());
    co_await aio::sleep(1ms);
    p.cancel();
    EXPECT_THROW(co_await p, aio::cancelled_error);
  };
  aio::run(body());
  EXPECT_TRUE(child_cancelled);
}

TEST(Spawn, OutsideLoopThrows) {
  auto child = []() -> aio::task<> { co_return; };
  EXPECT_THROW((void)aio::spawn(child()), std::logic_error);
}

}  // namespace
