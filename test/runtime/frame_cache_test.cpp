// detail::frame_cache: the bounded per-thread cache coroutine frames and
// spawn records come from. Every expectation is about where a block goes
// (the cache of which thread, or the heap), never about time.
#include "aio/detail/frame_cache.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <thread>
#include <utility>
#include <vector>

#include "aio/run.hpp"
#include "aio/spawn.hpp"
#include "aio/task.hpp"
#include "aio/to_thread.hpp"

namespace {

using aio::detail::frame_cache;

aio::task<int> leaf(int i) { co_return i + 1; }

// The ASan off-switch, from the build's side: an AddressSanitizer build has
// the cache compiled out; every other configuration of the suite has it on.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool built_with_asan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool built_with_asan = true;
#else
constexpr bool built_with_asan = false;
#endif
#else
constexpr bool built_with_asan = false;
#endif

TEST(FrameCache, OffExactlyUnderAddressSanitizer) { EXPECT_EQ(frame_cache::enabled, !built_with_asan); }

// With the cache on, the next frame of the same size reuses the block the
// last one freed; under ASan it never does (the freed frame sits in ASan's
// quarantine, so a use after free of it is still caught).
TEST(FrameCache, FreedFrameIsReusedOnlyWhenEnabled) {
  aio::run([]() -> aio::task<> {
    void* first = nullptr;
    {
      aio::task<int> t = leaf(1);
      first = t.handle().address();
      EXPECT_EQ(co_await std::move(t), 2);
    }
    aio::task<int> again = leaf(2);
    if constexpr (frame_cache::enabled)
      EXPECT_EQ(again.handle().address(), first);
    else
      EXPECT_NE(again.handle().address(), first);
    EXPECT_EQ(co_await std::move(again), 3);
  }());
}

TEST(FrameCache, CachesOnlyWhileALoopRuns) {
  EXPECT_FALSE(frame_cache::active());
  void* p = frame_cache::allocate(200);
  frame_cache::deallocate(p, 200);
  EXPECT_EQ(frame_cache::cached(200), 0u);  // outside aio::run: to the heap
  EXPECT_EQ(frame_cache::cached_bytes(), 0u);

  aio::run([]() -> aio::task<> {
    EXPECT_EQ(frame_cache::active(), frame_cache::enabled);
    void* q = frame_cache::allocate(200);
    frame_cache::deallocate(q, 200);
    EXPECT_EQ(frame_cache::cached(200), frame_cache::enabled ? 1u : 0u);
    co_return;
  }());
  // aio::run returned every cached block to the heap.
  EXPECT_FALSE(frame_cache::active());
  EXPECT_EQ(frame_cache::cached(200), 0u);
  EXPECT_EQ(frame_cache::cached_bytes(), 0u);
}

TEST(FrameCache, BoundedPerClassAndPerThread) {
  if (!frame_cache::enabled) GTEST_SKIP() << "frame cache compiled out (AddressSanitizer)";
  aio::run([]() -> aio::task<> {
    // Per class: freeing more than max_per_class blocks of one size keeps
    // max_per_class of them.
    std::vector<void*> blocks;
    for (unsigned k = 0; k < frame_cache::max_per_class + 10; ++k) blocks.push_back(frame_cache::allocate(200));
    for (void* b : blocks) frame_cache::deallocate(b, 200);
    EXPECT_EQ(frame_cache::cached(200), frame_cache::max_per_class);
    EXPECT_EQ(frame_cache::cached_bytes(), frame_cache::max_per_class * 200u);
    // Requests of another size in the same 8-byte class share the list.
    EXPECT_EQ(frame_cache::cached(193), frame_cache::max_per_class);

    // Per thread: a few classes of large blocks stop at max_bytes in all.
    blocks.clear();
    for (std::size_t size : {1024u, 1016u, 1008u})
      for (unsigned k = 0; k < frame_cache::max_per_class; ++k) blocks.push_back(frame_cache::allocate(size));
    std::size_t k = 0;
    for (std::size_t size : {1024u, 1016u, 1008u})
      for (unsigned i = 0; i < frame_cache::max_per_class; ++i) frame_cache::deallocate(blocks[k++], size);
    EXPECT_LE(frame_cache::cached_bytes(), frame_cache::max_bytes);
    EXPECT_GT(frame_cache::cached_bytes(), frame_cache::max_bytes - 1024);
    EXPECT_LT(frame_cache::cached(1008), frame_cache::max_per_class);

    // Blocks above max_block are never cached.
    void* big = frame_cache::allocate(frame_cache::max_block + 1);
    std::size_t before = frame_cache::cached_bytes();
    frame_cache::deallocate(big, frame_cache::max_block + 1);
    EXPECT_EQ(frame_cache::cached_bytes(), before);
    co_return;
  }());
  EXPECT_EQ(frame_cache::cached_bytes(), 0u);
}

// Frames allocated on one loop thread and destroyed on another go to the
// cache of the thread that frees them, which reuses them and returns them to
// the heap when its own aio::run ends. (TSan checks the hand-over, LSan that
// nothing is lost.)
TEST(FrameCache, FrameFreedOnAnotherThreadJoinsThatThreadsCache) {
  std::vector<aio::task<int>> made;
  std::vector<void*> addresses;
  aio::run([&]() -> aio::task<> {
    for (int k = 0; k < 8; ++k) {
      made.push_back(leaf(k));
      addresses.push_back(made.back().handle().address());
    }
    co_return;
  }());

  std::size_t cached_there = 0, cached_after_run = 1;
  bool reused_there = false;
  std::thread other([&] {
    aio::run([&]() -> aio::task<> {
      std::size_t before = frame_cache::cached_bytes();
      made.clear();  // never awaited: destroyed here, on this thread
      cached_there = frame_cache::cached_bytes() - before;
      aio::task<int> t = leaf(100);
      for (void* a : addresses) reused_there = reused_there || t.handle().address() == a;
      EXPECT_EQ(co_await std::move(t), 101);
    }());
    cached_after_run = frame_cache::cached_bytes();
  });
  other.join();
  if constexpr (frame_cache::enabled) {
    EXPECT_GT(cached_there, 0u);
    EXPECT_TRUE(reused_there);
  } else {
    EXPECT_EQ(cached_there, 0u);
    EXPECT_FALSE(reused_there);
  }
  EXPECT_EQ(cached_after_run, 0u);
  EXPECT_EQ(frame_cache::cached_bytes(), 0u);  // nothing went into this thread's cache
}

// A frame created on a worker thread (no loop there: straight from the heap)
// and returned to the loop thread is awaited and freed there, into the loop
// thread's cache.
TEST(FrameCache, FrameCreatedByAWorkerIsFreedOnTheLoop) {
  aio::run([]() -> aio::task<> {
    aio::task<int> from_worker = co_await aio::to_thread([] {
      EXPECT_FALSE(frame_cache::active());
      return leaf(41);
    });
    std::size_t before = frame_cache::cached_bytes();
    EXPECT_EQ(co_await std::move(from_worker), 42);
    from_worker = {};
    if constexpr (frame_cache::enabled)
      EXPECT_GT(frame_cache::cached_bytes(), before);
    else
      EXPECT_EQ(frame_cache::cached_bytes(), 0u);
  }());
}

// Spawn records come from the same cache.
TEST(FrameCache, SpawnRecordsAreRecycled) {
  aio::run([]() -> aio::task<> {
    std::size_t record = sizeof(aio::detail::spawned<int>);
    unsigned before = frame_cache::cached(record);
    {
      auto h = aio::spawn(leaf(1));
      EXPECT_EQ(co_await h, 2);
    }
    // (at least: the leaf's frame may share the record's size class)
    if constexpr (frame_cache::enabled)
      EXPECT_GT(frame_cache::cached(record), before);
    else
      EXPECT_EQ(frame_cache::cached(record), 0u);
  }());
}

}  // namespace
