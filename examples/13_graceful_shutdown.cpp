// Step 13: graceful shutdown.
//
// A service runs until SIGINT/SIGTERM, then stops cleanly: a supervisor
// waits for the signal with aio::wait_for_signal, closes the work queue so
// producers stop and workers drain what is left, waits (boundedly) for the
// queue to be drained, then cancels whatever is still running. Everything
// runs in a task group, so nothing outlives the shutdown and no failure is
// lost. To be runnable under ctest, this program sends itself SIGTERM after
// a few jobs.
// Mistake twin: 13_graceful_shutdown_mistake.cpp (corolint-fire-and-forget).

#include <aio/aio.hpp>

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

using namespace std::chrono_literals;

aio::task<> worker(aio::queue<int>& q, int& processed) {
  try {
    for (;;) {
      int job = co_await q.get();
      co_await aio::sleep(3ms);  // handle the job
      ++processed;
      q.task_done();
      (void)job;
    }
  } catch (const aio::queue_closed&) {
    // closed and drained: this worker is done
  }
}

// Accepts jobs until the queue is closed; after 10 jobs an operator (here
// the program itself) asks the service to stop.
aio::task<> producer(aio::queue<int>& q, int& accepted) {
  try {
    for (int job = 1;; ++job) {
      co_await q.put(job);
      ++accepted;
      if (job == 10) ::kill(::getpid(), SIGTERM);
      co_await aio::sleep(1ms);
    }
  } catch (const aio::queue_closed&) {
    // shutting down: stop accepting
  }
}

aio::task<int> amain() {
  aio::queue<int> q(8);
  int processed = 0;
  int accepted = 0;
  int signo = 0;
  co_await aio::with_task_group([&](aio::task_group& g) -> aio::task<> {
    for (int i = 0; i < 3; ++i) g.spawn(worker(q, processed));
    g.spawn(producer(q, accepted));
    signo = co_await aio::wait_for_signal({SIGINT, SIGTERM});
    q.close();  // producers' put() now throws; workers drain, then stop
    try {
      co_await aio::timeout(1s, q.join());  // bounded drain
    } catch (const aio::timeout_error&) {
      std::printf("drain timed out; cancelling the rest\n");
    }
    g.cancel();  // stop whatever is left
  });
  std::printf("signal %d: accepted %d jobs, processed %d, shut down cleanly\n", signo, accepted, processed);
  co_return signo == SIGTERM && accepted > 0 && processed == accepted ? 0 : 1;
}

int main() {
  // Block the signals before any thread exists, so they are only ever
  // delivered to wait_for_signal (and a signal sent early stays pending).
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &mask, nullptr);
  return aio::run(amain());
}
