// A small per-thread cache of freed spawn records (detail::spawned<T>).
#pragma once

#include <cstddef>
#include <new>

namespace aio::detail {

/// Recycles spawn records so that spawn + join in steady state does not go
/// through malloc/free for the record (Asio recycles its frames the same
/// way). Records are created and destroyed on their loop's thread.
///
/// - Size classes of 16 bytes up to 256 bytes, at most `max_cached` blocks
///   per class: bounded, so memory goes back to the heap when many tasks
///   finish at once, and a batch of thousands of tasks still takes almost
///   all of its records from the heap.
/// - Blocks are cached only while a loop runs on the thread; the loop's
///   destructor calls trim(), so nothing stays cached after aio::run returns
///   and the thread_local lists need no destructor.
class record_cache {
public:
  static constexpr std::size_t granule = 16;
  static constexpr std::size_t classes = 16;
  static constexpr unsigned max_cached = 64;

  [[nodiscard]] static void* allocate(std::size_t n) {
    std::size_t c = (n - 1) / granule;
    if (c >= classes) return ::operator new(n);
    lists& l = tl_lists;
    if (node* b = l.free[c]) {
      l.free[c] = b->next;
      --l.count[c];
      return b;
    }
    return ::operator new((c + 1) * granule);
  }
  static void deallocate(void* p, std::size_t n, bool cache) noexcept {
    std::size_t c = (n - 1) / granule;
    if (c >= classes) return ::operator delete(p);
    lists& l = tl_lists;
    if (cache && l.count[c] < max_cached) {
      l.free[c] = ::new (p) node{l.free[c]};
      ++l.count[c];
      return;
    }
    ::operator delete(p);
  }
  /// Returns every cached block of this thread to the heap.
  static void trim() noexcept {
    lists& l = tl_lists;
    for (std::size_t c = 0; c < classes; ++c) {
      while (node* b = l.free[c]) {
        l.free[c] = b->next;
        ::operator delete(b);
      }
      l.count[c] = 0;
    }
  }

private:
  struct node {
    node* next;
  };
  struct lists {
    node* free[classes];
    unsigned count[classes];
  };
  // Trivially destructible: usable for the whole life of the thread.
  static inline thread_local lists tl_lists{};
};

}  // namespace aio::detail
