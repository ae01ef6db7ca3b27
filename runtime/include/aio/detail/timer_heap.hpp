// Intrusive binary min-heap of timers, ordered by deadline then insertion.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace aio::detail {

/// A timer registered with an event_loop. The owner (usually an awaiter in a
/// coroutine frame) keeps it alive while armed and must remove it before it
/// is destroyed; the heap stores only pointers.
struct timer {
  static constexpr std::size_t not_armed = std::numeric_limits<std::size_t>::max();

  std::chrono::steady_clock::time_point deadline;
  /// Runs on the loop thread when the deadline passes; the timer is already
  /// removed from the heap. Must not resume coroutines inline: post them.
  void (*fire)(timer* self) noexcept = nullptr;
  std::size_t heap_index = not_armed;
  std::uint64_t seq = 0;  // FIFO among equal deadlines

  [[nodiscard]] bool armed() const noexcept { return heap_index != not_armed; }
};

class timer_heap {
public:
  [[nodiscard]] bool empty() const noexcept { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return heap_.size(); }
  [[nodiscard]] timer* top() const noexcept { return heap_.front(); }

  void push(timer& t) {
    t.seq = next_seq_++;
    t.heap_index = heap_.size();
    heap_.push_back(&t);
    sift_up(t.heap_index);
  }

  void remove(timer& t) noexcept {
    if (!t.armed()) return;
    std::size_t i = t.heap_index;
    std::size_t last = heap_.size() - 1;
    if (i != last) {
      place(i, heap_[last]);
      heap_.pop_back();
      sift_down(i);
      sift_up(i);
    } else {
      heap_.pop_back();
    }
    t.heap_index = timer::not_armed;
  }

private:
  static bool before(const timer* a, const timer* b) noexcept {
    return a->deadline != b->deadline ? a->deadline < b->deadline : a->seq < b->seq;
  }
  void place(std::size_t i, timer* t) noexcept {
    heap_[i] = t;
    t->heap_index = i;
  }
  void sift_up(std::size_t i) noexcept {
    while (i > 0) {
      std::size_t parent = (i - 1) / 2;
      if (!before(heap_[i], heap_[parent])) break;
      timer* p = heap_[parent];
      place(parent, heap_[i]);
      place(i, p);
      i = parent;
    }
  }
  void sift_down(std::size_t i) noexcept {
    for (;;) {
      std::size_t l = 2 * i + 1, r = l + 1, m = i;
      if (l < heap_.size() && before(heap_[l], heap_[m])) m = l;
      if (r < heap_.size() && before(heap_[r], heap_[m])) m = r;
      if (m == i) break;
      timer* t = heap_[m];
      place(m, heap_[i]);
      place(i, t);
      i = m;
    }
  }

  std::vector<timer*> heap_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace aio::detail
