// Fixture for corolint-blocking-call.
#include "mini.h"

#include <barrier>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <iostream>
#include <latch>
#include <map>
#include <mutex>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
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

mini::task<> waits_on_a_condition_variable() {
  std::unique_lock<std::mutex> lock(mtx); // a short critical section
  cv.wait(lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::condition_variable::wait' in coroutine 'waits_on_a_condition_variable' stalls the event loop; await
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
  mini::run(mini::task<>{}); // a nested event loop: corolint-nested-run's
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
  std::unique_lock<std::mutex> lock(mtx);
  cv.wait(lock);
}

mini::task<> plays() {
  pong(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'pong' blocks the event loop in coroutine 'plays' (via 'ping' -> 'std::condition_variable::wait')
  // CHECK-NOTES: :[[@LINE-11]]:5: note: 'pong' calls 'ping' here
  // CHECK-NOTES: :[[@LINE-7]]:3: note: 'ping' blocks: call to 'std::condition_variable::wait' here
  co_return;
}

// A library's internals that take a short internal mutex and wait nowhere:
// a registry of services behind a mutex, a socket whose close() unregisters
// it, a logger that serialises lines.
struct service_registry {
  std::mutex guard;
  pthread_mutex_t raw = PTHREAD_MUTEX_INITIALIZER;
  int use_service() {
    std::lock_guard<std::mutex> hold(guard);
    return 1;
  }
  void deregister() {
    ::pthread_mutex_lock(&raw);
    ::pthread_mutex_unlock(&raw);
  }
};
service_registry registry;
struct library_socket {
  library_socket() : id(registry.use_service()) {}
  void close() { registry.deregister(); }
  int id;
};
void log_line(const char *) {
  static std::mutex log_mutex;
  log_mutex.lock();
  log_mutex.unlock();
}
// A lock in a callee that also waits: the wait is what is reported.
void drain_queue() {
  std::unique_lock<std::mutex> lock(mtx);
  cv.wait_for(lock, 1ms);
}

mini::task<> uses_a_library() {
  library_socket sock; // takes the registry's mutex: a lock, not a wait
  sock.close();        // the same
  log_line("closed");  // the same
  drain_queue();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'drain_queue' blocks the event loop in coroutine 'uses_a_library' (via 'std::condition_variable::wait_for')
  // CHECK-NOTES: :[[@LINE-9]]:3: note: 'drain_queue' blocks: call to 'std::condition_variable::wait_for' here
  co_return;
}

// Methods and constructors are followed too.
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
  drive(); // reaches a nested event loop: corolint-nested-run's, not ours
  co_return;
}

// --- No diagnostic --------------------------------------------------------

std::map<int, int> table;

mini::task<> short_critical_sections(int key) {
  {
    std::lock_guard<std::mutex> guard(mtx); // protects the table, never held across co_await
    (void)table.find(key);
  }
  {
    std::scoped_lock both(mtx, shared_mtx); // the same, with two mutexes
    table[key] = 1;
  }
  {
    std::shared_lock reader(shared_mtx); // a reader's short critical section
    (void)table.count(key);
  }
  mtx.lock(); // a lock taken and released at once
  mtx.unlock();
  co_await mini::sleep(1);
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

// A named lambda whose variable is only handed to offload functions runs on
// their threads: no diagnostic.
mini::task<> named_offloaded_lambdas() {
  auto work = [] {
    std::this_thread::sleep_for(1s);
    return 0;
  };
  int v = co_await offl::to_thread(work);
  auto nap = [] { ::sleep(1); };
  std::thread worker(nap);
  worker.detach();
  auto moved = [] { return offl::legacy_fetch(4); };
  v += co_await offl::to_thread(std::move(moved));
  co_return;
}

// The variable is also used in a way that may run the lambda here.
mini::task<> named_lambda_also_run_here() {
  auto work = [] {
    std::this_thread::sleep_for(1s);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'named_lambda_also_run_here'
    return 0;
  };
  int v = co_await offl::to_thread(work);
  v += work(); // called on the coroutine's thread too
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
    // CHECK-NOTES: :[[@LINE-248]]:17: note: 'helper' calls 'read_config' here
    // CHECK-NOTES: :[[@LINE-250]]:22: note: 'read_config' blocks: call to 'std::this_thread::sleep_for' here
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

// No diagnostic: a generic coroutine that runs the callable it is handed
// (an executor's bridge) does not own what the callable does; a callable of
// its own, or a parameter that is not of template type, it does.
template <class F, class... Args> mini::task<> bridge(F work, Args... args) {
  work(args...);
  co_return;
}
template <class F> mini::task<> bridge_with_a_nap(F work) {
  work();
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'bridge_with_a_nap'
  co_return;
}
inline void nap(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }
template <class T> mini::task<> calls_a_fixed_function(T ms) {
  nap(ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'nap' blocks the event loop in coroutine 'calls_a_fixed_function' (via 'std::this_thread::sleep_for')
  // CHECK-NOTES: :[[@LINE-4]]:27: note: 'nap' blocks: call to 'std::this_thread::sleep_for' here
  co_return;
}
void submits_work() {
  auto naps = [](int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); };
  (void)bridge(naps, 5);
  (void)bridge_with_a_nap([] {});
  (void)calls_a_fixed_function(5);
}

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
