// Step 7 on Asio: a server spawned with co_spawn, a client whose every
// network wait is bounded.
//
// The same step as 07_network_fetching.cpp, written against Asio's C++20
// coroutines instead of aio. corolint understands Asio through its built-in
// model (models/asio.yaml), chosen because the file includes Asio: nothing
// is configured. Each wait on the peer races a timer with
// awaitable_operators' `||`, so a stalled peer costs 500 ms, not forever;
// the coroutines spawned with `detached` catch their own exceptions, so no
// error disappears with them.

#include <asio.hpp>
#include <asio/experimental/awaitable_operators.hpp>

#include <chrono>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>

using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;
using namespace std::chrono_literals;

// A timer that ends a race after `d`.
awaitable<void> after(std::chrono::milliseconds d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  co_await timer.async_wait(use_awaitable);
}

// Answers one request "GET <path>\n" with "200 <path>\n".
awaitable<void> serve(tcp::socket conn) {
  try {
    std::string request;
    auto read = co_await (asio::async_read_until(conn, asio::dynamic_buffer(request), '\n',
                                                 use_awaitable) ||
                          after(500ms));
    if (read.index() == 1) co_return;  // the client stalled: drop it
    std::string reply = "200 " + request.substr(4);
    co_await (asio::async_write(conn, asio::buffer(reply), use_awaitable) || after(500ms));
  } catch (const std::exception& e) {
    std::printf("serve: %s\n", e.what());
  }
}

// Accepts `connections` clients, each served by a coroutine of its own.
awaitable<void> listen(tcp::acceptor& acceptor, int connections) {
  try {
    for (int i = 0; i < connections; ++i) {
      tcp::socket conn = co_await acceptor.async_accept(use_awaitable);
      asio::co_spawn(acceptor.get_executor(), serve(std::move(conn)), asio::detached);
    }
  } catch (const std::exception& e) {
    std::printf("listen: %s\n", e.what());
  }
}

awaitable<std::string> fetch(std::uint16_t port, std::string path) {
  tcp::socket conn(co_await asio::this_coro::executor);
  tcp::endpoint server(asio::ip::make_address("127.0.0.1"), port);
  if ((co_await (conn.async_connect(server, use_awaitable) || after(500ms))).index() == 1)
    throw std::runtime_error("connect timed out");
  std::string request = "GET " + path + "\n";
  co_await (asio::async_write(conn, asio::buffer(request), use_awaitable) || after(500ms));
  std::string response;
  auto read = co_await (asio::async_read_until(conn, asio::dynamic_buffer(response), '\n',
                                               use_awaitable) ||
                        after(500ms));
  if (read.index() == 1) throw std::runtime_error("read timed out");
  co_return response;
}

awaitable<void> client(std::uint16_t port) {
  std::string index = co_await fetch(port, "/index.html");
  std::string app = co_await fetch(port, "/app.js");
  std::printf("%s%s", index.c_str(), app.c_str());
}

int main() {
  asio::io_context ctx;
  tcp::acceptor acceptor(ctx, {asio::ip::make_address("127.0.0.1"), 0});
  std::uint16_t port = acceptor.local_endpoint().port();
  bool ok = false;
  asio::co_spawn(ctx, listen(acceptor, 2), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  asio::co_spawn(ctx, client(port), [&](std::exception_ptr e) {
    ok = !e;
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception &failure) {
        std::printf("client failed: %s\n", failure.what());
      }
    }
  });
  ctx.run();
  return ok ? 0 : 1;
}
