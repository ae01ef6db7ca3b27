// Fixture for the cppcoro model (models/cppcoro.yaml), against the shapes of
// cppcoro's API in Inputs/cppcoro.h.
// CHECKS: corolint-blocking-call,corolint-fire-and-forget,corolint-missing-timeout,corolint-unguarded-shared-state,corolint-nested-run
#include "cppcoro.h"

#include <stdexcept>

cppcoro::task<int> compute();
cppcoro::task<> may_fail(int n) {
  if (n < 0)
    throw std::invalid_argument("negative");
  co_return;
}

// --- Positive cases -------------------------------------------------------

cppcoro::task<int> nested_sync_wait() {
  int v = cppcoro::sync_wait(compute());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: call to 'cppcoro::sync_wait' in coroutine 'nested_sync_wait' runs a nested event loop that stalls the running one; await the task instead [corolint-nested-run]
  co_return v;
}

cppcoro::task<> unbounded_socket(cppcoro::net::socket &s,
                                 const cppcoro::net::ip_endpoint &peer,
                                 char *buf) {
  co_await s.connect(peer);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cppcoro::net::socket::connect' waits on an external resource with no timeout; wrap it in a timeout or pass a deadline [corolint-missing-timeout]
  co_await s.send(buf, 16);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cppcoro::net::socket::send' waits on an external resource with no timeout; wrap it in a timeout or pass a deadline [corolint-missing-timeout]
  co_await s.recv(buf, 16);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cppcoro::net::socket::recv' waits on an external resource with no timeout; wrap it in a timeout or pass a deadline [corolint-missing-timeout]
}

struct unlocked_counter {
  int value = 0;
  cppcoro::task<> add(int n) {
    int cur = value;
    co_await compute();
    value = cur + n;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'value' is written after a suspension point based on a value read before it; another coroutine may have changed it in between (lost update); hold an async lock across the await [corolint-unguarded-shared-state]
    // CHECK-NOTES: :[[@LINE-4]]:15: note: 'value' read here
    // CHECK-NOTES: :[[@LINE-4]]:5: note: suspension point here
  }
};

// --- No diagnostic --------------------------------------------------------

int main_thread_sync_wait() {
  // Outside any coroutine, sync_wait is how a program starts its work.
  return cppcoro::sync_wait(compute());
}

cppcoro::task<> cancellable_socket(cppcoro::net::socket &s,
                                   const cppcoro::net::ip_endpoint &peer,
                                   char *buf, cppcoro::cancellation_token ct) {
  // The cancellation_token overloads can be stopped by their token.
  co_await s.connect(peer, ct);
  co_await s.send(buf, 16, ct);
  co_await s.recv(buf, 16, ct);
}

cppcoro::task<> server_and_datagrams(cppcoro::net::socket &listener,
                                     cppcoro::net::socket &s,
                                     const cppcoro::net::ip_endpoint &peer,
                                     char *buf) {
  // A server waits for its next client for as long as it runs; a datagram
  // send does not wait on the peer.
  co_await s.accept(listener);
  co_await s.send_to(peer, buf, 16);
}

void scope_spawn(cppcoro::async_scope &scope) {
  // async_scope::spawn terminates the program on an escaping exception:
  // nothing is lost silently, and it returns no handle to keep.
  scope.spawn(may_fail(-1));
}

struct locked_counter {
  cppcoro::async_mutex m;
  int value = 0;
  cppcoro::task<> add(int n) {
    // The async_mutex_lock is held across the suspension.
    auto lock = co_await m.scoped_lock_async();
    int cur = value;
    co_await compute();
    value = cur + n;
  }
};

cppcoro::task<> drives_the_io_service(cppcoro::io_service &io) {
  // cppcoro's idiom: one task of sync_wait(when_all_ready(...)) drives the
  // io_service while the others run on it; the model leaves
  // process_events out.
  io.process_events();
  co_return;
}
