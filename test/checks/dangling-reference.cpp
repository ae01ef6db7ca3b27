// Fixture for corolint-dangling-reference: an argument a coroutine borrows
// (a reference, pointer, string_view or span parameter; a lambda
// coroutine's closure) dies while the task that uses it is still kept.
#include "mini.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

void use(const std::string &);
void use(std::string_view);
void use(int);
std::string make_name();

// A lazy task (mini::task): its body runs only when awaited.
mini::task<> greet(const std::string &name) {
  use(name);
  co_return;
}
mini::task<> greet_view(std::string_view name) {
  use(name);
  co_return;
}
mini::task<> sum(std::span<const int> values) {
  for (int v : values)
    use(v);
  co_return;
}
mini::task<> by_pointer(const int *p) {
  use(*p);
  co_return;
}
// An eager task that reads its parameter only before its first suspension.
mini::eager_task reads_early(const std::string &name) {
  use(name);
  co_await mini::sleep(1);
}
// An eager task that reads it after.
mini::eager_task reads_late(const std::string &name) {
  co_await mini::sleep(1);
  use(name);
}

// --- Positive cases -------------------------------------------------------

mini::task<> returns_with_temporary() {
  return greet(std::string("x"));
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: reference parameter 'name' of coroutine 'greet' is bound to a temporary that is destroyed at the end of the full-expression while the returned task may still use it; pass the argument by value, or await the task in the same full-expression [corolint-dangling-reference]
  // CHECK-NOTES: :17:39: note: parameter declared here
  // CHECK-NOTES: :18:7: note: used here; the task starts suspended, so its body runs only when it is awaited
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the task is returned here
}

mini::task<> literal_to_string_ref() {
  auto t = greet("literal"); // materialises a std::string temporary
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: reference parameter 'name' of coroutine 'greet' is bound to a temporary
  // CHECK-NOTES: :17:39: note: parameter declared here
  // CHECK-NOTES: :18:7: note: used here; the task starts suspended
  // CHECK-NOTES: :[[@LINE-4]]:12: note: the task is stored here
  co_await t;
}

mini::task<> returns_with_local() {
  std::string name = make_name();
  return greet(name);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: reference parameter 'name' of coroutine 'greet' is bound to local 'name', which is destroyed while the returned task may still use it
  // CHECK-NOTES: :17:39: note: parameter declared here
  // CHECK-NOTES: :18:7: note: used here; the task starts suspended
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the task is returned here
}

mini::task<> view_of_temporary_string() {
  auto t = greet_view(make_name());
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: view parameter 'name' of coroutine 'greet_view' is bound to a temporary
  // CHECK-NOTES: :21:42: note: parameter declared here
  // CHECK-NOTES: :22:7: note: used here; the task starts suspended
  // CHECK-NOTES: :[[@LINE-4]]:12: note: the task is stored here
  co_await t;
}

void spawns_with_temporary() {
  mini::spawn(sum(std::vector<int>{1, 2, 3}));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: view parameter 'values' of coroutine 'sum' is bound to a temporary
  // CHECK-NOTES: :25:39: note: parameter declared here
  // CHECK-NOTES: :26:16: note: used here; the task starts suspended
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the task is spawned here
}

mini::task<> kept_beyond_the_local(mini::task_list &tasks) {
  {
    int value = 42;
    tasks.emplace_back(by_pointer(&value));
    // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: pointer parameter 'p' of coroutine 'by_pointer' is bound to local 'value', which is destroyed while the stored task may still use it
    // CHECK-NOTES: :30:36: note: parameter declared here
    // CHECK-NOTES: :31:8: note: used here; the task starts suspended
    // CHECK-NOTES: :[[@LINE-4]]:5: note: the task is stored here
  }
  co_await tasks.front();
}

void eager_reads_late() {
  auto t = reads_late(make_name());
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: reference parameter 'name' of coroutine 'reads_late' is bound to a temporary
  // CHECK-NOTES: :40:48: note: parameter declared here
  // CHECK-NOTES: :42:7: note: used here, after the coroutine may have suspended
  // CHECK-NOTES: :41:3: note: the coroutine may suspend here
  // CHECK-NOTES: :[[@LINE-5]]:12: note: the task is stored here
  (void)t;
}

// --- No diagnostic --------------------------------------------------------

mini::task<> awaited_in_the_full_expression() {
  co_await greet(std::string("x")); // the temporary outlives the await
  co_await greet_view(make_name());
  co_await mini_io::when_all(greet(make_name()), greet_view(make_name()));
}

int run_to_completion() {
  mini::run(greet(std::string("x"))); // a runner finishes it in the expression
  return 0;
}

mini::task<> local_outlives_the_task() {
  std::string name = make_name();
  auto t = greet(name); // declared after name: destroyed first
  co_await t;
}

mini::task<> literal_to_view() {
  auto t = greet_view("literal"); // a view of static storage
  co_await t;
}

void eager_reads_early() {
  auto t = reads_early(make_name()); // read before the first suspension
  (void)t;
}

mini::task<> passes_its_own_reference(const std::string &name) {
  return greet(name); // the caller's object: its lifetime is the caller's
}

mini::task<> stored_and_awaited_in_scope() {
  mini::task<> outer = greet_view("outer");
  {
    std::string name = make_name();
    outer = greet(name); // kept by an outer local, but awaited in the scope
    co_await outer;
  }
}

void spawned_then_run() {
  std::string name = make_name();
  mini::spawn(greet(name)); // the loop runs to completion while name lives
  mini::run(greet_view("done"));
}

void discarded() {
  greet(std::string("x")); // never runs (corolint-unawaited-task's)
}

// --- Lambdas --------------------------------------------------------------

void lambdas(int n) {
  mini::spawn([n]() -> mini::task<> {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the closure of this lambda coroutine is a temporary destroyed at the end of the full-expression while the spawned task may still use its captures; pass what the lambda needs as parameters by value, or keep the closure alive until the task finishes [corolint-dangling-reference]
    // CHECK-NOTES: :[[@LINE+2]]:9: note: used here; the task starts suspended
    // CHECK-NOTES: :[[@LINE-3]]:3: note: the task is spawned here
    use(n);
    co_return;
  }());
}

mini::task<> lambda_local_returned(int n) {
  auto body = [n]() -> mini::task<> {
    use(n);
    co_return;
  };
  return body();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: the closure of this lambda coroutine is local 'body', which is destroyed while the returned task may still use its captures
  // CHECK-NOTES: :[[@LINE-5]]:9: note: used here; the task starts suspended
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the task is returned here
}

mini::task<> lambdas_fine(int n) {
  // Awaited in the same full-expression.
  co_await [n]() -> mini::task<> {
    use(n);
    co_return;
  }();
  // No captures: the closure holds nothing.
  auto t = [](int m) -> mini::task<> {
    use(m);
    co_return;
  }(n);
  co_await t;
}

// --- Templates and macros -------------------------------------------------

template <class T> mini::task<> show(const T &value) {
  use(value);
  co_return;
}
mini::task<> template_instantiations() {
  auto a = show(std::string("a"));
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: reference parameter 'value' of coroutine 'show' is bound to a temporary
  // CHECK-NOTES: :[[@LINE-7]]:47: note: parameter declared here
  // CHECK-NOTES: :[[@LINE-7]]:7: note: used here; the task starts suspended
  // CHECK-NOTES: :[[@LINE-4]]:12: note: the task is stored here
  auto b = show(1 + 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: reference parameter 'value' of coroutine 'show' is bound to a temporary
  // CHECK-NOTES: :[[@LINE-12]]:47: note: parameter declared here
  // CHECK-NOTES: :[[@LINE-12]]:7: note: used here; the task starts suspended
  // CHECK-NOTES: :[[@LINE-4]]:12: note: the task is stored here
  co_await a;
  co_await b;
}

#define GREET_LATER(x) auto later = greet(x)
mini::task<> through_macro() {
  GREET_LATER(std::string("m"));
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: reference parameter 'name' of coroutine 'greet' is bound to a temporary
  // CHECK-NOTES: :[[@LINE-4]]:43: note: expanded from macro 'GREET_LATER'
  // CHECK-NOTES: :17:39: note: parameter declared here
  // CHECK-NOTES: :18:7: note: used here; the task starts suspended
  // CHECK-NOTES: :[[@LINE-5]]:3: note: the task is stored here
  // CHECK-NOTES: :[[@LINE-8]]:37: note: expanded from macro 'GREET_LATER'
  co_await later;
}

mini::task<> silenced() {
  auto t = greet(std::string("n")); // NOLINT(corolint-dangling-reference)
  co_await t;
}
