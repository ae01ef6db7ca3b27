// Step 1: basic await.
//
// A coroutine returning aio::task<T> is lazy: calling it only creates the
// task, and its body runs when the task is awaited. `co_await` runs it,
// suspends the caller until it finishes and hands back its value (or
// rethrows its exception). Awaits one after the other run sequentially.
// Mistake twin: 01_basic_await_mistake.cpp (corolint-unawaited-task).

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
  co_await record(journal, "bought apple and watermelon for " + std::to_string(apple + melon));
  std::printf("total %d, journal has %zu entry: %s\n", apple + melon, journal.size(),
              journal.empty() ? "-" : journal.front().c_str());
  co_return journal.size() == 1 && apple + melon == 150 ? 0 : 1;
}

int main() { return aio::run(amain()); }
