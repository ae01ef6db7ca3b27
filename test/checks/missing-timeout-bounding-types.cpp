// corolint-missing-timeout with BoundingTypes replaced: only durations and
// types named like "*budget*" bound a call now.
// CHECKS: corolint-missing-timeout
// CHECK-OPTION: corolint-missing-timeout.BoundingTypes=std::chrono::duration;*Budget*
#include "mini.h"

using namespace std::chrono_literals;
using mini_io::socket;

struct TimeBudget {
  int ms;
};
ROLE(needs_timeout) mini_io::io_awaiter query(const char *sql, TimeBudget);

mini::task<> no_longer_bounding(socket &s, char *buf, std::stop_token st) {
  co_await s.read(buf, mini_io::request_deadline{});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini_io::socket::read' waits on an external resource with no timeout; wrap it in a timeout or pass a deadline [corolint-missing-timeout]
  co_await s.read(buf, st);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini_io::socket::read' waits on an external resource with no timeout
  co_await mini_io::connect("example.org", mini_io::clock::now() + 1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mini_io::connect' waits on an external resource with no timeout
}

// --- No diagnostic ------------------------------------------------------------

mini::task<> still_bounding(socket &s, char *buf) {
  co_await s.read(buf, 500ms);                // std::chrono::duration is listed
  co_await query("select 1", TimeBudget{100}); // matches *Budget* (any case)
}
