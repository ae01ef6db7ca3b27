// Step 9 mistake: an asynchronous cleanup that is called but not awaited.
//
// The journal is opened and closed by hand, and `j.close()` is called
// without `co_await`: the close task is created and dropped, so the flush
// never runs and at run time the buffered lines are lost (0 of 2 lines
// flushed). Even awaited, a hand-written close would be skipped when the
// body throws.
// Found by: corolint-unawaited-task (on the dropped close()).
// Fix: aio::using_resource(open_journal(...), body), which always awaits
// close(), as in 09_async_context_manager.cpp.

#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>
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
  journal j = co_await open_journal("orders", flushed);
  co_await j.append("order 1");
  co_await j.append("order 2");
  j.close();  // mistake: corolint-unawaited-task
  std::printf("%d of 2 lines flushed: close() was never awaited\n", flushed);
  co_return 0;
}

int main() { return aio::run(amain()); }
