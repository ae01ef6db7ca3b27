// Step 2: task management.
//
// aio::spawn starts a task concurrently and returns a join_handle: keep it,
// and await it to get the result (or the exception) and to know the work is
// finished. When a whole set of tasks must finish together, let a task group
// own them: aio::with_task_group returns only when every child has finished,
// so nothing can be forgotten.
// Mistake twin: 02_task_management_mistake.cpp (corolint-fire-and-forget).

#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

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
  auto started = std::chrono::steady_clock::now();

  // Spawned tasks run concurrently; the handles are kept and awaited.
  std::vector<aio::join_handle<int>> handles;
  for (std::string name : {"index.html", "style.css", "app.js"})
    handles.push_back(aio::spawn(download(name, 20ms)));
  int total = 0;
  for (auto& h : handles) total += co_await h;

  // A task group owns its children: leaving with_task_group means all ran.
  std::map<std::string, int> cache;
  co_await aio::with_task_group([&](aio::task_group& g) -> aio::task<> {
    for (std::string key : {"users", "orders", "prices"}) g.spawn(warm(cache, key));
    co_return;
  });

  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  std::printf("downloaded %d bytes; cache has %zu entries; %lld ms (concurrent, not 3 x 20 ms)\n", total,
              cache.size(), static_cast<long long>(ms.count()));
  co_return total == 2500 && cache.size() == 3 ? 0 : 1;
}

int main() { return aio::run(amain()); }
