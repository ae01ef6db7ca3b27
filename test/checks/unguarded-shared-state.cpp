// Fixture for corolint-unguarded-shared-state.
#include "mini.h"

#include <atomic>
#include <map>
#include <memory>
#include <vector>

using mini_sync::fetch;
using mini_sync::load;

int g_counter;
std::atomic<int> g_hits;

struct stats {
  int hits = 0;
  int misses = 0;
};

// --- Positive cases -------------------------------------------------------

struct account {
  int balance = 0;
  stats counters;
  std::map<int, int> cache;
  std::vector<int> log;
  static int instances;

  mini::task<> member_lost_update(int amount) {
    int cur = balance;
    co_await mini::sleep(1);
    balance = cur + amount;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'balance' is written after a suspension point based on a value read before it; another coroutine may have changed it in between (lost update); hold an async lock across the await [corolint-unguarded-shared-state]
    // CHECK-NOTES: :[[@LINE-4]]:15: note: 'balance' read here
    // CHECK-NOTES: :[[@LINE-4]]:5: note: suspension point here
  }

  mini::task<> explicit_this() {
    int cur = this->balance;
    co_await mini::sleep(1);
    this->balance = cur * 2;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'balance' is written after a suspension point based on a value read before it
    // CHECK-NOTES: :[[@LINE-4]]:15: note: 'balance' read here
    // CHECK-NOTES: :[[@LINE-4]]:5: note: suspension point here
  }

  mini::task<> check_then_act(int k) {
    if (!cache.contains(k)) {
      auto v = co_await load(k);
      cache[k] = v;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'cache' is written after a suspension point under a condition checked before it; another coroutine may have changed it in between (check-then-act); hold an async lock across the await [corolint-unguarded-shared-state]
      // CHECK-NOTES: :[[@LINE-4]]:10: note: 'cache' read here
      // CHECK-NOTES: :[[@LINE-4]]:16: note: suspension point here
    }
  }

  mini::task<> check_then_act_find(int k) {
    if (cache.find(k) == cache.end()) {
      int v = co_await load(k);
      cache.insert({k, v});
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'cache' is written after a suspension point under a condition checked before it
      // CHECK-NOTES: :[[@LINE-4]]:9: note: 'cache' read here
      // CHECK-NOTES: :[[@LINE-4]]:15: note: suspension point here
    }
  }

  mini::task<> check_then_act_through_local(int k) {
    bool missing = !cache.contains(k);
    if (missing) {
      cache[k] = co_await load(k);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'cache' is written after a suspension point under a condition checked before it
      // CHECK-NOTES: :[[@LINE-4]]:21: note: 'cache' read here
      // CHECK-NOTES: :[[@LINE-3]]:18: note: suspension point here
    }
  }

  mini::task<> check_then_act_nested_branch(int k) {
    if (!cache.contains(k)) {
      int v = co_await load(k);
      if (v > 0) // the write is still under the outer, stale condition
        cache[k] = v;
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'cache' is written after a suspension point under a condition checked before it
      // CHECK-NOTES: :[[@LINE-5]]:10: note: 'cache' read here
      // CHECK-NOTES: :[[@LINE-5]]:15: note: suspension point here
    }
  }

  mini::task<> check_then_act_loop_condition(int k) {
    while (cache.size() < 10) {
      int v = co_await load(k);
      cache[k++] = v;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'cache' is written after a suspension point under a condition checked before it
      // CHECK-NOTES: :[[@LINE-4]]:12: note: 'cache' read here
      // CHECK-NOTES: :[[@LINE-4]]:15: note: suspension point here
    }
  }

  mini::task<int> check_then_act_early_return(int k) {
    if (cache.contains(k))
      co_return 0;
    int v = co_await load(k);
    cache.emplace(k, v);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cache' is written after a suspension point under a condition checked before it
    // CHECK-NOTES: :[[@LINE-5]]:9: note: 'cache' read here
    // CHECK-NOTES: :[[@LINE-4]]:13: note: suspension point here
    co_return v;
  }

  mini::task<> field_path() {
    int h = counters.hits;
    co_await mini::sleep(1);
    counters.hits = h + 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'counters.hits' is written after a suspension point based on a value read before it
    // CHECK-NOTES: :[[@LINE-4]]:13: note: 'counters.hits' read here
    // CHECK-NOTES: :[[@LINE-4]]:5: note: suspension point here
  }

  mini::task<> whole_object_written_from_field() {
    int h = counters.hits; // a read of counters.hits ...
    co_await mini::sleep(1);
    counters = stats{h + 1, 0}; // ... conflicts with a write of all of counters
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'counters' is written after a suspension point based on a value read before it
    // CHECK-NOTES: :[[@LINE-4]]:13: note: 'counters.hits' read here
    // CHECK-NOTES: :[[@LINE-4]]:5: note: suspension point here
  }

  mini::task<> non_const_call_from_stale_size() {
    auto n = log.size();
    co_await mini::sleep(1);
    log.resize(n + 1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'log' is written after a suspension point based on a value read before it
    // CHECK-NOTES: :[[@LINE-4]]:14: note: 'log' read here
    // CHECK-NOTES: :[[@LINE-4]]:5: note: suspension point here
  }

  mini::task<> stale_index() {
    auto last = log.size() - 1;
    co_await mini::sleep(1);
    log[last] = 0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'log' is written after a suspension point based on a value read before it
    // CHECK-NOTES: :[[@LINE-4]]:17: note: 'log' read here
    // CHECK-NOTES: :[[@LINE-4]]:5: note: suspension point here
  }

  mini::task<> static_data_member() {
    int n = instances;
    co_await mini::sleep(1);
    instances = n + 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'instances' is written after a suspension point based on a value read before it
    // CHECK-NOTES: :[[@LINE-4]]:13: note: 'instances' read here
    // CHECK-NOTES: :[[@LINE-4]]:5: note: suspension point here
  }
};

mini::task<> global_counter() {
  int c = g_counter;
  co_await mini::sleep(1);
  g_counter = c + 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g_counter' is written after a suspension point based on a value read before it
  // CHECK-NOTES: :[[@LINE-4]]:11: note: 'g_counter' read here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: suspension point here
}

mini::task<> through_two_locals() {
  int a = g_counter;
  int b = a * 2;
  co_await mini::sleep(1);
  g_counter = b;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g_counter' is written after a suspension point based on a value read before it
  // CHECK-NOTES: :[[@LINE-5]]:11: note: 'g_counter' read here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: suspension point here
}

mini::task<> local_incremented_then_stored() {
  int c = g_counter;
  co_await mini::sleep(1);
  ++c;
  g_counter = c;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g_counter' is written after a suspension point based on a value read before it
  // CHECK-NOTES: :[[@LINE-5]]:11: note: 'g_counter' read here
  // CHECK-NOTES: :[[@LINE-5]]:3: note: suspension point here
}

mini::task<> compound_assignment_from_stale_local() {
  int c = g_counter;
  co_await mini::sleep(1);
  g_counter += c;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g_counter' is written after a suspension point based on a value read before it
  // CHECK-NOTES: :[[@LINE-4]]:11: note: 'g_counter' read here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: suspension point here
}

mini::task<> read_and_write_straddle_one_expression() {
  g_counter = g_counter + co_await fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g_counter' is written after a suspension point based on a value read before it
  // CHECK-NOTES: :[[@LINE-2]]:15: note: 'g_counter' read here
  // CHECK-NOTES: :[[@LINE-3]]:27: note: suspension point here
}

mini::task<> function_local_static() {
  static int calls = 0;
  int seen = calls;
  co_await mini::sleep(1);
  calls = seen + 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'calls' is written after a suspension point based on a value read before it
  // CHECK-NOTES: :[[@LINE-4]]:14: note: 'calls' read here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: suspension point here
}

mini::task<> reference_parameter(int &total, int n) {
  int t = total;
  co_await mini::sleep(1);
  total = t + n;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'total' is written after a suspension point based on a value read before it
  // CHECK-NOTES: :[[@LINE-4]]:11: note: 'total' read here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: suspension point here
}

mini::task<> pointer_parameter(stats *s) {
  int h = s->hits;
  co_await mini::sleep(1);
  s->hits = h + 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 's->hits' is written after a suspension point based on a value read before it
  // CHECK-NOTES: :[[@LINE-4]]:11: note: 's->hits' read here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: suspension point here
}

mini::task<> through_a_shared_pointer(std::shared_ptr<mini_sync::executor> &ex) {
  int n = ex->pending();
  co_await mini::sleep(1);
  ex->set_pending(n + 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: '*ex' is written after a suspension point based on a value read before it
  // CHECK-NOTES: :[[@LINE-4]]:11: note: '*ex' read here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: suspension point here
}

struct node {
  int value = 0;
  node *next = nullptr;
};

struct list {
  node *head = nullptr;
  mini::task<> through_a_pointer_member() {
    int v = head->value;
    co_await mini::sleep(1);
    head->value = v + 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'head->value' is written after a suspension point based on a value read before it
    // CHECK-NOTES: :[[@LINE-4]]:13: note: 'head->value' read here
    // CHECK-NOTES: :[[@LINE-4]]:5: note: suspension point here
  }

  // No diagnostic: the pointer is read, what it points to is written.
  mini::task<> pointer_read_pointee_written() {
    node *first = head;
    co_await mini::sleep(1);
    head->value = first != nullptr ? 1 : 0;
  }
};

mini::task<> atomics_are_no_excuse() {
  int c = g_hits.load();
  co_await mini::sleep(1);
  g_hits.store(c + 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g_hits' is written after a suspension point based on a value read before it
  // CHECK-NOTES: :[[@LINE-4]]:11: note: 'g_hits' read here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: suspension point here
}

mini::task<> atomic_implicit_load() {
  int c = g_hits;
  co_await mini::sleep(1);
  g_hits = c + 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g_hits' is written after a suspension point based on a value read before it
  // CHECK-NOTES: :[[@LINE-4]]:11: note: 'g_hits' read here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: suspension point here
}

mini::task<> in_a_loop(int n) {
  for (int i = 0; i < n; ++i) {
    int cur = g_counter;
    co_await mini::sleep(1);
    g_counter = cur + 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'g_counter' is written after a suspension point based on a value read before it
    // CHECK-NOTES: :[[@LINE-4]]:15: note: 'g_counter' read here
    // CHECK-NOTES: :[[@LINE-4]]:5: note: suspension point here
  }
}

mini::task<> suspension_on_one_branch(bool slow) {
  int cur = g_counter;
  if (slow)
    co_await mini::sleep(1);
  g_counter = cur + 1; // flow-sensitive, not path-sensitive: some path suspends
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g_counter' is written after a suspension point based on a value read before it
  // CHECK-NOTES: :[[@LINE-5]]:13: note: 'g_counter' read here
  // CHECK-NOTES: :[[@LINE-4]]:5: note: suspension point here
}

mini_sync::mutex g_mutex;

mini::task<> lock_taken_after_the_read() {
  int cur = g_counter;
  auto guard = co_await g_mutex.lock(); // too late: the read is not covered
  g_counter = cur + 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g_counter' is written after a suspension point based on a value read before it
  // CHECK-NOTES: :[[@LINE-4]]:13: note: 'g_counter' read here
  // CHECK-NOTES: :[[@LINE-4]]:16: note: suspension point here
}

mini::task<> lock_released_before_the_await() {
  int cur = 0;
  {
    auto guard = co_await g_mutex.lock();
    cur = g_counter;
  }
  co_await mini::sleep(1);
  g_counter = cur + 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g_counter' is written after a suspension point based on a value read before it
  // CHECK-NOTES: :[[@LINE-5]]:11: note: 'g_counter' read here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: suspension point here
}

// --- No diagnostic --------------------------------------------------------

struct service {
  int value = 0;
  int limit = 10;
  std::map<int, int> cache;
  mini_sync::mutex m;

  mini::task<int> only_read() {
    int a = value; // read, never written
    co_await mini::sleep(1);
    co_return a + value;
  }

  mini::task<> only_written_after() {
    co_await mini::sleep(1);
    value = 42; // no read before the await
  }

  mini::task<> write_does_not_depend_on_read() {
    int old = value;
    co_await mini::sleep(1);
    value = 0; // overwrites: the old value plays no part
    (void)old;
  }

  mini::task<> write_from_await_result() {
    value = co_await fetch(); // no earlier read
  }

  mini::task<> other_location_read() {
    int l = limit; // limit is read, value is written: different locations
    co_await mini::sleep(1);
    value = l;
  }

  mini::task<> guarded_by_async_lock() {
    auto guard = co_await m.lock(); // held across read, await and write
    int cur = value;
    co_await mini::sleep(1);
    value = cur + 1;
  }

  mini::task<> guarded_check_then_act(int k) {
    auto guard = co_await m.lock();
    if (!cache.contains(k))
      cache[k] = co_await load(k);
  }

  mini::task<> read_and_written_before_the_await() {
    int cur = value;
    value = cur + 1; // the update completes before the coroutine suspends
    co_await mini::sleep(1);
  }

  mini::task<> reread_after_the_await() {
    int cur = value;
    co_await mini::sleep(1);
    cur = value; // fresh value: the stale one is overwritten
    value = cur + 1;
  }

  mini::task<> compound_assignment_reads_after_the_await() {
    value += co_await fetch(); // C++17: the right operand is evaluated first
    value = value + 1;         // read and write after the last await
  }

  mini::task<> condition_checked_after_the_await(int k) {
    int v = co_await load(k);
    if (!cache.contains(k)) // checked after the await: still true at the write
      cache[k] = v;
  }

  mini::task<> condition_rechecked_after_the_await(int k) {
    if (!cache.contains(k)) {
      int v = co_await load(k);
      if (!cache.contains(k)) // the fresh check is the one the write relies on
        cache[k] = v;
    }
  }

  mini::task<> write_before_read_in_a_loop(int n) {
    int cur = 0;
    for (int i = 0; i < n; ++i) {
      value = cur;             // cur comes from the previous iteration's read,
      co_await mini::sleep(1); // which happened after this await
      cur = value;
    }
  }

  mini::task<> read_and_write_in_each_iteration(int n) {
    while (n-- > 0) {
      int cur = value;
      value = cur + 1; // no await between this iteration's read and write
      co_await mini::sleep(1);
    }
  }
};

mini::task<> atomic_fetch_add_after_await() {
  int before = g_hits.load();
  co_await mini::sleep(1);
  g_hits.fetch_add(1); // atomic read-modify-write, independent of `before`
  (void)before;
}

mini::task<> compare_exchange_detects_the_change() {
  int expected = g_hits.load();
  co_await mini::sleep(1);
  // Writes only if g_hits still holds the stale value: fails instead of
  // losing the other coroutine's update.
  g_hits.compare_exchange_strong(expected, expected + 1);
}

mini::task<> pointer_value_is_not_the_pointee(
    std::shared_ptr<mini_sync::executor> &ex) {
  co_await ex->schedule();
  auto keep = ex; // a copy of the pointer: not the executor's state
  int job = co_await mini_sync::fetch();
  ex->post(job + static_cast<int>(keep.use_count()));
}

mini::task<> out_argument_is_the_callee_result(mini_sync::buffer &buf,
                                               mini_sync::error_code &ec) {
  int n = buf.size;
  co_await mini::sleep(1);
  // Passing buf and ec by reference lets the callee store its own result:
  // it does not write a value computed from n.
  co_await mini_sync::read_into(buf, ec);
  (void)n;
}

mini::task<> locals_are_not_shared() {
  int local = 0;
  int cur = local;
  co_await mini::sleep(1);
  local = cur + 1; // only this coroutine call can see `local`
}

mini::task<> by_value_parameter(int copy) {
  int cur = copy;
  co_await mini::sleep(1);
  copy = cur + 1; // a copy in the coroutine frame
}

mini::task<> by_value_struct_parameter(stats s) {
  int h = s.hits;
  co_await mini::sleep(1);
  s.hits = h + 1; // a copy in the coroutine frame
}

void not_a_coroutine() {
  int cur = g_counter;
  g_counter = cur + 1; // no suspension point in a plain function
}

// --- Lambdas --------------------------------------------------------------

void lambdas() {
  int shared = 0;
  auto by_reference = [&shared]() -> mini::task<> {
    int cur = shared;
    co_await mini::sleep(1);
    shared = cur * 2;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'shared' is written after a suspension point based on a value read before it
    // CHECK-NOTES: :[[@LINE-4]]:15: note: 'shared' read here
    // CHECK-NOTES: :[[@LINE-4]]:5: note: suspension point here
  };
  auto default_by_reference = [&]() -> mini::task<> {
    int cur = shared;
    co_await mini::sleep(1);
    shared = cur + 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'shared' is written after a suspension point based on a value read before it
    // CHECK-NOTES: :[[@LINE-4]]:15: note: 'shared' read here
    // CHECK-NOTES: :[[@LINE-4]]:5: note: suspension point here
  };
  // No diagnostic: a by-copy capture belongs to this closure's copy.
  auto by_copy = [shared]() mutable -> mini::task<> {
    int cur = shared;
    co_await mini::sleep(1);
    shared = cur + 1;
  };
  // No diagnostic: a lambda that is not a coroutine never suspends.
  auto plain = [&shared]() {
    int cur = shared;
    shared = cur + 1;
  };
  (void)by_reference;
  (void)default_by_reference;
  (void)by_copy;
  (void)plain;
}

mini::task<> nested_lambda_is_separate() {
  int cur = g_counter;
  co_await mini::sleep(1);
  auto later = [cur]() { g_counter = cur + 1; }; // runs who knows when: not this body's write
  (void)later;
}

// --- Templates and macros -------------------------------------------------

template <class T> mini::task<> generic_update(T &target) {
  T cur = target;
  co_await mini::sleep(1);
  target = cur + 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'target' is written after a suspension point based on a value read before it
  // CHECK-NOTES: :[[@LINE-4]]:11: note: 'target' read here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: suspension point here
}
template mini::task<> generic_update<int>(int &);
template mini::task<> generic_update<long>(long &);

template <class T> mini::task<> never_instantiated(T &target) {
  T cur = target; // only instantiations are analysed
  co_await mini::sleep(1);
  target = cur + 1;
}

#define STORE(location, v) location = (v)

mini::task<> write_in_a_macro() {
  int cur = g_counter;
  co_await mini::sleep(1);
  STORE(g_counter, cur + 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'g_counter' is written after a suspension point based on a value read before it
  // CHECK-NOTES: :[[@LINE-7]]:28: note: expanded from macro 'STORE'
  // CHECK-NOTES: :[[@LINE-5]]:13: note: 'g_counter' read here
  // CHECK-NOTES: :[[@LINE-5]]:3: note: suspension point here
}
