#include "aio/event_loop.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "aio/run.hpp"
#include "aio/sleep.hpp"

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

}  // namespace
