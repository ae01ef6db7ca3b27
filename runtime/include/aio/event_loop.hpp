// aio::event_loop: the single-threaded epoll loop every aio program runs on.
#pragma once

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <coroutine>
#include <cstdint>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "aio/detail/debug.hpp"
#include "aio/detail/task_state.hpp"
#include "aio/detail/timer_heap.hpp"

namespace aio {

struct loop_options {
  /// Debug mode: report slow steps, tasks never awaited, and the origin of
  /// unretrieved exceptions. Also turned on by AIO_DEBUG=1.
  bool debug = false;
  /// In debug mode, a step (one callback or coroutine resumption) that runs
  /// longer than this is reported on stderr.
  std::chrono::nanoseconds slow_callback_threshold = std::chrono::milliseconds(100);
};

namespace detail {

/// An fd registration: `ready` runs on the loop thread with the epoll event
/// mask. Like a timer callback, it must post coroutines, not resume them.
struct fd_watch {
  void (*ready)(fd_watch* self, std::uint32_t events) noexcept = nullptr;
};

class event_loop_access;

}  // namespace detail

/// A single-threaded event loop: a FIFO ready queue of coroutine handles and
/// callbacks, a timer min-heap, epoll fd readiness, and an eventfd through
/// which other threads post callbacks.
///
/// - Starts: aio::run creates one on the calling thread and runs it until the
///   main task finishes; at most one loop runs per thread (aio::this_loop()).
/// - Thread: every member except call_soon_threadsafe must be called on the
///   loop thread; everything the loop runs, runs on that thread.
/// - Ordering: each iteration polls epoll (without blocking if work is
///   ready), fires expired timers, then runs the callbacks that were ready at
///   the start of the batch; work posted during a batch runs in the next one.
/// - Exceptions: a callback posted with call_soon_threadsafe that throws is
///   reported on stderr and dropped; coroutines keep their exceptions in
///   their promise.
///
/// Extension points for new awaitables (docs/runtime.md):
///   post(handle)            schedule a coroutine (the only way to resume from
///                           a timer, fd or cancel callback);
///   add_timer/remove_timer  a detail::timer in the caller's storage;
///   watch_fd/unwatch_fd     epoll registration of a detail::fd_watch;
///   call_soon_threadsafe    hand work to the loop from any thread.
class event_loop {
public:
  using clock = std::chrono::steady_clock;

  explicit event_loop(loop_options opts = {})
      : debug_(opts.debug || detail::debug_from_env()),
        slow_threshold_(opts.slow_callback_threshold) {
    epfd_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epfd_ < 0) throw std::system_error(errno, std::generic_category(), "aio: epoll_create1");
    wakefd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wakefd_ < 0) {
      ::close(epfd_);
      throw std::system_error(errno, std::generic_category(), "aio: eventfd");
    }
    wake_watch_.ready = &on_wake;
    wake_watch_.loop = this;
    try {
      watch_fd(wakefd_, EPOLLIN, wake_watch_);
    } catch (...) {
      ::close(wakefd_);
      ::close(epfd_);
      throw;
    }
  }
  event_loop(const event_loop&) = delete;
  event_loop& operator=(const event_loop&) = delete;
  ~event_loop() {
    ::close(wakefd_);
    ::close(epfd_);
  }

  [[nodiscard]] bool debug() const noexcept { return debug_; }
  [[nodiscard]] clock::time_point now() const noexcept { return clock::now(); }

  // --- scheduling (loop thread) -------------------------------------------

  /// Schedules `h` to resume in a later step. `owner` names the unit in
  /// debug-mode reports.
  void post(std::coroutine_handle<> h, const detail::task_state* owner = nullptr) {
    ready_.push_back({&resume_handle, h.address(), owner});
  }
  void post(void (*fn)(void*), void* ctx, const detail::task_state* owner = nullptr) {
    ready_.push_back({fn, ctx, owner});
  }

  /// Thread-safe: runs `fn` on the loop thread in a later step. Wakes the
  /// loop through its eventfd. The loop must outlive the call.
  void call_soon_threadsafe(std::function<void()> fn) {
    {
      std::lock_guard lock(remote_mutex_);
      remote_.push_back(std::move(fn));
    }
    std::uint64_t one = 1;
    // A full counter (EAGAIN) still leaves the eventfd readable: nothing lost.
    [[maybe_unused]] ssize_t n = ::write(wakefd_, &one, sizeof one);
  }

  // --- timers (loop thread) -------------------------------------------------

  void add_timer(detail::timer& t) { timers_.push(t); }
  void remove_timer(detail::timer& t) noexcept { timers_.remove(t); }

  // --- fd readiness (loop thread) --------------------------------------------

  /// Registers (or re-registers) `fd` for `events` (EPOLLIN, EPOLLOUT, ...);
  /// `w` must stay alive until unwatch_fd. One watch per fd.
  void watch_fd(int fd, std::uint32_t events, detail::fd_watch& w) {
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = &w;
    if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) < 0) {
      if (errno != EEXIST || ::epoll_ctl(epfd_, EPOLL_CTL_MOD, fd, &ev) < 0)
        throw std::system_error(errno, std::generic_category(), "aio: epoll_ctl");
    }
    ++watched_;
  }
  void unwatch_fd(int fd) noexcept {
    if (::epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr) == 0) --watched_;
  }

  // --- running --------------------------------------------------------------

  /// Runs iterations until `done()` holds (checked between iterations).
  template <class Predicate>
  void run_until(Predicate done) {
    detail::loop_debug = debug_;
    while (!done()) run_once();
  }

  /// One iteration; blocks in epoll_wait only when nothing is ready.
  void run_once() {
    poll(ready_.empty() ? timeout_ms() : 0);
    fire_timers();
    run_ready();
  }

  /// Units (root, spawned, gather/group children) not finished yet.
  [[nodiscard]] bool has_live_units() const noexcept { return live_ != nullptr; }
  void link(detail::unit_state& u) noexcept {
    u.prev_ = nullptr;
    u.next_ = live_;
    if (live_ != nullptr) live_->prev_ = &u;
    live_ = &u;
  }
  void unlink(detail::unit_state& u) noexcept {
    if (u.prev_ != nullptr) u.prev_->next_ = u.next_;
    else if (live_ == &u) live_ = u.next_;
    if (u.next_ != nullptr) u.next_->prev_ = u.prev_;
    u.prev_ = u.next_ = nullptr;
  }

  /// Cancels every live unit and runs the loop until all have finished:
  /// aio::run calls this after the main task returned.
  void cancel_and_drain() {
    for (detail::unit_state* u = live_; u != nullptr; u = u->next_) u->request_cancel();
    run_until([this] { return live_ == nullptr; });
  }

private:
  struct ready_item {
    void (*fn)(void*);
    void* ctx;
    const detail::task_state* owner;
  };

  static void resume_handle(void* address) { std::coroutine_handle<>::from_address(address).resume(); }

  struct wake_watch : detail::fd_watch {
    event_loop* loop = nullptr;
  };

  static void on_wake(detail::fd_watch* w, std::uint32_t) noexcept {
    event_loop* self = static_cast<wake_watch*>(w)->loop;
    std::uint64_t n;
    [[maybe_unused]] ssize_t r = ::read(self->wakefd_, &n, sizeof n);
    self->post(&run_remote, self);
  }
  static void run_remote(void* ctx) {
    auto* self = static_cast<event_loop*>(ctx);
    std::vector<std::function<void()>> batch;
    {
      std::lock_guard lock(self->remote_mutex_);
      batch.swap(self->remote_);
    }
    for (auto& fn : batch) {
      try {
        fn();
      } catch (const std::exception& e) {
        detail::report(std::string("aio: exception in call_soon_threadsafe callback: ") + e.what());
      } catch (...) {
        detail::report("aio: exception in call_soon_threadsafe callback");
      }
    }
  }

  [[nodiscard]] int timeout_ms() const noexcept {
    if (timers_.empty()) return -1;
    auto left = timers_.top()->deadline - clock::now();
    if (left <= clock::duration::zero()) return 0;
    // Round up: waking early would only spin.
    auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
    return ms > 1'000'000 ? 1'000'000 : static_cast<int>(ms);
  }

  void poll(int timeout) {
    epoll_event events[64];
    int n = ::epoll_wait(epfd_, events, 64, timeout);
    if (n < 0) {
      if (errno == EINTR) return;
      throw std::system_error(errno, std::generic_category(), "aio: epoll_wait");
    }
    for (int i = 0; i < n; ++i) {
      auto* w = static_cast<detail::fd_watch*>(events[i].data.ptr);
      w->ready(w, events[i].events);
    }
  }

  void fire_timers() {
    if (timers_.empty()) return;
    auto now = clock::now();
    while (!timers_.empty() && timers_.top()->deadline <= now) {
      detail::timer* t = timers_.top();
      timers_.remove(*t);
      t->fire(t);
    }
  }

  void run_ready() {
    batch_.clear();
    batch_.swap(ready_);
    for (const ready_item& item : batch_) {
      if (!debug_) {
        item.fn(item.ctx);
        continue;
      }
      auto start = clock::now();
      item.fn(item.ctx);
      auto took = clock::now() - start;
      if (took > slow_threshold_) report_slow(item, took);
    }
  }

  void report_slow(const ready_item& item, clock::duration took) const {
    using ms = std::chrono::duration<double, std::milli>;
    std::string what = item.fn == &resume_handle ? "coroutine " + detail::describe(item.ctx) : "callback";
    if (item.owner != nullptr) what += " of task started at " + detail::describe(item.owner->origin());
    char buf[96];
    std::snprintf(buf, sizeof buf, " took %.1f ms (threshold %.1f ms)", ms(took).count(),
                  ms(slow_threshold_).count());
    detail::report("aio: slow step: " + what + buf);
  }

  int epfd_ = -1;
  int wakefd_ = -1;
  bool debug_;
  std::chrono::nanoseconds slow_threshold_;
  wake_watch wake_watch_;
  std::vector<ready_item> ready_;
  std::vector<ready_item> batch_;
  detail::timer_heap timers_;
  std::size_t watched_ = 0;
  detail::unit_state* live_ = nullptr;
  std::mutex remote_mutex_;
  std::vector<std::function<void()>> remote_;
};

namespace detail {
/// The loop running on this thread (set by aio::run).
inline thread_local event_loop* current_loop = nullptr;
}  // namespace detail

/// The loop running on the calling thread; throws std::logic_error outside
/// aio::run.
[[nodiscard]] inline event_loop& this_loop() {
  if (detail::current_loop == nullptr) throw std::logic_error("aio: no event loop is running on this thread");
  return *detail::current_loop;
}

}  // namespace aio
