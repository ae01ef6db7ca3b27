#include "aio/readiness.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>

#include "aio/run.hpp"
#include "aio/sleep.hpp"
#include "aio/spawn.hpp"

namespace {

using namespace std::chrono_literals;

struct pipe_fds {
  int fds[2];
  pipe_fds() { EXPECT_EQ(::pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0); }
  ~pipe_fds() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
};

TEST(Readiness, WakesWhenDataArrives) {
  pipe_fds p;
  auto reader = [&]() -> aio::task<char> {
    std::uint32_t ev = co_await aio::wait_readable(p.fds[0]);
    EXPECT_TRUE(ev & EPOLLIN);
    char c = 0;
    EXPECT_EQ(::read(p.fds[0], &c, 1), 1);
    co_return c;
  };
  auto body = [&]() -> aio::task<char> {
    auto h = aio::spawn(reader());
    co_await aio::sleep(1ms);
    EXPECT_FALSE(h.done());
    EXPECT_EQ(::write(p.fds[1], "x", 1), 1);
    co_return co_await h;
  };
  EXPECT_EQ(aio::run(body()), 'x');
}

TEST(Readiness, WritableImmediately) {
  pipe_fds p;
  auto body = [&]() -> aio::task<bool> { co_return (co_await aio::wait_writable(p.fds[1])) & EPOLLOUT; };
  EXPECT_TRUE(aio::run(body()));
}

TEST(Readiness, CancelUnregistersFd) {
  pipe_fds p;
  auto reader = [&]() -> aio::task<> { co_await aio::wait_readable(p.fds[0]); };
  auto body = [&]() -> aio::task<> {
    auto h = aio::spawn(reader());
    co_await aio::sleep(1ms);
    h.cancel();
    EXPECT_THROW(co_await h, aio::cancelled_error);
    // Registering again works: the first wait unregistered.
    EXPECT_EQ(::write(p.fds[1], "y", 1), 1);
    co_await aio::wait_readable(p.fds[0]);
  };
  aio::run(body());
}

}  // namespace
