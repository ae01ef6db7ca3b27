// A bounded per-thread cache of freed coroutine frames and spawn records.
//
// The idea is Asio's: its thread_info_base keeps, per thread, a few recently
// freed blocks that the next coroutine frame or handler of a fitting size
// reuses, so a steady create/destroy cycle never reaches malloc. aio does the
// same with its own design: one free list per 8-byte size class, a count
// bound per class and a byte bound per thread, and the cache switched on only
// while the thread runs a loop (aio::run), so nothing stays behind when the
// thread stops running aio.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>

// Under AddressSanitizer every frame must go through the real allocator, or
// a use after free of a recycled frame would read another live frame and go
// unnoticed. AIO_NO_FRAME_CACHE turns the cache off in any build.
#if defined(__SANITIZE_ADDRESS__)
#define AIO_FRAME_CACHE_ENABLED 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define AIO_FRAME_CACHE_ENABLED 0
#endif
#endif
#if !defined(AIO_FRAME_CACHE_ENABLED)
#if defined(AIO_NO_FRAME_CACHE)
#define AIO_FRAME_CACHE_ENABLED 0
#else
#define AIO_FRAME_CACHE_ENABLED 1
#endif
#endif

namespace aio::detail {

/// Where coroutine frames (every aio::task and async_generator, through
/// promise_base's operator new/delete) and spawn records (detail::spawned)
/// come from.
///
/// - Size classes: 8 bytes wide up to max_block (1 KiB); a block of class c
///   is allocated from the heap with exactly (c + 1) * 8 bytes, the size an
///   8-aligned object of that class already has, so a cached block fits any
///   request of its class. Larger blocks bypass the cache.
/// - Bounds: at most max_per_class blocks per class and max_bytes in all per
///   thread; a block freed beyond either goes back to the heap, so a burst of
///   thousands of finished tasks returns its memory.
/// - Threads: a block is cached by the thread that frees it, whichever
///   thread allocated it (a task created on one loop and destroyed on
///   another, a frame freed by a worker). Blocks are plain heap blocks, so
///   that is safe; the lists themselves are thread_local and never shared.
/// - Lifetime: caching happens only between activate() and deactivate(),
///   which aio::run calls around its loop on the thread running it;
///   deactivate() returns every cached block to the heap. Outside a loop
///   allocate/deallocate go straight to the heap, so a thread that never
///   runs aio (a thread_pool worker) keeps nothing and the thread_local
///   state needs no destructor.
/// - Off under AddressSanitizer (and with -DAIO_NO_FRAME_CACHE): every
///   allocation is a heap allocation of the exact size, freed with the exact
///   size, so ASan checks frames as it checks any other object.
class frame_cache {
public:
  static constexpr bool enabled = AIO_FRAME_CACHE_ENABLED != 0;
  static constexpr std::size_t granule = 8;
  static constexpr std::size_t max_block = 1024;
  static constexpr std::size_t classes = max_block / granule;
  static constexpr unsigned max_per_class = 128;
  static constexpr std::size_t max_bytes = 256 * 1024;

  [[nodiscard]] static void* allocate(std::size_t n) {
    if constexpr (enabled) {
      if (n - 1 < max_block) {  // 0 wraps around and bypasses the cache
        std::size_t c = (n - 1) / granule;
        per_thread& t = tl_;
        if (node* b = t.free[c]) {
          t.free[c] = b->next;
          --t.count[c];
          t.bytes -= block_size(c);
          return b;
        }
        return ::operator new(block_size(c));
      }
    }
    return ::operator new(n);
  }

  /// `n` is the size given to allocate (operator delete receives it).
  static void deallocate(void* p, std::size_t n) noexcept {
    if constexpr (enabled) {
      if (n - 1 < max_block) {
        std::size_t c = (n - 1) / granule;
        per_thread& t = tl_;
        if (t.active && t.count[c] < max_per_class && t.bytes + block_size(c) <= max_bytes) {
          t.free[c] = ::new (p) node{t.free[c]};
          ++t.count[c];
          t.bytes += block_size(c);
          return;
        }
        ::operator delete(p, block_size(c));
        return;
      }
    }
    ::operator delete(p, n);
  }

  /// Start caching on this thread (aio::run, before its loop runs).
  static void activate() noexcept {
    if constexpr (enabled) tl_.active = true;
  }
  /// Stop caching on this thread and return every cached block to the heap
  /// (aio::run, after its loop finished).
  static void deactivate() noexcept {
    if constexpr (enabled) {
      per_thread& t = tl_;
      t.active = false;
      for (std::size_t c = 0; c < classes; ++c) {
        while (node* b = t.free[c]) {
          t.free[c] = b->next;
          ::operator delete(b, block_size(c));
        }
        t.count[c] = 0;
      }
      t.bytes = 0;
    }
  }

  /// Blocks cached on this thread for requests of `n` bytes, and in all
  /// (tests and diagnostics).
  [[nodiscard]] static unsigned cached(std::size_t n) noexcept {
    if constexpr (enabled) {
      if (n - 1 < max_block) return tl_.count[(n - 1) / granule];
    }
    return 0;
  }
  [[nodiscard]] static std::size_t cached_bytes() noexcept {
    if constexpr (enabled) return tl_.bytes;
    return 0;
  }
  [[nodiscard]] static bool active() noexcept {
    if constexpr (enabled) return tl_.active;
    return false;
  }

private:
  static constexpr std::size_t block_size(std::size_t c) noexcept { return (c + 1) * granule; }

  struct node {
    node* next;
  };
  struct per_thread {
    node* free[classes];
    std::uint16_t count[classes];
    std::size_t bytes;
    bool active;
  };
  // Constant-initialized and trivially destructible: no guard and no
  // thread-exit hook on the allocation path.
  static constinit inline thread_local per_thread tl_{};
};

}  // namespace aio::detail
