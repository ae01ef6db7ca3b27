// Step 1 mistake: calling a coroutine without `co_await`.
//
// `record(journal, ...)` creates the task and drops it: the body never runs,
// so the purchase is never journaled. Nothing fails and nothing is printed by
// the compiler unless it warns about [[nodiscard]]; keeping the task in a
// local that is never awaited silences even that. At run time the journal
// stays empty (this program prints "journal has 0 entries" and the purchase
// is silently lost).
// Found by: corolint-unawaited-task (on the call of each dropped task).
// Fix: `co_await record(journal, ...)`, as in 01_basic_await.cpp.

#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace std::chrono_literals;

aio::task<int> fetch_price(std::string item) {
  co_await aio::sleep(5ms);  // stands for a request to a pricing service
  co_return static_cast<int>(item.size()) * 10;
}

aio::task<> record(std::vector<std::string>& journal, std::string line) {
  co_await aio::sleep(1ms);  // stands for a write to durable storage
  journal.push_back(std::move(line));
}

aio::task<int> amain() {
  std::vector<std::string> journal;
  int apple = co_await fetch_price("apple");
  int melon = co_await fetch_price("watermelon");
  record(journal, "bought apple and watermelon for " + std::to_string(apple + melon));  // mistake: corolint-unawaited-task
  auto receipt = record(journal, "receipt sent");  // mistake: corolint-unawaited-task
  std::printf("total %d, journal has %zu entries (expected 2): the unawaited tasks never ran\n",
              apple + melon, journal.size());
  co_return 0;
}

int main() { return aio::run(amain()); }
