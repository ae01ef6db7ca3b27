#include "aio/run.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "aio/sleep.hpp"
#include "aio/spawn.hpp"
#include "test_support.hpp"

namespace {

using namespace std::chrono_literals;

TEST(Run, ReturnsValue) {
  auto body = []() -> aio::task<std::string> { co_return "done"; };
  EXPECT_EQ(aio::run(body()), "done");
}

TEST(Run, RethrowsException) {
  auto body = []() -> aio::task<> {
    co_await aio::sleep(1ms);
    throw std::invalid_argument("bad");
  };
  EXPECT_THROW(aio::run(body()), std::invalid_argument);
}

TEST(Run, SetsCurrentLoopOnlyWhileRunning) {
  EXPECT_THROW((void)aio::this_loop(), std::logic_error);
  auto body = []() -> aio::task<bool> { co_return aio::this_loop().debug() == false; };
  EXPECT_TRUE(aio::run(body()));
  EXPECT_THROW((void)aio::this_loop(), std::logic_error);
}

TEST(Run, NestedRunIsRejected) {
  auto inner = []() -> aio::task<> { co_return; };
  auto body = [&]() -> aio::task<> {
    EXPECT_THROW(aio::run(inner()), std::logic_error);
    co_return;
  };
  aio::run(body());
}

TEST(Run, ShutdownCancelsAndDrainsPendingSpawnedTasks) {
  int cancelled = 0;
  int cleaned_up = 0;
  auto worker = [&] { return aio_test::sleep_until_cancelled(cancelled); };
  // A named lambda: the closure must outlive the coroutine that uses its
  // captures.
  auto guarded = [&]() -> aio::task<> {
    struct guard {
      int& n;
      ~guard() { ++n; }
    } g{cleaned_up};
    co_await worker();
  };
  auto body = [&]() -> aio::task<> {
    for (int i = 0; i < 10; ++i) {
      auto h = aio::spawn(guarded());
      (void)h;  // dropping the handle does not cancel
    }
    co_await aio::sleep(1ms);
  };
  testing::internal::CaptureStderr();
  aio::run(body());
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(cancelled, 10);
  EXPECT_EQ(cleaned_up, 10);
  EXPECT_EQ(err.find("never retrieved"), std::string::npos) << "cancellation is not a failure: " << err;
}

TEST(Run, ReportsExceptionNeverRetrieved) {
  auto failing = []() -> aio::task<> {
    co_await aio::yield();  // fails in a later step, before the main task ends
    throw std::runtime_error("lost failure");
  };
  auto body = [&]() -> aio::task<> {
    { auto dropped = aio::spawn(failing()); }
    co_await aio::sleep(5ms);
  };
  testing::internal::CaptureStderr();
  aio::run(body());
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("aio: task exception was never retrieved: lost failure"), std::string::npos) << err;
}

TEST(Run, ReportsExceptionOfHandleDroppedAfterFailure) {
  auto failing = []() -> aio::task<int> { throw std::runtime_error("late drop"); co_return 1; };
  auto body = [&]() -> aio::task<> {
    auto h = aio::spawn(failing());
    co_await aio::sleep(1ms);
    EXPECT_TRUE(h.done());
  };
  testing::internal::CaptureStderr();
  aio::run(body());
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("aio: task exception was never retrieved: late drop"), std::string::npos) << err;
}

TEST(Run, DebugModeWarnsOnSlowStep) {
  auto body = []() -> aio::task<> {
    // Busy for longer than the threshold in one step: a blocking call.
    auto until = std::chrono::steady_clock::now() + 20ms;
    while (std::chrono::steady_clock::now() < until) {
    }
    co_return;
  };
  testing::internal::CaptureStderr();
  aio::run(body(), {.debug = true, .slow_callback_threshold = 1ms});
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("aio: slow step: coroutine"), std::string::npos) << err;
  EXPECT_NE(err.find("run_test.cpp"), std::string::npos) << "names the task's origin: " << err;
}

TEST(Run, NoSlowStepWarningWithoutDebug) {
  auto body = []() -> aio::task<> {
    auto until = std::chrono::steady_clock::now() + 5ms;
    while (std::chrono::steady_clock::now() < until) {
    }
    co_return;
  };
  testing::internal::CaptureStderr();
  aio::run(body(), {.debug = false, .slow_callback_threshold = 1ms});
  EXPECT_EQ(testing::internal::GetCapturedStderr().find("slow step"), std::string::npos);
}

TEST(Run, DebugModeWarnsOnTaskNeverAwaited) {
  auto unused = []() -> aio::task<int> { co_return 1; };
  auto body = [&]() -> aio::task<> {
    { auto t = unused(); }
    co_return;
  };
  testing::internal::CaptureStderr();
  aio::run(body(), {.debug = true});
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("was destroyed without ever being awaited"), std::string::npos) << err;
}

// Definition and name on one line: clang reports the line of the name, GCC
// the line of the closing brace.
constexpr unsigned forgotten_line = __LINE__; aio::task<int> forgotten_child(int x) { co_return x; }

TEST(Run, NeverAwaitedMessageNamesTheCoroutine) {
  auto body = []() -> aio::task<> {
    { auto t = forgotten_child(1); }
    co_return;
  };
  testing::internal::CaptureStderr();
  aio::run(body(), {.debug = true});
  std::string err = testing::internal::GetCapturedStderr();
  // The function, where it is defined, and the unit whose step dropped it.
  EXPECT_NE(err.find("aio: task "), std::string::npos) << err;
  EXPECT_NE(err.find("forgotten_child(int)"), std::string::npos) << err;
  EXPECT_NE(err.find("run_test.cpp:" + std::to_string(forgotten_line) + ") was destroyed without ever being awaited"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("(in a step of the task started at "), std::string::npos) << err;
  EXPECT_EQ(err.find("0x"), std::string::npos) << "no frame address: " << err;
}

TEST(Run, NoNeverAwaitedMessageWithoutDebug) {
  auto body = []() -> aio::task<> {
    { auto t = forgotten_child(1); }
    co_return;
  };
  testing::internal::CaptureStderr();
  aio::run(body(), {.debug = false});
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST(Run, DebugModeFromEnvironment) {
  auto unused = []() -> aio::task<int> { co_return 1; };
  auto body = [&]() -> aio::task<> {
    { auto t = unused(); }
    co_return;
  };
  ::setenv("AIO_DEBUG", "1", 1);
  testing::internal::CaptureStderr();
  aio::run(body());
  std::string err = testing::internal::GetCapturedStderr();
  ::unsetenv("AIO_DEBUG");
  EXPECT_NE(err.find("was destroyed without ever being awaited"), std::string::npos) << err;
}

TEST(Run, DebugModeNamesOriginOfUnretrievedException) {
  auto failing = []() -> aio::task<> { throw std::runtime_error("x"); co_return; };
  auto body = [&]() -> aio::task<> {
    { auto dropped = aio::spawn(failing()); }
    co_await aio::sleep(1ms);
  };
  testing::internal::CaptureStderr();
  aio::run(body(), {.debug = true});
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("never retrieved: x (task started at "), std::string::npos) << err;
  EXPECT_NE(err.find("run_test.cpp"), std::string::npos) << err;
}

}  // namespace
