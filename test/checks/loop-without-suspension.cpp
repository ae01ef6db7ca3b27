// corolint-loop-without-suspension: loops in coroutines that can run long
// without giving the thread back.
// CHECKS: corolint-loop-without-suspension
#include "mini.h"

#include <atomic>
#include <regex>
#include <string>
#include <vector>

using namespace mini_conc;

struct spinner {
  bool ready = false;
  std::atomic<bool> stop{false};
  volatile bool irq = false;

  task<> wait_ready() {
    while (!ready) {
    }
    // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: loop in coroutine 'spinner::wait_ready' waits for 'ready' without suspending; nothing can change it while the loop holds the thread, so it spins forever; await an event that is set where 'ready' changes [corolint-loop-without-suspension]
    co_return;
  }

  task<> spin_counting() {
    int spins = 0;
    for (;;) {
      if (ready)
        break;
      ++spins;
    }
    // CHECK-MESSAGES: :[[@LINE-5]]:5: warning: loop in coroutine 'spinner::spin_counting' waits for 'ready' without suspending
    co_return;
  }

  // No diagnostic: an atomic or a volatile is changed by another thread.
  task<> spin_on_atomic() {
    while (!stop.load()) {
    }
    while (!irq) {
    }
    co_return;
  }

  // No diagnostic: the loop calls a member function, which may set ready.
  void poll();
  task<> spin_polling() {
    while (!ready)
      poll();
    co_return;
  }
};

task<> forever() {
  unsigned ticks = 0;
  for (;;) {
    ++ticks;
  }
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: loop in coroutine 'forever' never suspends and has no way out; it holds the thread forever and no other coroutine runs; await something in it or end it
  co_return;
}

// No diagnostic: an empty endless loop halts on purpose, or marks code that
// is never reached (after an await that never resumes).
task<> never_reached() {
  co_await std::suspend_always{};
  for (;;) {
  }
  while (true)
    ;
}

task<int> count_matches(const std::vector<std::string> &lines) {
  std::regex pattern("a+b");
  int n = 0;
  for (const auto &line : lines)
    if (std::regex_search(line, pattern))
      ++n;
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: loop over a runtime-sized range in coroutine 'count_matches' calls 'std::regex_search' in each iteration and never suspends; it holds the event loop for the whole range; run it through an offload function (to_thread) or yield every few iterations
  // CHECK-NOTES: :[[@LINE-3]]:9: note: 'std::regex_search' is listed in HeavyFunctions
  co_return n;
}

// No diagnostic:

task<int> cheap_work(const std::vector<int> &items) {
  // Summing an in-memory container is cheap.
  int sum = 0;
  for (int item : items)
    sum += item;
  co_return sum;
}

task<int> constant_trip_count() {
  std::regex pattern("x");
  int n = 0;
  // Three iterations, whatever the input.
  const char *fixed[] = {"a", "b", "c"};
  for (const char *s : fixed)
    n += std::regex_match(s, pattern);
  co_return n;
}

task<int> yields_every_iteration(const std::vector<std::string> &lines) {
  std::regex pattern("a+b");
  int n = 0;
  for (const auto &line : lines) {
    n += std::regex_search(line, pattern);
    co_await yield();
  }
  co_return n;
}

task<> counted(int limit) {
  // The counter ends the loop.
  int i = 0;
  while (i < limit)
    ++i;
  co_return;
}

task<int> drains(std::vector<int> &q) {
  // The loop changes what its condition reads.
  int n = 0;
  while (!q.empty()) {
    n += q.back();
    q.pop_back();
  }
  co_return n;
}

int parse_one();
task<> ends_by_exception() {
  // parse_one() throws at the end of its input.
  for (;;)
    parse_one();
  co_return;
}

// Lambdas, templates, macros.

task<int> offloaded(const std::vector<std::string> &lines) {
  std::regex pattern("a+b");
  // The loop is in a lambda that to_thread runs elsewhere.
  auto work = [&] {
    int n = 0;
    for (const auto &line : lines)
      n += std::regex_search(line, pattern);
    return n;
  };
  co_return work();
}

template <class Flag> task<> spin_on(Flag &flag) {
  while (!flag) {
  }
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: loop in coroutine 'spin_on' waits for 'flag' without suspending
  co_return;
}
template task<> spin_on(bool &);
template task<> spin_on(std::atomic<bool> &);

#define SPIN_UNTIL(c)                                                          \
  while (!(c)) {                                                               \
  }

task<> spin_macro(bool &flag) {
  SPIN_UNTIL(flag)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: loop in coroutine 'spin_macro' waits for 'flag' without suspending
  // CHECK-NOTES: :[[@LINE-6]]:3: note: expanded from macro 'SPIN_UNTIL'
  co_return;
}

task<> silenced() {
  unsigned ticks = 0;
  for (;;) { // NOLINT(corolint-loop-without-suspension)
    ++ticks;
  }
  co_return;
}
