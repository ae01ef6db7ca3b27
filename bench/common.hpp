// Shared by the C++ benchmark binaries: workload sizes (the Python script
// uses the same numbers) and a counting global allocator for the per-task
// memory figures.
//
// Each binary defines BENCH_COUNT_ALLOC_IMPL in exactly one translation unit
// to get the replacement operator new/delete. The counter is one relaxed
// atomic add per allocation, paid equally by every C++ implementation.
#pragma once

#include <malloc.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace bench {

// Keep in sync with bench/asyncio_bench.py (WORKLOADS) and bench/report.py.
inline constexpr int kGatherN = 100;             // children per gather
inline constexpr int kSleepers = 100'000;        // concurrent sleeps per batch
inline constexpr int kSleepMs = 1;               // each sleeps this long
inline constexpr int kEchoMsg = 64;              // bytes per echo round trip
inline constexpr int kTputChunk = 64 * 1024;     // bytes per write in the throughput test
inline constexpr long kTputBytes = 32L << 20;    // bytes echoed per throughput iteration
inline constexpr int kMemTasks = 10'000;         // tasks spawned for the memory figure
inline constexpr int kConnMsg = 1024;            // bytes per request in the many-connection echo
inline constexpr int kConnRounds = 10;           // requests per connection per iteration there

struct alloc_counters {
  std::atomic<std::size_t> bytes{0};  // requested bytes, cumulative
  std::atomic<std::size_t> calls{0};  // operator new calls, cumulative
};
alloc_counters& counters() noexcept;

/// Live heap bytes according to glibc (mallinfo2().uordblks). Sees every
/// allocation (operator new, malloc, aligned_alloc: Asio allocates its frames
/// with the latter) including glibc's 8-byte chunk header and rounding to 16.
/// Call keep_heap_in_arena() first so large buffers are not mmapped (mmapped
/// chunks are not in uordblks).
inline std::size_t heap_in_use() noexcept { return ::mallinfo2().uordblks; }
inline void keep_heap_in_arena() noexcept { ::mallopt(M_MMAP_THRESHOLD, 1 << 30); }

/// Snapshot of the counters; `per_task(after, n)` fills the three user
/// counters the report reads.
struct mem_snapshot {
  std::size_t bytes = counters().bytes.load();
  std::size_t calls = counters().calls.load();
  std::size_t heap = heap_in_use();

  template <class Counters>
  void per_task(Counters& out, int n) const {
    mem_snapshot now;
    out["new_bytes_per_task"] = double(now.bytes - bytes) / n;   // requested through operator new
    out["allocs_per_task"] = double(now.calls - calls) / n;      // operator new calls
    out["heap_bytes_per_task"] = double(now.heap - heap) / n;    // live heap growth (glibc)
  }
};

}  // namespace bench

#ifdef BENCH_COUNT_ALLOC_IMPL
namespace bench {
alloc_counters& counters() noexcept {
  static alloc_counters c;
  return c;
}
}  // namespace bench

void* operator new(std::size_t n) {
  bench::counters().bytes.fetch_add(n, std::memory_order_relaxed);
  bench::counters().calls.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return ::operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return ::operator new(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return ::operator new(n, std::nothrow); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#endif
