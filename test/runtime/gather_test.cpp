#include "aio/gather.hpp"

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

aio::task<int> value_after(std::chrono::milliseconds d, int v) {
  co_await aio::sleep(d);
  co_return v;
}
aio::task<> fail_after(std::chrono::milliseconds d, const char* what) {
  co_await aio::sleep(d);
  throw std::runtime_error(what);
}

TEST(Gather, ReturnsTupleInArgumentOrder) {
  auto body = []() -> aio::task<std::tuple<int, std::monostate, int>> {
    auto nothing = []() -> aio::task<> { co_await aio::sleep(2ms); };
    co_return co_await aio::gather(value_after(3ms, 1), nothing(), value_after(1ms, 3));
  };
  auto [a, b, c] = aio::run(body());
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, std::monostate{});
  EXPECT_EQ(c, 3);
}

TEST(Gather, RunsChildrenConcurrently) {
  std::vector<std::string> log;
  bool b_done = false;
  // `a` can only finish after `b` did: it would never end if gather ran the
  // children one after the other.
  auto a = [&]() -> aio::task<> {
    log.push_back("a start");
    while (!b_done) co_await aio::sleep(1ms);
    log.push_back("a end");
  };
  auto b = [&]() -> aio::task<> {
    log.push_back("b start");
    co_await aio::sleep(1ms);
    b_done = true;
    log.push_back("b end");
  };
  auto body = [&]() -> aio::task<> { co_await aio::gather(a(), b()); };
  aio::run(body());
  EXPECT_EQ(log, (std::vector<std::string>{"a start", "b start", "b end", "a end"}));
}

TEST(Gather, VectorForm) {
  auto body = []() -> aio::task<std::vector<int>> {
    std::vector<aio::task<int>> tasks;
    for (int i = 0; i < 5; ++i) tasks.push_back(value_after(std::chrono::milliseconds(5 - i), i));
    co_return co_await aio::gather(std::move(tasks));
  };
  EXPECT_EQ(aio::run(body()), (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(Gather, EmptyVector) {
  auto body = []() -> aio::task<std::size_t> {
    co_return (co_await aio::gather(std::vector<aio::task<int>>{})).size();
  };
  EXPECT_EQ(aio::run(body()), 0u);
}

TEST(Gather, FailFastCancelsSiblingsWaitsAndRethrows) {
  int sibling_cancelled = 0;
  auto sibling = [&]() -> aio::task<int> {
    try {
      co_await aio::sleep(1h);
    } catch (const aio::cancelled_error&) {
      ++sibling_cancelled;
      throw;
    }
    co_return 0;
  };
  auto body = [&]() -> aio::task<std::string> {
    try {
      co_await aio::gather(sibling(), fail_after(1ms, "first"), sibling());
    } catch (const std::runtime_error& e) {
      // Siblings have finished by the time gather rethrows.
      EXPECT_EQ(sibling_cancelled, 2);
      co_return e.what();
    }
    co_return "";
  };
  testing::internal::CaptureStderr();
  EXPECT_EQ(aio::run(body()), "first");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST(Gather, SettledReturnsEveryOutcome) {
  auto body = []() -> aio::task<> {
    auto [a, b, c] = co_await aio::gather_settled(value_after(2ms, 7), fail_after(1ms, "bad"), value_after(3ms, 8));
    EXPECT_TRUE(a.has_value());
    EXPECT_EQ(a.value(), 7);
    EXPECT_FALSE(b.has_value());
    EXPECT_THROW(b.value(), std::runtime_error);
    EXPECT_NE(b.error(), nullptr);
    EXPECT_EQ(c.value(), 8) << "a failure does not cancel siblings";
  };
  aio::run(body());
}

TEST(Gather, SettledVectorForm) {
  auto body = []() -> aio::task<> {
    std::vector<aio::task<>> tasks;
    tasks.push_back(fail_after(1ms, "x"));
    tasks.push_back([]() -> aio::task<> { co_return; }());
    auto out = co_await aio::gather_settled(std::move(tasks));
    EXPECT_EQ(out.size(), 2u);
    if (out.size() != 2u) co_return;
    EXPECT_FALSE(out[0]);
    EXPECT_TRUE(out[1]);
  };
  aio::run(body());
}

TEST(Gather, CancelledParentCancelsChildren) {
  int cancelled = 0;
  auto child = [&] { return aio_test::sleep_until_cancelled(cancelled); };
  auto parent = [&]() -> aio::task<> { co_await aio::gather(child(), child(), child()); };
  aio::run(aio_test::expect_cancelled_after_start(parent()));
  EXPECT_EQ(cancelled, 3);
}

}  // namespace
