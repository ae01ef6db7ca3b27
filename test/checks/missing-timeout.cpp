// Fixture for corolint-missing-timeout.
#include "mini.h"

using namespace std::chrono_literals;
using mini_io::socket;
using mini_io::timeout_scope;
using mini_io::with_timeout;

// --- Positive cases: the await itself ---------------------------------------

mini::task<int> read_without_timeout(socket &s, char *buf) {
  int n = co_await s.read(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'mini_io::socket::read' waits on an external resource with no timeout; wrap it in a timeout or pass a deadline [corolint-missing-timeout]
  co_return n;
}

mini::task<> connect_without_timeout() {
  co_await mini_io::connect("example.org");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini_io::connect' waits on an external resource with no timeout
}

mini::task<> awaited_through_a_local(socket &s, char *buf) {
  auto op = s.read(buf);
  co_await op;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini_io::socket::read' waits on an external resource with no timeout
}

mini::task<> awaited_through_a_combinator(socket &s, char *a) {
  co_await mini_io::when_all(s.read(a), mini_io::connect("example.org"));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini_io::socket::read' waits on an external resource with no timeout
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: 'mini_io::connect' waits on an external resource with no timeout
}

mini::task<> default_timeout_argument_is_not_passed(socket &s) {
  co_await s.write("x"); // the defaulted duration is "no timeout"
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini_io::socket::write' waits on an external resource with no timeout
}

mini::task<> scope_ended_before_the_await(socket &s, char *buf) {
  {
    timeout_scope t(1s);
  }
  co_await s.read(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini_io::socket::read' waits on an external resource with no timeout
}

mini::task<> scope_declared_after_the_await(socket &s, char *buf) {
  co_await s.read(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini_io::socket::read' waits on an external resource with no timeout
  timeout_scope t(1s);
}

mini::task<> method_without_timeout_role(socket &s, char *buf) {
  co_await s.read(buf).on_executor(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini_io::socket::read' waits on an external resource with no timeout
}

mini::task<> consume(int);
mini::task<> nested_await(socket &s, char *buf) {
  co_await consume(co_await s.read(buf)); // reported once, at the inner await
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'mini_io::socket::read' waits on an external resource with no timeout
}

mini::task<> timeout_used_for_another_await(socket &s, char *a, char *b) {
  co_await with_timeout(1s, s.read(a));
  co_await s.read(b);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini_io::socket::read' waits on an external resource with no timeout
}

// --- Positive cases: through the callers ------------------------------------

mini::task<> fetch_once(socket &s, char *buf) {
  co_await s.read(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini_io::socket::read' waits on an external resource with no timeout
  // CHECK-NOTES: :[[@LINE+5]]:12: note: 'fetch_once' is called here without a timeout
}

// Has no callers itself: it may be called from anywhere.
mini::task<> handler_without_timeout(socket &s, char *buf) {
  co_await fetch_once(s, buf);
}

mini::task<> two_hops_inner(socket &s, char *buf) {
  co_await s.read(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini_io::socket::read' waits on an external resource with no timeout
  // CHECK-NOTES: :[[@LINE+4]]:12: note: 'two_hops_inner' is called here without a timeout
  // CHECK-NOTES: :[[@LINE+6]]:12: note: 'two_hops_middle' is called here without a timeout
}
mini::task<> two_hops_middle(socket &s, char *buf) {
  co_await two_hops_inner(s, buf);
}
mini::task<> two_hops_outer(socket &s, char *buf) {
  co_await two_hops_middle(s, buf);
}

mini::task<> one_caller_bounded_one_not(socket &s, char *buf) {
  co_await s.read(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini_io::socket::read' waits on an external resource with no timeout
  // CHECK-NOTES: :[[@LINE+8]]:12: note: 'one_caller_bounded_one_not' is called here without a timeout
}
mini::task<> calls_both_ways(socket &s, char *buf) {
  timeout_scope t(5s);
  co_await with_timeout(1s, one_caller_bounded_one_not(s, buf));
  co_await one_caller_bounded_one_not(s, buf); // bounded by the scope
}
mini::task<> calls_without_timeout(socket &s, char *buf) {
  co_await one_caller_bounded_one_not(s, buf);
}

mini::task<> spawned_from_a_bounded_place(socket &s, char *buf) {
  co_await s.read(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini_io::socket::read' waits on an external resource with no timeout
  // CHECK-NOTES: :[[@LINE+5]]:24: note: 'spawned_from_a_bounded_place' is called here without a timeout
}
mini::task<> spawner(socket &s, char *buf) {
  timeout_scope t(1s);
  // The spawned task outlives the scope: the timeout does not stop it.
  auto h = mini::spawn(spawned_from_a_bounded_place(s, buf));
  co_await h;
}

mini::task<> recursion_nobody_enters(socket &s, char *buf) {
  co_await s.read(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini_io::socket::read' waits on an external resource with no timeout
  co_await recursion_nobody_enters(s, buf);
  // CHECK-NOTES: :[[@LINE-1]]:12: note: 'recursion_nobody_enters' is called here without a timeout
}

mini::task<> address_taken(socket &s, char *buf) {
  co_await s.read(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini_io::socket::read' waits on an external resource with no timeout
  // CHECK-NOTES: :[[@LINE+4]]:46: note: 'address_taken' is referenced here and may be called without a timeout
}
mini::task<> takes_the_address(socket &s, char *buf) {
  co_await with_timeout(1s, address_taken(s, buf));
  mini::task<> (*later)(socket &, char *) = &address_taken;
  (void)later;
}

struct service {
  virtual mini::task<> serve(socket &s, char *buf) {
    // CHECK-NOTES: :[[@LINE-1]]:24: note: 'service::serve' is virtual; calls through a base class are not tracked
    co_await s.read(buf);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mini_io::socket::read' waits on an external resource with no timeout
  }
};
mini::task<> calls_the_virtual(service &svc, socket &s, char *buf) {
  co_await with_timeout(1s, svc.serve(s, buf));
}

// --- No diagnostic ------------------------------------------------------------

mini::task<> wrapped_in_timeout(socket &s, char *buf) {
  co_await with_timeout(1s, s.read(buf)); // the timeout function bounds it
}

mini::task<> local_passed_to_timeout(socket &s, char *buf) {
  auto op = s.read(buf);
  co_await with_timeout(1s, std::move(op)); // the local flows into the timeout
}

mini::task<> timeout_method(socket &s, char *buf) {
  co_await s.read(buf).with_deadline(1s); // a timeout-role method bounds it
}

mini::task<> timeout_object(socket &s, char *buf) {
  co_await mini_io::timeout_op(1s, s.read(buf)); // a timeout-role class wraps it
}

mini::task<> timeouts_inside_a_combinator(socket &s, char *a, char *b) {
  // each operand is bounded on its own
  co_await mini_io::when_all(with_timeout(1s, s.read(a)),
                             with_timeout(1s, s.read(b)));
}

mini::task<> combinator_inside_a_timeout(socket &s, char *a, char *b) {
  // the timeout bounds the whole combination
  co_await with_timeout(1s, mini_io::when_all(s.read(a), s.read(b)));
}

mini::task<> under_a_scope(socket &s, char *buf) {
  timeout_scope t(1s); // alive until the end of the body
  co_await s.read(buf);
  if (buf[0]) {
    for (int i = 0; i < 3; ++i)
      co_await s.read(buf); // nested blocks are inside the scope too
  }
}

mini::task<> under_a_scope_returned_by_a_function(socket &s, char *buf) {
  auto guard = mini_io::move_on_after(1s); // the type carries the role
  co_await mini_io::connect("example.org");
}

mini::task<> local_awaited_under_a_scope(socket &s, char *buf) {
  auto op = s.read(buf);
  timeout_scope t(1s); // scopes are judged where the await happens
  co_await op;
}

mini::task<> bounding_arguments(socket &s, char *buf, std::stop_token st) {
  co_await s.read(buf, 500ms);                           // a duration
  co_await s.read(buf, mini_io::request_deadline{});     // a deadline type
  co_await s.read(buf, st);                              // a stop token
  co_await s.read(buf, mini_io::cancellation_token{});   // a cancellation token
  co_await mini_io::connect("example.org", mini_io::clock::now() + 1s); // a time point
  co_await s.write("x", 100ms);                          // an explicit duration
}

mini::task<> not_an_external_wait(socket &s, char *buf) {
  co_await s.read_buffered(buf); // no needs_timeout role
  co_await mini::sleep(10);
}

// Every call is bounded (rule 4), directly or through another coroutine.
mini::task<> fetch_bounded(socket &s, char *buf) { co_await s.read(buf); }
mini::task<> outer_bounded(socket &s, char *buf) {
  co_await fetch_bounded(s, buf); // bounded where outer_bounded is called
}
mini::task<> entry(socket &s, char *buf) {
  co_await with_timeout(5s, outer_bounded(s, buf));
  co_await with_timeout(5s, fetch_bounded(s, buf));
}

// Call sites bounded through a local, a scope, or a deadline argument.
mini::task<> fetch_via_local(socket &s, char *buf) { co_await s.read(buf); }
mini::task<> fetch_in_scope(socket &s, char *buf) { co_await s.read(buf); }
mini::task<> fetch_given_deadline(socket &s, mini_io::request_deadline d) {
  co_await s.read(nullptr); // the caller passed a deadline to the coroutine
}
mini::task<> call_sites(socket &s, char *buf) {
  auto t = fetch_via_local(s, buf);
  co_await with_timeout(5s, std::move(t));
  {
    timeout_scope scope(1s);
    co_await fetch_in_scope(s, buf);
  }
  co_await fetch_given_deadline(s, mini_io::request_deadline{});
}

// A plain function that returns the task: bounded where it is called.
mini::task<> fetch_wrapped(socket &s, char *buf) { co_await s.read(buf); }
mini::task<> wrapper(socket &s, char *buf) { return fetch_wrapped(s, buf); }
mini::task<> calls_the_wrapper(socket &s, char *buf) {
  co_await with_timeout(5s, wrapper(s, buf));
}

// Recursion entered only from a bounded call.
mini::task<> retry(socket &s, char *buf, int n) {
  co_await s.read(buf);
  if (n > 0)
    co_await retry(s, buf, n - 1); // inside the caller's timeout
}
mini::task<> ping(socket &s, char *buf, int n);
mini::task<> pong(socket &s, char *buf, int n) {
  co_await s.read(buf);
  co_await ping(s, buf, n - 1);
}
mini::task<> ping(socket &s, char *buf, int n) {
  co_await s.read(buf);
  if (n > 0)
    co_await pong(s, buf, n);
}
mini::task<> starts_recursions(socket &s, char *buf) {
  co_await with_timeout(5s, retry(s, buf, 3));
  co_await with_timeout(5s, pong(s, buf, 3));
}

// --- Lambdas ------------------------------------------------------------------

mini::task<> lambda_called_under_timeout(socket &s, char *buf) {
  auto read_once = [&]() -> mini::task<> { co_await s.read(buf); };
  co_await with_timeout(1s, read_once()); // the lambda's only call is bounded
}

mini::task<> lambda_called_without_timeout(socket &s, char *buf) {
  auto read_once = [&]() -> mini::task<> {
    co_await s.read(buf);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mini_io::socket::read' waits on an external resource with no timeout
  };
  co_await read_once();
  // CHECK-NOTES: :[[@LINE-1]]:12: note: the coroutine lambda is called here without a timeout
}

mini::task<> lambda_passed_on(socket &s, char *buf) {
  auto read_once = [&]() -> mini::task<> {
    co_await s.read(buf);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mini_io::socket::read' waits on an external resource with no timeout
  };
  co_await with_timeout(1s, read_once());
  mini::spawn(read_once());
  // CHECK-NOTES: :[[@LINE-1]]:15: note: the coroutine lambda is called here without a timeout
}

// --- Templates ----------------------------------------------------------------

template <class Stream> mini::task<> generic_read(Stream &s, char *buf) {
  co_await s.read(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini_io::socket::read' waits on an external resource with no timeout
}
template mini::task<> generic_read<socket>(socket &, char *);

template <class Stream> mini::task<> generic_bounded(Stream &s, char *buf) {
  co_await with_timeout(1s, s.read(buf));
}
template mini::task<> generic_bounded<socket>(socket &, char *);

template <class Stream> mini::task<> never_instantiated(Stream &s, char *buf) {
  co_await s.read(buf); // checked in instantiations only
}

// --- Macros -------------------------------------------------------------------

#define READ_ALL(s, buf) co_await (s).read(buf)
mini::task<> through_a_macro(socket &s, char *buf) {
  READ_ALL(s, buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini_io::socket::read' waits on an external resource with no timeout
  // CHECK-NOTES: :[[@LINE-4]]:26: note: expanded from macro 'READ_ALL'
}
