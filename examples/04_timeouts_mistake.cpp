// Step 4 mistake: socket operations awaited without a timeout.
//
// The client connects, writes and reads with no bound. Here the server is
// merely slow, so the client sits for the full 200 ms instead of giving up
// after its 50 ms budget; a server that never answers (or a half-open
// connection) would suspend the coroutine forever and no error would ever
// be raised.
// Found by: corolint-missing-timeout (on each unbounded `co_await`).
// Fix: wrap each operation in aio::timeout(d, op), or open an
// aio::timeout_scope for the block, as in 04_timeouts.cpp.

#include <aio/aio.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>

using namespace std::chrono_literals;

// A slow echo server (correctly bounded itself).
aio::task<> echo_server(aio::net::tcp_listener& listener, std::chrono::milliseconds delay) {
  auto budget = co_await aio::timeout_scope::after(2s);
  aio::net::tcp_stream conn = co_await listener.accept();
  std::array<std::byte, 256> buf{};
  std::size_t n = co_await conn.read_some(buf);
  co_await aio::sleep(delay);
  co_await conn.write_all(std::span<const std::byte>(buf.data(), n));
}

aio::task<std::string> ask(std::uint16_t port, std::string question) {
  auto conn = co_await aio::net::connect("127.0.0.1", port);  // mistake: corolint-missing-timeout
  co_await conn.write_all(question);  // mistake: corolint-missing-timeout
  std::array<std::byte, 256> buf{};
  std::size_t n = co_await conn.read_some(buf);  // mistake: corolint-missing-timeout
  co_return std::string(reinterpret_cast<const char*>(buf.data()), n);
}

aio::task<int> client(std::uint16_t port) {
  auto started = std::chrono::steady_clock::now();
  std::string answer = co_await ask(port, "are you there?");
  auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  std::printf("got '%s' after %lld ms: the 50 ms budget was never enforced\n", answer.c_str(),
              static_cast<long long>(waited.count()));
  co_return 0;
}

aio::task<int> amain() {
  auto listener = aio::net::tcp_listener::bind("127.0.0.1", 0);
  auto [served, status] = co_await aio::gather(echo_server(listener, 200ms), client(listener.port()));
  co_return status;
}

int main() { return aio::run(amain()); }
