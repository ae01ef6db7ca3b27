// Step 9: async context manager (Python's `async with`).
//
// A resource whose cleanup must itself be awaited (flushing a journal,
// saying goodbye to a server) cannot rely on a destructor: destructors
// cannot co_await. aio::using_resource(open, body) awaits `open`, runs
// `body(resource)`, and then always awaits `resource.close()`: after
// success, after an exception, after cancellation or a timeout.
// Mistake twin: 09_async_context_manager_mistake.cpp
// (corolint-unawaited-task).

#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using namespace std::chrono_literals;

// Buffers lines in memory; close() flushes them to "disk" (the counter).
class journal {
public:
  journal(std::string name, int& flushed) : name_(std::move(name)), flushed_(&flushed) {}

  aio::task<> append(std::string line) {
    co_await aio::sleep(1ms);
    pending_.push_back(std::move(line));
  }

  aio::task<> close() {
    co_await aio::sleep(2ms);  // fsync latency
    *flushed_ += static_cast<int>(pending_.size());
    std::printf("journal %s: flushed %zu lines\n", name_.c_str(), pending_.size());
    pending_.clear();
  }

private:
  std::string name_;
  int* flushed_;
  std::vector<std::string> pending_;
};

aio::task<journal> open_journal(std::string name, int& flushed) {
  co_await aio::sleep(1ms);
  co_return journal(std::move(name), flushed);
}

aio::task<int> amain() {
  int flushed = 0;
  co_await aio::using_resource(open_journal("orders", flushed), [](journal& j) -> aio::task<> {
    co_await j.append("order 1");
    co_await j.append("order 2");
  });

  // The body fails: the journal is still closed (and flushed) before the
  // exception comes out.
  try {
    co_await aio::using_resource(open_journal("refunds", flushed), [](journal& j) -> aio::task<> {
      co_await j.append("refund 1");
      throw std::runtime_error("payment provider unreachable");
    });
  } catch (const std::runtime_error& e) {
    std::printf("body failed: %s\n", e.what());
  }
  std::printf("%d of 3 lines flushed\n", flushed);
  co_return flushed == 3 ? 0 : 1;
}

int main() { return aio::run(amain()); }
