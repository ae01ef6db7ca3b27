// Step 12: batch processing.
//
// Process a batch concurrently but boundedly: one task per item, gathered
// with aio::gather (results in input order), with an aio::semaphore capping
// how many run at once so a large batch does not open thousands of
// connections. State the items share, here a price cache, is checked and
// filled under an aio::mutex held across the load, so two tasks never load
// the same key and no update is lost.
// Mistake twin: 12_batch_processing_mistake.cpp
// (corolint-unguarded-shared-state).

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
  aio::mutex m;

  aio::task<int> get(int sku) {
    auto guard = co_await m.lock();
    if (!prices.contains(sku)) {
      ++loads;
      int price = co_await load_price(sku);
      prices[sku] = price;
    }
    co_return prices.at(sku);
  }
};

aio::task<int> price_order(price_cache& cache, aio::semaphore& limit, int order) {
  auto permit = co_await limit.acquire();
  int price = co_await cache.get(order % 5);
  co_return price * (1 + order % 2);
}

aio::task<int> amain() {
  price_cache cache;
  aio::semaphore limit(8);
  std::vector<aio::task<int>> batch;
  for (int order = 0; order < 40; ++order) batch.push_back(price_order(cache, limit, order));
  std::vector<int> totals = co_await aio::gather(std::move(batch));
  int sum = std::accumulate(totals.begin(), totals.end(), 0);
  std::printf("%zu orders, total %d, %d price loads for 5 distinct products\n", totals.size(), sum, cache.loads);
  co_return totals.size() == 40 && cache.loads == 5 ? 0 : 1;
}

int main() { return aio::run(amain()); }
