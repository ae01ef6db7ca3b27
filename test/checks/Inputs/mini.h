// The mock runtime of the check fixtures: one header, one section per
// concept, standing in for any real runtime. Real runtimes are recognised the
// same way: structurally (promise_type, await_ready/await_suspend/
// await_resume) and through role annotations (the ROLE macro below).
//
//   mini        lazy task<T>, eager_task, eager_result, future<T>, sleep()
//               awaiter, task_list, spawn (role spawn) and join_handle<T>,
//               run (role runner), cancelled_error (role cancellation)
//   mini_io     operations on external resources (role needs_timeout),
//               timeout functions and scopes (role timeout), bounding types
//   offl        offloading (role offload), blocking stand-ins, task groups
//   mini_sync   an async mutex whose guard has role async_lock; awaitable
//               loads and polls, buffers and error codes, an executor;
//               thread-safety-annotated locks, an inline await, a generator
//   mini_fd     readiness waits on file descriptors and a socket object
//   mini_conc   sleeping (role sleep), a semaphore and its permit (role
//               limiter), gathers, a task group (role spawn), a latch, an
//               event, a client and a connection
#pragma once
#include <chrono>
#include <coroutine>
#include <exception>
#include <stop_token>
#include <utility>
#include <vector>

//===----------------------------------------------------------------------===//
// mini: tasks, spawn, run
//===----------------------------------------------------------------------===//

#define ROLE(name) [[clang::annotate("corolint::" #name)]]

namespace mini {

template <class T = void> struct [[nodiscard]] task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    template <class U> void return_value(U &&) {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() const { return T(); }
  bool done() const { return false; }
};

template <> struct [[nodiscard]] task<void> {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const {}
  bool done() const { return false; }
};

/// An awaiter (not a task): what sleep() and I/O operations return.
struct sleep_awaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
inline sleep_awaiter sleep(int /*ms*/) { return {}; }

template <class T> struct join_handle {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() const { return T(); }
  void cancel() {}
};
template <> struct join_handle<void> {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const {}
  void cancel() {}
};

/// An eager task: its body starts at once (initial_suspend never
/// suspends), so the work runs whether or not anyone awaits it.
struct [[nodiscard]] eager_task {
  struct promise_type {
    eager_task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const {}
};

/// An eager task with a blocking get() and wait(), as concurrencpp's
/// result: the caller can wait for it without awaiting it.
struct [[nodiscard]] eager_result {
  struct promise_type {
    eager_result get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const {}
  void get() {}
  void wait() const {}
};

/// A future of work that has already started elsewhere (get, wait, then),
/// which a coroutine may also await.
template <class T> struct future {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() const { return T(); }
  T get() { return T(); }
  void wait() const {}
};

/// Owns tasks: emplace returns a reference to the one it keeps.
struct task_list {
  task<> &emplace_back(task<> t);
  task<> &front();
};

template <class T> ROLE(spawn) join_handle<T> spawn(task<T>) { return {}; }
/// Starts a task that nobody can join: there is no handle to keep.
ROLE(spawn) inline void spawn_detached(task<>) {}
/// A completion token that drops the outcome of what it completes (role
/// detached), and a spawn that takes a completion token, as Asio's co_spawn.
struct ROLE(detached) detached_t {};
inline constexpr detached_t detached{};
struct keep_t {};
inline constexpr keep_t keep{};
template <class T, class Token> ROLE(spawn) void spawn_with(task<T>, Token) {}
/// Starts work nobody awaits (role detached), as stdexec::start_detached.
ROLE(detached) inline void start_detached(task<>) {}
/// What a cancelled suspension point throws (role cancellation).
struct ROLE(cancellation) cancelled_error : std::exception {
  const char *what() const noexcept override { return "cancelled"; }
};
template <class T> ROLE(runner) T run(task<T>) { return T(); }
ROLE(runner) inline void run(task<void>) {}

} // namespace mini

//===----------------------------------------------------------------------===//
// mini_io: external resources and timeouts
//===----------------------------------------------------------------------===//

// A minimal I/O vocabulary for corolint-missing-timeout fixtures: operations
// on external resources (role needs_timeout), timeout functions and a
// timeout scope (role timeout), and the argument types that bound a call.


namespace mini_io {

using clock = std::chrono::steady_clock;

/// What an I/O operation returns: an awaiter.
struct io_awaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  int await_resume() const noexcept { return 0; }
  /// Bounds this operation (a method with role timeout).
  ROLE(timeout) io_awaiter with_deadline(clock::duration) && { return {}; }
  io_awaiter on_executor(int) && { return {}; }
};

/// A user-defined deadline type (bounding: its name contains "deadline").
struct request_deadline {
  clock::time_point at;
};

/// A cancellation token of another runtime.
struct cancellation_token {};

class socket {
public:
  ROLE(needs_timeout) io_awaiter read(char *buf);
  ROLE(needs_timeout) io_awaiter read(char *buf, std::chrono::milliseconds);
  ROLE(needs_timeout) io_awaiter read(char *buf, request_deadline);
  ROLE(needs_timeout) io_awaiter read(char *buf, std::stop_token);
  ROLE(needs_timeout) io_awaiter read(char *buf, cancellation_token);
  /// The default timeout is "none": only a timeout the caller passes counts.
  ROLE(needs_timeout)
  io_awaiter write(const char *buf, std::chrono::milliseconds timeout = {});
  /// Served from a local buffer: never waits on the peer.
  io_awaiter read_buffered(char *buf);
};

ROLE(needs_timeout) io_awaiter connect(const char *host);
ROLE(needs_timeout) io_awaiter connect(const char *host, clock::time_point);

/// Waits for all of its awaitables (a combinator without role).
template <class... A> struct all_of {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
template <class... A> all_of<A...> when_all(A &&...) { return {}; }

/// Bounds an awaitable in time (a function with role timeout).
template <class Awaitable> struct timed {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  bool await_resume() const noexcept { return true; }
};
template <class Rep, class Period, class Awaitable>
ROLE(timeout)
timed<Awaitable> with_timeout(std::chrono::duration<Rep, Period>,
                              Awaitable &&) {
  return {};
}

/// A timeout wrapper built as an object (a class with role timeout).
template <class Awaitable> struct ROLE(timeout) timeout_op {
  timeout_op(clock::duration, Awaitable &&) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
template <class Awaitable>
timeout_op(clock::duration, Awaitable &&) -> timeout_op<Awaitable>;

/// While alive, every await in the enclosing block is cancelled at the
/// deadline (a class with role timeout).
class ROLE(timeout) timeout_scope {
public:
  explicit timeout_scope(clock::duration);
  ~timeout_scope();
};
/// Returns a scope object: the role is on the type.
timeout_scope move_on_after(clock::duration);

} // namespace mini_io

//===----------------------------------------------------------------------===//
// offl: offloading and blocking stand-ins
//===----------------------------------------------------------------------===//

// Offloading, blocking and structured-concurrency stand-ins for the
// blocking-call and fire-and-forget fixtures (namespace `offl`). Built on
// the task and ROLE macro above.


namespace offl {

/// An awaiter that completes with the callable's result.
template <class R> struct thread_result {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  R await_resume() const { return R(); }
};
template <> struct thread_result<void> {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

/// Runs `f` on a worker thread; the awaiter resumes with its result
/// (aio::to_thread's shape).
template <class F>
ROLE(offload) auto to_thread(F f) -> thread_result<decltype(f())> {
  return {};
}

/// An asynchronous sleep (what a blocking sleep should become).
inline mini::sleep_awaiter sleep(std::chrono::milliseconds) { return {}; }

/// A function of a legacy library, annotated as blocking.
ROLE(blocking) int legacy_fetch(int key);

/// A synchronous database call, made blocking by configuration only
/// (BlockingFunctions=offl::db_query in the fixture variant).
int db_query(const char *sql);

/// A structured owner of tasks: what spawned tasks should belong to.
struct task_group {
  void spawn(mini::task<> t) { (void)t; }
  mini::task<> join() { co_return; }
};

} // namespace offl

//===----------------------------------------------------------------------===//
// mini_sync: async locks
//===----------------------------------------------------------------------===//

// Shared-state helpers for fixtures: an async mutex whose lock is held by a
// guard object (role async_lock), and awaitable loads. Builds on the task above.

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
/// An awaitable that completes when a resource is ready (a poll).
mini::task<> poll();

/// A receive buffer: I/O reads into it, the reader consumes from it.
struct buffer {
  char data[64] = {};
  int size = 0;
  void consume(int n) { size -= n; }
};
/// An error code, set by an operation through an out-parameter.
struct error_code {
  int value = 0;
  explicit operator bool() const { return value != 0; }
};
/// Reads into \p into (an out-argument); sets \p ec on failure and returns
/// the number of bytes read.
mini::task<int> read_into(buffer &into, error_code &ec);

/// An executor shared by the coroutines it runs (held by std::shared_ptr).
struct executor {
  mini::task<> schedule();
  void post(int job);
  int pending() const;
  void set_pending(int n);
};

/// A lock object in Clang's thread-safety vocabulary: the class carries
/// `scoped_lockable`, so a live object holds a thread lock.
class __attribute__((capability("mutex"))) spin_mutex {
public:
  void lock() __attribute__((acquire_capability()));
  void unlock() __attribute__((release_capability()));
};
class __attribute__((scoped_lockable)) spin_guard {
public:
  explicit spin_guard(spin_mutex &m) __attribute__((acquire_capability(m)));
  ~spin_guard() __attribute__((release_capability()));
};
/// A lock guard known to the checks only by configuration (LockTypes).
class legacy_guard {
public:
  explicit legacy_guard(int resource);
  ~legacy_guard();
};

/// An await that resumes at once on the same thread (an executor hop that
/// stays put): harmless with a lock held, when configured so.
struct resume_inline {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
resume_inline stay_on_thread();

/// A generator of ints: `co_yield` suspends it.
struct int_generator {
  struct promise_type {
    int_generator get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int) noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

} // namespace mini_sync

//===----------------------------------------------------------------------===//
// mini_fd: readiness waits on descriptors
//===----------------------------------------------------------------------===//

// What a reactor offers for its own non-blocking descriptors: an awaitable
// readiness wait on a descriptor, and a socket object that owns one (its
// accessor returns the member, as most runtimes' native_handle() does).

namespace mini_fd {

enum class op { read, write };

/// Resumes when \p fd is ready for \p o (an epoll registration).
mini::sleep_awaiter poll(int fd, op o);

/// A socket owning a descriptor.
class socket {
public:
  explicit socket(int fd) : fd_(fd) {}
  int native_handle() const { return fd_; }
  /// Resumes when the socket is ready for \p o.
  mini::sleep_awaiter poll(op o) const { return mini_fd::poll(fd_, o); }

private:
  int fd_;
};

} // namespace mini_fd

//===----------------------------------------------------------------------===//
// mini_conc: concurrency hints
//===----------------------------------------------------------------------===//

// What the methodology hints (unbounded-concurrency, loop-without-suspension,
// busy-wait, sequential-await) look at: sleeps, limiters, gathers and the
// operations a loop awaits.

namespace mini_conc {

using mini::task;

ROLE(sleep) mini::sleep_awaiter sleep_for(std::chrono::milliseconds);
/// A sleep without the role: recognised by its duration argument.
mini::sleep_awaiter schedule_after(std::chrono::milliseconds);
/// An awaiter that only yields: not a sleep.
mini::sleep_awaiter yield();

/// A permit of a semaphore (role limiter), released when destroyed.
class ROLE(limiter) permit {
public:
  permit() = default;
  permit(permit &&) noexcept = default;
  ~permit() {}
};
class ROLE(limiter) semaphore {
public:
  explicit semaphore(int) {}
  task<permit> acquire();
};
/// A limiter recognised by its name only (LimiterTypes).
class rate_limiter {
public:
  task<> wait();
};

template <class T> task<std::vector<T>> gather(std::vector<task<T>>);
task<> gather(std::vector<task<>>);
/// A gather with a concurrency limit.
template <class T>
task<std::vector<T>> gather_bounded(std::vector<task<T>>, std::size_t limit);

/// A nursery whose spawn keeps the task (role spawn, nothing to return).
struct group {
  ROLE(spawn) void spawn(task<> t);
};

/// A latch the tasks count down and a coroutine awaits until it reaches
/// zero.
struct latch {
  explicit latch(int) {}
  void count_down();
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

/// An event another coroutine sets.
struct event {
  bool is_set() const { return set; }
  task<> wait();
  void notify();
  bool set = false;
};

struct response {
  int status = 0;
  int next = 0;
};
/// A client whose requests may run together (const methods).
struct client {
  task<response> get(int url) const;
};
/// One connection: requests on it are ordered (non-const methods).
struct connection {
  task<response> request(int what);
  task<> write(int what);
};

task<response> fetch(int url);
task<response> fetch_page(int cursor);
task<> store(int url);
task<bool> try_host(int host);

} // namespace mini_conc

// A test framework's assertion macro, as doctest's CHECK and Catch2's
// REQUIRE are written: any exception of the expression is reported as a
// failure of the test.
namespace mini_test {
void record_failure();
} // namespace mini_test
#define MINI_CHECK(expr)                                                       \
  do {                                                                         \
    try {                                                                      \
      if (!(expr))                                                             \
        mini_test::record_failure();                                           \
    } catch (...) {                                                            \
      mini_test::record_failure();                                             \
    }                                                                          \
  } while (0)
