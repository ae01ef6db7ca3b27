// Step 11: retry.
//
// Transient failures (a 503, a timeout) deserve another attempt after a
// growing delay. aio::retry(factory, policy, predicate) calls `factory` for
// a fresh task per attempt, sleeps with aio::sleep between attempts
// (exponential backoff with optional jitter), retries only the failures the
// predicate accepts, and never retries a cancellation. The loop keeps
// running during the backoff: the heartbeat below keeps ticking.
// Mistake twin: 11_retry_mistake.cpp (corolint-blocking-call).

#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

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
  std::string body = co_await aio::retry([&] { return aio::timeout(100ms, flaky_fetch(calls)); },
                                         {.max_attempts = 5, .initial_delay = 10ms, .multiplier = 2.0,
                                          .max_delay = 100ms, .jitter = 0.1},
                                         aio::retry_on<std::runtime_error, aio::timeout_error>{});
  int seen = ticks;
  beat.cancel();
  try {
    co_await beat;
  } catch (const aio::cancelled_error&) {
  }
  std::printf("got '%s' after %d attempts; heartbeat ticked %d times during the backoff\n", body.c_str(), calls,
              seen);
  co_return body == "payload" && calls == 3 && seen >= 2 ? 0 : 1;
}

int main() { return aio::run(amain()); }
