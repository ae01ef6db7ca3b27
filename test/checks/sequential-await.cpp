// corolint-sequential-await: independent awaits run one after another in a
// loop.
// CHECKS: corolint-sequential-await
#include "mini.h"

#include <chrono>
#include <map>
#include <vector>

using namespace mini_conc;
using namespace std::chrono_literals;

task<std::vector<response>> fetch_all(const std::vector<int> &urls) {
  std::vector<response> results;
  for (auto &url : urls)
    results.push_back(co_await fetch(url));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'mini_conc::fetch' is awaited once per element, one after another, though no iteration needs an earlier one's result; start them together with a gather (bounded by a semaphore or in batches) [corolint-sequential-await]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the loop iterates over a runtime-sized range here
  co_return results;
}

task<int> sum_statuses(const client &c, const std::vector<int> &urls) {
  int total = 0;
  for (std::size_t i = 0; i < urls.size(); ++i) {
    response r = co_await c.get(urls[i]);
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'mini_conc::client::get' is awaited once per element
    // CHECK-NOTES: :[[@LINE-3]]:3: note: the loop iterates over a runtime-sized range here
    total += r.status;
  }
  co_return total;
}

task<> fill_map(std::map<int, response> &out, const std::vector<int> &keys) {
  for (int key : keys) {
    auto r = co_await fetch(key);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'mini_conc::fetch' is awaited once per element
    // CHECK-NOTES: :[[@LINE-3]]:3: note: the loop iterates over a runtime-sized range here
    out[key] = r;
  }
}

// No diagnostic:

task<std::vector<response>> paginate(int pages) {
  // The cursor of the next page comes from this page's response.
  std::vector<response> all;
  int cursor = 0;
  for (int page = 0; page < pages; ++page) {
    response r = co_await fetch_page(cursor);
    cursor = r.next;
    all.push_back(r);
  }
  co_return all;
}

task<bool> failover(const std::vector<int> &hosts) {
  // Stops at the first host that answers.
  for (int host : hosts)
    if (co_await try_host(host))
      co_return true;
  co_return false;
}

task<response> first_ok(const std::vector<int> &urls) {
  response last;
  for (int url : urls) {
    last = co_await fetch(url);
    if (last.status == 200)
      break;
  }
  co_return last;
}

task<> ordered_writes(connection &conn, const std::vector<int> &items) {
  // Ordered writes to one connection; the results are not kept.
  for (int item : items)
    co_await conn.write(item);
  for (int item : items)
    co_await store(item);
}

task<std::vector<response>> one_connection(connection &conn,
                                           const std::vector<int> &items) {
  // Requests on one connection go one after another.
  std::vector<response> out;
  for (int item : items)
    out.push_back(co_await conn.request(item));
  co_return out;
}

task<std::vector<response>> rate_limited(const std::vector<int> &urls) {
  // A sleep per iteration: rate limiting on purpose.
  std::vector<response> out;
  for (int url : urls) {
    out.push_back(co_await fetch(url));
    co_await sleep_for(100ms);
  }
  co_return out;
}

task<std::vector<response>> with_permit(semaphore &sem,
                                        const std::vector<int> &urls) {
  // A permit taken per iteration.
  std::vector<response> out;
  for (int url : urls) {
    auto p = co_await sem.acquire();
    out.push_back(co_await fetch(url));
  }
  co_return out;
}

task<std::vector<response>> under_lock(mini_sync::mutex &m,
                                       const std::vector<int> &urls) {
  // Serialised under an async lock on purpose.
  auto guard = co_await m.lock();
  std::vector<response> out;
  for (int url : urls)
    out.push_back(co_await fetch(url));
  co_return out;
}

task<std::vector<int>> join_handles(
    std::vector<mini::join_handle<int>> &handles) {
  // The tasks already run; awaiting each one joins them.
  std::vector<int> out;
  for (auto &h : handles)
    out.push_back(co_await h);
  co_return out;
}

task<int> queue_consumer(mini::task<int> (*next)()) {
  // A consumer: one message after another, for as long as they come.
  int sum = 0;
  while (true) {
    int v = co_await next();
    if (v < 0)
      break;
    sum += v;
  }
  co_return sum;
}

task<> periodic(int ticks) {
  for (int i = 0; i < ticks; ++i)
    co_await sleep_for(1000ms);
}

task<response> constant_three() {
  // Three fixed requests: write a gather if it matters.
  response last;
  for (int url : {1, 2, 3})
    last = co_await fetch(url);
  co_return last;
}

// Lambdas, templates, macros.

auto make_fetcher(const std::vector<int> &urls) {
  return [&urls]() -> task<int> {
    int n = 0;
    for (int url : urls) {
      response r = co_await fetch(url);
      // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'mini_conc::fetch' is awaited once per element
      // CHECK-NOTES: :[[@LINE-3]]:5: note: the loop iterates over a runtime-sized range here
      n += r.status;
    }
    co_return n;
  };
}

template <class Range> task<int> count_ok(const Range &urls) {
  int n = 0;
  for (const auto &url : urls) {
    response r = co_await fetch(url);
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'mini_conc::fetch' is awaited once per element
    // CHECK-NOTES: :[[@LINE-3]]:3: note: the loop iterates over a runtime-sized range here
    n += r.status == 200;
  }
  co_return n;
}
template task<int> count_ok(const std::vector<int> &);

#define FETCH_INTO(out, urls)                                                  \
  for (int url : urls)                                                         \
  out.push_back(co_await fetch(url))

task<std::vector<response>> macro_loop(const std::vector<int> &urls) {
  std::vector<response> out;
  FETCH_INTO(out, urls);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini_conc::fetch' is awaited once per element
  // CHECK-NOTES: :[[@LINE-6]]:17: note: expanded from macro 'FETCH_INTO'
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the loop iterates over a runtime-sized range here
  // CHECK-NOTES: :[[@LINE-9]]:3: note: expanded from macro 'FETCH_INTO'
  co_return out;
}

task<std::vector<response>> silenced(const std::vector<int> &urls) {
  std::vector<response> out;
  for (int url : urls)
    out.push_back(co_await fetch(url)); // NOLINT(corolint-sequential-await)
  co_return out;
}
