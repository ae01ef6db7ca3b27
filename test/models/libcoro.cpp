// Fixture for the libcoro model (models/libcoro.yaml), against the shapes of
// libcoro's API in Inputs/libcoro.h.
// CHECKS: corolint-blocking-call,corolint-fire-and-forget,corolint-missing-timeout,corolint-unguarded-shared-state,corolint-nested-run
#include "libcoro.h"

#include <stdexcept>
#include <string>

using namespace std::chrono_literals;

coro::task<int> compute();
coro::task<void> may_fail(int n) {
  if (n < 0)
    throw std::invalid_argument("negative");
  co_return;
}
coro::task<void> never_fails() noexcept;

// --- Positive cases -------------------------------------------------------

coro::task<int> nested_sync_wait() {
  // sync_wait blocks the thread the coroutine runs on.
  int v = coro::sync_wait(compute());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: call to 'coro::sync_wait' in coroutine 'nested_sync_wait' runs a nested event loop that stalls the running one; await the task instead [corolint-nested-run]
  co_return v;
}

coro::task<void> pumps_the_scheduler(coro::scheduler &s) {
  s.process_events(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'coro::scheduler::process_events' in coroutine 'pumps_the_scheduler' runs a nested event loop
  co_return;
}

void detached_spawns(coro::thread_pool &tp, coro::scheduler &s) {
  // The self-deleting wrapper ignores the exception may_fail throws.
  tp.spawn_detached(may_fail(-1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'coro::thread_pool::spawn_detached' drops the exceptions of 'may_fail': an error ends it silently; catch them inside it, or keep the work in a scope that receives them [corolint-fire-and-forget]
  // CHECK-NOTES: :14:5: note: an exception can leave 'may_fail' here
  s.spawn_detached(may_fail(-1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'coro::scheduler::spawn_detached' drops the exceptions of 'may_fail'
  // CHECK-NOTES: :14:5: note: an exception can leave 'may_fail' here
}

void dropped_join_task(coro::thread_pool &tp) {
  // Dropping the join task leaves nothing to wait for the spawned one.
  tp.spawn_joinable(never_fails());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'coro::thread_pool::spawn_joinable' is discarded; the task's exceptions are lost and nothing waits for it
}

coro::task<void> unbounded_reads(coro::net::tcp::client &c, std::string &buf) {
  co_await c.connect();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'coro::net::tcp::client::connect' waits on an external resource with no timeout; wrap it in a timeout or pass a deadline [corolint-missing-timeout]
  auto r = co_await c.read_some(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'coro::net::tcp::client::read_some' waits on an external resource with no timeout
  co_await c.write_all(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'coro::net::tcp::client::write_all' waits on an external resource with no timeout
  (void)r;
}

// --- No diagnostic --------------------------------------------------------

int main_thread_sync_wait() {
  // Outside any coroutine, sync_wait is how a program starts its work.
  return coro::sync_wait(compute());
}

coro::task<void> bounded_reads(coro::net::tcp::client &c, std::string &buf) {
  // Each call passes its timeout argument: the call bounds itself.
  co_await c.connect(5s);
  auto r = co_await c.read_some(buf, 5s);
  co_await c.write_all(buf, 1s);
  (void)r;
}

coro::task<void> polls(coro::scheduler &s, int fd) {
  // scheduler::poll waits on any descriptor (often the program's own
  // eventfd or pipe): the model leaves it out.
  co_await s.poll(fd, coro::poll_op::read);
}

coro::task<void> accepts(coro::net::tcp::server &srv) {
  // A server waits for its next client for as long as it runs.
  auto c = co_await srv.accept();
  (void)c;
}

coro::task<void> reads_what_is_there(coro::net::tcp::client &c,
                                     std::string &buf) {
  // recv and send return would_block on libcoro's non-blocking sockets.
  auto [st, got] = c.recv(buf);
  auto [st2, sent] = c.send(buf);
  (void)st; (void)got; (void)st2; (void)sent;
  co_return;
}

void detached_that_cannot_throw(coro::thread_pool &tp) {
  // A task that cannot throw has no exception to lose.
  tp.spawn_detached(never_fails());
}

coro::task<void> waits_a_while(coro::scheduler *s) {
  co_await s->yield_for(20ms);
}

void detached_that_only_waits(coro::scheduler &s) {
  // yield_for is a timer (role sleep), whose only failure is its
  // cancellation: no error to lose.
  s.spawn_detached(waits_a_while(&s));
}

struct counter {
  coro::mutex m;
  int value = 0;
  coro::task<void> add(coro::scheduler &s, int n) {
    // The scoped_lock is held across the suspension: the update is guarded.
    auto lock = co_await m.scoped_lock();
    int cur = value;
    co_await s.schedule_after(1ms);
    value = cur + n;
  }
};

// --- Positive: task_group ------------------------------------------------

void group_starts(coro::task_group<coro::thread_pool> &tg) {
  tg.start(may_fail(-1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'coro::task_group::start' drops the exceptions of 'may_fail'
  // CHECK-NOTES: :14:5: note: an exception can leave 'may_fail' here
  // The result is [[nodiscard]], so real code writes (void)tg.start(...):
  // the cast drops the result, and the exception is lost all the same.
  (void)tg.start(may_fail(-2));
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'coro::task_group::start' drops the exceptions of 'may_fail'
  // CHECK-NOTES: :14:5: note: an exception can leave 'may_fail' here
}

// --- Positive: the names of earlier releases ------------------------------

void spawns_on_an_io_scheduler(coro::io_scheduler &s,
                               coro::task_container<coro::io_scheduler> &tc) {
  s.spawn(may_fail(-3));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'coro::io_scheduler::spawn' drops the exceptions of 'may_fail'
  // CHECK-NOTES: :14:5: note: an exception can leave 'may_fail' here
  tc.start(may_fail(-4));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'coro::task_container::start' drops the exceptions of 'may_fail'
  // CHECK-NOTES: :14:5: note: an exception can leave 'may_fail' here
}

coro::task<int> nested_process_events(coro::io_scheduler &s) {
  s.process_events();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'coro::io_scheduler::process_events' in coroutine 'nested_process_events' runs a nested event loop that stalls the running one; await the task instead [corolint-nested-run]
  co_await s.yield_for(1ms);
  co_return 0;
}

struct unlocked_counter {
  int value = 0;
  coro::task<void> add(coro::scheduler &s, int n) {
    int cur = value;
    co_await s.schedule_after(1ms);
    value = cur + n;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'value' is written after a suspension point based on a value read before it; another coroutine may have changed it in between (lost update); hold an async lock across the await [corolint-unguarded-shared-state]
    // CHECK-NOTES: :[[@LINE-4]]:15: note: 'value' read here
    // CHECK-NOTES: :[[@LINE-4]]:5: note: suspension point here
  }
};
