// Step 5 mistake: a lost update across a `co_await`.
//
// deposit() reads the balance, suspends, and writes back the old value plus
// its amount. Ten deposits run concurrently: all read 0 before any writes,
// so at run time the balance ends at 100 instead of 1000 (nine updates are
// lost). The audit log is guarded with a std::lock_guard<std::mutex> held
// for one push_back and released before the next suspension: a short
// critical section, which is how state shared with other threads is
// protected, and not the mistake (holding such a lock across a `co_await`
// would be).
// Found by: corolint-unguarded-shared-state (on the write after the
// suspension).
// Fix: `auto guard = co_await m.lock();` on an aio::mutex held across the
// read, the await and the write, as in 05_semaphores_and_locks.cpp.

#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

using namespace std::chrono_literals;

struct account {
  int balance = 0;
  std::vector<std::string> audit;
  std::mutex audit_mutex;

  aio::task<> deposit(int amount) {
    int current = balance;
    co_await aio::sleep(1ms);  // e.g. a fraud check
    balance = current + amount;  // mistake: corolint-unguarded-shared-state
    std::lock_guard<std::mutex> hold(audit_mutex);  // a short critical section: fine
    audit.push_back("deposit " + std::to_string(amount));
  }
};

aio::task<int> amain() {
  account acct;
  std::vector<aio::task<>> deposits;
  for (int i = 0; i < 10; ++i) deposits.push_back(acct.deposit(100));
  co_await aio::gather(std::move(deposits));
  std::printf("balance %d (expected 1000): %d deposits lost\n", acct.balance, (1000 - acct.balance) / 100);
  co_return 0;
}

int main() { return aio::run(amain()); }
