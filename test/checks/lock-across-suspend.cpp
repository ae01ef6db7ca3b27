// corolint-lock-across-suspend: a synchronous lock held, on some path, when
// the coroutine suspends.
#include "mini.h"

#include <mutex>
#include <pthread.h>
#include <shared_mutex>
#include <utility>

std::mutex mtx, other;
std::shared_mutex shared_mtx;
pthread_mutex_t raw = PTHREAD_MUTEX_INITIALIZER;
mini_sync::spin_mutex spin;

mini::task<int> compute();
void use(int);
void consume(std::unique_lock<std::mutex> lock);

// --- Positive cases ---------------------------------------------------------

mini::task<> guard_across_await() {
  std::lock_guard<std::mutex> guard(mtx);
  co_await mini::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'co_await' suspends coroutine 'guard_across_await' with lock 'guard' held: another coroutine on this thread that takes the mutex deadlocks, and unlocking it after resuming on another thread is undefined behaviour; release it before suspending or use an asynchronous lock [corolint-lock-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:31: note: lock 'guard' acquired here
}

// Awaits inside initialisers, assignments, arguments and conditions
// (llvm#72793: the statement-level upstream checks miss these).
mini::task<> awaits_inside_expressions() {
  std::unique_lock<std::mutex> lock(mtx);
  int x = co_await compute();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'co_await' suspends coroutine 'awaits_inside_expressions' with lock 'lock' held
  // CHECK-NOTES: :[[@LINE-3]]:32: note: lock 'lock' acquired here
  x = co_await compute();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'co_await' suspends coroutine 'awaits_inside_expressions' with lock 'lock' held
  // CHECK-NOTES: :[[@LINE-6]]:32: note: lock 'lock' acquired here
  use(co_await compute());
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'co_await' suspends
  // CHECK-NOTES: :[[@LINE-9]]:32: note: lock 'lock' acquired here
  if (co_await compute() > x) {
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'co_await' suspends
    // CHECK-NOTES: :[[@LINE-12]]:32: note: lock 'lock' acquired here
  }
}

mini_sync::int_generator yields_with_lock() {
  std::scoped_lock both(mtx, other);
  co_yield 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'co_yield' suspends coroutine 'yields_with_lock' with lock 'both' held
  // CHECK-NOTES: :[[@LINE-3]]:20: note: lock 'both' acquired here
}

mini::task<> reader_lock() {
  std::shared_lock reader(shared_mtx);
  co_await mini::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'co_await' suspends coroutine 'reader_lock' with lock 'reader' held
  // CHECK-NOTES: :[[@LINE-3]]:20: note: lock 'reader' acquired here
}

// A mutex locked by hand and not unlocked on every path.
mini::task<> manual_lock(bool early) {
  mtx.lock();
  if (early)
    mtx.unlock();
  co_await mini::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'co_await' suspends coroutine 'manual_lock' with mutex 'mtx' held
  // CHECK-NOTES: :[[@LINE-5]]:3: note: mutex 'mtx' locked here and not unlocked before the suspension
  mtx.unlock();
}

mini::task<> pthread_lock() {
  pthread_mutex_lock(&raw);
  co_await mini::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'co_await' suspends coroutine 'pthread_lock' with mutex 'raw' held
  // CHECK-NOTES: :[[@LINE-3]]:3: note: mutex 'raw' locked here and not unlocked before the suspension
  pthread_mutex_unlock(&raw);
}

// Unlocked, then locked again; and moved into another guard that lives on.
mini::task<> relocked_and_moved() {
  std::unique_lock<std::mutex> lock(mtx);
  lock.unlock();
  lock.lock();
  co_await mini::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'co_await' suspends coroutine 'relocked_and_moved' with lock 'lock' held
  // CHECK-NOTES: :[[@LINE-5]]:32: note: lock 'lock' acquired here
  std::unique_lock<std::mutex> taken(std::move(lock));
  co_await mini::sleep(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'co_await' suspends coroutine 'relocked_and_moved' with lock 'taken' held
  // CHECK-NOTES: :[[@LINE-3]]:32: note: lock 'taken' acquired here
}

// A guard declared in a loop is held at the await of each iteration; two
// guards are both named.
mini::task<> in_a_loop() {
  for (int i = 0; i < 3; ++i) {
    std::lock_guard<std::mutex> a(mtx);
    std::lock_guard<std::mutex> b(other);
    co_await mini::sleep(i);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'co_await' suspends coroutine 'in_a_loop' with lock 'a' held
    // CHECK-NOTES: :[[@LINE-4]]:33: note: lock 'a' acquired here
    // CHECK-NOTES: :[[@LINE-4]]:33: note: lock 'b' acquired here
  }
}

// Swapping hands the lock to the other guard.
mini::task<> swapped() {
  std::unique_lock<std::mutex> lock(mtx);
  std::unique_lock<std::mutex> empty;
  lock.swap(empty);
  co_await mini::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'co_await' suspends coroutine 'swapped' with lock 'empty' held
  // CHECK-NOTES: :[[@LINE-4]]:32: note: lock 'empty' acquired here
}

// Clang's thread-safety attributes: a scoped_lockable guard, and a mutex
// whose lock() is an acquire_capability.
mini::task<> thread_safety_annotated() {
  {
    mini_sync::spin_guard hold(spin);
    co_await mini::sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'co_await' suspends coroutine 'thread_safety_annotated' with lock 'hold' held
    // CHECK-NOTES: :[[@LINE-3]]:27: note: lock 'hold' acquired here
  }
  spin.lock();
  co_await mini::sleep(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'co_await' suspends coroutine 'thread_safety_annotated' with mutex 'spin' held
  // CHECK-NOTES: :[[@LINE-3]]:3: note: mutex 'spin' locked here and not unlocked before the suspension
  spin.unlock();
}

// An awaiter that only reads the lock cannot release it; and after the
// awaiter had it, the guard may hold again when the coroutine resumes.
struct observing_awaiter {
  observing_awaiter(const std::unique_lock<std::mutex> &lock);
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume() const noexcept;
};
struct relocking_awaiter {
  relocking_awaiter(std::unique_lock<std::mutex> &lock);
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume() const noexcept;
};
mini::task<> not_handed_over() {
  std::unique_lock<std::mutex> lock(mtx);
  co_await observing_awaiter(lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'co_await' suspends coroutine 'not_handed_over' with lock 'lock' held
  // CHECK-NOTES: :[[@LINE-3]]:32: note: lock 'lock' acquired here
  co_await relocking_awaiter(lock);
  co_await mini::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'co_await' suspends coroutine 'not_handed_over' with lock 'lock' held
  // CHECK-NOTES: :[[@LINE-7]]:32: note: lock 'lock' acquired here
}

// --- No diagnostic ----------------------------------------------------------

// The critical section ends before the await.
mini::task<> scope_ends_first() {
  {
    std::lock_guard<std::mutex> guard(mtx);
    use(1);
  }
  co_await mini::sleep(1);
}

// Unlocked, released (the guard no longer owns it) or moved away first.
mini::task<> let_go_first() {
  std::unique_lock<std::mutex> a(mtx);
  a.unlock();
  co_await mini::sleep(1);
  std::unique_lock<std::mutex> b(mtx);
  b.release()->unlock();
  co_await mini::sleep(2);
  std::unique_lock<std::mutex> c(mtx);
  consume(std::move(c));
  co_await mini::sleep(3);
  std::unique_lock<std::mutex> d(mtx);
  d = std::unique_lock<std::mutex>();
  co_await mini::sleep(4);
}

// A wrapper that owns nothing: deferred and never locked, or empty.
mini::task<> owns_nothing() {
  std::unique_lock<std::mutex> deferred(mtx, std::defer_lock);
  std::unique_lock<std::mutex> empty;
  co_await mini::sleep(1);
}

// Locked by hand, unlocked on every path before the await; or adopted by a
// guard whose scope ends first.
mini::task<> manual_unlocked(bool early) {
  mtx.lock();
  if (early) {
    mtx.unlock();
  } else {
    mtx.unlock();
  }
  co_await mini::sleep(1);
  other.lock();
  {
    std::lock_guard<std::mutex> adopted(other, std::adopt_lock);
  }
  co_await mini::sleep(2);
}

// Taken after the last await.
mini::task<> lock_after_await() {
  co_await mini::sleep(1);
  std::lock_guard<std::mutex> guard(mtx);
  use(1);
}

// A jump back to before the lock leaves its scope first.
mini::task<> await_with_goto() {
first:
  co_await mini::sleep(1);
  std::lock_guard<std::mutex> guard(mtx);
  goto first;
}

// An async lock is meant to be held across awaits.
mini::task<> async_lock(mini_sync::mutex &m) {
  auto guard = co_await m.lock();
  co_await mini::sleep(1);
}

// A lambda written in the coroutine is its own function: its lock is not
// the coroutine's.
mini::task<> lock_in_a_lambda() {
  auto critical = [] {
    std::lock_guard<std::mutex> guard(mtx);
    use(1);
  };
  critical();
  co_await mini::sleep(1);
}

// A reference to a guard does not own it.
mini::task<> reference_to_a_guard(std::unique_lock<std::mutex> &held) {
  std::unique_lock<std::mutex> &alias = held;
  co_await mini::sleep(1);
}

// The awaiter takes the guard by non-const reference and releases it in
// await_suspend (the condition-variable pattern of an async lock's slow
// path): at that suspension the lock is the awaiter's.
struct unlocking_awaiter {
  unlocking_awaiter(std::unique_lock<std::mutex> &lock);
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume() const noexcept;
};
unlocking_awaiter wait_and_unlock(std::unique_lock<std::mutex> &lock);
mini::task<> handed_to_the_awaiter(bool &locked) {
  while (true) {
    std::unique_lock<std::mutex> lock(mtx);
    if (!locked) {
      locked = true;
      break;
    }
    co_await unlocking_awaiter(lock);
  }
  std::unique_lock<std::mutex> again(mtx);
  co_await wait_and_unlock(again);
}

// Silenced.
mini::task<> silenced() {
  std::lock_guard<std::mutex> guard(mtx);
  co_await mini::sleep(1); // NOLINT(corolint-lock-across-suspend)
}

// --- Lambdas, templates, macros ---------------------------------------------

void lambdas() {
  auto plain = []() -> mini::task<> {
    std::lock_guard<std::mutex> guard(mtx);
    co_await mini::sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'co_await' suspends a coroutine lambda with lock 'guard' held
    // CHECK-NOTES: :[[@LINE-3]]:33: note: lock 'guard' acquired here
  };
  auto generic = [](auto &m) -> mini::task<> {
    std::unique_lock lock(m);
    co_await mini::sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'co_await' suspends a coroutine lambda with lock 'lock' held
    // CHECK-NOTES: :[[@LINE-3]]:22: note: lock 'lock' acquired here
  };
  (void)plain;
  (void)generic(mtx);
}

template <class Mutex> mini::task<> templated_mutex(Mutex &m) {
  std::unique_lock<Mutex> lock(m);
  co_await mini::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'co_await' suspends coroutine 'templated_mutex' with lock 'lock' held
  // CHECK-NOTES: :[[@LINE-3]]:27: note: lock 'lock' acquired here
}
template <class T> mini::task<> raii_in_template() {
  T hold(spin);
  co_await mini::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'co_await' suspends coroutine 'raii_in_template' with lock 'hold' held
  // CHECK-NOTES: :[[@LINE-3]]:5: note: lock 'hold' acquired here
}
void instantiate() {
  (void)templated_mutex(mtx);
  (void)raii_in_template<mini_sync::spin_guard>();
}

// A template nothing instantiates is read on its pattern.
template <class Mutex> mini::task<> never_instantiated(Mutex &m) {
  std::unique_lock<Mutex> lock(m);
  co_await mini::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'co_await' suspends coroutine 'never_instantiated' with lock 'lock' held
  // CHECK-NOTES: :[[@LINE-3]]:27: note: lock 'lock' acquired here
}
template <class Mutex> mini::task<> never_instantiated_unlocked(Mutex &m) {
  std::unique_lock<Mutex> lock(m);
  lock.unlock();
  co_await mini::sleep(1);
}

#define LOCKED(m) std::lock_guard<std::mutex> macro_guard(m)
mini::task<> through_a_macro() {
  LOCKED(mtx);
  co_await mini::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'co_await' suspends coroutine 'through_a_macro' with lock 'macro_guard' held
  // CHECK-NOTES: :[[@LINE-3]]:3: note: lock 'macro_guard' acquired here
  // CHECK-NOTES: :[[@LINE-6]]:47: note: expanded from macro 'LOCKED'
}
