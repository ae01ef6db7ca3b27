// Step 3: error handling.
//
// An exception thrown in a task comes out of the `co_await` that waits for
// it: await spawned handles inside try/catch. To run several tasks and look
// at every outcome, use aio::gather_settled: it never cancels siblings and
// returns an aio::outcome<T> per child (has_value(), value(), error()).
// aio::gather instead fails fast: the first failure cancels the siblings and
// is rethrown.
// Mistake twin: 03_error_handling_mistake.cpp (corolint-fire-and-forget).

#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>

using namespace std::chrono_literals;

aio::task<int> upload(std::string name, bool fails) {
  co_await aio::sleep(5ms);
  if (fails) throw std::runtime_error("upload of " + name + " rejected: quota exceeded");
  co_return static_cast<int>(name.size());
}

aio::task<int> amain() {
  int failures = 0;

  // One spawned task: its exception is rethrown where the handle is awaited.
  auto job = aio::spawn(upload("report.pdf", true));
  try {
    co_await job;
  } catch (const std::exception& e) {
    ++failures;
    std::printf("spawned upload failed: %s\n", e.what());
  }

  // Several tasks: every outcome, failures included, is kept.
  auto [a, b, c] = co_await aio::gather_settled(upload("a.txt", false), upload("b.txt", true), upload("c.txt", false));
  for (auto* o : {&a, &b, &c}) {
    if (o->has_value()) {
      std::printf("uploaded %d bytes\n", o->value());
    } else {
      ++failures;
      try {
        std::rethrow_exception(o->error());
      } catch (const std::exception& e) {
        std::printf("failed: %s\n", e.what());
      }
    }
  }

  // Fail-fast: the first failure comes out of gather itself.
  try {
    co_await aio::gather(upload("d.txt", false), upload("e.txt", true));
  } catch (const std::runtime_error& e) {
    ++failures;
    std::printf("gather failed fast: %s\n", e.what());
  }

  std::printf("%d failures handled\n", failures);
  co_return failures == 3 ? 0 : 1;
}

int main() { return aio::run(amain()); }
