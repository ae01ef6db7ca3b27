#include "aio/queue.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "aio/run.hpp"
#include "aio/sleep.hpp"
#include "aio/spawn.hpp"
#include "aio/timeout.hpp"

namespace {

using namespace std::chrono_literals;

TEST(Queue, FifoWithTryOperations) {
  aio::queue<int> q;
  EXPECT_EQ(q.maxsize(), 0u);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(q.try_put(i));
  EXPECT_FALSE(q.full());
  for (int i = 0; i < 100; ++i) EXPECT_EQ(q.try_get(), i);
  EXPECT_EQ(q.try_get(), std::nullopt);
}

TEST(Queue, MoveOnlyItems) {
  aio::queue<std::unique_ptr<int>> q(1);
  auto body = [&]() -> aio::task<int> {
    co_await q.put(std::make_unique<int>(7));
    auto p = co_await q.get();
    co_return *p;
  };
  EXPECT_EQ(aio::run(body()), 7);
}

TEST(Queue, BoundedPutWaitsForRoom) {
  aio::queue<int> q(2);
  std::vector<std::string> log;
  auto producer = [&]() -> aio::task<> {
    for (int i = 0; i < 4; ++i) {
      co_await q.put(i);
      log.push_back("put " + std::to_string(i));
    }
  };
  auto body = [&]() -> aio::task<> {
    auto p = aio::spawn(producer());
    co_await aio::yield();
    EXPECT_TRUE(q.full());
    EXPECT_EQ(log.size(), 2u);
    EXPECT_FALSE(q.try_put(99));
    std::vector<int> got;
    for (int i = 0; i < 4; ++i) got.push_back(co_await q.get());
    co_await p;
    EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3}));
  };
  aio::run(body());
  EXPECT_EQ(log.size(), 4u);
}

TEST(Queue, GetWaitsForItemAndGettersAreFifo) {
  aio::queue<int> q;
  std::vector<std::pair<int, int>> got;  // (consumer, item)
  auto consumer = [&](int id) -> aio::task<> { got.emplace_back(id, co_await q.get()); };
  auto body = [&]() -> aio::task<> {
    auto a = aio::spawn(consumer(1));
    auto b = aio::spawn(consumer(2));
    co_await aio::yield();
    EXPECT_TRUE(got.empty());
    co_await q.put(10);
    co_await q.put(20);
    co_await a;
    co_await b;
  };
  aio::run(body());
  EXPECT_EQ(got, (std::vector<std::pair<int, int>>{{1, 10}, {2, 20}}));
}

TEST(Queue, TaskDoneAndJoin) {
  aio::queue<int> q;
  int processed = 0;
  auto worker = [&]() -> aio::task<> {
    for (;;) {
      int v = co_await q.get();
      co_await aio::yield();
      processed += v;
      q.task_done();
    }
  };
  auto body = [&]() -> aio::task<> {
    co_await q.join();  // nothing unfinished: returns at once
    auto w = aio::spawn(worker());
    for (int i = 1; i <= 5; ++i) co_await q.put(i);
    EXPECT_EQ(q.unfinished(), 5u);
    co_await q.join();
    EXPECT_EQ(processed, 15);
    w.cancel();
    EXPECT_THROW(co_await w, aio::cancelled_error);
  };
  aio::run(body());
  EXPECT_THROW(q.task_done(), std::logic_error);
}

TEST(Queue, CloseDrainsThenThrows) {
  aio::queue<int> q(1);
  std::vector<int> got;
  bool consumer_saw_close = false;
  bool blocked_put_saw_close = false;
  auto blocked_producer = [&]() -> aio::task<> {
    co_await q.put(1);
    try {
      co_await q.put(2);  // full: blocks until close
    } catch (const aio::queue_closed&) {
      blocked_put_saw_close = true;
    }
  };
  auto consumer = [&]() -> aio::task<> {
    try {
      for (;;) got.push_back(co_await q.get());
    } catch (const aio::queue_closed&) {
      consumer_saw_close = true;
    }
  };
  auto body = [&]() -> aio::task<> {
    auto p = aio::spawn(blocked_producer());
    co_await aio::yield();
    EXPECT_TRUE(q.full());
    q.close();
    co_await p;
    EXPECT_THROW(co_await q.put(3), aio::queue_closed);
    EXPECT_THROW((void)q.try_put(3), aio::queue_closed);
    auto c = aio::spawn(consumer());
    co_await c;
  };
  aio::run(body());
  EXPECT_TRUE(blocked_put_saw_close);
  EXPECT_TRUE(consumer_saw_close);
  EXPECT_EQ(got, (std::vector<int>{1}));  // the remaining item was drained
}

TEST(Queue, CloseWakesBlockedGetters) {
  aio::queue<int> q;
  int closed_seen = 0;
  auto consumer = [&]() -> aio::task<> {
    try {
      (void)co_await q.get();
    } catch (const aio::queue_closed&) {
      ++closed_seen;
    }
  };
  auto body = [&]() -> aio::task<> {
    auto a = aio::spawn(consumer());
    auto b = aio::spawn(consumer());
    co_await aio::yield();
    q.close();
    co_await a;
    co_await b;
  };
  aio::run(body());
  EXPECT_EQ(closed_seen, 2);
}

TEST(Queue, ImmediateShutdownDropsItemsAndReleasesJoin) {
  aio::queue<int> q;
  auto body = [&]() -> aio::task<> {
    co_await q.put(1);
    co_await q.put(2);
    auto joiner = aio::spawn(q.join());
    co_await aio::yield();
    EXPECT_FALSE(joiner.done());
    q.shutdown(/*immediate=*/true);
    co_await joiner;
    EXPECT_EQ(q.size(), 0u);
    EXPECT_EQ(q.unfinished(), 0u);
    EXPECT_THROW((void)co_await q.get(), aio::queue_closed);
    EXPECT_THROW((void)q.try_get(), aio::queue_closed);
  };
  aio::run(body());
}

TEST(Queue, CancelBlockedGetAndPut) {
  aio::queue<int> q(1);
  auto body = [&]() -> aio::task<> {
    // A cancelled get consumes nothing.
    auto getter = aio::spawn(q.get());
    co_await aio::yield();
    getter.cancel();
    EXPECT_THROW((void)co_await getter, aio::cancelled_error);
    co_await q.put(1);
    EXPECT_EQ(q.size(), 1u);
    // A cancelled put enqueues nothing.
    auto putter = aio::spawn(q.put(2));
    co_await aio::yield();
    putter.cancel();
    EXPECT_THROW(co_await putter, aio::cancelled_error);
    EXPECT_EQ(co_await q.get(), 1);
    EXPECT_TRUE(q.empty());
    EXPECT_THROW((void)co_await aio::timeout(1ms, q.get()), aio::timeout_error);
    co_await q.put(3);
    EXPECT_THROW(co_await aio::timeout(1ms, q.put(4)), aio::timeout_error);
    EXPECT_EQ(q.try_get(), 3);
    EXPECT_EQ(q.try_get(), std::nullopt);
  };
  aio::run(body());
}

}  // namespace
