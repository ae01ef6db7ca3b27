// corolint-busy-wait: polling a condition by sleeping between checks.
// CHECKS: corolint-busy-wait
#include "mini.h"

#include <atomic>
#include <chrono>

using namespace mini_conc;
using namespace std::chrono_literals;

struct service {
  bool ready = false;
  std::atomic<bool> stopped{false};
  event ready_event;
  int backlog = 0;

  task<> wait_until_ready() {
    while (!ready) {
      co_await sleep_for(10ms);
    }
    // CHECK-MESSAGES: :[[@LINE-3]]:5: warning: loop in coroutine 'service::wait_until_ready' polls '!ready', sleeping between checks; await an event or condition that is signalled when it changes instead [corolint-busy-wait]
    // CHECK-NOTES: :[[@LINE-3]]:7: note: the loop sleeps here and does nothing else
  }

  task<> wait_until_stopped() {
    for (;;) {
      if (stopped.load())
        break;
      co_await schedule_after(100ms);
    }
    // CHECK-MESSAGES: :[[@LINE-5]]:5: warning: loop in coroutine 'service::wait_until_stopped' polls 'stopped.load()', sleeping between checks
    // CHECK-NOTES: :[[@LINE-3]]:7: note: the loop sleeps here and does nothing else
  }

  task<> do_while_poll() {
    do
      co_await sleep_for(5ms);
    while (backlog > 0);
    // CHECK-MESSAGES: :[[@LINE-3]]:5: warning: loop in coroutine 'service::do_while_poll' polls 'backlog > 0', sleeping between checks
    // CHECK-NOTES: :[[@LINE-3]]:7: note: the loop sleeps here and does nothing else
  }

  // No diagnostic:

  task<> awaits_the_event() {
    // A predicate loop that awaits an event: woken when it changes.
    while (!ready)
      co_await ready_event.wait();
  }

  void flush();
  task<> metrics_flush() {
    // Work every period: a flush, not a wait.
    while (!stopped) {
      flush();
      co_await sleep_for(1000ms);
    }
  }

  task<> heartbeat(connection &conn) {
    // Work every period, awaited.
    while (!stopped) {
      co_await conn.write(0);
      co_await sleep_for(1000ms);
    }
  }

  task<> countdown(int n) {
    // A countdown: the loop changes what it tests.
    while (n-- > 0)
      co_await sleep_for(1000ms);
    for (int i = 0; i < n; ++i)
      co_await sleep_for(1000ms);
  }

  task<bool> retry_with_backoff() {
    // Retry with backoff: it attempts something each time.
    for (int attempt = 0; attempt < 5; ++attempt) {
      if (co_await try_host(attempt))
        co_return true;
      co_await sleep_for(std::chrono::milliseconds(10 << attempt));
    }
    co_return false;
  }

  task<> rate_limited(const std::vector<int> &items) {
    // Rate limiting: work each period.
    for (int item : items) {
      co_await store(item);
      co_await sleep_for(10ms);
    }
  }

  task<> until_deadline(std::chrono::steady_clock::time_point deadline) {
    // A deadline: it waits for time, not for state.
    while (std::chrono::steady_clock::now() < deadline)
      co_await sleep_for(10ms);
  }

  task<> just_sleeps() {
    // Nothing is polled.
    while (true)
      co_await sleep_for(10ms);
  }

  task<> yields(bool &flag) {
    // Not a sleep: a yield gives other ready tasks a turn.
    while (!flag)
      co_await yield();
  }
};

// Lambdas, templates, macros.

auto make_poller(bool &flag) {
  return [&flag]() -> task<> {
    while (!flag)
      co_await sleep_for(10ms);
    // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: loop in a coroutine lambda polls '!flag', sleeping between checks
    // CHECK-NOTES: :[[@LINE-2]]:7: note: the loop sleeps here and does nothing else
  };
}

template <class State> task<> poll_state(State &s) {
  while (!s.ready)
    co_await sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: loop in coroutine 'poll_state' polls '!s.ready', sleeping between checks
  // CHECK-NOTES: :[[@LINE-2]]:5: note: the loop sleeps here and does nothing else
}
template task<> poll_state(service &);

#define WAIT_FOR(c)                                                            \
  while (!(c))                                                                 \
  co_await sleep_for(10ms)

task<> macro_poll(bool &flag) {
  WAIT_FOR(flag);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: loop in coroutine 'macro_poll' polls a condition, sleeping between checks
  // CHECK-NOTES: :[[@LINE-6]]:3: note: expanded from macro 'WAIT_FOR'
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the loop sleeps here and does nothing else
  // CHECK-NOTES: :[[@LINE-7]]:3: note: expanded from macro 'WAIT_FOR'
}

task<> silenced(bool &flag) {
  while (!flag) // NOLINT(corolint-busy-wait)
    co_await sleep_for(10ms);
}
