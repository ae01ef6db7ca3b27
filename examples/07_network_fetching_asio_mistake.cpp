// Step 7 mistake on Asio: a response read with no timeout, and a listener
// spawned with `detached` whose errors vanish.
//
// The client's connect and request are bounded, but its read is not: a
// server that accepts and then stalls leaves fetch() suspended forever. And
// the listener is spawned with asio::detached while async_accept throws on
// failure (out of descriptors, say): the server would stop accepting and
// nobody would know, since `detached` drops the exception. This program's
// server answers and nothing fails, so it completes.
// Found by: corolint-missing-timeout (on the unbounded read) and
// corolint-fire-and-forget (on the detached listener), through the Asio
// model, with no configuration.
// Fix: race the read against a timer, and catch inside the listener (or
// spawn it with a completion handler), as in 07_network_fetching_asio.cpp.

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

awaitable<void> after(std::chrono::milliseconds d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  co_await timer.async_wait(use_awaitable);
}

awaitable<void> serve(tcp::socket conn) {
  try {
    std::string request;
    auto read = co_await (asio::async_read_until(conn, asio::dynamic_buffer(request), '\n',
                                                 use_awaitable) ||
                          after(500ms));
    if (read.index() == 1) co_return;
    std::string reply = "200 " + request.substr(4);
    co_await (asio::async_write(conn, asio::buffer(reply), use_awaitable) || after(500ms));
  } catch (const std::exception& e) {
    std::printf("serve: %s\n", e.what());
  }
}

awaitable<void> listen(tcp::acceptor& acceptor, int connections) {
  for (int i = 0; i < connections; ++i) {
    tcp::socket conn = co_await acceptor.async_accept(use_awaitable);
    asio::co_spawn(acceptor.get_executor(), serve(std::move(conn)), asio::detached);
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
  co_await asio::async_read_until(conn, asio::dynamic_buffer(response), '\n', use_awaitable);  // mistake: corolint-missing-timeout
  co_return response;
}

awaitable<void> client(std::uint16_t port) {
  std::string index = co_await fetch(port, "/index.html");
  std::string app = co_await fetch(port, "/app.js");
  std::printf("%s%s(the read was unbounded: a stalled server would hang this program)\n",
              index.c_str(), app.c_str());
}

int main() {
  asio::io_context ctx;
  tcp::acceptor acceptor(ctx, {asio::ip::make_address("127.0.0.1"), 0});
  std::uint16_t port = acceptor.local_endpoint().port();
  bool ok = false;
  asio::co_spawn(ctx, listen(acceptor, 2), asio::detached);  // mistake: corolint-fire-and-forget
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
