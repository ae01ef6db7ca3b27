#include "aio/shield.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>
#include <string>

#include "aio/run.hpp"
#include "aio/sleep.hpp"
#include "aio/spawn.hpp"
#include "aio/timeout.hpp"

namespace {

using namespace std::chrono_literals;

TEST(Shield, ProtectsCriticalSectionAndDefersCancellation) {
  std::vector<std::string> log;
  auto critical = [&]() -> aio::task<int> {
    co_await aio::sleep(5ms);
    log.push_back("critical done");
    co_return 1;
  };
  auto child = [&]() -> aio::task<> {
    int v = co_await aio::shield(critical());
    log.push_back("shield returned " + std::to_string(v));
    co_await aio::sleep(1h);  // the deferred cancellation lands here
    log.push_back("not reached");
  };
  auto body = [&]() -> aio::task<> {
    auto h = aio::spawn(child());
    co_await aio::sleep(1ms);
    h.cancel();
    EXPECT_THROW(co_await h, aio::cancelled_error);
  };
  aio::run(body());
  EXPECT_EQ(log, (std::vector<std::string>{"critical done", "shield returned 1"}));
}

TEST(Shield, DoesNotForwardCancellationToJoinedChild) {
  bool child_finished = false;
  auto worker = [&]() -> aio::task<> {
    co_await aio::sleep(5ms);
    child_finished = true;
  };
  auto parent = [&]() -> aio::task<> {
    auto h = aio::spawn(worker());
    co_await aio::shield(std::move(h));
  };
  auto body = [&]() -> aio::task<> {
    auto h = aio::spawn(parent());
    co_await aio::sleep(1ms);
    h.cancel();
    co_await h;  // nothing after the shield suspends: the cancel stays pending
  };
  aio::run(body());
  EXPECT_TRUE(child_finished);
}

TEST(Shield, PropagatesExceptions) {
  auto failing = []() -> aio::task<> {
    co_await aio::sleep(1ms);
    throw std::runtime_error("inner");
  };
  auto body = [&]() -> aio::task<> { co_await aio::shield(failing()); };
  EXPECT_THROW(aio::run(body()), std::runtime_error);
}

TEST(Shield, TimeoutInsideShieldStillFires) {
  auto body = []() -> aio::task<> { co_await aio::shield(aio::timeout(1ms, aio::sleep(1h))); };
  EXPECT_THROW(aio::run(body()), aio::timeout_error);
}

TEST(Shield, HidesTimeoutOpenedOutside) {
  auto body = []() -> aio::task<std::string> {
    try {
      auto scope = co_await aio::timeout_scope::after(1ms);
      co_await aio::shield(aio::sleep(5ms));  // outlives the deadline
      co_await aio::sleep(1h);                // the timeout lands here
    } catch (const aio::timeout_error&) {
      co_return "timed out after shield";
    }
    co_return "no timeout";
  };
  EXPECT_EQ(aio::run(body()), "timed out after shield");
}

}  // namespace
