//===----------------------------------------------------------------------===//
//
// Unit tests of DroppedExceptions: which exceptions leaving work nobody
// awaits are errors, and which are a cancelled timer or the end of a
// session.
//
//===----------------------------------------------------------------------===//

#include "CoroutineSnippet.h"

#include "analysis/DroppedExceptions.h"

namespace clang::tidy::corolint::analysis {
namespace {

using corolint_test::CoroutineSnippet;

/// A connection, a timer and a combinator whose awaits throw on failure, as
/// Asio's use_awaitable operations do.
constexpr const char *Vocabulary = R"(#include <stdexcept>
struct throwing_awaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  int await_resume() const { return 0; }
};
struct conn {
  ROLE(needs_timeout) throwing_awaiter read(char *);
  ROLE(needs_timeout) throwing_awaiter connect(const char *);
};
ROLE(needs_timeout) throwing_awaiter write(conn &, const char *);
struct timer {
  ROLE(sleep) throwing_awaiter wait();
};
mini::task<> operator&&(mini::task<>, mini::task<>);
mini::task<> operator||(mini::task<>, mini::task<>);
mini::task<int> compute();
)";

/// The line of the first lost-error point of coroutine \p Name, counted
/// from the first line after the vocabulary; 0 for none.
unsigned lostErrorLine(CoroutineSnippet &S, llvm::StringRef Name) {
  RoleLookup Roles(nullptr);
  const Stmt *Point = firstLostErrorPoint(S.function(Name), Roles);
  if (!Point)
    return 0;
  return S.line(Point) - llvm::StringRef(Vocabulary).count('\n');
}

TEST(DroppedExceptionsTest, TheOwnedConnectionsFailuresEndASession) {
  CoroutineSnippet S(std::string(Vocabulary) + R"(mini::task<> session(conn c) {
  char buf[64];
  for (;;) {
    co_await c.read(buf);
    co_await write(c, buf);
  }
}
mini::task<> borrowed(conn &c) {
  char buf[64];
  co_await c.read(buf);
}
mini::task<> connects_elsewhere(conn c) {
  char buf[64];
  co_await c.read(buf);
  conn upstream;
  co_await upstream.connect("db");
}
mini::task<> also_computes(conn c) {
  char buf[64];
  co_await c.read(buf);
  co_await compute();
}
mini::task<> throws_its_own(conn c) {
  char buf[64];
  co_await c.read(buf);
  throw std::runtime_error("bad request");
}
)");
  EXPECT_EQ(lostErrorLine(S, "session"), 0u)
      << "the peer's failures end the session that owns the connection";
  EXPECT_EQ(lostErrorLine(S, "borrowed"), 10u)
      << "a connection taken by reference is not owned";
  EXPECT_EQ(lostErrorLine(S, "connects_elsewhere"), 16u)
      << "a connect to another host is an error worth hearing of";
  EXPECT_EQ(lostErrorLine(S, "also_computes"), 21u)
      << "what else the session awaits can fail for other reasons";
  EXPECT_EQ(lostErrorLine(S, "throws_its_own"), 26u);
}

TEST(DroppedExceptionsTest, TheConnectionIsFollowedIntoAwaitedCoroutines) {
  CoroutineSnippet S(std::string(Vocabulary) + R"(mini::task<> echo(conn &c) {
  char buf[64];
  co_await c.read(buf);
  co_await write(c, buf);
}
mini::task<> pump(conn &from, conn &to) {
  char buf[64];
  co_await from.read(buf);
  co_await write(to, buf);
}
mini::task<> delegates(conn c) { co_await echo(c); }
mini::task<> moves_it_on(conn c) { co_await delegates(std::move(c)); }
mini::task<> pumps_to_another(conn c) {
  conn other;
  co_await pump(c, other);
}
)");
  EXPECT_EQ(lostErrorLine(S, "delegates"), 0u);
  EXPECT_EQ(lostErrorLine(S, "moves_it_on"), 0u);
  EXPECT_EQ(lostErrorLine(S, "pumps_to_another"), 15u)
      << "writing to a connection the session does not own can fail for "
         "other reasons";
}

TEST(DroppedExceptionsTest, TimersAndWatchdogs) {
  CoroutineSnippet S(std::string(Vocabulary) + R"(mini::task<> compute_all();
mini::task<> ticks() {
  timer t;
  for (;;)
    co_await t.wait();
}
mini::task<> watchdog(bool &expired) {
  timer t;
  co_await t.wait();
  throw std::runtime_error("timed out");
}
mini::task<> echo(conn &c) {
  char buf[64];
  co_await c.read(buf);
}
mini::task<> guarded_session(conn c, bool &expired) {
  co_await (echo(c) && watchdog(expired));
}
mini::task<> guarded_computation(bool &expired) {
  co_await (compute_all() && watchdog(expired));
}
mini::task<> watchdog_alone(bool &expired) {
  co_await watchdog(expired);
}
mini::task<> is_a_watchdog() {
  timer t;
  co_await t.wait();
  throw std::runtime_error("timed out");
}
)");
  EXPECT_EQ(lostErrorLine(S, "ticks"), 0u)
      << "a timer fails only when it is cancelled";
  EXPECT_EQ(lostErrorLine(S, "guarded_session"), 0u)
      << "the watchdog's timeout ends the session";
  EXPECT_EQ(lostErrorLine(S, "guarded_computation"), 20u)
      << "a watchdog ends a session only; what it guards here may fail";
  EXPECT_EQ(lostErrorLine(S, "watchdog_alone"), 23u)
      << "outside a session a watchdog's timeout is a failure";
  EXPECT_EQ(lostErrorLine(S, "is_a_watchdog"), 28u)
      << "the detached coroutine's own throw is lost";
}

TEST(DroppedExceptionsTest, CombinatorsAndCoroutinesThatCannotFail) {
  CoroutineSnippet S(std::string(Vocabulary) + R"(mini::task<> ok() { co_return; }
mini::task<> fails() {
  throw std::runtime_error("x");
  co_return;
}
mini::task<> awaits_ok() { co_await ok(); }
mini::task<> both_ok() { co_await (ok() && ok()); }
mini::task<> one_of_them_fails() { co_await (ok() && fails()); }
mini::task<> first_success() { co_await (fails() || ok()); }
mini::task<> both_fail() { co_await (fails() || fails()); }
)");
  EXPECT_EQ(lostErrorLine(S, "awaits_ok"), 0u)
      << "an awaited coroutine from which nothing can leave delivers nothing";
  EXPECT_EQ(lostErrorLine(S, "both_ok"), 0u);
  EXPECT_EQ(lostErrorLine(S, "one_of_them_fails"), 8u)
      << "`&&` fails when either operand does";
  EXPECT_EQ(lostErrorLine(S, "first_success"), 0u)
      << "`||` fails only when both operands do";
  EXPECT_EQ(lostErrorLine(S, "both_fail"), 10u);
}

} // namespace
} // namespace clang::tidy::corolint::analysis
