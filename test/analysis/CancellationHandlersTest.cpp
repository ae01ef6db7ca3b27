//===----------------------------------------------------------------------===//
//
// Unit tests of analysis/CancellationHandlers: which handlers of a coroutine
// catch a cancellation thrown at a suspension point, and how they end.
//
//===----------------------------------------------------------------------===//

#include "analysis/CancellationHandlers.h"

#include "CoroutineSnippet.h"

#include <gtest/gtest.h>

using namespace clang;
using namespace clang::tidy::corolint::analysis;
using corolint_test::CoroutineSnippet;

namespace {

/// The exits of the swallowing handlers of coroutine `f` in \p Code, as a
/// string of letters: R (returns), F (falls off).
std::string swallowed(llvm::StringRef Code) {
  CoroutineSnippet S(Code);
  RoleLookup Roles(nullptr);
  CancellationClasses Classes(S.ctx(), Roles);
  std::string Exits;
  for (const SwallowingHandler &H : swallowingHandlers(
           S.function("f"), [&] { return Classes.classes(); }, Roles,
           S.ctx()))
    Exits += H.Outcome.Exit == HandlerExit::Returns ? "R" : "F";
  return Exits;
}

TEST(CancellationHandlers, FindsTheCancellationClassesOfTheUnit) {
  CoroutineSnippet S("struct other : mini::cancelled_error {};");
  RoleLookup Roles(nullptr);
  CancellationClasses Classes(S.ctx(), Roles);
  ASSERT_EQ(Classes.classes().size(), 1u); // the class with the role itself
  EXPECT_EQ(Classes.classes()[0]->getName(), "cancelled_error");
}

TEST(CancellationHandlers, CatchAllAndBasesCatchTheCancellation) {
  EXPECT_EQ(swallowed(R"(
    mini::task<int> g();
    mini::task<> f() {
      try { co_await g(); } catch (...) {}
      try { co_await g(); } catch (const std::exception &) { co_return; }
      try { co_await g(); } catch (const mini::cancelled_error &) {}
    })"),
            "FRF");
}

TEST(CancellationHandlers, RethrowingHandlersAndNarrowTypesAreFine) {
  EXPECT_EQ(swallowed(R"(
    #include <stdexcept>
    mini::task<int> g();
    mini::task<> f() {
      try { co_await g(); } catch (...) { throw; }
      try { co_await g(); } catch (const std::runtime_error &) {}
      try { co_await g(); }
      catch (const mini::cancelled_error &) { throw; }
      catch (...) {}
      try { g(); } catch (...) {}
    })"),
            "");
}

TEST(CancellationHandlers, StoringAndRethrowingAfterTheTryIsFine) {
  EXPECT_EQ(swallowed(R"(
    mini::task<int> g();
    mini::task<> f() {
      std::exception_ptr e;
      try { co_await g(); } catch (...) { e = std::current_exception(); }
      co_await g();
      if (e) std::rethrow_exception(e);
    })"),
            "");
  // Stored but only tested: swallowed.
  EXPECT_EQ(swallowed(R"(
    mini::task<int> g();
    mini::task<> f() {
      std::exception_ptr e;
      try { co_await g(); } catch (...) { e = std::current_exception(); }
      if (e) co_return;
    })"),
            "F");
}

TEST(CancellationHandlers, AChildCancelledEarlierMayBeCollected) {
  EXPECT_EQ(swallowed(R"(
    mini::task<int> g();
    mini::task<> f() {
      auto h = mini::spawn(g());
      h.cancel();
      try { co_await h; } catch (const mini::cancelled_error &) {}
    })"),
            "");
}

TEST(CancellationHandlers, HandlerOutcomeFollowsTheStatementsAfterTheTry) {
  CoroutineSnippet S(R"(
    mini::task<int> g();
    [[noreturn]] void fail();
    mini::task<> f(bool c) {
      try { co_await g(); } catch (...) {}
      fail();
    })");
  RoleLookup Roles(nullptr);
  CancellationClasses Classes(S.ctx(), Roles);
  EXPECT_TRUE(swallowingHandlers(
                  S.function("f"), [&] { return Classes.classes(); }, Roles,
                  S.ctx())
                  .empty());
}

} // namespace
