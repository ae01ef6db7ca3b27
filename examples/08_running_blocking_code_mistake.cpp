// Step 8 mistake: blocking calls inside a coroutine.
//
// amain reads a file with a helper that calls ::read, sleeps with
// std::this_thread::sleep_for, and calls a helper that blocks internally:
// each call freezes the loop thread, so no other task runs meanwhile. At
// run time the heartbeat, which should tick every 5 ms, barely ticks
// (about once instead of a dozen times) during ~60 ms of work.
// Found by: corolint-blocking-call, on the direct sleep_for and,
// interprocedurally, on the calls of read_whole_file (which calls ::read)
// and slow_checksum (which calls sleep_for).
// Fix: `co_await aio::to_thread(read_whole_file, path)` and so on, or an
// asynchronous equivalent such as aio::sleep, as in
// 08_running_blocking_code.cpp.

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
  co_await aio::yield();  // let the heartbeat start
  std::string text = read_whole_file(path);  // mistake: corolint-blocking-call
  std::uint64_t sum = slow_checksum(text);  // mistake: corolint-blocking-call
  std::this_thread::sleep_for(30ms);  // mistake: corolint-blocking-call
  co_await aio::yield();
  int seen = ticks;
  beat.cancel();
  try {
    co_await beat;
  } catch (const aio::cancelled_error&) {
  }
  std::printf("read %zu bytes, checksum %016llx; heartbeat ticked %d times in ~60 ms (expected ~12)\n",
              text.size(), static_cast<unsigned long long>(sum), seen);
  co_return 0;
}

int main() {
  std::string path = "/tmp/corolint_example_08_mistake_" + std::to_string(::getpid()) + ".txt";
  std::ofstream(path) << "hello, disk\n";
  int status = aio::run(amain(path));
  std::remove(path.c_str());
  return status;
}
