// Shared-state helpers for fixtures: an async mutex whose lock is held by a
// guard object (role async_lock), and awaitable loads. Builds on mini_task.h.
#pragma once
#include "mini_task.h"

namespace mini_sync {

class mutex;

/// Holds a mini_sync::mutex while alive (role async_lock).
class [[clang::annotate("corolint::async_lock")]] lock_guard {
public:
  explicit lock_guard(mutex &m) : m_(&m) {}
  lock_guard(lock_guard &&other) noexcept : m_(other.m_) { other.m_ = nullptr; }
  ~lock_guard();

private:
  mutex *m_;
};

/// An async mutex: `auto guard = co_await m.lock();`.
class mutex {
public:
  struct lock_awaiter {
    mutex &m;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) const noexcept {}
    lock_guard await_resume() const { return lock_guard(m); }
  };
  lock_awaiter lock() { return {*this}; }
  void unlock() {}
};

inline lock_guard::~lock_guard() {
  if (m_)
    m_->unlock();
}

/// An awaitable load of a value by key (an I/O stand-in).
mini::task<int> load(int key);
/// An awaitable fetch of a fresh value.
mini::task<int> fetch();

} // namespace mini_sync
