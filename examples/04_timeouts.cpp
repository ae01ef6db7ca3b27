// Step 4: timeouts.
//
// Every wait on something outside the program (connect, accept, reads and
// writes on a socket) needs an upper bound: a peer that stops answering
// would otherwise suspend the coroutine forever. Bound one operation with
// aio::timeout(d, op) (throws aio::timeout_error), or a whole block with
// `auto budget = co_await aio::timeout_scope::after(d);`.
// Here a loopback echo server answers the first question at once and the
// second one too late: the client's timeout turns the slow answer into an
// error it can handle.
// Mistake twin: 04_timeouts_mistake.cpp (corolint-missing-timeout).

#include <aio/aio.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <system_error>
#include <vector>

using namespace std::chrono_literals;

// Echoes one message per connection, after the delay given for it.
aio::task<> echo_server(aio::net::tcp_listener& listener, std::vector<std::chrono::milliseconds> delays) {
  auto budget = co_await aio::timeout_scope::after(2s);  // bounds every await below
  for (auto delay : delays) {
    aio::net::tcp_stream conn = co_await listener.accept();
    std::array<std::byte, 256> buf{};
    std::size_t n = co_await conn.read_some(buf);
    co_await aio::sleep(delay);
    try {
      co_await conn.write_all(std::span<const std::byte>(buf.data(), n));
    } catch (const std::system_error&) {
      // the client gave up and closed the connection
    }
  }
}

aio::task<std::string> ask(std::uint16_t port, std::string question, std::chrono::milliseconds limit) {
  auto conn = co_await aio::timeout(limit, aio::net::connect("127.0.0.1", port));
  co_await aio::timeout(limit, conn.write_all(question));
  std::array<std::byte, 256> buf{};
  std::size_t n = co_await aio::timeout(limit, conn.read_some(buf));
  co_return std::string(reinterpret_cast<const char*>(buf.data()), n);
}

aio::task<int> client(std::uint16_t port) {
  int ok = 0;
  std::string answer = co_await ask(port, "ping", 500ms);
  std::printf("fast server answered '%s'\n", answer.c_str());
  ok += answer == "ping";
  try {
    co_await ask(port, "are you there?", 50ms);
    std::printf("slow server answered in time?!\n");
  } catch (const aio::timeout_error&) {
    std::printf("slow server: gave up after 50 ms instead of waiting\n");
    ++ok;
  }
  co_return ok;
}

aio::task<int> amain() {
  auto listener = aio::net::tcp_listener::bind("127.0.0.1", 0);
  auto [served, ok] = co_await aio::gather(echo_server(listener, {0ms, 200ms}), client(listener.port()));
  co_return ok == 2 ? 0 : 1;
}

int main() { return aio::run(amain()); }
