// Step 6: queues.
//
// aio::queue<T> connects producers and consumers. `co_await q.put(v)` waits
// while a bounded queue is full (back-pressure), `co_await q.get()` waits
// while it is empty, and nothing blocks the loop thread: consumers waiting
// for work, or pretending to do it with aio::sleep, let the others run.
// `q.task_done()` + `co_await q.join()` tells when every item was handled;
// `q.close()` then makes the consumers' get() throw aio::queue_closed.
// Mistake twin: 06_queues_mistake.cpp (corolint-blocking-call,
// corolint-unawaited-task).

#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>

using namespace std::chrono_literals;

aio::task<> producer(aio::queue<int>& q, int jobs) {
  for (int job = 1; job <= jobs; ++job) co_await q.put(job);
  co_await q.put(100);  // one urgent job at the end
}

aio::task<> consumer(aio::queue<int>& q, int& sum, int& handled) {
  try {
    for (;;) {
      int job = co_await q.get();
      co_await aio::sleep(10ms);  // handling the job without blocking the loop
      sum += job;
      ++handled;
      q.task_done();
    }
  } catch (const aio::queue_closed&) {
    // drained and closed: done
  }
}

aio::task<int> amain() {
  auto started = std::chrono::steady_clock::now();
  aio::queue<int> q(4);
  int sum = 0;
  int handled = 0;
  co_await aio::with_task_group([&](aio::task_group& g) -> aio::task<> {
    for (int i = 0; i < 3; ++i) g.spawn(consumer(q, sum, handled));
    co_await producer(q, 11);
    co_await q.join();  // every job handled
    q.close();          // the consumers' get() throws queue_closed
  });
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  std::printf("handled %d of 12 jobs (sum %d) in %lld ms with 3 consumers\n", handled, sum,
              static_cast<long long>(ms.count()));
  co_return handled == 12 && sum == 166 ? 0 : 1;
}

int main() { return aio::run(amain()); }
