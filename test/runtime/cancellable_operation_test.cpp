#include "aio/detail/cancellable_operation.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "aio/detail/wait_list.hpp"
#include "aio/readiness.hpp"
#include "aio/run.hpp"
#include "aio/sleep.hpp"
#include "aio/spawn.hpp"

namespace {

// The base adds no memory to the awaiters built on it (LP64 sizes before it).
static_assert(sizeof(void*) != 8 || sizeof(aio::detail::sleep_awaiter) <= 64);
static_assert(sizeof(void*) != 8 || sizeof(aio::detail::park_awaiter) <= 56);
static_assert(sizeof(void*) != 8 || sizeof(aio::detail::io_wait_awaiter) <= 32);
static_assert(sizeof(void*) != 8 || sizeof(aio::detail::readiness_awaiter) <= 64);

class manual_awaiter;

// A leaf operation finished by hand: the smallest user of the base.
struct manual_source {
  manual_awaiter* waiter = nullptr;
  int starts = 0;
  int undos = 0;
  void finish(int value);
};

class manual_awaiter : public aio::detail::cancellable_operation<manual_awaiter> {
public:
  explicit manual_awaiter(manual_source& s) noexcept : src_(&s) {}
  ~manual_awaiter() {
    if (!in_flight()) return;
    src_->waiter = nullptr;
    disarm();
  }
  int await_resume() {
    throw_if_cancelled();
    return value_;
  }

private:
  friend struct manual_source;
  friend class aio::detail::cancellable_operation<manual_awaiter>;

  void start() {
    loop_ = &aio::this_loop();
    src_->waiter = this;
    ++src_->starts;
  }
  aio::event_loop& loop() noexcept { return *loop_; }
  void cancel_operation() noexcept {
    src_->waiter = nullptr;
    ++src_->undos;
  }

  manual_source* src_;
  aio::event_loop* loop_ = nullptr;
  int value_ = 0;
};

void manual_source::finish(int value) {
  manual_awaiter* w = std::exchange(waiter, nullptr);
  w->value_ = value;
  w->complete(*w->loop_);
}

TEST(CancellableOperation, CompletesWithTheResult) {
  manual_source src;
  auto waiter = [&]() -> aio::task<int> { co_return co_await manual_awaiter{src}; };
  auto body = [&]() -> aio::task<int> {
    auto h = aio::spawn(waiter());
    co_await aio::yield();
    src.finish(7);
    co_return co_await h;
  };
  EXPECT_EQ(aio::run(body()), 7);
  EXPECT_EQ(src.starts, 1);
  EXPECT_EQ(src.undos, 0);
}

TEST(CancellableOperation, CancelUndoesAndResumesLater) {
  manual_source src;
  std::vector<std::string> log;
  auto waiter = [&]() -> aio::task<> {
    try {
      co_await manual_awaiter{src};
    } catch (const aio::cancelled_error&) {
      log.push_back("cancelled");
      throw;
    }
  };
  auto body = [&]() -> aio::task<> {
    auto h = aio::spawn(waiter());
    co_await aio::yield();
    h.cancel();
    log.push_back("after cancel");  // never resumed inline
    EXPECT_THROW(co_await h, aio::cancelled_error);
  };
  aio::run(body());
  EXPECT_EQ(log, (std::vector<std::string>{"after cancel", "cancelled"}));
  EXPECT_EQ(src.undos, 1);
  EXPECT_EQ(src.waiter, nullptr);
}

TEST(CancellableOperation, PendingCancelDoesNotStart) {
  manual_source src;
  auto waiter = [&]() -> aio::task<> { co_await manual_awaiter{src}; };
  auto body = [&]() -> aio::task<> {
    auto h = aio::spawn(waiter());
    h.cancel();  // before the child first runs
    EXPECT_THROW(co_await h, aio::cancelled_error);
  };
  aio::run(body());
  EXPECT_EQ(src.starts, 0);
  EXPECT_EQ(src.undos, 0);
}

TEST(CancellableOperation, LateCancelKeepsTheResult) {
  manual_source src;
  int got = 0;
  bool cancelled_later = false;
  auto waiter = [&]() -> aio::task<> {
    got = co_await manual_awaiter{src};
    try {
      co_await aio::yield();
    } catch (const aio::cancelled_error&) {
      cancelled_later = true;
      throw;
    }
  };
  auto body = [&]() -> aio::task<> {
    auto h = aio::spawn(waiter());
    co_await aio::yield();
    src.finish(42);  // completed...
    h.cancel();      // ...and cancelled before it runs
    EXPECT_THROW(co_await h, aio::cancelled_error);
  };
  aio::run(body());
  EXPECT_EQ(got, 42);
  EXPECT_TRUE(cancelled_later);
  EXPECT_EQ(src.undos, 0);
}

}  // namespace
