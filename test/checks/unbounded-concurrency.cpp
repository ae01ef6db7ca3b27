// corolint-unbounded-concurrency: tasks started per element of a
// runtime-sized collection with no limit on how many run at once.
// CHECKS: corolint-unbounded-concurrency
#include "mini.h"

#include <array>
#include <vector>

using namespace mini_conc;
using namespace std::chrono_literals;

task<> handle(int item);
task<> handle_limited(semaphore &sem, int item);
task<int> price(int item);

task<> spawn_per_item(const std::vector<int> &items) {
  std::vector<mini::join_handle<void>> handles;
  for (int item : items)
    handles.push_back(mini::spawn(handle(item)));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'mini::spawn' starts a task per element with no limit on how many run at once; acquire a semaphore permit in each task, or start them in bounded batches [corolint-unbounded-concurrency]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the loop runs once per element of a range whose size only run time knows, and nothing waits in between
  for (auto &h : handles)
    co_await h;
}

task<> group_fed_in_a_loop(group &g, const std::vector<int> &items) {
  for (std::size_t i = 0; i < items.size(); ++i)
    g.spawn(handle(items[i]));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mini_conc::group::spawn' starts a task per element
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the loop runs once per element
  co_return;
}

task<int> gather_over_a_range(const std::vector<int> &items) {
  std::vector<task<int>> batch;
  for (int item : items)
    batch.push_back(price(item));
  // CHECK-NOTES: :[[@LINE-1]]:5: note: a task is added here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the loop runs once per element
  std::vector<int> prices = co_await gather(std::move(batch));
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: 'mini_conc::gather' runs every task of 'batch' at once, one per element, with no limit on how many run at once; pass a limit, acquire a semaphore permit in each task, or gather in bounded batches
  co_return int(prices.size());
}

task<> one_permit_outside_the_loop(semaphore &sem,
                                   const std::vector<int> &items) {
  // One permit for the whole loop limits nothing: every task still starts.
  auto p = co_await sem.acquire();
  for (int item : items)
    mini::spawn_detached(handle(item));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mini::spawn_detached' starts a task per element
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the loop runs once per element
}

task<> crawl(int url) {
  std::vector<int> links(url);
  for (int link : links)
    mini::spawn_detached(crawl(link));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mini::spawn_detached' starts a task per element
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the loop runs once per element
  // CHECK-NOTES: :[[@LINE-3]]:5: note: each task runs 'crawl' again, which starts more tasks in turn
  co_return;
}

void large_constant_fan_out() {
  for (int i = 0; i < 1000; ++i)
    mini::spawn_detached(handle(i));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mini::spawn_detached' starts 1000 tasks at once with no limit on how many run at once
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the loop runs 1000 times and nothing waits in between
}

task<> nested_constant_inside_collection(const std::vector<int> &items) {
  for (int item : items)
    for (int copy = 0; copy < 2; ++copy)
      mini::spawn_detached(handle(item + copy));
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'mini::spawn_detached' starts a task per element
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the loop runs once per element
  co_return;
}

// No diagnostic:

task<> limiter_passed_to_each_task(semaphore &sem,
                                   const std::vector<int> &items) {
  // Each task acquires a permit of the semaphore it is given.
  for (int item : items)
    mini::spawn_detached(handle_limited(sem, item));
  co_return;
}

struct crawler {
  semaphore sem{8};
  task<> visit(int url) {
    auto p = co_await sem.acquire();
    co_await handle(url);
  }
  task<> start(const std::vector<int> &urls) {
    // visit() acquires a permit of the member semaphore itself.
    for (int url : urls)
      mini::spawn_detached(visit(url));
    co_return;
  }
};

task<> permit_per_iteration(semaphore &sem, const std::vector<int> &items) {
  // The loop waits for a permit before each start.
  for (int item : items) {
    auto p = co_await sem.acquire();
    mini::spawn_detached(handle(item));
  }
}

task<> rate_limited(const std::vector<int> &items) {
  // One start per 10ms: a rate limit.
  for (int item : items) {
    mini::spawn_detached(handle(item));
    co_await sleep_for(10ms);
  }
}

task<int> gather_with_a_limit(const std::vector<int> &items) {
  std::vector<task<int>> batch;
  for (int item : items)
    batch.push_back(price(item));
  // At most 8 at once.
  std::vector<int> prices = co_await gather_bounded(std::move(batch), 8);
  co_return int(prices.size());
}

task<> gather_in_batches(const std::vector<std::vector<int>> &chunks) {
  // Each batch is awaited before the next starts.
  for (const auto &chunk : chunks) {
    std::vector<task<>> batch;
    for (int item : chunk)
      batch.push_back(handle(item));
    co_await gather(std::move(batch));
  }
}

task<> small_constant_fan_out() {
  // Four tasks, whatever the input.
  std::array<int, 4> shards{1, 2, 3, 4};
  for (int shard : shards)
    mini::spawn_detached(handle(shard));
  for (int i = 0; i < 8; ++i)
    mini::spawn_detached(handle(i));
  co_return;
}

task<> worker_pool(int workers) {
  // A pool of a chosen size, not one task per element.
  for (int i = 0; i < workers; ++i)
    mini::spawn_detached(handle(i));
  co_return;
}

task<int> accept_next();
task<> server() {
  // An accept loop: one task per connection is how a server works.
  for (;;) {
    int conn = co_await accept_next();
    mini::spawn_detached(handle(conn));
  }
}

task<> sequential_in_loop(const std::vector<int> &items) {
  // Lazy tasks awaited one by one: nothing runs concurrently.
  for (int item : items)
    co_await handle(item);
}

task<> do_while_false(int item) {
  do {
    mini::spawn_detached(handle(item));
  } while (false);
  co_return;
}

task<> wrap(task<> t);
task<> combinator(std::vector<task<>> awaitables) {
  // The range holds operations the caller created: the caller bounds them.
  std::vector<task<>> wrapped;
  for (auto &a : awaitables)
    wrapped.push_back(wrap(std::move(a)));
  co_await gather(std::move(wrapped));
}

// Lambdas, templates, macros.

task<> lambda_per_item(const std::vector<int> &items) {
  auto each = [&](int item) { mini::spawn_detached(handle(item)); };
  // Called once here; the loop is inside the lambda below.
  each(1);
  auto all = [&] {
    for (int item : items)
      mini::spawn_detached(handle(item));
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'mini::spawn_detached' starts a task per element
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the loop runs once per element
  };
  all();
  co_return;
}

template <class Range> task<> spawn_all(const Range &items) {
  for (const auto &item : items)
    mini::spawn_detached(handle(item));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mini::spawn_detached' starts a task per element
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the loop runs once per element
  co_return;
}
template task<> spawn_all(const std::vector<int> &);
template task<> spawn_all(const std::array<int, 3> &);

#define START_ALL(items)                                                       \
  for (int item : items)                                                       \
  mini::spawn_detached(handle(item))

task<> macro_fan_out(const std::vector<int> &items) {
  START_ALL(items);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini::spawn_detached' starts a task per element
  // CHECK-NOTES: :[[@LINE-5]]:3: note: expanded from macro 'START_ALL'
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the loop runs once per element
  // CHECK-NOTES: :[[@LINE-8]]:3: note: expanded from macro 'START_ALL'
  co_return;
}

task<> silenced(const std::vector<int> &items) {
  for (int item : items)
    mini::spawn_detached(handle(item)); // NOLINT(corolint-unbounded-concurrency)
  co_return;
}
