// Step 2 mistake: spawning a task and dropping its handle.
//
// `aio::spawn(warm(...));` starts the work but nothing waits for it: amain
// carries on, reports the cache as ready and returns while the warm-up is
// still sleeping. aio::run then cancels the leftover tasks, so at run time
// the cache is empty (this program prints "cache has 0 entries"); had a
// warm-up failed, its exception would only have been printed at exit.
// Found by: corolint-fire-and-forget (on the spawn call), and
// corolint-dangling-reference (on `cache`: the dropped task holds a
// reference to amain's local map, which dies when amain returns).
// Fix: keep the handles and await them, or spawn into a task group with
// aio::with_task_group, as in 02_task_management.cpp.

#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>
#include <map>
#include <string>

using namespace std::chrono_literals;

aio::task<int> download(std::string name, std::chrono::milliseconds latency) {
  co_await aio::sleep(latency);
  co_return static_cast<int>(name.size()) * 100;  // "bytes"
}

aio::task<> warm(std::map<std::string, int>& cache, std::string key) {
  int bytes = co_await download(key, 5ms);
  cache[key] = bytes;
}

aio::task<int> amain() {
  std::map<std::string, int> cache;
  for (std::string key : {"users", "orders", "prices"}) {
    aio::spawn(warm(cache, key));  // mistake: corolint-fire-and-forget // mistake: corolint-dangling-reference
  }
  std::printf("cache ready? it has %zu entries (expected 3): nobody waited for the warm-up\n", cache.size());
  co_return 0;
}

int main() { return aio::run(amain()); }
