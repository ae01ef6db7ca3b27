// Common mistake 4: running an event loop from inside a coroutine.
//
// amain calls aio::run on a task, and calls fetch_price_now, a synchronous
// wrapper that runs a loop of its own, where it meant `co_await`. A nested
// loop stalls the running one until it finishes, and deadlocks if it waits
// for something only the outer loop can deliver. aio refuses: at run time
// each nested aio::run throws std::logic_error ("aio::run called while a
// loop is running on this thread"), which this program catches and prints.
// Found by: corolint-nested-run, on the direct aio::run and,
// interprocedurally, on the call of fetch_price_now.
// Fix: `co_await fetch_price(item)`, as in 14_nested_run.cpp.

#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>
#include <stdexcept>

using namespace std::chrono_literals;

aio::task<int> fetch_price(int item) {
  co_await aio::sleep(2ms);  // stands for a request to a pricing service
  co_return item * 10;
}

/// For synchronous callers outside any loop: runs a loop of its own.
int fetch_price_now(int item) { return aio::run(fetch_price(item)); }

aio::task<int> amain() {
  int total = 0, refused = 0;
  try {
    total += aio::run(fetch_price(1));  // mistake: corolint-nested-run
  } catch (const std::logic_error& e) {
    ++refused;
    std::printf("refused: %s\n", e.what());
  }
  try {
    total += fetch_price_now(2);  // mistake: corolint-nested-run
  } catch (const std::logic_error& e) {
    ++refused;
    std::printf("refused: %s\n", e.what());
  }
  std::printf("total %d, %d nested runs refused\n", total, refused);
  co_return refused == 2 ? 0 : 1;
}

int main() { return aio::run(amain()); }
