// Fixture for corolint-blocking-call.
#include "mini.h"

#include <barrier>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <iostream>
#include <latch>
#include <mutex>
#include <netdb.h>
#include <poll.h>
#include <semaphore>
#include <shared_mutex>
#include <sstream>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

std::mutex mtx;
std::shared_mutex shared_mtx;
std::condition_variable cv;

// --- Positive cases: direct calls ----------------------------------------

mini::task<> sleeps() {
  std::this_thread::sleep_for(100ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'sleeps' stalls the event loop; await an asynchronous equivalent or move it to a thread with an offload function [corolint-blocking-call]
  std::this_thread::sleep_until(std::chrono::steady_clock::now());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_until' in coroutine 'sleeps'
  ::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' in coroutine 'sleeps'
  usleep(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' in coroutine 'sleeps'
  co_return;
}

mini::task<> waits_for_threads_and_futures(std::thread &worker,
                                           std::future<int> &result,
                                           std::shared_future<int> &shared) {
  worker.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::thread::join' in coroutine 'waits_for_threads_and_futures'
  int v = result.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'std::future::get'
  shared.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::shared_future::wait'
  result.wait_for(1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::future::wait_for'
  co_return;
}

mini::task<> synchronises(std::counting_semaphore<4> &sem, std::latch &done,
                          std::barrier<> &phase) {
  sem.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::counting_semaphore::acquire'
  done.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::latch::wait'
  phase.arrive_and_wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::barrier::arrive_and_wait'
  co_return;
}

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
  co_return;
}

mini::task<> posix_io(int fd, char *buf, pollfd *fds) {
  ::read(fd, buf, 16);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'posix_io'
  ::recv(fd, buf, 16, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recv'
  ::poll(fds, 1, -1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'poll'
  addrinfo *info = nullptr;
  ::getaddrinfo("example.org", "80", nullptr, &info);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'getaddrinfo'
  std::system("true");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'system'
  ::popen("true", "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'popen'
  co_return;
}

mini::task<> reads_stdin() {
  int n = 0;
  std::cin >> n;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking read from 'std::cin' in coroutine 'reads_stdin' stalls the event loop until input arrives; read it asynchronously or move it to a thread with an offload function
  std::string line;
  std::getline(std::cin, line);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking read from 'std::cin'
  std::cin >> n >> line; // one finding for the chain: the first read waits
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking read from 'std::cin'
  std::cin.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking read from 'std::cin'
  co_return;
}

mini::task<> annotated_and_runner() {
  offl::legacy_fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'offl::legacy_fetch' in coroutine 'annotated_and_runner'
  mini::run(mini::task<>{});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'mini::run' in coroutine 'annotated_and_runner' runs a nested event loop that stalls the running one; await the task instead
  co_return;
}

// --- Positive cases: through ordinary functions of this file ---------------

void read_config() { std::this_thread::sleep_for(10ms); }
void helper() { read_config(); }
void load_settings() { helper(); }

mini::task<> handler() {
  helper();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'helper' blocks the event loop in coroutine 'handler' (via 'read_config' -> 'std::this_thread::sleep_for')
  // CHECK-NOTES: :[[@LINE-6]]:17: note: 'helper' calls 'read_config' here
  // CHECK-NOTES: :[[@LINE-8]]:22: note: 'read_config' blocks: call to 'std::this_thread::sleep_for' here
  read_config();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'read_config' blocks the event loop in coroutine 'handler' (via 'std::this_thread::sleep_for')
  // CHECK-NOTES: :[[@LINE-11]]:22: note: 'read_config' blocks: call to 'std::this_thread::sleep_for' here
  load_settings();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'load_settings' blocks the event loop in coroutine 'handler' (via 'helper' -> 'read_config' -> 'std::this_thread::sleep_for')
  // CHECK-NOTES: :[[@LINE-12]]:24: note: 'load_settings' calls 'helper' here
  // CHECK-NOTES: :[[@LINE-14]]:17: note: 'helper' calls 'read_config' here
  // CHECK-NOTES: :[[@LINE-16]]:22: note: 'read_config' blocks: call to 'std::this_thread::sleep_for' here
  co_return;
}

// Mutual recursion: the cycle is followed once, and the blocking call found.
void ping(int n);
void pong(int n) {
  if (n > 0)
    ping(n - 1);
}
void ping(int n) {
  pong(n);
  std::lock_guard<std::mutex> guard(mtx);
}

mini::task<> plays() {
  pong(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'pong' blocks the event loop in coroutine 'plays' (via 'ping' -> 'std::lock_guard')
  // CHECK-NOTES: :[[@LINE-10]]:5: note: 'pong' calls 'ping' here
  // CHECK-NOTES: :[[@LINE-7]]:31: note: 'ping' blocks: call to 'std::lock_guard' constructor here
  co_return;
}

// Methods, constructors and nested event loops are followed too.
struct config_store {
  config_store() { offl::legacy_fetch(0); }
  int load() const { return ::read(0, nullptr, 0); }
};
void drive() { mini::run(mini::task<>{}); }

mini::task<> uses_the_store() {
  config_store store;
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: call to 'config_store' constructor blocks the event loop in coroutine 'uses_the_store' (via 'offl::legacy_fetch')
  // CHECK-NOTES: :[[@LINE-8]]:20: note: 'config_store' constructor blocks: call to 'offl::legacy_fetch' here
  store.load();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'config_store::load' blocks the event loop in coroutine 'uses_the_store' (via 'read')
  // CHECK-NOTES: :[[@LINE-10]]:29: note: 'config_store::load' blocks: call to 'read' here
  drive();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'drive' runs a nested event loop in coroutine 'uses_the_store' (via 'mini::run')
  // CHECK-NOTES: :[[@LINE-11]]:16: note: 'drive' runs a nested event loop: call to 'mini::run' here
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

int compute_locally(int x) { return x * 2; } // blocks nowhere
void takes_callback(void (*f)()) { f(); }    // calls through a pointer

mini::task<> offloaded(std::istringstream &text) {
  // The callable runs on a worker thread: blocking there is the point.
  int v = co_await offl::to_thread([] { return offl::legacy_fetch(2); });
  co_await offl::to_thread([] {
    std::this_thread::sleep_for(1s);
    return 0;
  });
  std::thread worker([] { ::sleep(1); });
  auto later = std::async(std::launch::async, [] { helper(); });
  std::thread by_reference(read_config); // a function reference: not called here
  v += compute_locally(v);               // an ordinary function that never blocks
  takes_callback(&read_config);          // function pointers are not followed
  text >> v;                             // a string stream never waits
  std::string word;
  std::getline(text, word);
  (void)sizeof(offl::legacy_fetch(3));   // unevaluated
  co_return;
}

void not_a_coroutine() {
  std::this_thread::sleep_for(1ms); // only coroutines are checked
  helper();
}

mini::task<> blocking_coroutine() {
  ::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' in coroutine 'blocking_coroutine'
  co_return;
}

mini::task<> awaits_a_coroutine() {
  co_await blocking_coroutine(); // a coroutine's body is checked on its own
  auto pending = blocking_coroutine();
  co_await pending;
}

namespace user {
int read(int fd); // not the POSIX read: C++ linkage, user namespace
struct file {
  int read(); // a member named read
};
} // namespace user
int sleep(const char *why); // an overload with C++ linkage, not ::sleep(unsigned)

mini::task<> same_names(user::file &f) {
  user::read(1);
  f.read();
  sleep("no");
  co_return;
}

struct base {
  virtual void work() {}
};
struct blocking_derived : base {
  void work() override { ::sleep(1); }
};
mini::task<> virtual_calls_are_not_followed(base &b) {
  b.work(); // dynamic dispatch: the callee is not known
  co_return;
}

mini::task<> local_classes() {
  struct later {
    void run() { ::sleep(1); } // runs when called, not here
  };
  co_return;
}

template <class T> mini::task<> never_instantiated(T x) {
  ::sleep(x); // templates are checked in their instantiations
  co_return;
}

// --- Lambdas --------------------------------------------------------------

mini::task<> lambda_in_coroutine() {
  auto retry = [] { ::usleep(100); };
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: blocking call to 'usleep' in coroutine 'lambda_in_coroutine'
  retry(); // its body is part of the coroutine and was reported above
  co_return;
}

void outside() {
  auto coro = []() -> mini::task<> {
    ::usleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'usleep' in a coroutine lambda
    co_return;
  };
  (void)coro;
}

mini::task<> nested_coroutine_lambda() {
  auto inner = []() -> mini::task<> {
    helper();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'helper' blocks the event loop in a coroutine lambda (via 'read_config' -> 'std::this_thread::sleep_for')
    // CHECK-NOTES: :[[@LINE-170]]:17: note: 'helper' calls 'read_config' here
    // CHECK-NOTES: :[[@LINE-172]]:22: note: 'read_config' blocks: call to 'std::this_thread::sleep_for' here
    co_return;
  };
  co_await inner(); // the inner lambda is its own coroutine: reported once
}

// --- Templates and macros -------------------------------------------------

template <class T> mini::task<> generic(T delay) {
  std::this_thread::sleep_for(delay);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'generic'
  co_return;
}
template mini::task<> generic(std::chrono::milliseconds);

#define NAP() std::this_thread::sleep_for(1ms)
mini::task<> in_a_macro() {
  NAP();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'in_a_macro'
  // CHECK-NOTES: :[[@LINE-4]]:15: note: expanded from macro 'NAP'
  co_return;
}

// No diagnostic: MSG_DONTWAIT makes a socket call return EAGAIN instead of waiting.
mini::task<> socket_calls_with_msg_dontwait(int fd, char *buf, msghdr *msg) {
  ::recv(fd, buf, 16, MSG_DONTWAIT);                // returns EAGAIN instead of waiting
  ::send(fd, buf, 16, MSG_DONTWAIT | MSG_NOSIGNAL); // the flag anywhere in the mask
  ::recvmsg(fd, msg, MSG_DONTWAIT);
  co_return;
}
