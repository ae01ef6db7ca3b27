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

// Try<T> holds a value or the exception an operation failed with; value()
// rethrows the exception.
template <class T> class Try {
public:
  bool hasValue() const;
  bool hasException() const;
  T &value() &;
  std::exception_ptr exception() const;
};
template <> class Try<void> {
public:
  bool hasValue() const;
  bool hasException() const;
  void value() const;
};
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
  // (A body: a template called with a lambda must be defined; it only names
  // the callback's use.)
  template <typename F> void start(F &&tryCallback) && {
    tryCallback(Try<T>{});
  }
  struct Awaiter {
    bool await_ready() const noexcept;
    void await_suspend(std::coroutine_handle<>) noexcept;
    T await_resume();
  };
  Awaiter operator co_await() && noexcept;
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

// co_withExecutor binds a task to an executor (scheduleOn's successor).
template <typename T>
TaskWithExecutor<T> co_withExecutor(Executor *executor, Task<T> task);

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
