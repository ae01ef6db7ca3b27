// Standalone Asio (Debian libasio-dev 1.22) with C++20 coroutines:
// asio::awaitable, co_spawn, use_awaitable, on one io_context run by one
// thread (concurrency hint 1, the idiomatic single-threaded setup).
//
// Asio has no async mutex, semaphore or queue; the hand-off and ping-pong
// workloads use asio::experimental::channel, the primitive Asio offers for
// that job: a mutex/semaphore(n) is a channel with n slots (lock = send into
// it, unlock = take one back out), a queue is a channel<int> with maxsize
// slots.
#include <benchmark/benchmark.h>

#include <asio.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/experimental/channel.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#define BENCH_COUNT_ALLOC_IMPL
#include "common.hpp"

namespace {

using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;
using int_channel = asio::experimental::channel<void(asio::error_code, int)>;

awaitable<int> leaf(int i) { co_return i + 1; }

template <class F>
void run_main(F&& body) {
  asio::io_context ctx{1};
  asio::co_spawn(ctx, std::forward<F>(body)(ctx), asio::detached);
  ctx.run();
}

void create_await(benchmark::State& state) {
  run_main([&](asio::io_context&) -> awaitable<void> {
    int i = 0;
    for (auto _ : state) {
      int v = co_await leaf(i++);
      benchmark::DoNotOptimize(v);
    }
  });
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(create_await)->Name("create_await");

void spawn_join(benchmark::State& state) {
  run_main([&](asio::io_context& ctx) -> awaitable<void> {
    int i = 0;
    for (auto _ : state) {
      int v = co_await asio::co_spawn(ctx, leaf(i++), use_awaitable);
      benchmark::DoNotOptimize(v);
    }
  });
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(spawn_join)->Name("spawn_join");

// Asio 1.22's parallel_group is variadic only, so a gather of a runtime
// number of children is the usual countdown: co_spawn each child with a
// completion handler that stores its result, the last one cancels a timer
// the parent waits on.
void gather_100(benchmark::State& state) {
  run_main([&](asio::io_context& ctx) -> awaitable<void> {
    std::vector<int> results(bench::kGatherN);
    asio::steady_timer done(ctx);
    for (auto _ : state) {
      int remaining = bench::kGatherN;
      for (int k = 0; k < bench::kGatherN; ++k) {
        asio::co_spawn(ctx, leaf(k), [&, k](std::exception_ptr e, int v) {
          if (e) std::rethrow_exception(e);
          results[k] = v;
          if (--remaining == 0) done.cancel();
        });
      }
      if (remaining != 0) {
        done.expires_at(asio::steady_timer::time_point::max());
        asio::error_code ec;
        co_await done.async_wait(asio::redirect_error(use_awaitable, ec));
      }
      benchmark::DoNotOptimize(results.data());
    }
  });
  state.SetItemsProcessed(state.iterations() * bench::kGatherN);
}
BENCHMARK(gather_100)->Name("gather_100");

// Two tasks take a lock of `slots` permits in turn and yield while holding
// it, so every release hands the lock to the other task. One iteration = one
// acquisition.
void handoff(benchmark::State& state) {
  run_main([&](asio::io_context& ctx) -> awaitable<void> {
    // channel<void(error_code)> trips an ambiguous channel_traits partial
    // specialisation in Asio 1.22 under clang, so the token is an int.
    int_channel lock(ctx, 1);
    bool stop = false;
    auto step = [&]() -> awaitable<void> {
      co_await lock.async_send(asio::error_code{}, 0, use_awaitable);  // acquire
      co_await asio::post(ctx, use_awaitable);                     // hold across a suspension
      lock.try_receive([](asio::error_code, int) {});                // release
    };
    auto other = [&]() -> awaitable<void> {
      while (!stop) co_await step();
    };
    auto timed = [&]() -> awaitable<void> {
      for (auto _ : state) co_await step();
      stop = true;
    };
    using namespace asio::experimental::awaitable_operators;
    co_await (timed() && other());
  });
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(handoff)->Name("mutex_handoff");
BENCHMARK(handoff)->Name("semaphore_handoff");

// Ping-pong over two queues of maxsize 1. One iteration = one round trip.
void queue_pingpong(benchmark::State& state) {
  run_main([&](asio::io_context& ctx) -> awaitable<void> {
    int_channel ping(ctx, 1), pong(ctx, 1);
    auto echo = [&]() -> awaitable<void> {
      for (;;) {
        int v = co_await ping.async_receive(use_awaitable);
        if (v < 0) co_return;
        co_await pong.async_send(asio::error_code{}, v + 1, use_awaitable);
      }
    };
    auto driver = [&]() -> awaitable<void> {
      int i = 0;
      for (auto _ : state) {
        co_await ping.async_send(asio::error_code{}, i, use_awaitable);
        i = co_await pong.async_receive(use_awaitable);
      }
      co_await ping.async_send(asio::error_code{}, -1, use_awaitable);
    };
    using namespace asio::experimental::awaitable_operators;
    co_await (driver() && echo());
  });
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(queue_pingpong)->Name("queue_pingpong");

awaitable<void> sleeper(int& remaining, asio::steady_timer& done) {
  asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(bench::kSleepMs));
  co_await t.async_wait(use_awaitable);
  if (--remaining == 0) done.cancel();
}

// 100k coroutines each sleeping 1 ms at the same time. One iteration = one
// batch (spawn all, wait for all).
void sleep_100k(benchmark::State& state) {
  run_main([&](asio::io_context& ctx) -> awaitable<void> {
    asio::steady_timer done(ctx);
    for (auto _ : state) {
      int remaining = bench::kSleepers;
      for (int k = 0; k < bench::kSleepers; ++k) asio::co_spawn(ctx, sleeper(remaining, done), asio::detached);
      done.expires_at(asio::steady_timer::time_point::max());
      asio::error_code ec;
      co_await done.async_wait(asio::redirect_error(use_awaitable, ec));
    }
  });
  state.SetItemsProcessed(state.iterations() * bench::kSleepers);
}
BENCHMARK(sleep_100k)->Name("sleep_100k")->UseRealTime()->Unit(benchmark::kMillisecond)->Iterations(5);

awaitable<void> echo_session(tcp::socket s) {
  std::vector<char> buf(bench::kTputChunk);
  try {
    for (;;) {
      std::size_t n = co_await s.async_read_some(asio::buffer(buf), use_awaitable);
      co_await asio::async_write(s, asio::buffer(buf.data(), n), use_awaitable);
    }
  } catch (const asio::system_error&) {
    // peer closed
  }
}

// Server and client on the same loop, 127.0.0.1, ephemeral port.
template <class Client>
void with_echo_server(Client client) {
  run_main([&](asio::io_context& ctx) -> awaitable<void> {
    tcp::acceptor acc(ctx, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    tcp::socket c(ctx);
    co_await c.async_connect(acc.local_endpoint(), use_awaitable);
    tcp::socket s = co_await acc.async_accept(use_awaitable);
    c.set_option(tcp::no_delay(true));
    s.set_option(tcp::no_delay(true));
    asio::co_spawn(ctx, echo_session(std::move(s)), asio::detached);
    co_await client(c);
    c.shutdown(tcp::socket::shutdown_both);
    c.close();
  });
}

void tcp_echo_rtt(benchmark::State& state) {
  with_echo_server([&](tcp::socket& c) -> awaitable<void> {
    char out[bench::kEchoMsg] = {}, in[bench::kEchoMsg];
    for (auto _ : state) {
      co_await asio::async_write(c, asio::buffer(out), use_awaitable);
      co_await asio::async_read(c, asio::buffer(in), use_awaitable);
    }
  });
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(tcp_echo_rtt)->Name("tcp_echo_rtt")->UseRealTime()->Iterations(20'000);

// 64 KiB requests echoed back whole, one at a time (as in aio_bench.cpp,
// whose sockets allow one waiting operation at a time).
void tcp_throughput(benchmark::State& state) {
  with_echo_server([&](tcp::socket& c) -> awaitable<void> {
    std::vector<char> out(bench::kTputChunk, 'x'), in(bench::kTputChunk);
    for (auto _ : state) {
      for (long done = 0; done < bench::kTputBytes; done += bench::kTputChunk) {
        co_await asio::async_write(c, asio::buffer(out), use_awaitable);
        co_await asio::async_read(c, asio::buffer(in), use_awaitable);
      }
    }
  });
  state.SetBytesProcessed(state.iterations() * bench::kTputBytes);
}
BENCHMARK(tcp_throughput)->Name("tcp_throughput")->UseRealTime()->Iterations(4);

// Many connections (as in aio_bench.cpp): a server io_context on its own
// thread accepts `conns` connections and co_spawns an echo session for each;
// the client io_context on the benchmark thread drives all of them. One
// iteration = every connection does kConnRounds requests of kConnMsg bytes
// (co_spawn of one client coroutine per connection + countdown, as in
// gather_100); items = requests.
awaitable<void> serve_conns(tcp::acceptor& acc, int conns) {
  for (int k = 0; k < conns; ++k) {
    tcp::socket s = co_await acc.async_accept(use_awaitable);
    s.set_option(tcp::no_delay(true));
    asio::co_spawn(acc.get_executor(), echo_session(std::move(s)), asio::detached);
  }
}

awaitable<void> client_rounds(tcp::socket& s, const std::vector<char>& out, char* in) {
  for (int r = 0; r < bench::kConnRounds; ++r) {
    co_await asio::async_write(s, asio::buffer(out), use_awaitable);
    co_await asio::async_read(s, asio::buffer(in, bench::kConnMsg), use_awaitable);
  }
}

void tcp_echo_conns(benchmark::State& state) {
  const int conns = static_cast<int>(state.range(0));
  asio::io_context server_ctx{1};
  tcp::acceptor acc(server_ctx, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  auto endpoint = acc.local_endpoint();
  asio::co_spawn(server_ctx, serve_conns(acc, conns), asio::detached);
  std::thread server([&server_ctx] { server_ctx.run(); });
  run_main([&](asio::io_context& ctx) -> awaitable<void> {
    std::vector<tcp::socket> sockets;
    for (int k = 0; k < conns; ++k) {
      sockets.emplace_back(ctx);
      co_await sockets.back().async_connect(endpoint, use_awaitable);
      sockets.back().set_option(tcp::no_delay(true));
    }
    std::vector<char> out(bench::kConnMsg, 'x'), in(std::size_t(conns) * bench::kConnMsg);
    asio::steady_timer done(ctx);
    for (auto _ : state) {
      int remaining = conns;
      for (int k = 0; k < conns; ++k) {
        asio::co_spawn(ctx, client_rounds(sockets[k], out, in.data() + std::size_t(k) * bench::kConnMsg),
                       [&](std::exception_ptr e) {
                         if (e) std::rethrow_exception(e);
                         if (--remaining == 0) done.cancel();
                       });
      }
      if (remaining != 0) {
        done.expires_at(asio::steady_timer::time_point::max());
        asio::error_code ec;
        co_await done.async_wait(asio::redirect_error(use_awaitable, ec));
      }
    }
    for (auto& s : sockets) s.shutdown(tcp::socket::shutdown_send);
  });
  server.join();  // the sessions end at end of stream, then run() returns
  state.SetItemsProcessed(state.iterations() * conns * bench::kConnRounds);
}
BENCHMARK(tcp_echo_conns)->Name("tcp_echo_conns_10")->Arg(10)->UseRealTime();
BENCHMARK(tcp_echo_conns)->Name("tcp_echo_conns_100")->Arg(100)->UseRealTime();

// Memory per co_spawn'ed coroutine parked in a timer wait, in steady state
// (frame, spawn machinery, the timer and its wait operation); same method
// as aio_bench.cpp: one warm-up batch, then a measured batch of long sleeps.
// Asio allocates frames with aligned_alloc, so only heap_bytes_per_task
// (glibc's view) sees them; new_bytes_per_task does not.
awaitable<void> long_sleeper() {
  asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::seconds(60));
  co_await t.async_wait(use_awaitable);
}

void task_memory(benchmark::State& state) {
  bench::keep_heap_in_arena();
  for (auto _ : state) {
    asio::io_context ctx{1};
    asio::steady_timer done(ctx);
    int remaining = bench::kMemTasks;
    for (int k = 0; k < bench::kMemTasks; ++k) asio::co_spawn(ctx, sleeper(remaining, done), asio::detached);
    ctx.run();
    ctx.restart();

    bench::mem_snapshot before;
    for (int k = 0; k < bench::kMemTasks; ++k) asio::co_spawn(ctx, long_sleeper(), asio::detached);
    ctx.poll();  // every coroutine runs up to its timer wait
    before.per_task(state.counters, bench::kMemTasks);
    ctx.stop();  // ~io_context destroys the parked frames
  }
}
BENCHMARK(task_memory)->Name("task_memory")->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
