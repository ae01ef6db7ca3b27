// Step 3 mistake: a spawned task's exception is lost.
//
// The handle of the spawned upload is kept in a local but never awaited, so
// the failure has nowhere to go: amain reports success and exits 0 while the
// upload was rejected. At run time the only trace is aio's last-resort line
// on stderr at exit, "aio: task exception was never retrieved: ...".
// Found by: corolint-fire-and-forget (the handle is never awaited, joined,
// cancelled or passed on).
// Fix: `co_await job` inside try/catch, or aio::gather_settled to collect
// every outcome, as in 03_error_handling.cpp.

#include <aio/aio.hpp>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

using namespace std::chrono_literals;

aio::task<int> upload(std::string name, bool fails) {
  co_await aio::sleep(5ms);
  if (fails) throw std::runtime_error("upload of " + name + " rejected: quota exceeded");
  co_return static_cast<int>(name.size());
}

aio::task<int> amain() {
  auto job = aio::spawn(upload("report.pdf", true));  // mistake: corolint-fire-and-forget
  co_await aio::sleep(20ms);  // other work; the upload has failed meanwhile
  std::printf("all uploads done (wrong: report.pdf was rejected, see stderr)\n");
  co_return 0;
}

int main() { return aio::run(amain()); }
