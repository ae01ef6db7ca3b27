// Step 5: semaphores and locks.
//
// Coroutines on one loop never run at the same instant, but every
// `co_await` is a point where another one may run. A read-modify-write of
// shared state that spans an await must hold an aio::mutex:
// `auto guard = co_await m.lock();` (released when the guard goes out of
// scope). An aio::semaphore bounds how many tasks do something at once
// (`auto permit = co_await limit.acquire();`). Never hold a std::mutex
// across an await: the loop thread would wait for it, and another coroutine
// on the same thread locking it deadlocks the loop.
// Mistake twin: 05_semaphores_and_locks_mistake.cpp
// (corolint-unguarded-shared-state).

#include <aio/aio.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace std::chrono_literals;

struct account {
  int balance = 0;
  std::vector<std::string> audit;
  aio::mutex m;

  aio::task<> deposit(int amount) {
    auto guard = co_await m.lock();
    int current = balance;
    co_await aio::sleep(1ms);  // e.g. a fraud check while the balance is held
    balance = current + amount;
    audit.push_back("deposit " + std::to_string(amount));
  }
};

aio::task<> call_api(aio::semaphore& limit, int& in_flight, int& peak) {
  auto permit = co_await limit.acquire();
  ++in_flight;
  peak = std::max(peak, in_flight);
  co_await aio::sleep(2ms);
  --in_flight;
}

aio::task<int> amain() {
  account acct;
  std::vector<aio::task<>> deposits;
  for (int i = 0; i < 10; ++i) deposits.push_back(acct.deposit(100));
  co_await aio::gather(std::move(deposits));
  std::printf("balance %d (expected 1000), %zu audit entries\n", acct.balance, acct.audit.size());

  aio::semaphore limit(3);
  int in_flight = 0;
  int peak = 0;
  std::vector<aio::task<>> calls;
  for (int i = 0; i < 12; ++i) calls.push_back(call_api(limit, in_flight, peak));
  co_await aio::gather(std::move(calls));
  std::printf("at most %d calls in flight (limit 3)\n", peak);
  co_return acct.balance == 1000 && peak == 3 ? 0 : 1;
}

int main() { return aio::run(amain()); }
