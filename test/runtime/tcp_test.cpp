#include "aio/net/tcp.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <system_error>
#include <vector>

#include "aio/run.hpp"
#include "aio/sleep.hpp"
#include "aio/gather.hpp"
#include "aio/spawn.hpp"
#include "aio/timeout.hpp"

namespace {

using namespace std::chrono_literals;
using aio::net::tcp_listener;
using aio::net::tcp_stream;

std::string as_string(const std::vector<std::byte>& b, std::size_t n) {
  return std::string(reinterpret_cast<const char*>(b.data()), n);
}

TEST(Tcp, EchoOnLoopback) {
  auto listener = tcp_listener::bind("127.0.0.1", 0);
  auto server = [&]() -> aio::task<> {
    tcp_stream s = co_await listener.accept();
    std::vector<std::byte> buf(64);
    for (;;) {
      std::size_t n = co_await s.read_some(buf);
      if (n == 0) break;
      co_await s.write_all(std::span<const std::byte>(buf.data(), n));
    }
  };
  auto body = [&]() -> aio::task<std::string> {
    auto srv = aio::spawn(server());
    tcp_stream c = co_await aio::net::connect("127.0.0.1", listener.port());
    co_await c.write_all("hello, aio");
    std::vector<std::byte> buf(10);
    co_await c.read_exact(buf);
    c.shutdown_write();
    std::vector<std::byte> rest(4);
    EXPECT_EQ(co_await c.read_some(rest), 0u);  // server saw EOF and closed
    co_await srv;
    c.close();
    EXPECT_FALSE(c.is_open());
    co_return as_string(buf, buf.size());
  };
  EXPECT_EQ(aio::run(body()), "hello, aio");
}

// After a short read the stream waits for the next readable edge instead of
// calling recv (the drained hint). Data that arrives while nobody waits must
// still be seen by the next read, and so must data that arrives while the
// next read waits; a lost edge would hang here (ctest's timeout fails it).
TEST(Tcp, ReadAfterShortReadSeesDataThatArrivedMeanwhile) {
  auto listener = tcp_listener::bind("127.0.0.1", 0);
  auto body = [&]() -> aio::task<std::string> {
    tcp_stream c = co_await aio::net::connect("127.0.0.1", listener.port());
    tcp_stream s = co_await listener.accept();
    std::vector<std::byte> buf(100);
    // A wait first, so that the stream is registered with epoll.
    auto first = aio::spawn(c.read_some(buf));
    co_await aio::sleep(1ms);
    co_await s.write_all("abc");
    std::size_t n = co_await first;
    std::string got = as_string(buf, n);  // short: the receive queue is drained
    // Arrives while no read waits; the loop polls during the sleep.
    co_await s.write_all("de");
    co_await aio::sleep(2ms);
    n = co_await c.read_some(buf);
    got += as_string(buf, n);
    // Arrives while read_exact waits, after another short read.
    std::vector<std::byte> three(3);
    auto exact = aio::spawn(c.read_exact(three));
    co_await s.write_all("f");
    co_await aio::sleep(1ms);
    co_await s.write_all("gh");
    co_await exact;
    got += as_string(three, 3);
    // The peer's last bytes and its FIN both arrive (and their edge is
    // seen) before a short read drains the queue: the next read must still
    // see the end of stream, though no further edge will come.
    co_await s.write_all("ij");
    s.shutdown_write();
    co_await aio::sleep(2ms);
    n = co_await c.read_some(buf);
    got += as_string(buf, n);
    EXPECT_EQ(co_await aio::timeout(5s, c.read_some(buf)), 0u);
    co_return got;
  };
  EXPECT_EQ(aio::run(body()), "abcdefghij");
}

TEST(Tcp, LargeTransferWaitsForWritability) {
  auto listener = tcp_listener::bind("localhost", 0);
  constexpr std::size_t total = 8u << 20;  // more than the socket buffers hold
  auto server = [&]() -> aio::task<std::size_t> {
    tcp_stream s = co_await listener.accept();
    std::vector<std::byte> buf(64 * 1024);
    std::size_t got = 0;
    while (std::size_t n = co_await s.read_some(buf)) got += n;
    co_return got;
  };
  auto body = [&]() -> aio::task<std::size_t> {
    auto srv = aio::spawn(server());
    tcp_stream c = co_await aio::net::connect("localhost", listener.port());
    std::vector<std::byte> data(total, std::byte{0x5a});
    co_await c.write_all(data);
    c.close();
    co_return co_await srv;
  };
  EXPECT_EQ(aio::run(body()), total);
}

TEST(Tcp, ReadTimeoutFiresThenReadStillWorks) {
  auto listener = tcp_listener::bind("127.0.0.1", 0);
  auto body = [&]() -> aio::task<std::string> {
    auto accepted = aio::spawn(listener.accept());
    tcp_stream c = co_await aio::net::connect("127.0.0.1", listener.port());
    tcp_stream s = co_await accepted;
    std::vector<std::byte> buf(8);
    // The peer is silent: the timeout fires and removes the fd interest.
    EXPECT_THROW((void)co_await aio::timeout(2ms, c.read_some(buf)), aio::timeout_error);
    co_await s.write_all("pong");
    // A timeout that does not fire.
    std::size_t n = co_await aio::timeout(1h, c.read_some(buf));
    co_return as_string(buf, n);
  };
  EXPECT_EQ(aio::run(body()), "pong");
}

TEST(Tcp, CancelAcceptAndRead) {
  auto listener = tcp_listener::bind("127.0.0.1", 0);
  auto body = [&]() -> aio::task<> {
    auto acc = aio::spawn(listener.accept());
    co_await aio::yield();
    acc.cancel();
    EXPECT_THROW((void)co_await acc, aio::cancelled_error);

    auto accepted = aio::spawn(listener.accept());
    tcp_stream c = co_await aio::net::connect("127.0.0.1", listener.port());
    tcp_stream s = co_await accepted;
    std::vector<std::byte> buf(4);
    auto reader = [&]() -> aio::task<std::size_t> { co_return co_await c.read_some(buf); };
    auto r = aio::spawn(reader());
    co_await aio::yield();
    r.cancel();
    EXPECT_THROW((void)co_await r, aio::cancelled_error);
    EXPECT_THROW(co_await aio::timeout(1ms, c.read_exact(buf)), aio::timeout_error);
  };
  aio::run(body());
}

TEST(Tcp, ReadExactReportsEndOfStream) {
  auto listener = tcp_listener::bind("127.0.0.1", 0);
  auto body = [&]() -> aio::task<std::size_t> {
    auto accepted = aio::spawn(listener.accept());
    tcp_stream c = co_await aio::net::connect("127.0.0.1", listener.port());
    {
      tcp_stream s = co_await accepted;
      co_await s.write_all("abc");
    }  // closed
    std::vector<std::byte> buf(10);
    try {
      co_await c.read_exact(buf);
    } catch (const aio::net::end_of_stream& e) {
      co_return e.received;
    }
    co_return 0;
  };
  EXPECT_EQ(aio::run(body()), 3u);
}

TEST(Tcp, ConnectErrors) {
  auto body = []() -> aio::task<> {
    std::uint16_t port = 0;
    {
      auto l = tcp_listener::bind("127.0.0.1", 0);
      port = l.port();
    }  // nothing listens there any more
    EXPECT_THROW((void)co_await aio::net::connect("127.0.0.1", port), std::system_error);
    EXPECT_THROW((void)co_await aio::net::connect("example.invalid", 80), std::invalid_argument);
  };
  aio::run(body());
}

// One task writes while another reads the same stream, both waiting at once:
// the writer fills the socket buffers (the echo server is blocked writing
// back) and only the concurrent reader can drain them.
TEST(Tcp, FullDuplexReaderAndWriterWaitAtOnce) {
  auto listener = tcp_listener::bind("127.0.0.1", 0);
  constexpr std::size_t total = 8u << 20;
  auto server = [&]() -> aio::task<> {
    tcp_stream s = co_await listener.accept();
    std::vector<std::byte> buf(64 * 1024);
    while (std::size_t n = co_await s.read_some(buf)) co_await s.write_all(std::span<const std::byte>(buf.data(), n));
  };
  auto body = [&]() -> aio::task<std::size_t> {
    auto srv = aio::spawn(server());
    tcp_stream c = co_await aio::net::connect("127.0.0.1", listener.port());
    auto writer = [&]() -> aio::task<> {
      std::vector<std::byte> data(total, std::byte{0x33});
      co_await c.write_all(data);
      c.shutdown_write();
    };
    auto reader = [&]() -> aio::task<std::size_t> {
      std::vector<std::byte> buf(64 * 1024);
      std::size_t got = 0;
      while (std::size_t n = co_await c.read_some(buf)) got += n;
      co_return got;
    };
    auto [w, got] = co_await aio::timeout(20s, aio::gather(writer(), reader()));
    (void)w;
    co_await srv;
    co_return got;
  };
  EXPECT_EQ(aio::run(body()), total);
}

TEST(Tcp, SecondConcurrentReaderThrowsLogicError) {
  auto listener = tcp_listener::bind("127.0.0.1", 0);
  auto body = [&]() -> aio::task<> {
    tcp_stream c = co_await aio::net::connect("127.0.0.1", listener.port());
    tcp_stream s = co_await listener.accept();
    std::vector<std::byte> a(4), b(4);
    auto first = aio::spawn(c.read_some(a));
    co_await aio::sleep(1ms);  // first is waiting
    EXPECT_THROW(co_await c.read_some(b), std::logic_error);
    co_await s.write_all("ping");
    EXPECT_EQ(co_await first, 4u);
  };
  aio::run(body());
}

// A stream made on one loop keeps working on the next one: it registers
// again with the new loop's epoll (the old loop detached it when it died).
TEST(Tcp, StreamOutlivesItsLoop) {
  auto listener = tcp_listener::bind("127.0.0.1", 0);
  auto open = [&]() -> aio::task<std::pair<tcp_stream, tcp_stream>> {
    tcp_stream c = co_await aio::net::connect("127.0.0.1", listener.port());
    tcp_stream s = co_await listener.accept();
    std::vector<std::byte> buf(4);
    // Registers c with this loop's epoll, then times out.
    EXPECT_THROW(co_await aio::timeout(1ms, c.read_some(buf)), aio::timeout_error);
    co_return std::pair{std::move(c), std::move(s)};
  };
  auto [c, s] = aio::run(open());
  auto body = [&]() -> aio::task<std::string> {
    std::vector<std::byte> buf(4);
    auto r = aio::spawn(c.read_exact(buf));
    co_await aio::sleep(1ms);
    co_await s.write_all("pong");
    co_await r;
    co_return as_string(buf, 4);
  };
  EXPECT_EQ(aio::run(body()), "pong");
}

}  // namespace
