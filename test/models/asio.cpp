// Fixture for the Asio model (models/asio.yaml), against the real Asio
// headers of Debian's libasio-dev: the model is selected because the file
// includes Asio; nothing is configured.
// CHECKS: corolint-blocking-call,corolint-fire-and-forget,corolint-missing-timeout,corolint-unawaited-task,corolint-nested-run
// COMPILE-FLAGS: -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE
#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>

#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <system_error>

using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

awaitable<void> tick(std::chrono::milliseconds d) {
  asio::steady_timer t(co_await asio::this_coro::executor, d);
  co_await t.async_wait(use_awaitable);
}

// --- Positive cases -------------------------------------------------------

awaitable<void> nested_loop(asio::io_context &ctx) {
  ctx.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'asio::io_context::run' in coroutine 'nested_loop' runs a nested event loop that stalls the running one; await the task instead [corolint-nested-run]
  co_return;
}

awaitable<void> synchronous_read(tcp::socket &s, char (&buf)[64]) {
  s.read_some(asio::buffer(buf));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::basic_stream_socket::read_some' in coroutine 'synchronous_read' stalls the event loop
  co_return;
}

awaitable<void> unbounded_read(tcp::socket &s, char (&buf)[64]) {
  co_await s.async_read_some(asio::buffer(buf), use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asio::basic_stream_socket::async_read_some' waits on an external resource with no timeout; wrap it in a timeout or pass a deadline [corolint-missing-timeout]
}

awaitable<void> throws_on_error(tcp::acceptor &a) {
  for (;;)
    co_await a.async_accept(use_awaitable);
}

void spawns_detached(asio::io_context &ctx, tcp::acceptor &a) {
  asio::co_spawn(ctx, throws_on_error(a), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asio::co_spawn' with a detached completion drops the exceptions of 'throws_on_error': an error ends it silently; catch them inside it, or complete with a handler that receives the std::exception_ptr [corolint-fire-and-forget]
  // CHECK-NOTES: :[[@LINE-6]]:5: note: an exception can leave 'throws_on_error' here
  asio::co_spawn(ctx, [&a]() -> awaitable<void> { co_await a.async_accept(use_awaitable); }, asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asio::co_spawn' with a detached completion drops the exceptions of the coroutine lambda
  // CHECK-NOTES: :[[@LINE-2]]:51: note: an exception can leave the lambda here
}

// A session that connects to another host loses that connect's failure: the
// upstream being down is an error the operator should hear of.
awaitable<void> proxy_session(tcp::socket client, tcp::endpoint upstream) {
  tcp::socket server(client.get_executor());
  co_await (server.async_connect(upstream, use_awaitable) ||
            tick(std::chrono::seconds(1)));
}

void spawns_a_proxy(asio::io_context &ctx, tcp::endpoint upstream) {
  tcp::socket client(ctx);
  asio::co_spawn(ctx, proxy_session(std::move(client), upstream), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asio::co_spawn' with a detached completion drops the exceptions of 'proxy_session'
  // CHECK-NOTES: :[[@LINE-8]]:3: note: an exception can leave 'proxy_session' here
}

void drops_a_lazy_spawn(asio::io_context &ctx, tcp::acceptor &a) {
  asio::co_spawn(ctx, throws_on_error(a), use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'asio::co_spawn' is discarded
}

// --- No diagnostic --------------------------------------------------------

// Racing the read against a timer bounds it.
awaitable<void> bounded_read(tcp::socket &s, char (&buf)[64]) {
  co_await (s.async_read_some(asio::buffer(buf), use_awaitable) ||
            tick(std::chrono::milliseconds(100)));
}

// A coroutine that catches its own exceptions loses nothing when detached.
awaitable<void> catches(tcp::acceptor &a) {
  try {
    co_await a.async_accept(use_awaitable);
  } catch (const std::exception &e) {
    std::printf("%s\n", e.what());
  }
}

// Errors as values (as_tuple) do not throw.
awaitable<void> errors_as_values(tcp::acceptor &a) {
  auto [ec, sock] = co_await a.async_accept(asio::experimental::as_tuple(use_awaitable));
  (void)ec;
}

void spawns_safely(asio::io_context &ctx, tcp::acceptor &a) {
  asio::co_spawn(ctx, catches(a), asio::detached);
  asio::co_spawn(ctx, errors_as_values(a), asio::detached);
  // A completion handler receives the exception.
  asio::co_spawn(ctx, throws_on_error(a), [](std::exception_ptr e) {
    if (e)
      std::rethrow_exception(e);
  });
}

// A session owns its connection (it takes the socket by value): when the
// client closes, resets or goes silent its reads throw, and that ends the
// session, which is what dropping the exception with the socket means.
awaitable<void> echo_session(tcp::socket s) {
  char buf[64];
  for (;;)
    co_await (s.async_read_some(asio::buffer(buf), use_awaitable) ||
              tick(std::chrono::seconds(10)));
}

// Boost.Asio's timeout example: a watchdog beside the session throws when the
// connection has been idle too long. Its timeout is the session's end too.
using time_point = std::chrono::steady_clock::time_point;

awaitable<void> reads_until_idle(tcp::socket &s, time_point &deadline) {
  char buf[64];
  for (;;) {
    deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    co_await s.async_read_some(asio::buffer(buf), use_awaitable);
  }
}

awaitable<void> watchdog(time_point &deadline) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (deadline > std::chrono::steady_clock::now()) {
    timer.expires_at(deadline);
    co_await timer.async_wait(use_awaitable);
  }
  throw std::system_error(std::make_error_code(std::errc::timed_out));
}

awaitable<void> guarded_session(tcp::socket s) {
  time_point deadline{};
  co_await (reads_until_idle(s, deadline) && watchdog(deadline));
}

// A timer fails only when it is cancelled: a heartbeat loses nothing.
awaitable<void> heartbeat() {
  for (;;)
    co_await tick(std::chrono::seconds(1));
}

void spawns_sessions(asio::io_context &ctx) {
  tcp::socket a(ctx), b(ctx);
  asio::co_spawn(ctx, echo_session(std::move(a)), asio::detached);
  asio::co_spawn(ctx, guarded_session(std::move(b)), asio::detached);
  asio::co_spawn(ctx, heartbeat(), asio::detached);
}

// Running the loop outside any coroutine is what main does.
int main() {
  asio::io_context ctx;
  ctx.run();
}

// Waiting on a timer ends by itself; accepting is a server's normal wait.
awaitable<void> timers_and_accepts(tcp::acceptor &a) {
  co_await tick(std::chrono::milliseconds(1));
  auto s = co_await a.async_accept(asio::experimental::as_tuple(use_awaitable));
}
