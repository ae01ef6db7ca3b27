// Step 10: async iterator (Python's `async for`).
//
// aio::async_generator<T> is a coroutine that can both `co_await` (fetch the
// next page) and `co_yield` (hand out one row). It is lazy: its body runs
// only inside `co_await gen.next()`, which returns std::optional<T> (empty
// at the end). aio::for_each(gen, fn) is the `async for` loop.
// Mistake twin: 10_async_iterator_mistake.cpp (corolint-unawaited-task,
// corolint-blocking-call).

#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace std::chrono_literals;

// A CSV export read page by page: a header row, then "id,amount" rows.
aio::async_generator<std::string> read_rows(int pages) {
  co_yield std::string("id,amount");
  for (int page = 0; page < pages; ++page) {
    co_await aio::sleep(2ms);  // fetch the next page
    for (int i = 1; i <= 2; ++i) co_yield std::to_string(page * 2 + i) + "," + std::to_string(10 * i);
  }
}

int amount_of(const std::string& row) { return std::atoi(row.c_str() + row.find(',') + 1); }

aio::task<int> amain() {
  auto rows = read_rows(3);
  auto header = co_await rows.next();  // skip the header
  int total = 0;
  int count = 0;
  while (auto row = co_await rows.next()) {
    total += amount_of(*row);
    ++count;
  }
  std::printf("header '%s', %d rows, total %d\n", header ? header->c_str() : "-", count, total);

  int again = 0;
  auto more = read_rows(2);
  co_await aio::for_each(more, [&](std::string row) { again += row.starts_with("id") ? 0 : 1; });
  std::printf("for_each saw %d data rows\n", again);
  co_return count == 6 && total == 90 && again == 4 ? 0 : 1;
}

int main() { return aio::run(amain()); }
