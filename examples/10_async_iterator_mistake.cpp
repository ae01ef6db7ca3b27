// Step 10 mistake: `gen.next()` not awaited, and blocking inside the
// generator.
//
// `rows.next();` is meant to skip the header, but without `co_await` the
// awaiter is created and dropped and nothing is consumed: at run time the
// header is counted as a data row (7 rows instead of 6). And the generator
// waits for each page with std::this_thread::sleep_for: the generator body
// runs on the loop thread (inside its consumer's next()), so it blocks the
// loop like any other coroutine would.
// Found by: corolint-unawaited-task (on the dropped next()) and
// corolint-blocking-call (on sleep_for inside the generator).
// Fix: `co_await rows.next();` and `co_await aio::sleep(...)`, as in
// 10_async_iterator.cpp.

#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

using namespace std::chrono_literals;

// A CSV export read page by page: a header row, then "id,amount" rows.
aio::async_generator<std::string> read_rows(int pages) {
  co_yield std::string("id,amount");
  for (int page = 0; page < pages; ++page) {
    std::this_thread::sleep_for(2ms);  // mistake: corolint-blocking-call
    for (int i = 1; i <= 2; ++i) co_yield std::to_string(page * 2 + i) + "," + std::to_string(10 * i);
  }
}

int amount_of(const std::string& row) { return std::atoi(row.c_str() + row.find(',') + 1); }

aio::task<int> amain() {
  auto rows = read_rows(3);
  rows.next();  // mistake: corolint-unawaited-task
  int total = 0;
  int count = 0;
  while (auto row = co_await rows.next()) {
    total += amount_of(*row);
    ++count;
  }
  std::printf("%d rows (expected 6): the header was never skipped; total %d\n", count, total);
  co_return 0;
}

int main() { return aio::run(amain()); }
