// corolint-unguarded-shared-state, check-then-act: the write must act on the
// fact the stale condition checked (insert or erase on the checked key, an
// update of the checked value); a write that replaces the value is correct
// whatever the check found.
// CHECKS: corolint-unguarded-shared-state
#include "mini.h"

#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

using mini_sync::fetch;
using mini_sync::load;
using mini_sync::poll;

// --- Positive cases -------------------------------------------------------

struct bank {
  int balance = 0;
  int active = 0;
  std::atomic<int> tokens{0};
  std::map<int, int> cache;
  std::map<std::string, int> sessions;
  std::deque<int> jobs;
  std::vector<int> slots;

  mini::task<> debit_after_balance_check(int amount) {
    if (balance >= amount) {
      co_await mini::sleep(1);
      balance -= amount;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'balance' is written after a suspension point under a condition checked before it; another coroutine may have changed it in between (check-then-act); hold an async lock across the await [corolint-unguarded-shared-state]
      // CHECK-NOTES: :[[@LINE-4]]:9: note: 'balance' read here
      // CHECK-NOTES: :[[@LINE-4]]:7: note: suspension point here
    }
  }

  mini::task<> debit_spelled_as_assignment(int amount) {
    if (balance >= amount) {
      co_await mini::sleep(1);
      balance = balance - amount; // a fresh read, but the check is stale
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'balance' is written after a suspension point under a condition checked before it
      // CHECK-NOTES: :[[@LINE-4]]:9: note: 'balance' read here
      // CHECK-NOTES: :[[@LINE-4]]:7: note: suspension point here
    }
  }

  mini::task<> atomic_take_after_check() {
    if (tokens.load() > 0) {
      co_await mini::sleep(1);
      tokens.fetch_sub(1); // atomic, but the check is stale
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'tokens' is written after a suspension point under a condition checked before it
      // CHECK-NOTES: :[[@LINE-4]]:9: note: 'tokens' read here
      // CHECK-NOTES: :[[@LINE-4]]:7: note: suspension point here
    }
  }

  mini::task<> increment_under_a_bound_in_a_loop(int limit) {
    while (active < limit) {
      co_await mini::sleep(1);
      ++active;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'active' is written after a suspension point under a condition checked before it
      // CHECK-NOTES: :[[@LINE-4]]:12: note: 'active' read here
      // CHECK-NOTES: :[[@LINE-4]]:7: note: suspension point here
    }
  }

  mini::task<> insert_after_count_is_zero(int k) {
    if (cache.count(k) == 0) {
      int v = co_await load(k);
      cache.emplace(k, v);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'cache' is written after a suspension point under a condition checked before it
      // CHECK-NOTES: :[[@LINE-4]]:9: note: 'cache' read here
      // CHECK-NOTES: :[[@LINE-4]]:15: note: suspension point here
    }
  }

  mini::task<> insert_pair_after_not_found(int k) {
    if (cache.find(k) == cache.end()) {
      int v = co_await load(k);
      cache.insert({k, v}); // the key inside the pair is the checked one
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'cache' is written after a suspension point under a condition checked before it
      // CHECK-NOTES: :[[@LINE-4]]:9: note: 'cache' read here
      // CHECK-NOTES: :[[@LINE-4]]:15: note: suspension point here
    }
  }

  mini::task<> erase_after_lookup(std::string id) {
    if (sessions.contains(id)) {
      co_await mini::sleep(1);
      sessions.erase(id);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'sessions' is written after a suspension point under a condition checked before it
      // CHECK-NOTES: :[[@LINE-4]]:9: note: 'sessions' read here
      // CHECK-NOTES: :[[@LINE-4]]:7: note: suspension point here
    }
  }

  mini::task<> pop_after_not_empty() {
    if (!jobs.empty()) {
      co_await mini::sleep(1);
      jobs.pop_front();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'jobs' is written after a suspension point under a condition checked before it
      // CHECK-NOTES: :[[@LINE-4]]:10: note: 'jobs' read here
      // CHECK-NOTES: :[[@LINE-4]]:7: note: suspension point here
    }
  }

  mini::task<> push_after_capacity_check(int limit) {
    if (jobs.size() < static_cast<unsigned>(limit)) {
      int job = co_await fetch();
      jobs.push_back(job);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'jobs' is written after a suspension point under a condition checked before it
      // CHECK-NOTES: :[[@LINE-4]]:9: note: 'jobs' read here
      // CHECK-NOTES: :[[@LINE-4]]:17: note: suspension point here
    }
  }

  mini::task<> fill_the_checked_slot(int i) {
    if (slots[i] == 0) {
      int v = co_await fetch();
      slots[i] = v;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'slots' is written after a suspension point under a condition checked before it
      // CHECK-NOTES: :[[@LINE-4]]:9: note: 'slots' read here
      // CHECK-NOTES: :[[@LINE-4]]:15: note: suspension point here
    }
  }
};

// --- No diagnostic --------------------------------------------------------

enum class state { idle, running, stopped };

struct connection {
  bool ready = false;
  state st = state::idle;
  int value = 0;
  std::atomic<bool> done{false};
  std::map<int, int> cache;
  mini_sync::buffer in;

  mini::task<> readiness_flag_set_after_poll() {
    if (!ready) {
      co_await poll();
      ready = true; // a constant: right whatever the check found
    }
  }

  mini::task<> state_assigned_a_constant() {
    if (st == state::idle) {
      co_await poll();
      st = state::running; // replaces the state, does not compute from it
    }
  }

  mini::task<> fresh_await_result_stored() {
    if (value == 0)
      value = co_await fetch(); // the value comes from after the suspension
  }

  mini::task<> value_computed_after_the_suspension() {
    if (value > 0) {
      int fresh = co_await fetch();
      value = fresh * 2; // depends on nothing read before the suspension
    }
  }

  mini::task<> atomic_flag_stored() {
    if (!done.load()) {
      co_await poll();
      done.store(true); // a store of a constant, like the plain flag
    }
  }

  mini::task<> other_key_written(int k, int j) {
    if (!cache.contains(k)) {
      int v = co_await load(k);
      cache[j] = v; // j was not checked
    }
  }

  mini::task<> buffer_consumed_after_reading_into_it() {
    mini_sync::error_code ec;
    while (in.size == 0) {
      int n = co_await mini_sync::read_into(in, ec); // fills the buffer
      in.consume(n); // consumes what this read returned
    }
  }
};

struct response {
  int status = 0;
  std::string body;
  void set_status(int s) { status = s; }
};

mini::task<> response_filled_in(response &res) {
  if (res.status == 0) {
    int code = co_await fetch();
    res.set_status(code); // neither an insert, an erase nor an update
  }
}

mini::task<int> out_parameter_overwritten(mini_sync::buffer &buf,
                                          mini_sync::error_code &ec) {
  if (ec)
    co_return 0;
  int n = co_await mini_sync::read_into(buf, ec); // the callee's fresh result
  if (!ec)
    n += co_await mini_sync::read_into(buf, ec);
  co_return n;
}

// --- One activation owns the fact ------------------------------------------
//
// A session's writer coroutine is started once per session and is the only
// code that removes from the queue; deliver() only appends, which cannot
// make a non-empty queue empty. No diagnostic.

class session : public std::enable_shared_from_this<session> {
public:
  void start() {
    mini::spawn_detached(
        [self = shared_from_this()]() -> mini::task<> { co_await self->writer(); }());
  }
  void deliver(int message) { outbox_.push_back(message); }

private:
  mini::task<> writer() {
    while (open_) {
      if (!outbox_.empty()) {
        co_await mini::sleep(1);
        outbox_.pop_front(); // no diagnostic: the only remover, once per session
      } else {
        co_await mini::sleep(10);
      }
    }
  }
  std::deque<int> outbox_;
  bool open_ = true;
};

mini::task<> accept_sessions() {
  for (int i = 0; i < 8; ++i) {
    std::make_shared<session>()->start(); // a new session each time
    co_await mini::sleep(1);
  }
}

// The same shape, but two writers can run on one object, or another
// function also removes: the fact can change during the suspension.

class two_writers {
public:
  void start() {
    mini::spawn_detached(writer());
    mini::spawn_detached(writer());
  }

private:
  mini::task<> writer() {
    if (!outbox_.empty()) {
      co_await mini::sleep(1);
      outbox_.pop_front();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'outbox_' is written after a suspension point under a condition checked before it
      // CHECK-NOTES: :[[@LINE-4]]:10: note: 'outbox_' read here
      // CHECK-NOTES: :[[@LINE-4]]:7: note: suspension point here
    }
  }
  std::deque<int> outbox_;
};

class writer_and_a_canceller {
public:
  void start() { mini::spawn_detached(writer()); }
  void cancel_all() { outbox_.clear(); } // removes too

private:
  mini::task<> writer() {
    if (!outbox_.empty()) {
      co_await mini::sleep(1);
      outbox_.pop_front();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'outbox_' is written after a suspension point under a condition checked before it
      // CHECK-NOTES: :[[@LINE-4]]:10: note: 'outbox_' read here
      // CHECK-NOTES: :[[@LINE-4]]:7: note: suspension point here
    }
  }
  std::deque<int> outbox_;
};

// A coroutine lambda started once, counting into a local of its caller that
// nothing else increments: no diagnostic. Started in a loop, several
// activations share the counter.

void bounded_accepts(int limit) {
  std::atomic<int> accepted{0};
  auto server = [](std::atomic<int> &count, int limit) -> mini::task<> {
    while (count.load() < limit) {
      co_await mini::sleep(1);
      count.fetch_add(1); // no diagnostic: one server owns the counter
    }
  };
  mini::run(server(accepted, limit));
}

void many_servers(int limit) {
  std::atomic<int> accepted{0};
  auto server = [](std::atomic<int> &count, int limit) -> mini::task<> {
    while (count.load() < limit) {
      co_await mini::sleep(1);
      count.fetch_add(1);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'count' is written after a suspension point under a condition checked before it
      // CHECK-NOTES: :[[@LINE-4]]:12: note: 'count' read here
      // CHECK-NOTES: :[[@LINE-4]]:7: note: suspension point here
    }
  };
  for (int i = 0; i < 4; ++i)
    mini::spawn_detached(server(accepted, limit));
}
