#include "aio/resource.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "aio/run.hpp"
#include "aio/sleep.hpp"
#include "aio/spawn.hpp"
#include "aio/timeout.hpp"

namespace {

using namespace std::chrono_literals;

// A connection whose close is asynchronous (a protocol goodbye) and would
// itself be cut short by a cancellation if it were not shielded.
struct conn {
  std::vector<std::string>* log;
  aio::task<> close() {
    log->push_back("closing");
    co_await aio::yield();
    co_await aio::sleep(1ms);
    log->push_back("closed");
  }
};

aio::task<conn> open_conn(std::vector<std::string>& log) {
  co_await aio::yield();
  log.push_back("opened");
  co_return conn{&log};
}

TEST(UsingResource, ClosesAfterSuccess) {
  std::vector<std::string> log;
  auto body = [&]() -> aio::task<int> {
    co_return co_await aio::using_resource(open_conn(log), [&](conn&) -> aio::task<int> {
      log.push_back("used");
      co_return 7;
    });
  };
  EXPECT_EQ(aio::run(body()), 7);
  EXPECT_EQ(log, (std::vector<std::string>{"opened", "used", "closing", "closed"}));
}

TEST(UsingResource, ClosesAfterException) {
  std::vector<std::string> log;
  auto body = [&]() -> aio::task<> {
    co_await aio::using_resource(open_conn(log), [&](conn&) -> aio::task<> {
      co_await aio::yield();
      throw std::runtime_error("body failed");
    });
  };
  EXPECT_THROW(aio::run(body()), std::runtime_error);
  EXPECT_EQ(log, (std::vector<std::string>{"opened", "closing", "closed"}));
}

TEST(UsingResource, ClosesCompletelyAfterCancellation) {
  std::vector<std::string> log;
  auto user = [&]() -> aio::task<> {
    co_await aio::using_resource(open_conn(log), [&](conn&) -> aio::task<> {
      log.push_back("waiting");
      co_await aio::sleep(1h);
      log.push_back("unreachable");
    });
  };
  auto body = [&]() -> aio::task<> {
    auto h = aio::spawn(user());
    while (log.size() < 2) co_await aio::yield();
    h.cancel();
    EXPECT_THROW(co_await h, aio::cancelled_error);
  };
  aio::run(body());
  EXPECT_EQ(log, (std::vector<std::string>{"opened", "waiting", "closing", "closed"}));
}

TEST(UsingResource, ClosesAfterTimeout) {
  std::vector<std::string> log;
  auto body = [&]() -> aio::task<> {
    co_await aio::timeout(1ms, aio::using_resource(open_conn(log), [&](conn&) -> aio::task<> {
                            co_await aio::sleep(1h);
                          }));
  };
  EXPECT_THROW(aio::run(body()), aio::timeout_error);
  EXPECT_EQ(log, (std::vector<std::string>{"opened", "closing", "closed"}));
}

TEST(UsingResource, FailedOpenClosesNothing) {
  std::vector<std::string> log;
  auto failing_open = []() -> aio::task<conn> {
    throw std::runtime_error("refused");
    co_return conn{nullptr};
  };
  bool body_ran = false;
  auto body = [&]() -> aio::task<> {
    co_await aio::using_resource(failing_open(), [&](conn&) -> aio::task<> {
      body_ran = true;
      co_return;
    });
  };
  EXPECT_THROW(aio::run(body()), std::runtime_error);
  EXPECT_FALSE(body_ran);
  EXPECT_TRUE(log.empty());
}

struct sync_file {
  bool* closed;
  void close() { *closed = true; }
};

TEST(UsingResource, SynchronousCloseAndCloseFailure) {
  bool closed = false;
  auto open_file = [&]() -> aio::task<sync_file> { co_return sync_file{&closed}; };
  auto body = [&]() -> aio::task<int> {
    co_return co_await aio::using_resource(open_file(), [](sync_file&) -> aio::task<int> { co_return 3; });
  };
  EXPECT_EQ(aio::run(body()), 3);
  EXPECT_TRUE(closed);

  struct bad_close {
    aio::task<> close() {
      throw std::runtime_error("close failed");
      co_return;
    }
  };
  auto open_bad = []() -> aio::task<bad_close> { co_return bad_close{}; };
  auto ok_body = [&]() -> aio::task<> {
    co_await aio::using_resource(open_bad(), [](bad_close&) -> aio::task<> { co_return; });
  };
  EXPECT_THROW(aio::run(ok_body()), std::runtime_error);  // close's error, body succeeded
  auto failing_body = [&]() -> aio::task<> {
    co_await aio::using_resource(open_bad(), [](bad_close&) -> aio::task<> {
      throw std::logic_error("body");
      co_return;
    });
  };
  EXPECT_THROW(aio::run(failing_body()), std::logic_error);  // the body's error wins
}

}  // namespace
