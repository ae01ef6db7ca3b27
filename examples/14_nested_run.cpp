// Common mistake 4 (good): one event loop, run once, awaited inside.
//
// aio::run is the door from synchronous code into aio: it starts a loop on
// the calling thread and drives the task to completion. It is called once,
// from main (or from a thread with no loop of its own); inside the loop,
// work is awaited. A synchronous wrapper that runs its own loop is fine for
// callers outside any loop, such as the start-up code in main below.
// Mistake twin: 14_nested_run_mistake.cpp (corolint-nested-run).

#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>

using namespace std::chrono_literals;

aio::task<int> fetch_price(int item) {
  co_await aio::sleep(2ms);  // stands for a request to a pricing service
  co_return item * 10;
}

/// For synchronous callers outside any loop: runs a loop of its own.
int fetch_price_now(int item) { return aio::run(fetch_price(item)); }

aio::task<int> amain(int base) {
  int total = base;
  for (int item = 1; item <= 3; ++item) total += co_await fetch_price(item);
  std::printf("total %d\n", total);
  co_return total == 70 ? 0 : 1;
}

int main() {
  int base = fetch_price_now(1);  // before the main loop starts
  return aio::run(amain(base));
}
