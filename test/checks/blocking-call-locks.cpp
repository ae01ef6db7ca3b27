// corolint-blocking-call with FlagLocks and FollowCalleeLocks: acquiring a
// thread mutex is reported again, in the coroutine and through callees.
// CHECKS: corolint-blocking-call
// CHECK-OPTION: corolint-blocking-call.FlagLocks=true
// CHECK-OPTION: corolint-blocking-call.FollowCalleeLocks=true
#include "mini.h"

#include <condition_variable>
#include <mutex>
#include <pthread.h>
#include <shared_mutex>

std::mutex mtx;
std::shared_mutex shared_mtx;
std::condition_variable cv;
pthread_mutex_t raw = PTHREAD_MUTEX_INITIALIZER;

mini::task<> locks_a_mutex() {
  mtx.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::mutex::lock' in coroutine 'locks_a_mutex' stalls the event loop while it waits for the mutex; use an asynchronous lock, or move the critical section to a thread with an offload function
  mtx.unlock();
  {
    std::lock_guard<std::mutex> guard(mtx);
    // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: blocking call to 'std::lock_guard' constructor in coroutine 'locks_a_mutex' stalls the event loop while it waits for the mutex
  }
  {
    std::scoped_lock both(mtx, shared_mtx);
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: blocking call to 'std::scoped_lock' constructor
  }
  {
    std::shared_lock reader(shared_mtx);
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: blocking call to 'std::shared_lock' constructor
  }
  {
    std::unique_lock<std::mutex> lock(mtx);
    // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: blocking call to 'std::unique_lock' constructor
    cv.wait(lock);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::condition_variable::wait' in coroutine 'locks_a_mutex' stalls the event loop; await
  }
  ::pthread_mutex_lock(&raw);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'pthread_mutex_lock' in coroutine 'locks_a_mutex' stalls the event loop while it waits for the mutex
  ::pthread_mutex_unlock(&raw);
  co_return;
}

// A lock in a callee is followed.
struct registry {
  int use_service() {
    std::lock_guard<std::mutex> hold(mtx);
    return 1;
  }
};

mini::task<> constructs_through_a_lock() {
  registry r;
  r.use_service();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'registry::use_service' blocks the event loop in coroutine 'constructs_through_a_lock' (via 'std::lock_guard')
  // CHECK-NOTES: :[[@LINE-9]]:33: note: 'registry::use_service' blocks: call to 'std::lock_guard' constructor here
  co_return;
}

// --- No diagnostic --------------------------------------------------------

mini::task<> locks_that_do_not_lock(std::unique_lock<std::mutex> owned) {
  std::unique_lock<std::mutex> deferred(mtx, std::defer_lock); // not locked yet
  std::unique_lock<std::mutex> tried(mtx, std::try_to_lock);   // never waits
  std::unique_lock<std::mutex> empty;                          // owns nothing
  std::unique_lock<std::mutex> moved(std::move(owned));        // already held
  if (mtx.try_lock()) {                                        // never waits
    std::lock_guard<std::mutex> adopted(mtx, std::adopt_lock); // already held
  }
  co_return;
}
