// Many concurrent tasks, with a counting global allocator: memory per spawned
// task stays small and is all released.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <vector>

#include "aio/aio.hpp"

// TSan's runtime defines the global operator new itself; there the counting
// allocator is left out and only the logical assertions run.
#if defined(__SANITIZE_THREAD__)
#define AIO_COUNTING_NEW 0
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define AIO_COUNTING_NEW 0
#endif
#endif
#ifndef AIO_COUNTING_NEW
#define AIO_COUNTING_NEW 1
#endif

namespace {
std::atomic<long long> live_bytes{0};
std::atomic<long long> peak_bytes{0};
std::atomic<long long> allocations{0};

[[maybe_unused]] void note_alloc(std::size_t n) {
  long long now = live_bytes.fetch_add(static_cast<long long>(n)) + static_cast<long long>(n);
  long long peak = peak_bytes.load();
  while (now > peak && !peak_bytes.compare_exchange_weak(peak, now)) {
  }
  allocations.fetch_add(1);
}
}  // namespace

#if AIO_COUNTING_NEW
// Sized header in front of each block, so delete knows what to subtract.
void* operator new(std::size_t n) {
  void* p = std::malloc(n + 16);
  if (p == nullptr) throw std::bad_alloc();
  *static_cast<std::size_t*>(p) = n;
  note_alloc(n);
  return static_cast<char*>(p) + 16;
}
void operator delete(void* p) noexcept {
  if (p == nullptr) return;
  char* base = static_cast<char*>(p) - 16;
  live_bytes.fetch_sub(static_cast<long long>(*reinterpret_cast<std::size_t*>(base)));
  std::free(base);
}
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }
#endif

namespace {

using namespace std::chrono_literals;

aio::task<> trivial() { co_return; }

TEST(Stress, BytesPerTrivialSpawnedTask) {
  if (!AIO_COUNTING_NEW) GTEST_SKIP() << "no counting operator new under ThreadSanitizer";
  constexpr int n = 1000;
  long long per_task = 0;
  auto body = [&]() -> aio::task<> {
    std::vector<aio::join_handle<void>> handles;
    handles.reserve(n);
    long long before = live_bytes.load();
    for (int i = 0; i < n; ++i) handles.push_back(aio::spawn(trivial()));
    // Frame + record + a ready-queue slot; the vector is reserved up front.
    per_task = (live_bytes.load() - before) / n;
    for (auto& h : handles) co_await h;
  };
  aio::run(body());
  std::printf("aio: bytes per spawned trivial task (frame + record + queue slot): %lld\n", per_task);
  RecordProperty("bytes_per_task", static_cast<int>(per_task));
  EXPECT_LT(per_task, 256 + 64);
}

TEST(Stress, HundredThousandSleepingTasksComplete) {
  constexpr int n = 100'000;
  int completed = 0;
  auto sleeper = [&]() -> aio::task<> {
    co_await aio::sleep(1ms);
    ++completed;
  };
  long long base = live_bytes.load();
  peak_bytes.store(base);
  auto body = [&]() -> aio::task<> {
    for (int i = 0; i < n; ++i) {
      auto h = aio::spawn(sleeper());  // dropped: the loop keeps it alive
    }
    while (completed < n) co_await aio::sleep(1ms);
  };
  aio::run(body());
  EXPECT_EQ(completed, n);
  if (!AIO_COUNTING_NEW) return;  // no allocation counts under ThreadSanitizer
  long long peak = peak_bytes.load() - base;
  std::printf("aio: peak bytes for %d sleeping tasks: %lld (%lld per task)\n", n, peak, peak / n);
  EXPECT_LT(peak / n, 1024) << "bounded per-task memory";
  EXPECT_EQ(live_bytes.load(), base) << "every task, frame and timer slot released";
}

}  // namespace
