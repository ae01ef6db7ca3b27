// aio, the reference runtime (runtime/include/aio), on the same workloads as
// asio_bench.cpp, bare_task_bench.cpp and asyncio_bench.py.
//
// The runtime is still being written: a workload whose header has not landed
// compiles to a benchmark that reports the error "not yet available", which
// bench/report.py prints instead of a number. The headers looked for:
//   <aio/mutex.hpp>      aio::mutex m;       auto guard = co_await m.lock();
//   <aio/semaphore.hpp>  aio::semaphore s(n); auto permit = co_await s.acquire();
//   <aio/queue.hpp>      aio::queue<T> q(n);  co_await q.put(v); co_await q.get();
//   <aio/net/tcp.hpp>    aio::net::tcp_listener, aio::net::connect, tcp_stream
#include <benchmark/benchmark.h>

#include <aio/aio.hpp>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <thread>
#include <utility>
#include <vector>

#if __has_include(<aio/mutex.hpp>)
#include <aio/mutex.hpp>
#define BENCH_AIO_HAS_MUTEX 1
#endif
#if __has_include(<aio/semaphore.hpp>)
#include <aio/semaphore.hpp>
#define BENCH_AIO_HAS_SEMAPHORE 1
#endif
#if __has_include(<aio/queue.hpp>)
#include <aio/queue.hpp>
#define BENCH_AIO_HAS_QUEUE 1
#endif
#if __has_include(<aio/net/tcp.hpp>)
#include <aio/net/tcp.hpp>
#define BENCH_AIO_HAS_TCP 1
#endif

#define BENCH_COUNT_ALLOC_IMPL
#include "common.hpp"

namespace {

constexpr const char* kNotYet = "not yet available";

aio::task<int> leaf(int i) { co_return i + 1; }

void not_yet_available(benchmark::State& state) {
  state.SkipWithError(kNotYet);
  for (auto _ : state) {
  }
}

void create_await(benchmark::State& state) {
  aio::run([&]() -> aio::task<void> {
    int i = 0;
    for (auto _ : state) {
      int v = co_await leaf(i++);
      benchmark::DoNotOptimize(v);
    }
  }());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(create_await)->Name("create_await");

void spawn_join(benchmark::State& state) {
  aio::run([&]() -> aio::task<void> {
    int i = 0;
    for (auto _ : state) {
      aio::join_handle<int> h = aio::spawn(leaf(i++));
      int v = co_await h;
      benchmark::DoNotOptimize(v);
    }
  }());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(spawn_join)->Name("spawn_join");

void gather_100(benchmark::State& state) {
  aio::run([&]() -> aio::task<void> {
    for (auto _ : state) {
      std::vector<aio::task<int>> children;
      children.reserve(bench::kGatherN);
      for (int k = 0; k < bench::kGatherN; ++k) children.push_back(leaf(k));
      std::vector<int> results = co_await aio::gather(std::move(children));
      benchmark::DoNotOptimize(results.data());
    }
  }());
  state.SetItemsProcessed(state.iterations() * bench::kGatherN);
}
BENCHMARK(gather_100)->Name("gather_100");

// Two tasks take the lock in turn and yield while holding it, so every
// release hands it to the other task. One iteration = one acquisition.
// `acquire()` returns an awaitable whose result releases on destruction.
template <class Lock, class Acquire>
void handoff(benchmark::State& state, Acquire acquire) {
  aio::run([&]() -> aio::task<void> {
    Lock lock = Lock();
    bool stop = false;
    auto other = [&]() -> aio::task<void> {
      while (!stop) {
        auto held = co_await acquire(lock);
        co_await aio::yield();
      }
    };
    auto timed = [&]() -> aio::task<void> {
      for (auto _ : state) {
        auto held = co_await acquire(lock);
        co_await aio::yield();
      }
      stop = true;
    };
    co_await aio::gather(timed(), other());
  }());
  state.SetItemsProcessed(state.iterations());
}

#ifdef BENCH_AIO_HAS_MUTEX
void mutex_handoff(benchmark::State& state) {
  handoff<aio::mutex>(state, [](aio::mutex& m) { return m.lock(); });
}
#else
void mutex_handoff(benchmark::State& state) { not_yet_available(state); }
#endif
BENCHMARK(mutex_handoff)->Name("mutex_handoff");

#ifdef BENCH_AIO_HAS_SEMAPHORE
struct semaphore1 : aio::semaphore {
  semaphore1() : aio::semaphore(1) {}
};
void semaphore_handoff(benchmark::State& state) {
  handoff<semaphore1>(state, [](aio::semaphore& s) { return s.acquire(); });
}
#else
void semaphore_handoff(benchmark::State& state) { not_yet_available(state); }
#endif
BENCHMARK(semaphore_handoff)->Name("semaphore_handoff");

#ifdef BENCH_AIO_HAS_QUEUE
// Ping-pong over two queues of maxsize 1. One iteration = one round trip.
void queue_pingpong(benchmark::State& state) {
  aio::run([&]() -> aio::task<void> {
    aio::queue<int> ping(1), pong(1);
    auto echo = [&]() -> aio::task<void> {
      for (;;) {
        int v = co_await ping.get();
        if (v < 0) co_return;
        co_await pong.put(v + 1);
      }
    };
    auto driver = [&]() -> aio::task<void> {
      int i = 0;
      for (auto _ : state) {
        co_await ping.put(i);
        i = co_await pong.get();
      }
      co_await ping.put(-1);
    };
    co_await aio::gather(driver(), echo());
  }());
  state.SetItemsProcessed(state.iterations());
}
#else
void queue_pingpong(benchmark::State& state) { not_yet_available(state); }
#endif
BENCHMARK(queue_pingpong)->Name("queue_pingpong");

aio::task<void> sleeper() { co_await aio::sleep(std::chrono::milliseconds(bench::kSleepMs)); }

// 100k tasks each sleeping 1 ms at the same time. One iteration = one batch
// (spawn all, join all).
void sleep_100k(benchmark::State& state) {
  aio::run([&]() -> aio::task<void> {
    std::vector<aio::join_handle<void>> handles;
    handles.reserve(bench::kSleepers);
    for (auto _ : state) {
      for (int k = 0; k < bench::kSleepers; ++k) handles.push_back(aio::spawn(sleeper()));
      for (auto& h : handles) co_await h;
      handles.clear();
    }
  }());
  state.SetItemsProcessed(state.iterations() * bench::kSleepers);
}
BENCHMARK(sleep_100k)->Name("sleep_100k")->UseRealTime()->Unit(benchmark::kMillisecond)->Iterations(5);

#ifdef BENCH_AIO_HAS_TCP
aio::task<void> echo_session(aio::net::tcp_stream s) {
  std::vector<std::byte> buf(bench::kTputChunk);
  for (;;) {
    std::size_t n = co_await s.read_some(buf);
    if (n == 0) co_return;  // peer closed
    co_await s.write_all(std::span<const std::byte>(buf.data(), n));
  }
}

void no_delay(aio::net::tcp_stream& s) {
  int one = 1;
  ::setsockopt(s.native_handle(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

// Server and client on the same loop, 127.0.0.1, ephemeral port.
template <class Client>
void with_echo_server(Client client) {
  aio::run([&]() -> aio::task<void> {
    auto listener = aio::net::tcp_listener::bind("127.0.0.1", 0);
    aio::net::tcp_stream c = co_await aio::net::connect("127.0.0.1", listener.port());
    aio::net::tcp_stream s = co_await listener.accept();
    no_delay(c);
    no_delay(s);
    auto server = aio::spawn(echo_session(std::move(s)));
    co_await client(c);
    c.shutdown_write();
    co_await server;
  }());
}

void tcp_echo_rtt(benchmark::State& state) {
  with_echo_server([&](aio::net::tcp_stream& c) -> aio::task<void> {
    std::byte out[bench::kEchoMsg] = {}, in[bench::kEchoMsg];
    for (auto _ : state) {
      co_await c.write_all(out);
      co_await c.read_exact(in);
    }
  });
  state.SetItemsProcessed(state.iterations());
}

// 64 KiB requests echoed back whole, one at a time (aio allows one waiting
// operation per socket, so no concurrent reader and writer on one stream;
// the other implementations do the same).
void tcp_throughput(benchmark::State& state) {
  with_echo_server([&](aio::net::tcp_stream& c) -> aio::task<void> {
    std::vector<std::byte> out(bench::kTputChunk, std::byte{'x'}), in(bench::kTputChunk);
    for (auto _ : state) {
      for (long done = 0; done < bench::kTputBytes; done += bench::kTputChunk) {
        co_await c.write_all(out);
        co_await c.read_exact(in);
      }
    }
  });
  state.SetBytesProcessed(state.iterations() * bench::kTputBytes);
}

// Many connections, as a server sees them: a server loop on its own thread
// accepts `conns` connections and echoes each (one spawned session per
// connection); the client loop on the benchmark thread drives all of them
// at once. One iteration = every connection does kConnRounds requests of
// kConnMsg bytes, each echoed back whole before the next (a gather of one
// client task per connection); items = requests.
aio::task<void> serve_conns(aio::net::tcp_listener listener, int conns) {
  std::vector<aio::join_handle<void>> sessions;
  sessions.reserve(conns);
  for (int k = 0; k < conns; ++k) sessions.push_back(aio::spawn(echo_session(co_await listener.accept())));
  for (auto& h : sessions) co_await h;
}

aio::task<void> client_rounds(aio::net::tcp_stream& s, std::span<const std::byte> out, std::span<std::byte> in) {
  for (int r = 0; r < bench::kConnRounds; ++r) {
    co_await s.write_all(out);
    co_await s.read_exact(in);
  }
}

void tcp_echo_conns(benchmark::State& state) {
  const int conns = static_cast<int>(state.range(0));
  auto listener = aio::net::tcp_listener::bind("127.0.0.1", 0);
  std::uint16_t port = listener.port();
  std::thread server([&listener, conns] { aio::run(serve_conns(std::move(listener), conns)); });
  aio::run([&]() -> aio::task<void> {
    std::vector<aio::net::tcp_stream> streams;
    for (int k = 0; k < conns; ++k) {
      streams.push_back(co_await aio::net::connect("127.0.0.1", port));
      no_delay(streams.back());
    }
    std::vector<std::byte> out(bench::kConnMsg, std::byte{'x'});
    std::vector<std::byte> in(std::size_t(conns) * bench::kConnMsg);
    std::vector<aio::task<void>> clients;
    clients.reserve(conns);
    for (auto _ : state) {
      for (int k = 0; k < conns; ++k)
        clients.push_back(client_rounds(streams[k], out, std::span(in).subspan(std::size_t(k) * bench::kConnMsg, bench::kConnMsg)));
      co_await aio::gather(std::move(clients));
      clients.clear();
    }
    for (auto& s : streams) s.shutdown_write();
  }());
  server.join();
  state.SetItemsProcessed(state.iterations() * conns * bench::kConnRounds);
}
#else
void tcp_echo_rtt(benchmark::State& state) { not_yet_available(state); }
void tcp_throughput(benchmark::State& state) { not_yet_available(state); }
void tcp_echo_conns(benchmark::State& state) { not_yet_available(state); }
#endif
BENCHMARK(tcp_echo_rtt)->Name("tcp_echo_rtt")->UseRealTime()->Iterations(20'000);
BENCHMARK(tcp_throughput)->Name("tcp_throughput")->UseRealTime()->Iterations(4);
BENCHMARK(tcp_echo_conns)->Name("tcp_echo_conns_10")->Arg(10)->UseRealTime();
BENCHMARK(tcp_echo_conns)->Name("tcp_echo_conns_100")->Arg(100)->UseRealTime();

// Memory per spawned task parked in aio::sleep, in steady state: the task
// frame, the spawn record (task state, refcount, result slot) and its share
// of the loop's ready queue and timer heap. A first batch of the same size
// runs before the measurement so the loop's vectors already have their
// capacity; the join handles' own storage is reserved and not counted.
aio::task<void> long_sleeper() { co_await aio::sleep(std::chrono::seconds(60)); }

void task_memory(benchmark::State& state) {
  bench::keep_heap_in_arena();
  for (auto _ : state) {
    aio::run([&]() -> aio::task<void> {
      std::vector<aio::join_handle<void>> handles;
      handles.reserve(bench::kMemTasks);
      for (int k = 0; k < bench::kMemTasks; ++k) handles.push_back(aio::spawn(sleeper()));
      for (auto& h : handles) co_await h;
      handles.clear();

      bench::mem_snapshot before;
      for (int k = 0; k < bench::kMemTasks; ++k) handles.push_back(aio::spawn(long_sleeper()));
      co_await aio::yield();  // every child runs up to its sleep
      before.per_task(state.counters, bench::kMemTasks);
      // Of which the spawn record (the rest is the coroutine frame).
      state.counters["record_bytes"] = double(sizeof(aio::detail::spawned<void>));
      for (auto& h : handles) h.cancel();
      for (auto& h : handles) {
        try {
          co_await h;
        } catch (const aio::cancelled_error&) {
        }
      }
    }());
  }
}
BENCHMARK(task_memory)->Name("task_memory")->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
