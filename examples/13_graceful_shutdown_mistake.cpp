// Step 13 mistake: workers spawned and forgotten, and a detached thread.
//
// The workers are started with aio::spawn and their handles dropped, and an
// audit thread is detached. On SIGTERM amain simply returns: nothing closes
// the queue or waits for the workers, so aio::run cancels them with jobs
// still queued (at run time only some of the accepted jobs are processed),
// and the detached audit thread is still running when the process exits,
// so its records are cut short. A worker's exception would only show up
// as a line on stderr.
// Found by: corolint-fire-and-forget (on the spawn call and on detach()).
// Fix: spawn the workers into a task group, close the queue on the signal,
// drain it, then cancel; join threads (or use aio::to_thread), as in
// 13_graceful_shutdown.cpp.

#include <aio/aio.hpp>

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

using namespace std::chrono_literals;

std::atomic<int> audit_records{0};

aio::task<> worker(aio::queue<int>& q, int& processed) {
  for (;;) {
    int job = co_await q.get();
    co_await aio::sleep(3ms);  // handle the job
    ++processed;
    q.task_done();
    (void)job;
  }
}

aio::task<int> amain() {
  aio::queue<int> q;
  int processed = 0;
  for (int i = 0; i < 2; ++i) {
    aio::spawn(worker(q, processed));  // mistake: corolint-fire-and-forget // mistake: corolint-dangling-reference
  }
  std::thread audit([] {
    for (int i = 0; i < 5; ++i) {
      std::this_thread::sleep_for(100ms);
      ++audit_records;
    }
  });
  audit.detach();  // mistake: corolint-fire-and-forget
  int accepted = 0;
  for (int job = 1; job <= 20; ++job) {
    co_await q.put(job);
    ++accepted;
    co_await aio::sleep(1ms);  // jobs keep arriving
  }
  ::kill(::getpid(), SIGTERM);  // the operator asks the service to stop
  int signo = co_await aio::wait_for_signal({SIGINT, SIGTERM});
  std::printf("signal %d: accepted %d jobs, processed %d before the workers were cancelled; %d of 5 audit records\n",
              signo, accepted, processed, audit_records.load());
  co_return 0;
}

int main() {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &mask, nullptr);
  return aio::run(amain());
}
