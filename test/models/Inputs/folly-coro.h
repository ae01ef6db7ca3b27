// Declaration-only shapes of folly::coro's API (facebook/folly ff98381ea),
// for the folly-coro model's fixture: the names and signatures, no
// behaviour.
#pragma once

#include <chrono>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <memory>

namespace folly {

class Executor;
class EventBase {
public:
  bool loop();
  bool loopOnce(int flags = 0);
  void loopForever();
};

template <class T> class SemiFuture {
public:
  T get() &&;
};

struct Unit {};
class CancellationToken {};
class MutableByteRange {};
class ByteRange {};
class SocketAddress {};

namespace coro {

namespace detail {
template <typename T> struct TaskPromiseResult {
  template <typename U> void return_value(U &&);
};
template <> struct TaskPromiseResult<void> {
  void return_void() noexcept;
};
} // namespace detail

template <typename T> class TaskWithExecutor {
public:
  SemiFuture<T> start() &&;
  // (An empty body: a template called with a lambda must be defined.)
  template <typename F> void start(F &&tryCallback) && {}
};

template <typename T = void> class Task {
public:
  struct promise_type : detail::TaskPromiseResult<T> {
    Task get_return_object() noexcept;
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void unhandled_exception() noexcept;
  };
  TaskWithExecutor<T> scheduleOn(Executor *executor) &&;
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};

struct blocking_wait_fn {
  template <typename Awaitable> auto operator()(Awaitable &&awaitable) const -> int;
};
static constexpr blocking_wait_fn blockingWait{};

template <typename SemiAwaitable, typename Duration>
Task<int> timeout(SemiAwaitable semiAwaitable, Duration timeoutDuration);

class AsyncScope {
public:
  template <typename Awaitable>
  void add(Awaitable &&awaitable, void *returnAddress = nullptr);
  Task<void> joinAsync() noexcept;
};

class TransportIf {
public:
  virtual ~TransportIf() = default;
  virtual Task<std::size_t> read(MutableByteRange buf,
                                 std::chrono::milliseconds timeout) = 0;
  virtual Task<Unit> write(
      ByteRange buf,
      std::chrono::milliseconds timeout = std::chrono::milliseconds(0)) = 0;
};

class Transport : public TransportIf {
public:
  static Task<Transport> newConnectedSocket(EventBase *evb,
                                            const SocketAddress &destAddr,
                                            std::chrono::milliseconds connectTimeout);
  Task<std::size_t> read(MutableByteRange buf,
                         std::chrono::milliseconds timeout) override;
  Task<Unit> write(ByteRange buf, std::chrono::milliseconds timeout =
                                      std::chrono::milliseconds(0)) override;
};

class SharedMutexFair;
template <typename Mutex> class SharedLock {
public:
  ~SharedLock();
};

class SharedMutexFair {
public:
  struct ScopedLockSharedAwaiter {
    bool await_ready() noexcept;
    void await_suspend(std::coroutine_handle<>) noexcept;
    SharedLock<SharedMutexFair> await_resume() noexcept;
  };
  ScopedLockSharedAwaiter co_scopedLockShared() noexcept;
};

} // namespace coro
} // namespace folly
