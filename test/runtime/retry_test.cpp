#include "aio/retry.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include "aio/run.hpp"
#include "aio/sleep.hpp"
#include "aio/spawn.hpp"
#include "aio/timeout.hpp"

namespace {

using namespace std::chrono_literals;

constexpr aio::retry_policy fast{.max_attempts = 4, .initial_delay = 1ms, .multiplier = 2.0, .max_delay = 2ms};

TEST(Retry, SucceedsAfterFailures) {
  int attempts = 0;
  auto flaky = [&]() -> aio::task<int> {
    ++attempts;
    if (attempts < 3) throw std::runtime_error("flaky");
    co_return 42;
  };
  auto body = [&]() -> aio::task<int> { co_return co_await aio::retry(flaky, fast); };
  EXPECT_EQ(aio::run(body()), 42);
  EXPECT_EQ(attempts, 3);
}

TEST(Retry, RethrowsTheLastFailureWhenAttemptsRunOut) {
  int attempts = 0;
  auto failing = [&]() -> aio::task<> {
    ++attempts;
    throw std::runtime_error("attempt " + std::to_string(attempts));
    co_return;
  };
  auto body = [&]() -> aio::task<> { co_await aio::retry(failing, fast); };
  try {
    aio::run(body());
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "attempt 4");
  }
  EXPECT_EQ(attempts, 4);
}

TEST(Retry, BackoffIsExponentialAndCapped) {
  aio::retry_policy p{.max_attempts = 10, .initial_delay = 10ms, .multiplier = 2.0, .max_delay = 50ms};
  EXPECT_EQ(p.backoff(1), 10ms);
  EXPECT_EQ(p.backoff(2), 20ms);
  EXPECT_EQ(p.backoff(3), 40ms);
  EXPECT_EQ(p.backoff(4), 50ms);
  EXPECT_EQ(p.backoff(9), 50ms);
}

TEST(Retry, JitterStillSucceeds) {
  int attempts = 0;
  auto flaky = [&]() -> aio::task<> {
    if (++attempts < 2) throw std::runtime_error("flaky");
    co_return;
  };
  auto body = [&]() -> aio::task<> {
    co_await aio::retry(flaky, {.max_attempts = 3, .initial_delay = 1ms, .multiplier = 1.0, .jitter = 0.5});
  };
  aio::run(body());
  EXPECT_EQ(attempts, 2);
}

TEST(Retry, NeverRetriesCancellation) {
  int attempts = 0;
  auto cancelled = [&]() -> aio::task<> {
    ++attempts;
    throw aio::cancelled_error();
    co_return;
  };
  auto body = [&]() -> aio::task<> { co_await aio::retry(cancelled, fast); };
  EXPECT_THROW(aio::run(body()), aio::cancelled_error);
  EXPECT_EQ(attempts, 1);
}

TEST(Retry, CancelDuringBackoff) {
  int attempts = 0;
  auto failing = [&]() -> aio::task<> {
    ++attempts;
    throw std::runtime_error("no");
    co_return;
  };
  auto body = [&]() -> aio::task<> {
    auto h = aio::spawn(aio::retry(failing, {.max_attempts = 5, .initial_delay = 1h}));
    co_await aio::yield();
    EXPECT_EQ(attempts, 1);  // now sleeping before attempt 2
    h.cancel();
    EXPECT_THROW(co_await h, aio::cancelled_error);
  };
  aio::run(body());
  EXPECT_EQ(attempts, 1);
}

TEST(Retry, PredicateSelectsRetryableExceptions) {
  int attempts = 0;
  auto wrong = [&]() -> aio::task<> {
    ++attempts;
    throw std::logic_error("bug");
    co_return;
  };
  auto body = [&]() -> aio::task<> { co_await aio::retry(wrong, fast, aio::retry_on<std::runtime_error>{}); };
  EXPECT_THROW(aio::run(body()), std::logic_error);
  EXPECT_EQ(attempts, 1);

  attempts = 0;
  auto transient = [&]() -> aio::task<> {
    ++attempts;
    throw std::range_error("derived from runtime_error");
    co_return;
  };
  auto body2 = [&]() -> aio::task<> {
    co_await aio::retry(transient, fast, aio::retry_on<std::invalid_argument, std::runtime_error>{});
  };
  EXPECT_THROW(aio::run(body2()), std::range_error);
  EXPECT_EQ(attempts, 4);
}

TEST(Retry, TimeoutInsideAnAttemptIsRetriedButAnOuterOneIsNot) {
  int attempts = 0;
  auto slow = [&]() -> aio::task<> {
    ++attempts;
    co_await aio::sleep(1h);
  };
  auto per_attempt = [&] { return aio::timeout(1ms, slow()); };
  auto body = [&]() -> aio::task<> { co_await aio::retry(per_attempt, fast); };
  EXPECT_THROW(aio::run(body()), aio::timeout_error);
  EXPECT_EQ(attempts, 4);

  attempts = 0;
  auto outer = [&]() -> aio::task<> {
    co_await aio::timeout(2ms, aio::retry(slow, {.max_attempts = 100, .initial_delay = 0ms}));
  };
  EXPECT_THROW(aio::run(outer()), aio::timeout_error);
  EXPECT_EQ(attempts, 1);
}

}  // namespace
