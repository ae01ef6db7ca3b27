// corolint-dangling-reference next to the two upstream checks for CP.51 and
// CP.53 (docs/checks/dangling-reference.md, "Compared with the upstream
// checks"): which check reports which case.
// CHECKS: corolint-dangling-reference,cppcoreguidelines-avoid-reference-coroutine-parameters,cppcoreguidelines-avoid-capturing-lambda-coroutines
#include "mini.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

void use(std::string_view);
void use(int);
std::string make_name();

// Both: a reference parameter, and a call that stores the task made from a
// temporary. Upstream warns at the parameter, corolint at the argument.
mini::task<> greet(const std::string &name) {
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: coroutine parameters should not be references [cppcoreguidelines-avoid-reference-coroutine-parameters]
  use(name);
  co_return;
}
mini::task<> stores_greet() {
  auto t = greet(make_name());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: reference parameter 'name' of coroutine 'greet' is bound to a temporary that is destroyed at the end of the full-expression while the stored task may still use it
  // CHECK-NOTES: :18:39: note: parameter declared here
  // CHECK-NOTES: :20:7: note: used here; the task starts suspended, so its body runs only when it is awaited
  // CHECK-NOTES: :[[@LINE-4]]:12: note: the task is stored here
  co_await t;
}

// Only upstream: a reference parameter whose every call awaits at once.
mini::task<> log_line(const std::string &line) {
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: coroutine parameters should not be references [cppcoreguidelines-avoid-reference-coroutine-parameters]
  use(line);
  co_return;
}
mini::task<> awaits_log_line() {
  co_await log_line(make_name());
  std::string kept = make_name();
  co_await log_line(kept);
}

// Only corolint: views and pointers are not references to upstream.
mini::task<> greet_view(std::string_view name) {
  use(name);
  co_return;
}
mini::task<> sum(std::span<const int> values) {
  for (int v : values)
    use(v);
  co_return;
}
mini::task<> stores_views() {
  auto a = greet_view(make_name());
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: view parameter 'name' of coroutine 'greet_view' is bound to a temporary
  // CHECK-NOTES: :45:42: note: parameter declared here
  // CHECK-NOTES: :46:7: note: used here; the task starts suspended
  // CHECK-NOTES: :[[@LINE-4]]:12: note: the task is stored here
  auto b = sum(std::vector<int>{1, 2});
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: view parameter 'values' of coroutine 'sum' is bound to a temporary
  // CHECK-NOTES: :49:39: note: parameter declared here
  // CHECK-NOTES: :50:16: note: used here; the task starts suspended
  // CHECK-NOTES: :[[@LINE-4]]:12: note: the task is stored here
  co_await a;
  co_await b;
}

// Only upstream: a capturing lambda coroutine awaited at once.
mini::task<> awaits_lambda(int n) {
  co_await [n]() -> mini::task<> {
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: coroutine lambda may cause use-after-free, avoid captures or ensure lambda closure object has guaranteed lifetime [cppcoreguidelines-avoid-capturing-lambda-coroutines]
    use(n);
    co_return;
  }();
}

// Both: a capturing lambda coroutine invoked as a temporary and spawned.
void spawns_lambda(int n) {
  mini::spawn([n]() -> mini::task<> {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: coroutine lambda may cause use-after-free
    // CHECK-MESSAGES: :[[@LINE-2]]:15: warning: the closure of this lambda coroutine is a temporary destroyed at the end of the full-expression while the spawned task may still use its captures
    // CHECK-NOTES: :[[@LINE+2]]:9: note: used here; the task starts suspended
    // CHECK-NOTES: :[[@LINE-4]]:3: note: the task is spawned here
    use(n);
    co_return;
  }());
}
