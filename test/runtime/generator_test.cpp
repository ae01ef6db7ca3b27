#include "aio/generator.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "aio/run.hpp"
#include "aio/sleep.hpp"
#include "aio/spawn.hpp"

namespace {

using namespace std::chrono_literals;

aio::async_generator<int> count_to(int n) {
  for (int i = 0; i < n; ++i) {
    co_await aio::yield();
    co_yield i;
  }
}

TEST(Generator, YieldsValuesAcrossAwaits) {
  auto body = []() -> aio::task<std::vector<int>> {
    std::vector<int> out;
    auto gen = count_to(4);
    while (auto item = co_await gen.next()) out.push_back(*item);
    EXPECT_TRUE(gen.done());
    EXPECT_EQ(co_await gen.next(), std::nullopt);  // stays finished
    co_return out;
  };
  EXPECT_EQ(aio::run(body()), (std::vector<int>{0, 1, 2, 3}));
}

TEST(Generator, MoveOnlyAndStringValues) {
  auto words = []() -> aio::async_generator<std::string> {
    co_yield "a";
    std::string b = "b";
    co_yield b;
    co_yield std::string("c");
  };
  auto body = [&]() -> aio::task<std::string> {
    std::string all;
    auto gen = words();
    while (auto w = co_await gen.next()) all += *w;
    co_return all;
  };
  EXPECT_EQ(aio::run(body()), "abc");
}

TEST(Generator, ExceptionPropagatesToConsumer) {
  auto failing = []() -> aio::async_generator<int> {
    co_yield 1;
    co_await aio::yield();
    throw std::runtime_error("broken");
  };
  auto body = [&]() -> aio::task<> {
    auto gen = failing();
    EXPECT_EQ(co_await gen.next(), 1);
    EXPECT_THROW((void)co_await gen.next(), std::runtime_error);
    EXPECT_TRUE(gen.done());
    EXPECT_EQ(co_await gen.next(), std::nullopt);
  };
  aio::run(body());
}

TEST(Generator, EarlyDestructionRunsBodyDestructors) {
  struct flag_on_exit {
    bool* flag;
    ~flag_on_exit() { *flag = true; }
  };
  bool cleaned = false;
  int produced = 0;
  auto infinite = [&]() -> aio::async_generator<int> {
    flag_on_exit guard{&cleaned};
    for (int i = 0;; ++i) {
      ++produced;
      co_yield i;
    }
  };
  auto body = [&]() -> aio::task<> {
    {
      auto gen = infinite();
      EXPECT_EQ(co_await gen.next(), 0);
      EXPECT_EQ(co_await gen.next(), 1);
    }
    EXPECT_TRUE(cleaned);
    auto never_started = infinite();  // destroyed without running
  };
  aio::run(body());
  EXPECT_EQ(produced, 2);
}

TEST(Generator, CancellingTheConsumerCancelsTheBody) {
  bool body_saw_cancel = false;
  auto slow = [&]() -> aio::async_generator<int> {
    co_yield 1;
    try {
      co_await aio::sleep(1h);
    } catch (const aio::cancelled_error&) {
      body_saw_cancel = true;
      throw;
    }
    co_yield 2;
  };
  auto consumer = [&]() -> aio::task<int> {
    auto gen = slow();
    int sum = 0;
    while (auto v = co_await gen.next()) sum += *v;
    co_return sum;
  };
  auto body = [&]() -> aio::task<> {
    auto h = aio::spawn(consumer());
    co_await aio::yield();
    co_await aio::yield();
    h.cancel();
    EXPECT_THROW((void)co_await h, aio::cancelled_error);
  };
  aio::run(body());
  EXPECT_TRUE(body_saw_cancel);
}

TEST(Generator, ForEachWithPlainAndAsyncCallbacks) {
  auto body = []() -> aio::task<int> {
    int sum = 0;
    auto a = count_to(3);
    co_await aio::for_each(a, [&](int v) { sum += v; });
    auto b = count_to(3);
    co_await aio::for_each(b, [&](int v) -> aio::task<> {
      co_await aio::yield();
      sum += 10 * v;
    });
    co_return sum;
  };
  EXPECT_EQ(aio::run(body()), 33);
}

}  // namespace
