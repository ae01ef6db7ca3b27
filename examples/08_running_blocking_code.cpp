// Step 8: running blocking code.
//
// The loop runs on one thread: a blocking call (sleep_for, a file read, a
// CPU-heavy computation, a thread join) inside a coroutine stalls every
// other task. Run it on a worker thread with
// `co_await aio::to_thread(fn, args...)`; the coroutine suspends and the
// loop keeps running. Here a heartbeat task ticks every 5 ms and keeps
// ticking while the blocking work happens off the loop.
// Mistake twin: 08_running_blocking_code_mistake.cpp (corolint-blocking-call).

#include <aio/aio.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>

using namespace std::chrono_literals;

// Plain blocking helpers: fine on a worker thread, never on the loop.
std::string read_whole_file(std::string path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path);
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return text;
}

std::uint64_t slow_checksum(std::string data) {
  std::this_thread::sleep_for(30ms);  // stands for heavy CPU work or a legacy blocking API
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : data) h = (h ^ c) * 1099511628211ull;
  return h;
}

aio::task<> heartbeat(int& ticks) {
  for (;;) {
    co_await aio::sleep(5ms);
    ++ticks;
  }
}

aio::task<int> amain(std::string path) {
  int ticks = 0;
  auto beat = aio::spawn(heartbeat(ticks));
  std::string text = co_await aio::to_thread(read_whole_file, path);
  std::uint64_t sum = co_await aio::to_thread(slow_checksum, text);
  co_await aio::to_thread([] { std::this_thread::sleep_for(30ms); });
  int seen = ticks;
  beat.cancel();
  try {
    co_await beat;
  } catch (const aio::cancelled_error&) {
  }
  std::printf("read %zu bytes, checksum %016llx; heartbeat ticked %d times meanwhile\n", text.size(),
              static_cast<unsigned long long>(sum), seen);
  co_return text.size() == 12 && seen >= 2 ? 0 : 1;
}

int main() {
  std::string path = "/tmp/corolint_example_08_" + std::to_string(::getpid()) + ".txt";
  std::ofstream(path) << "hello, disk\n";
  int status = aio::run(amain(path));
  std::remove(path.c_str());
  return status;
}
