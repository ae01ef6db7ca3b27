#include "aio/to_thread.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "aio/run.hpp"
#include "aio/sleep.hpp"
#include "aio/spawn.hpp"
#include "aio/timeout.hpp"

namespace {

using namespace std::chrono_literals;

TEST(ToThread, RunsOnAnotherThreadAndResumesOnTheLoop) {
  auto body = []() -> aio::task<bool> {
    auto loop_thread = std::this_thread::get_id();
    auto worker_thread = co_await aio::to_thread([] { return std::this_thread::get_id(); });
    co_return worker_thread != loop_thread && std::this_thread::get_id() == loop_thread;
  };
  EXPECT_TRUE(aio::run(body()));
}

TEST(ToThread, ArgumentsResultsAndMoveOnlyValues) {
  auto body = []() -> aio::task<int> {
    int sum = co_await aio::to_thread([](int a, int b) { return a + b; }, 2, 3);
    auto p = co_await aio::to_thread([](std::unique_ptr<int> v) { return v; }, std::make_unique<int>(10));
    co_await aio::to_thread([] {});  // void
    co_return sum + *p;
  };
  EXPECT_EQ(aio::run(body()), 15);
}

TEST(ToThread, ExceptionIsRethrownOnTheLoop) {
  auto body = []() -> aio::task<> {
    co_await aio::to_thread([]() -> int { throw std::runtime_error("boom"); });
  };
  EXPECT_THROW(aio::run(body()), std::runtime_error);
}

TEST(ThreadPool, RunInCollectsManyResults) {
  aio::thread_pool pool(3);
  EXPECT_EQ(pool.size(), 3u);
  auto body = [&]() -> aio::task<long> {
    std::vector<aio::join_handle<long>> hs;
    for (long i = 1; i <= 20; ++i) hs.push_back(aio::spawn(aio::run_in(pool, [](long x) { return x * x; }, i)));
    long total = 0;
    for (auto& h : hs) total += co_await h;
    co_return total;
  };
  EXPECT_EQ(aio::run(body()), 2870);
}

TEST(ThreadPool, ExceptionFromRunIn) {
  aio::thread_pool pool(1);
  auto body = [&]() -> aio::task<> {
    co_await aio::run_in(pool, [] { throw std::out_of_range("x"); });
  };
  EXPECT_THROW(aio::run(body()), std::out_of_range);
}

TEST(ToThread, CancelReturnsPromptlyAndWorkRunsToCompletion) {
  std::promise<void> gate;
  std::shared_future<void> opened = gate.get_future().share();
  std::atomic<bool> finished{false};
  {
    aio::thread_pool pool(1);
    auto blocked = [&]() -> aio::task<int> {
      co_return co_await aio::run_in(pool, [opened, &finished] {
        opened.wait();
        finished = true;
        return 1;
      });
    };
    auto body = [&]() -> aio::task<> {
      auto h = aio::spawn(blocked());
      co_await aio::yield();
      h.cancel();
      EXPECT_THROW((void)co_await h, aio::cancelled_error);
      EXPECT_FALSE(finished.load());  // the job is still blocked on the gate
      EXPECT_THROW((void)co_await aio::timeout(1ms, aio::run_in(pool, [opened] {
                     opened.wait();
                     return 2;
                   })),
                   aio::timeout_error);
    };
    aio::run(body());
    gate.set_value();  // the loop is gone; the jobs finish and drop results
  }  // ~thread_pool waits for them
  EXPECT_TRUE(finished.load());
}

}  // namespace
