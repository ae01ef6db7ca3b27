#include "aio/event_loop.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "aio/readiness.hpp"
#include "aio/run.hpp"
#include "aio/sleep.hpp"
#include "aio/spawn.hpp"

namespace {

using namespace std::chrono_literals;

TEST(EventLoop, PostRunsCallbacksInFifoOrder) {
  aio::event_loop loop;
  std::vector<int> order;
  struct ctx {
    std::vector<int>* order;
    int id;
  } a{&order, 1}, b{&order, 2};
  auto fn = [](void* p) {
    auto* c = static_cast<ctx*>(p);
    c->order->push_back(c->id);
  };
  loop.post(fn, &a);
  loop.post(fn, &b);
  loop.run_until([&] { return order.size() == 2; });
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST(EventLoop, TimersFireInDeadlineOrder) {
  aio::event_loop loop;
  std::vector<int> fired;
  struct my_timer : aio::detail::timer {
    std::vector<int>* out;
    int id;
  };
  auto fire = [](aio::detail::timer* t) noexcept {
    auto* m = static_cast<my_timer*>(t);
    m->out->push_back(m->id);
  };
  auto now = loop.now();
  my_timer t1, t2, t3, removed;
  int id = 0;
  for (auto* t : {&t1, &t2, &t3, &removed}) {
    t->out = &fired;
    t->id = ++id;
    t->fire = fire;
  }
  t1.deadline = now + 3ms;
  t2.deadline = now + 1ms;
  t3.deadline = now + 2ms;
  removed.deadline = now;
  loop.add_timer(t1);
  loop.add_timer(t2);
  loop.add_timer(removed);
  loop.add_timer(t3);
  loop.remove_timer(removed);
  EXPECT_FALSE(removed.armed());
  loop.run_until([&] { return fired.size() == 3; });
  EXPECT_EQ(fired, (std::vector<int>{2, 3, 1}));
}

TEST(EventLoop, CallSoonThreadsafeWakesBlockedLoop) {
  std::atomic<int> posted{0};
  auto body = [&]() -> aio::task<int> {
    aio::event_loop& loop = aio::this_loop();
    int received = 0;
    std::thread producer([&] {
      for (int i = 0; i < 100; ++i) {
        loop.call_soon_threadsafe([&received] { ++received; });
        ++posted;
      }
    });
    // Block in epoll until the other thread's callbacks have arrived.
    while (received < 100) co_await aio::sleep(1ms);
    producer.join();
    co_return received;
  };
  EXPECT_EQ(aio::run(body()), 100);
  EXPECT_EQ(posted.load(), 100);
}

TEST(EventLoop, ThrowingThreadsafeCallbackIsReported) {
  auto body = []() -> aio::task<> {
    bool after = false;
    aio::this_loop().call_soon_threadsafe([] { throw std::runtime_error("cb failed"); });
    aio::this_loop().call_soon_threadsafe([&after] { after = true; });
    while (!after) co_await aio::yield();
  };
  testing::internal::CaptureStderr();
  aio::run(body());
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("cb failed"), std::string::npos) << err;
}

// The ready queue never runs dry below (a task yields in a loop), so the loop
// never blocks in epoll_wait: timers, fd readiness and cross-thread posts must
// still get through (the fairness rule of event_loop::run_once).

TEST(EventLoop, TimerFiresWhileReadyQueueIsNeverEmpty) {
  auto body = []() -> aio::task<long> {
    bool fired = false;
    auto sleeper = [&]() -> aio::task<> {
      co_await aio::sleep(2ms);
      fired = true;
    };
    auto h = aio::spawn(sleeper());
    auto start = std::chrono::steady_clock::now();
    long spins = 0;
    while (!fired) {
      co_await aio::yield();
      ++spins;
      if (std::chrono::steady_clock::now() - start > 5s) break;  // fail, don't hang
    }
    co_await h;
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
    co_return spins;
  };
  EXPECT_GT(aio::run(body()), 0);
}

TEST(EventLoop, FdReadinessIsNotStarvedByBusyReadyQueue) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
  auto body = [&]() -> aio::task<long> {
    bool got = false;
    auto reader = [&]() -> aio::task<> {
      co_await aio::wait_readable(fds[0]);
      got = true;
    };
    auto h = aio::spawn(reader());
    co_await aio::yield();  // the reader is now registered
    EXPECT_EQ(::write(fds[1], "x", 1), 1);
    long spins = 0;
    while (!got && spins < 100'000) {
      co_await aio::yield();
      ++spins;
    }
    co_await h;
    co_return spins;
  };
  long spins = aio::run(body());
  // One non-blocking poll at least every poll_every_batches batches, then one
  // batch to run the woken reader.
  EXPECT_LE(spins, long(aio::event_loop::poll_every_batches) + 2);
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST(EventLoop, ThreadsafePostRunsWhileReadyQueueIsNeverEmpty) {
  auto body = []() -> aio::task<bool> {
    std::atomic<bool> ran{false};
    aio::event_loop& loop = aio::this_loop();
    std::thread t([&] { loop.call_soon_threadsafe([&ran] { ran = true; }); });
    auto start = std::chrono::steady_clock::now();
    while (!ran && std::chrono::steady_clock::now() - start < 5s) co_await aio::yield();
    t.join();
    co_return ran.load();
  };
  EXPECT_TRUE(aio::run(body()));
}

TEST(EventLoop, BusyLoopDoesNotPollEveryIteration) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
  std::uint64_t polls_without_fds = 0, polls_with_fd = 0;
  auto leaf = []() -> aio::task<int> { co_return 1; };
  auto body = [&]() -> aio::task<int> {
    int sum = 0;
    aio::event_loop& loop = aio::this_loop();
    std::uint64_t before = loop.polls();
    for (int i = 0; i < 6400; ++i) sum += co_await aio::spawn(leaf());
    polls_without_fds = loop.polls() - before;
    // With an fd registered, the loop polls it every poll_every_batches.
    auto wait = [&]() -> aio::task<> { co_await aio::wait_readable(fds[0]); };
    auto reader = aio::spawn(wait());
    co_await aio::yield();
    before = loop.polls();
    for (int i = 0; i < 6400; ++i) sum += co_await aio::spawn(leaf());
    polls_with_fd = loop.polls() - before;
    reader.cancel();
    EXPECT_THROW(co_await reader, aio::cancelled_error);
    co_return sum;
  };
  EXPECT_EQ(aio::run(body()), 12800);
  // 6400 spawn+join iterations, one batch each.
  EXPECT_LE(polls_without_fds, 2u);
  EXPECT_GE(polls_with_fd, 6400u / aio::event_loop::poll_every_batches - 2);
  EXPECT_LE(polls_with_fd, 6400u / aio::event_loop::poll_every_batches + 10);
  ::close(fds[0]);
  ::close(fds[1]);
}

}  // namespace
