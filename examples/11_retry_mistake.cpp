// Step 11 mistake: a hand-written retry loop that backs off with
// std::this_thread::sleep_for.
//
// `co_await` is not allowed in a catch handler, so the backoff "had to"
// block: sleep_for freezes the loop thread for the whole delay, and every
// other task (here a heartbeat that should tick every 2 ms) stops. At run
// time the heartbeat barely ticks during 30 ms of backoff.
// Found by: corolint-blocking-call (on sleep_for).
// Fix: aio::retry(...) with a retry_policy, which backs off with aio::sleep,
// as in 11_retry.cpp (or record the failure in the handler and
// `co_await aio::sleep(...)` after it).

#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>

using namespace std::chrono_literals;

// Fails twice with "503", then succeeds.
aio::task<std::string> flaky_fetch(int& calls) {
  int attempt = ++calls;
  co_await aio::sleep(1ms);
  if (attempt < 3) throw std::runtime_error("503 service unavailable");
  co_return std::string("payload");
}

aio::task<> heartbeat(int& ticks) {
  for (;;) {
    co_await aio::sleep(2ms);
    ++ticks;
  }
}

aio::task<int> amain() {
  int ticks = 0;
  int calls = 0;
  auto beat = aio::spawn(heartbeat(ticks));
  std::string body;
  auto backoff = 10ms;
  for (int attempt = 1;; ++attempt) {
    try {
      body = co_await flaky_fetch(calls);
      break;
    } catch (const std::runtime_error&) {
      if (attempt == 5) throw;
      std::this_thread::sleep_for(backoff);  // mistake: corolint-blocking-call
      backoff *= 2;
    }
  }
  int seen = ticks;
  beat.cancel();
  try {
    co_await beat;
  } catch (const aio::cancelled_error&) {
  }
  std::printf("got '%s' after %d attempts; heartbeat ticked %d times in 30 ms of backoff (expected ~15)\n",
              body.c_str(), calls, seen);
  co_return 0;
}

int main() { return aio::run(amain()); }
