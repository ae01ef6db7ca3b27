// corolint-blocking-call with BlockingFunctions: names that block by
// configuration, with no annotation and no built-in row.
// CHECKS: corolint-blocking-call
// CHECK-OPTION: corolint-blocking-call.BlockingFunctions=offl::db_query; ::legacy::connection::execute ;legacy::connection::connection
#include "mini.h"

namespace legacy {
struct connection {
  explicit connection(const char *dsn);
  int execute(const char *sql);
  int rows() const;
};
} // namespace legacy

int count_users() { return offl::db_query("select count(*) from users"); }

mini::task<> configured() {
  offl::db_query("select 1");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'offl::db_query' in coroutine 'configured' stalls the event loop; await an asynchronous equivalent or move it to a thread with an offload function
  legacy::connection db("postgres://");
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: blocking call to 'legacy::connection' constructor in coroutine 'configured'
  db.execute("vacuum");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'legacy::connection::execute' in coroutine 'configured'
  count_users();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'count_users' blocks the event loop in coroutine 'configured' (via 'offl::db_query')
  // CHECK-NOTES: :[[@LINE-11]]:28: note: 'count_users' blocks: call to 'offl::db_query' here
  co_return;
}

// --- No diagnostic --------------------------------------------------------

mini::task<> not_configured(legacy::connection &db) {
  (void)db.rows(); // not in the list
  // Offloaded: runs on a worker thread.
  int n = co_await offl::to_thread([] { return offl::db_query("select 2"); });
  (void)n;
  co_return;
}
