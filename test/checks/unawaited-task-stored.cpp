// corolint-unawaited-task: a result that refers to a task kept elsewhere is
// not lost. Only a new task (a prvalue) counts, never a reference to one.
// CHECKS: corolint-unawaited-task
#include "mini.h"

#include <optional>
#include <utility>
#include <vector>

mini::task<> make_task();
mini::sleep_awaiter make_awaiter();

struct session {
  mini::task<> current_;
  mini::task<> &current() { return current_; } // a getter of a member
  mini::task<> &&release() { return std::move(current_); }
  mini::task<> restart();
};

/// A builder whose `step` returns the builder itself (a reference).
struct chain {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
  chain &step(int n);
};
chain start_chain();

// --- Positive cases -------------------------------------------------------

mini::task<> a_new_task_is_still_lost(session &s) {
  s.restart(); // returns a new task by value: nobody keeps it
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task returned by 'session::restart' is discarded without being awaited
  // CHECK-FIXES: co_await s.restart(); // returns a new task by value: nobody keeps it
  co_return;
}

mini::task<> a_copy_of_a_new_task_is_still_lost() {
  auto t = make_task();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is never awaited, returned or passed on
  // CHECK-NOTES: :[[@LINE-2]]:12: note: task created here
  co_return;
}

mini::task<> a_task_moved_into_an_unused_local(session &s) {
  auto first = make_task();
  auto second = std::move(first); // `first` is handed on; `second` owns the task now
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 'second' is never awaited, returned or passed on
  // CHECK-NOTES: :[[@LINE-2]]:17: note: task moved in here
  auto taken = std::move(s.current_); // the member's task moves out
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 'taken' is never awaited, returned or passed on
  // CHECK-NOTES: :[[@LINE-2]]:16: note: task moved in here
  co_return;
}

// --- No diagnostic --------------------------------------------------------

struct holder {
  mini::task<> member_;
  std::optional<mini::sleep_awaiter> pending_;
  mini::task<> assign() {
    member_ = make_task(); // operator= returns the member: it is stored
    pending_.emplace(make_awaiter()); // emplace returns the awaiter it keeps
    co_return;
  }
};

mini::task<> stored_in_containers(std::vector<mini::task<>> &tasks,
                                  mini::task_list &list) {
  tasks.emplace_back(make_task()); // the vector keeps it; emplace_back returns a reference
  list.emplace_back(make_task()); // the same, through a user container
  list.front(); // a reference to a task the list keeps
  co_return;
}

mini::task<> getters_of_members(session &s) {
  s.current(); // a reference to the member: the session still owns it
  s.release(); // an rvalue reference: nothing is moved, the member keeps it
  co_return;
}

mini::task<> a_builder_returning_itself() {
  auto c = start_chain();
  c.step(1); // `step` returns `c` itself
  co_await c;
  start_chain().step(2); // the new value is used by `step`, which returns a reference
}

mini::task<> a_moved_task_that_is_awaited() {
  auto first = make_task();
  auto second = std::move(first);
  co_await second; // the task is awaited where it went
}

mini::task<> a_parameter_that_is_awaited(mini::task<> t) {
  co_await t; // the coroutine's implicit copy of `t` is not a local of the user's
}

mini::task<> a_local_copied_from_a_reference(session &s) {
  mini::task<> &ref = s.current(); // a reference binds to the member
  (void)ref;
  co_return;
}
