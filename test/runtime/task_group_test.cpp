#include "aio/task_group.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "aio/run.hpp"
#include "aio/sleep.hpp"
#include "aio/spawn.hpp"
#include "test_support.hpp"

namespace {

using namespace std::chrono_literals;

TEST(TaskGroup, WaitsForEveryChild) {
  int finished = 0;
  auto child = [&](std::chrono::milliseconds d) -> aio::task<> {
    co_await aio::sleep(d);
    ++finished;
  };
  auto body = [&]() -> aio::task<int> {
    co_return co_await aio::with_task_group([&](aio::task_group& g) -> aio::task<int> {
      g.spawn(child(3ms));
      g.spawn(child(1ms));
      co_return 42;  // the body finishes first; the group still waits
    });
  };
  EXPECT_EQ(aio::run(body()), 42);
  EXPECT_EQ(finished, 2);
}

TEST(TaskGroup, ChildrenMaySpawnMoreChildren) {
  int finished = 0;
  auto leaf = [&]() -> aio::task<> {
    co_await aio::sleep(1ms);
    ++finished;
  };
  auto spawner = [&](aio::task_group& g) -> aio::task<> {
    co_await aio::sleep(1ms);
    g.spawn(leaf());  // after the body has returned: the group is still open
    ++finished;
  };
  auto body = [&]() -> aio::task<> {
    co_await aio::with_task_group([&](aio::task_group& g) -> aio::task<> {
      g.spawn(spawner(g));
      co_return;
    });
  };
  aio::run(body());
  EXPECT_EQ(finished, 2);
}

TEST(TaskGroup, FailureCancelsOthersAndAggregates) {
  int cancelled = 0;
  auto sleeper = [&] { return aio_test::sleep_until_cancelled(cancelled); };
  auto failing = [](const char* what) -> aio::task<> {
    co_await aio::sleep(1ms);
    throw std::runtime_error(what);
  };
  auto body = [&]() -> aio::task<std::size_t> {
    try {
      co_await aio::with_task_group([&](aio::task_group& g) -> aio::task<> {
        g.spawn(sleeper());
        g.spawn(failing("one"));
        g.spawn(failing("two"));  // same deadline: fails before it is cancelled
        co_await aio::sleep(1h);   // the body is cancelled too
      });
    } catch (const aio::task_group_error& e) {
      EXPECT_NE(std::string(e.what()).find("first: one"), std::string::npos) << e.what();
      co_return e.errors().size();
    }
    co_return 0;
  };
  testing::internal::CaptureStderr();
  std::size_t errors = aio::run(body());
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  EXPECT_GE(errors, 1u);
  EXPECT_LE(errors, 2u);
  EXPECT_EQ(cancelled, 1);
}

TEST(TaskGroup, BodyFailureIsAggregated) {
  auto body = []() -> aio::task<> {
    co_await aio::with_task_group([](aio::task_group&) -> aio::task<> {
      co_await aio::sleep(1ms);
      throw std::logic_error("body");
    });
  };
  try {
    aio::run(body());
    FAIL() << "expected task_group_error";
  } catch (const aio::task_group_error& e) {
    ASSERT_EQ(e.errors().size(), 1u);
    EXPECT_THROW(std::rethrow_exception(e.errors()[0]), std::logic_error);
  }
}

TEST(TaskGroup, CancelledParentCancelsGroup) {
  int cancelled = 0;
  auto sleeper = [&] { return aio_test::sleep_until_cancelled(cancelled); };
  auto parent = [&]() -> aio::task<> {
    co_await aio::with_task_group([&](aio::task_group& g) -> aio::task<> {
      g.spawn(sleeper());
      g.spawn(sleeper());
      co_return;
    });
  };
  aio::run(aio_test::expect_cancelled_after_start(parent()));
  EXPECT_EQ(cancelled, 2);
}

TEST(TaskGroup, ExplicitCancelEndsGroupQuietly) {
  auto body = []() -> aio::task<bool> {
    co_await aio::with_task_group([](aio::task_group& g) -> aio::task<> {
      g.spawn(aio::task<>([]() -> aio::task<> { co_await aio::sleep(1h); }()));
      co_await aio::sleep(1ms);
      g.cancel();
      co_return;
    });
    co_return true;
  };
  EXPECT_TRUE(aio::run(body()));
}

}  // namespace
