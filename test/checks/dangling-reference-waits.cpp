// corolint-dangling-reference: a kept task that the caller waits for on
// every path before the borrowed local dies is finished with it. A wait is a
// co_await or a runner over the task's holder, get()/wait() on an eager
// result, a loop that waits for every element of the holder, or a co_await
// of an awaitable (a latch) handed to the task.
// CHECKS: corolint-dangling-reference
#include "mini.h"

#include <string>
#include <utility>
#include <vector>

void use(int);
void use(const std::string &);
std::string make_name();

// An eager result that touches its counter after suspending.
mini::eager_result bump(int &counter) {
  co_await mini::sleep(1);
  ++counter;
}
// A lazy task.
mini::task<> greet(const std::string &name) {
  use(name);
  co_return;
}
// A connection task that counts down a latch when it is done.
mini::task<> serve(const std::string &name, mini_conc::latch &done) {
  co_await mini::sleep(1);
  use(name);
  done.count_down();
}

// --- Positive cases -------------------------------------------------------

void waited_on_one_branch_only(bool wait) {
  int counter = 0;
  std::vector<mini::eager_result> results;
  results.push_back(bump(counter));
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: reference parameter 'counter' of coroutine 'bump' is bound to local 'counter', which is destroyed while the stored task may still use it; pass the argument by value, or await the task in the same full-expression [corolint-dangling-reference]
  // CHECK-NOTES: :18:30: note: parameter declared here
  // CHECK-NOTES: :20:5: note: used here, after the coroutine may have suspended
  // CHECK-NOTES: :19:3: note: the coroutine may suspend here
  // CHECK-NOTES: :[[@LINE-5]]:3: note: the task is stored here
  if (wait)
    for (auto &r : results)
      r.get();
}

void waited_after_the_local_dies() {
  std::vector<mini::eager_result> results;
  {
    int counter = 0;
    results.push_back(bump(counter));
    // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: reference parameter 'counter' of coroutine 'bump' is bound to local 'counter', which is destroyed
    // CHECK-NOTES: :18:30: note: parameter declared here
    // CHECK-NOTES: :20:5: note: used here, after the coroutine may have suspended
    // CHECK-NOTES: :19:3: note: the coroutine may suspend here
    // CHECK-NOTES: :[[@LINE-5]]:5: note: the task is stored here
  }
  for (auto &r : results)
    r.get();
}

void waits_for_another_container() {
  int counter = 0;
  std::vector<mini::eager_result> results, others;
  results.push_back(bump(counter));
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: reference parameter 'counter' of coroutine 'bump' is bound to local 'counter', which is destroyed
  // CHECK-NOTES: :18:30: note: parameter declared here
  // CHECK-NOTES: :20:5: note: used here, after the coroutine may have suspended
  // CHECK-NOTES: :19:3: note: the coroutine may suspend here
  // CHECK-NOTES: :[[@LINE-5]]:3: note: the task is stored here
  for (auto &r : others)
    r.get();
}

void eager_result_never_waited() {
  int counter = 0;
  auto r = bump(counter); // eager: it runs on without its keeper
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: reference parameter 'counter' of coroutine 'bump' is bound to local 'counter', which is destroyed
  // CHECK-NOTES: :18:30: note: parameter declared here
  // CHECK-NOTES: :20:5: note: used here, after the coroutine may have suspended
  // CHECK-NOTES: :19:3: note: the coroutine may suspend here
  // CHECK-NOTES: :[[@LINE-5]]:12: note: the task is stored here
}

mini::task<> awaits_a_latch_it_did_not_hand() {
  std::string name = make_name();
  mini_conc::latch done(1), unrelated(1);
  for (int i = 0; i < 2; i++) // an unbraced body: the spawn is a statement
    mini::spawn_detached(serve(name, done));
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: reference parameter 'name' of coroutine 'serve' is bound to local 'name', which is destroyed while the spawned task may still use it
  // CHECK-NOTES: :28:39: note: parameter declared here
  // CHECK-NOTES: :30:7: note: used here; the task starts suspended, so its body runs only when it is awaited
  // CHECK-NOTES: :[[@LINE-4]]:5: note: the task is spawned here
  // CHECK-MESSAGES: :[[@LINE-5]]:38: warning: reference parameter 'done' of coroutine 'serve' is bound to local 'done', which is destroyed while the spawned task may still use it
  // CHECK-NOTES: :28:63: note: parameter declared here
  // CHECK-NOTES: :31:3: note: used here; the task starts suspended, so its body runs only when it is awaited
  // CHECK-NOTES: :[[@LINE-8]]:5: note: the task is spawned here
  co_await unrelated;
}

void waited_only_after_an_early_return(bool early) {
  int counter = 0;
  std::vector<mini::eager_result> results;
  results.push_back(bump(counter));
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: reference parameter 'counter' of coroutine 'bump' is bound to local 'counter', which is destroyed
  // CHECK-NOTES: :18:30: note: parameter declared here
  // CHECK-NOTES: :20:5: note: used here, after the coroutine may have suspended
  // CHECK-NOTES: :19:3: note: the coroutine may suspend here
  // CHECK-NOTES: :[[@LINE-5]]:3: note: the task is stored here
  if (early)
    return;
  for (auto &r : results)
    r.get();
}

// --- No diagnostic --------------------------------------------------------

// Eager results stored by index and waited for by index before the locals
// die (the loop that waits covers what the loop that stores stored).
void results_waited_by_index(int n) {
  int counter = 0;
  std::vector<mini::eager_result> results(n);
  for (int i = 0; i < n; i++)
    results[i] = bump(counter);
  for (int i = 0; i < n; i++)
    results[i].get();
}

// Waited for in a range-for; wait() counts as get() does.
void results_waited_in_a_range_for() {
  int counter = 0;
  std::vector<mini::eager_result> results;
  results.push_back(bump(counter));
  for (const auto &r : results)
    r.wait();
}

// A lazy task gathered and awaited while the local lives.
mini::task<> gathered_before_the_local_dies(int n) {
  std::string name = make_name();
  std::vector<mini::task<>> tasks;
  for (int i = 0; i < n; i++)
    tasks.push_back(greet(name));
  co_await mini_conc::gather(std::move(tasks));
}

// Each stored task awaited in a range-for.
mini::task<> each_awaited_in_a_loop() {
  std::string name = make_name();
  std::vector<mini::task<>> tasks;
  tasks.push_back(greet(name));
  for (auto &t : tasks)
    co_await t;
}

// A runner over the member that keeps the tasks, while the object lives.
struct client {
  std::string name;
  std::vector<mini::task<>> tasks;
};
mini::task<> talk(client &c) {
  use(c.name);
  co_return;
}
void run_the_members_tasks() {
  client c;
  c.tasks.push_back(talk(c));
  mini::run(mini_conc::gather(std::move(c.tasks)));
}

// The latch handed to every spawned task is awaited before it dies: every
// task that counted it down is done with what it borrowed.
mini::task<> awaits_the_latch_it_handed(int n) {
  std::string name = make_name();
  mini_conc::latch done(n);
  for (int i = 0; i < n; i++)
    mini::spawn_detached(serve(name, done));
  co_await done;
}

// The same through a member of an object handed to the task, with a lambda
// coroutine's closure as the lender.
struct server {
  mini_conc::latch done{1};
};
mini::task<> awaits_a_member_of_what_it_handed(server &s) {
  int accepted = 0;
  auto on_connection = [&accepted](server &srv) -> mini::task<> {
    co_await mini::sleep(1);
    use(accepted);
    srv.done.count_down();
  };
  mini::spawn_detached(on_connection(s));
  co_await s.done;
}

// The spawned task's loop runs to completion on every path.
void spawned_then_run_on_both_branches(bool fast) {
  std::string name = make_name();
  mini::spawn(greet(name));
  if (fast)
    mini::run(greet("fast"));
  else
    mini::run(greet("slow"));
}

// Waited in the same full-expression: get() on the eager result itself.
void waited_in_the_full_expression(int n) {
  [&n]() -> mini::eager_result {
    co_await mini::sleep(1);
    use(n);
  }()
      .get();
}

// A lazy task that is not started on the early return is destroyed unstarted
// there: it never runs after the local died.
mini::task<> lazy_tasks_dropped_on_an_early_return(bool early) {
  std::string name = make_name();
  std::vector<mini::task<>> tasks;
  tasks.push_back(greet(name));
  if (early)
    co_return;
  co_await mini_conc::gather(std::move(tasks));
}

// A lazy task kept by a local that is never named again is never started.
void lazy_task_never_started(int n) {
  auto never = [&n]() -> mini::task<> {
    use(n);
    co_return;
  }();
}

// --- Templates ------------------------------------------------------------

template <class T> mini::eager_result bump_as(T &value) {
  co_await mini::sleep(1);
  ++value;
}
template <class T> void waits_for_each(T start) {
  T value = start;
  std::vector<mini::eager_result> results;
  results.push_back(bump_as(value));
  for (auto &r : results)
    r.get();
}
template void waits_for_each<int>(int);
