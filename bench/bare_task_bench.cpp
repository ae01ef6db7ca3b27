// The floor for "task create + await": a minimal hand-written lazy task with
// symmetric transfer and no scheduler, no cancellation state, no exception
// slot beyond what the language requires. Nothing here can spawn, so the
// other workloads are "n/a" for this column.
#include <benchmark/benchmark.h>

#include <coroutine>
#include <cstdlib>
#include <exception>
#include <utility>
#include <vector>

#define BENCH_COUNT_ALLOC_IMPL
#include "common.hpp"

namespace {

template <class T>
class lazy {
public:
  struct promise_type {
    T value{};
    std::coroutine_handle<> continuation = std::noop_coroutine();

    lazy get_return_object() noexcept { return lazy{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct final_awaiter {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        return h.promise().continuation;
      }
      void await_resume() noexcept {}
    };
    final_awaiter final_suspend() noexcept { return {}; }
    void return_value(T v) noexcept { value = v; }
    void unhandled_exception() noexcept { std::terminate(); }
  };

  explicit lazy(std::coroutine_handle<promise_type> h) noexcept : h_(h) {}
  lazy(lazy&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  lazy& operator=(lazy&&) = delete;
  ~lazy() {
    if (h_) h_.destroy();
  }

  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> parent) noexcept {
    h_.promise().continuation = parent;
    return h_;
  }
  T await_resume() noexcept { return h_.promise().value; }

  /// Runs to completion from synchronous code (the body never suspends on
  /// anything external in this benchmark).
  T sync_run() {
    h_.resume();
    return h_.promise().value;
  }

private:
  std::coroutine_handle<promise_type> h_;
};

lazy<int> leaf(int i) { co_return i + 1; }

void create_await(benchmark::State& state) {
  auto body = [&state]() -> lazy<int> {
    int i = 0;
    for (auto _ : state) {
      int v = co_await leaf(i);
      benchmark::DoNotOptimize(v);
      ++i;
    }
    co_return i;
  };
  auto t = body();
  benchmark::DoNotOptimize(t.sync_run());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(create_await)->Name("create_await");

// Bytes per coroutine frame of the leaf above: the lower bound any task type
// pays for this body (no scheduler, so nothing else to count).
void task_memory(benchmark::State& state) {
  bench::keep_heap_in_arena();
  std::vector<lazy<int>> keep;
  keep.reserve(bench::kMemTasks);
  for (auto _ : state) {
    bench::mem_snapshot before;
    for (int i = 0; i < bench::kMemTasks; ++i) keep.push_back(leaf(i));
    before.per_task(state.counters, bench::kMemTasks);
    state.PauseTiming();
    keep.clear();
    state.ResumeTiming();
  }
}
BENCHMARK(task_memory)->Name("task_memory")->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
