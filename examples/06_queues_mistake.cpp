// Step 6 mistake: a consumer that blocks the loop, and a put that is never
// awaited.
//
// The consumers "work" with std::this_thread::sleep_for: it blocks the loop
// thread, so the three consumers run one after the other and the batch
// takes about 3x longer (120 ms instead of 40 ms at run time) while nothing
// else on the loop can run. And the producer's last `q.put(100)` is not
// awaited: the put task is created and dropped, so the urgent job never
// enters the queue (11 of 12 jobs are handled, and nobody notices).
// Found by: corolint-blocking-call (on sleep_for) and
// corolint-unawaited-task (on the dropped put).
// Fix: `co_await aio::sleep(...)` (or aio::to_thread for real blocking
// work) and `co_await q.put(...)`, as in 06_queues.cpp.

#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>
#include <thread>

using namespace std::chrono_literals;

aio::task<> producer(aio::queue<int>& q, int jobs) {
  for (int job = 1; job <= jobs; ++job) co_await q.put(job);
  q.put(100);  // mistake: corolint-unawaited-task
}

aio::task<> consumer(aio::queue<int>& q, int& sum, int& handled) {
  try {
    for (;;) {
      int job = co_await q.get();
      std::this_thread::sleep_for(10ms);  // mistake: corolint-blocking-call
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
    co_await q.join();
    q.close();
  });
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  std::printf("handled %d of 12 jobs (sum %d, expected 166) in %lld ms: the consumers ran one at a time\n",
              handled, sum, static_cast<long long>(ms.count()));
  co_return 0;
}

int main() { return aio::run(amain()); }
