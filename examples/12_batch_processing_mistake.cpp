// Step 12 mistake: check-then-act on a shared cache across an await (and
// unbounded fan-out).
//
// get() checks the cache, suspends to load the price, then fills the cache.
// All 40 orders start at once (no semaphore), every one finds the cache
// empty before any load has finished, so at run time the same 5 prices are
// loaded 40 times, and each fill overwrites the others. With real I/O that
// is 40 database queries instead of 5 and, for values that change, a
// stale value written last.
// Found by: corolint-unguarded-shared-state (on the cache write after the
// suspension) and corolint-unbounded-concurrency (on the gather of 40 tasks
// that no semaphore bounds).
// Fix: hold an aio::mutex across the check, the load and the fill, and
// bound the batch with an aio::semaphore, as in 12_batch_processing.cpp.

#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>
#include <map>
#include <numeric>
#include <vector>

using namespace std::chrono_literals;

aio::task<int> load_price(int sku) {
  co_await aio::sleep(3ms);  // a database round trip
  co_return 100 + sku;
}

struct price_cache {
  std::map<int, int> prices;
  int loads = 0;

  aio::task<int> get(int sku) {
    if (!prices.contains(sku)) {
      ++loads;
      int price = co_await load_price(sku);
      prices[sku] = price;  // mistake: corolint-unguarded-shared-state
    }
    co_return prices.at(sku);
  }
};

aio::task<int> price_order(price_cache& cache, int order) {
  int price = co_await cache.get(order % 5);
  co_return price * (1 + order % 2);
}

aio::task<int> amain() {
  price_cache cache;
  std::vector<aio::task<int>> batch;
  for (int order = 0; order < 40; ++order) batch.push_back(price_order(cache, order));
  std::vector<int> totals = co_await aio::gather(std::move(batch));  // mistake: corolint-unbounded-concurrency
  int sum = std::accumulate(totals.begin(), totals.end(), 0);
  std::printf("%zu orders, total %d, %d price loads for 5 distinct products (expected 5)\n", totals.size(), sum,
              cache.loads);
  co_return 0;
}

int main() { return aio::run(amain()); }
