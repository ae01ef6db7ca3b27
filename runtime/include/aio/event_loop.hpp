// aio::event_loop: the single-threaded epoll loop every aio program runs on.
#pragma once

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <coroutine>
#include <cstdint>
#include <functional>
#include <mutex>
#include <source_location>
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

class event_loop;

namespace detail {

/// An fd registration: `ready` runs on the loop thread with the epoll event
/// mask. Like a timer callback, it must post coroutines, not resume them.
struct fd_watch {
  void (*ready)(fd_watch* self, std::uint32_t events) noexcept = nullptr;
};

/// A registration that lives as long as its owner (a socket), not one wait:
/// the loop links it so that, if the loop is destroyed first, it can tell the
/// owner (`loop_` becomes null) and the owner does not touch a dead epoll fd.
struct persistent_watch : fd_watch {
  event_loop* loop_ = nullptr;
  persistent_watch* prev_ = nullptr;
  persistent_watch* next_ = nullptr;
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
/// - Ordering: each iteration polls epoll (only sometimes while work is
///   ready, see run_once), fires expired timers, then runs the callbacks that
///   were ready at the start of the batch; work posted during a batch runs in
///   the next one.
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
    for (detail::persistent_watch* w = persistent_; w != nullptr; w = w->next_) w->loop_ = nullptr;
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
  ///
  /// The loop notices posts through `remote_pending_` at every iteration
  /// (one atomic load, no syscall), so a busy loop does not wait for its next
  /// epoll poll; the eventfd is written only when the queue goes from empty
  /// to non-empty, to wake a loop blocked in epoll_wait. No post is lost:
  /// whoever makes the queue non-empty writes the eventfd after pushing, and
  /// a loop that reads the eventfd drains the queue later in that iteration.
  void call_soon_threadsafe(std::function<void()> fn) {
    bool was_empty;
    {
      std::lock_guard lock(remote_mutex_);
      was_empty = remote_.empty();
      remote_.push_back(std::move(fn));
      remote_pending_.store(true, std::memory_order_release);
    }
    if (!was_empty) return;
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
    if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) == 0) {
      ++watched_;
    } else if (errno != EEXIST || ::epoll_ctl(epfd_, EPOLL_CTL_MOD, fd, &ev) < 0) {
      throw std::system_error(errno, std::generic_category(), "aio: epoll_ctl");
    }
  }
  void unwatch_fd(int fd) noexcept {
    if (::epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr) == 0) --watched_;
  }

  /// A registration for the lifetime of its owner (detail::io_registration):
  /// EPOLL_CTL_ADD once here, EPOLL_CTL_DEL in unwatch_persistent (or never,
  /// if the loop dies first: then it resets `w.loop_` to null).
  void watch_persistent(int fd, std::uint32_t events, detail::persistent_watch& w) {
    watch_fd(fd, events, w);
    w.loop_ = this;
    w.prev_ = nullptr;
    w.next_ = persistent_;
    if (persistent_ != nullptr) persistent_->prev_ = &w;
    persistent_ = &w;
  }
  void unwatch_persistent(int fd, detail::persistent_watch& w) noexcept {
    if (w.loop_ != this) return;
    unwatch_fd(fd);
    if (w.prev_ != nullptr) w.prev_->next_ = w.next_;
    else persistent_ = w.next_;
    if (w.next_ != nullptr) w.next_->prev_ = w.prev_;
    w.prev_ = w.next_ = nullptr;
    w.loop_ = nullptr;
  }

  // --- running --------------------------------------------------------------

  /// Runs iterations until `done()` holds (checked between iterations).
  template <class Predicate>
  void run_until(Predicate done) {
    detail::loop_debug = debug_;
    while (!done()) run_once();
  }

  /// Ready batches between two non-blocking polls while the ready queue never
  /// runs dry, and callbacks run since the last poll that also force one.
  static constexpr unsigned poll_every_batches = 64;
  /// Events taken per epoll_wait: a server with a hundred busy connections
  /// gets them in one call, not two.
  static constexpr int max_events_per_poll = 256;
  static constexpr std::size_t poll_every_callbacks = 1024;

  /// One iteration: poll epoll (see below), fire due timers, run one batch.
  ///
  /// Fairness rule. Entering the kernel costs more than a typical step
  /// (epoll_wait is ~1 us under a hypervisor, a coroutine step ~20-100 ns),
  /// so the loop polls only when it has to:
  /// - ready queue empty: epoll_wait blocks until the nearest timer deadline
  ///   (or forever without timers): nothing else to do;
  /// - ready queue busy: a non-blocking epoll_wait(0) after every
  ///   poll_every_batches (64) batches, or as soon as poll_every_callbacks
  ///   (1024) callbacks ran since the last poll, whichever comes first. fd
  ///   readiness therefore waits at most 64 batches behind ready work and is
  ///   never starved by tasks that keep re-posting themselves (yield loops).
  ///   While no fd but the loop's own eventfd is registered there is nothing
  ///   to poll for, and a busy loop makes no syscall at all;
  /// - cross-thread posts are checked every iteration through an atomic flag
  ///   (no syscall), so they are not delayed by the rule above;
  /// - timers are checked every iteration against the steady clock when the
  ///   heap is not empty (a vDSO clock_gettime, no syscall), so a timer due
  ///   now fires in the next iteration even if the ready queue never drains.
  void run_once() {
    if (ready_.empty()) {
      poll(timeout_ms());
    } else if (watched_ > 1 &&
               (++batches_since_poll_ >= poll_every_batches || callbacks_since_poll_ >= poll_every_callbacks)) {
      poll(0);
    }
    if (remote_pending_.load(std::memory_order_acquire)) run_remote(this);
    fire_timers();
    run_ready();
  }

  /// Number of epoll_wait calls so far (tests and diagnostics).
  [[nodiscard]] std::uint64_t polls() const noexcept { return polls_; }

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

  // The eventfd only wakes a blocked epoll_wait; the queue itself is drained
  // in run_once through remote_pending_, later in the same iteration.
  static void on_wake(detail::fd_watch* w, std::uint32_t) noexcept {
    event_loop* self = static_cast<wake_watch*>(w)->loop;
    std::uint64_t n;
    [[maybe_unused]] ssize_t r = ::read(self->wakefd_, &n, sizeof n);
  }
  static void run_remote(void* ctx) {
    auto* self = static_cast<event_loop*>(ctx);
    std::vector<std::function<void()>> batch;
    {
      std::lock_guard lock(self->remote_mutex_);
      batch.swap(self->remote_);
      self->remote_pending_.store(false, std::memory_order_relaxed);
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
    batches_since_poll_ = 0;
    callbacks_since_poll_ = 0;
    ++polls_;
    epoll_event events[max_events_per_poll];
    int n = ::epoll_wait(epfd_, events, max_events_per_poll, timeout);
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
    callbacks_since_poll_ += batch_.size();
    for (const ready_item& item : batch_) {
      if (!debug_) {
        item.fn(item.ctx);
        continue;
      }
      detail::debug_step_origin = item.owner != nullptr ? item.owner->origin() : std::source_location{};
      auto start = clock::now();
      item.fn(item.ctx);
      auto took = clock::now() - start;
      detail::debug_step_origin = {};
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
  std::size_t watched_ = 0;  // fds in the epoll set, the eventfd included
  detail::persistent_watch* persistent_ = nullptr;
  detail::unit_state* live_ = nullptr;
  unsigned batches_since_poll_ = 0;
  std::size_t callbacks_since_poll_ = 0;
  std::uint64_t polls_ = 0;
  std::atomic<bool> remote_pending_{false};
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
