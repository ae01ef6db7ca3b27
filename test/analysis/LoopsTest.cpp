//===----------------------------------------------------------------------===//
//
// Unit tests of Loops: trip counts, exits, modifications, references, and
// the awaits that pace a loop.
//
//===----------------------------------------------------------------------===//

#include "analysis/Loops.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

namespace clang::tidy::corolint::analysis {
namespace {

using namespace clang::ast_matchers;

std::unique_ptr<ASTUnit> build(const std::string &Code) {
  auto AST = tooling::buildASTFromCodeWithArgs(
      R"(
        #include <array>
        #include <chrono>
        #include <coroutine>
        #include <vector>
        void mark(int);
        template <class T> struct task {
          struct promise_type {
            task get_return_object() { return {}; }
            std::suspend_always initial_suspend() noexcept { return {}; }
            std::suspend_always final_suspend() noexcept { return {}; }
            void return_void() {}
            void unhandled_exception() {}
          };
          bool await_ready() const noexcept { return false; }
          void await_suspend(std::coroutine_handle<>) const noexcept {}
          T await_resume() const { return T(); }
        };
        template <> struct task<void> {
          struct promise_type {
            task get_return_object() { return {}; }
            std::suspend_always initial_suspend() noexcept { return {}; }
            std::suspend_always final_suspend() noexcept { return {}; }
            void return_void() {}
            void unhandled_exception() {}
          };
          bool await_ready() const noexcept { return false; }
          void await_suspend(std::coroutine_handle<>) const noexcept {}
          void await_resume() const {}
        };
      )" + Code,
      {"-std=c++20", "-resource-dir=" COROLINT_RESOURCE_DIR}, "input.cpp");
  EXPECT_TRUE(AST);
  EXPECT_FALSE(AST->getDiagnostics().hasErrorOccurred());
  return AST;
}

/// The loop of the function named \p Fn (its first).
const Stmt *loopOf(ASTContext &Ctx, const std::string &Fn) {
  auto Found = match(
      stmt(anyOf(forStmt(), cxxForRangeStmt(), whileStmt(), doStmt()),
           hasAncestor(functionDecl(hasName(Fn))))
          .bind("loop"),
      Ctx);
  EXPECT_FALSE(Found.empty()) << Fn;
  return Found.empty() ? nullptr : Found[0].getNodeAs<Stmt>("loop");
}

TripCount::Kind kindOf(ASTContext &Ctx, const std::string &Fn) {
  const Stmt *Loop = loopOf(Ctx, Fn);
  return Loop ? tripCount(*Loop, Ctx).K : TripCount::Unbounded;
}

TEST(Loops, TripCountsOfRangesAndCounters) {
  auto AST = build(R"(
    void vec(const std::vector<int>& v) { for (int x : v) mark(x); }
    void arr() { std::array<int, 4> a{}; for (int x : a) mark(x); }
    void carr() { int a[3] = {}; for (int x : a) mark(x); }
    void braced() { for (int x : {1, 2, 3, 4, 5}) mark(x); }
    void counted() { for (int i = 0; i < 10; ++i) mark(i); }
    void by_size(const std::vector<int>& v) {
      for (unsigned i = 0; i < v.size(); ++i) mark(i);
    }
    void by_iterator(const std::vector<int>& v) {
      for (auto it = v.begin(); it != v.end(); ++it) mark(*it);
    }
    void by_bound(int n) { for (int i = 0; i < n; ++i) mark(i); }
    void whiles(bool c) { while (c) mark(1); }
    void never() { while (false) mark(1); }
    void once() { do mark(1); while (false); }
    void forever() { for (;;) mark(1); }
  )");
  ASTContext &Ctx = AST->getASTContext();
  EXPECT_EQ(kindOf(Ctx, "vec"), TripCount::Collection);
  EXPECT_EQ(kindOf(Ctx, "arr"), TripCount::Constant);
  EXPECT_EQ(tripCount(*loopOf(Ctx, "arr"), Ctx).Count, 4u);
  EXPECT_EQ(tripCount(*loopOf(Ctx, "carr"), Ctx).Count, 3u);
  EXPECT_EQ(tripCount(*loopOf(Ctx, "braced"), Ctx).Count, 5u);
  EXPECT_EQ(kindOf(Ctx, "counted"), TripCount::Constant);
  EXPECT_EQ(tripCount(*loopOf(Ctx, "counted"), Ctx).Count, 10u);
  EXPECT_EQ(kindOf(Ctx, "by_size"), TripCount::Collection);
  EXPECT_EQ(kindOf(Ctx, "by_iterator"), TripCount::Collection);
  EXPECT_EQ(kindOf(Ctx, "by_bound"), TripCount::RuntimeBound);
  EXPECT_EQ(kindOf(Ctx, "whiles"), TripCount::Unbounded);
  EXPECT_EQ(kindOf(Ctx, "never"), TripCount::Constant);
  EXPECT_EQ(tripCount(*loopOf(Ctx, "never"), Ctx).Count, 0u);
  EXPECT_EQ(tripCount(*loopOf(Ctx, "once"), Ctx).Count, 1u);
  EXPECT_EQ(kindOf(Ctx, "forever"), TripCount::Unbounded);
}

TEST(Loops, InductionVariablesAndExits) {
  auto AST = build(R"(
    void range(const std::vector<int>& v) {
      for (int x : v) { for (int y : v) { if (y) break; } mark(x); }
    }
    void counter(int n) {
      for (int i = 0; i < n; ++i) { if (i == 3) return; switch (i) { case 1: break; } }
    }
    int early(const std::vector<int>& v) {
      for (int x : v) { if (x) throw 1; auto f = [] { return 2; }; }
      return 0;
    }
  )");
  ASTContext &Ctx = AST->getASTContext();
  const Stmt *Range = loopOf(Ctx, "range");
  ASSERT_TRUE(Range);
  auto Vars = inductionVariables(*Range);
  ASSERT_EQ(Vars.size(), 1u);
  EXPECT_EQ(Vars[0]->getName(), "x");
  // The break belongs to the inner loop.
  EXPECT_TRUE(loopExits(*Range).empty());

  const Stmt *Counter = loopOf(Ctx, "counter");
  ASSERT_TRUE(Counter);
  ASSERT_EQ(inductionVariables(*Counter).size(), 1u);
  EXPECT_EQ(inductionVariables(*Counter)[0]->getName(), "i");
  auto Exits = loopExits(*Counter);
  ASSERT_EQ(Exits.size(), 1u); // the return; the break is the switch's
  EXPECT_TRUE(isa<ReturnStmt>(Exits[0]));

  // The lambda's return is not an exit of the loop.
  auto EarlyExits = loopExits(*loopOf(Ctx, "early"));
  ASSERT_EQ(EarlyExits.size(), 1u);
  EXPECT_TRUE(isa<CXXThrowExpr>(EarlyExits[0]));
}

/// The names of the variables \p Mods holds, sorted.
std::vector<std::string> names(const Modifications &Mods) {
  std::vector<std::string> Names;
  for (const VarDecl *V : Mods.Variables)
    Names.push_back(V->getName().str());
  llvm::sort(Names);
  return Names;
}

TEST(Loops, ModificationsAreWritesIncrementsReferencesAndMethods) {
  auto AST = build(R"(
    struct conn { void write(int); int size() const; };
    void by_ref(int&);
    void by_val(int);
    void by_cref(const int&);
    void f(const std::vector<int>& v, conn c, conn d) {
      int a = 0, b = 0, e = 0, g = 0, h = 0, k = 0;
      std::vector<int> out;
      for (int x : v) {
        a = x;        // write
        ++b;          // increment
        by_ref(e);    // non-const reference
        by_val(g);    // a copy: not changed
        by_cref(h);   // const reference: not changed
        c.write(x);   // non-const method
        k += d.size();// const method on d; compound assignment to k
        out.push_back(x);
      }
    }
    struct s {
      int field = 0;
      void touch();
      void g(const std::vector<int>& v) { for (int x : v) field = x; }
      void h(const std::vector<int>& v) { for (int x : v) touch(); }
    };
  )");
  ASTContext &Ctx = AST->getASTContext();
  Modifications Mods = modificationsIn(*loopOf(Ctx, "f"));
  EXPECT_EQ(names(Mods),
            (std::vector<std::string>{"a", "b", "c", "e", "k", "out"}));
  Modifications Field = modificationsIn(*loopOf(Ctx, "g"));
  EXPECT_EQ(Field.Fields.size(), 1u);
  EXPECT_FALSE(Field.ThisState);
  EXPECT_TRUE(modificationsIn(*loopOf(Ctx, "h")).ThisState);
}

TEST(Loops, ReferencesOfAnExpression) {
  auto AST = build(R"(
    struct s {
      int field = 0;
      int get() const;
      void g(int p) { while (field < p) mark(get()); }
    };
  )");
  ASTContext &Ctx = AST->getASTContext();
  const Stmt *Loop = loopOf(Ctx, "g");
  ASSERT_TRUE(Loop);
  References Cond = referencesIn(*loopCondition(*Loop));
  EXPECT_EQ(Cond.Variables.size(), 1u);
  EXPECT_EQ(Cond.Fields.size(), 1u);
  EXPECT_TRUE(Cond.This);
  EXPECT_FALSE(Cond.Calls);
  EXPECT_TRUE(referencesIn(*loopBody(*Loop)).Calls);
}

TEST(Loops, EnclosingLoopStopsAtLambdas) {
  auto AST = build(R"(
    void f(const std::vector<int>& v) {
      for (int x : v) {
        mark(1);
        auto l = [] { mark(2); };
      }
    }
  )");
  ASTContext &Ctx = AST->getASTContext();
  auto Marks = match(callExpr(callee(functionDecl(hasName("mark"))),
                              hasArgument(0, integerLiteral().bind("n")))
                         .bind("call"),
                     Ctx);
  ASSERT_EQ(Marks.size(), 2u);
  for (const BoundNodes &M : Marks) {
    const auto *N = M.getNodeAs<IntegerLiteral>("n");
    const Stmt *Loop = enclosingLoop(*M.getNodeAs<CallExpr>("call"), Ctx);
    if (N->getValue() == 1)
      EXPECT_TRUE(Loop && isa<CXXForRangeStmt>(Loop));
    else
      EXPECT_EQ(Loop, nullptr);
  }
  EXPECT_EQ(loopsIn(*match(functionDecl(hasName("f")).bind("f"), Ctx)[0]
                         .getNodeAs<FunctionDecl>("f")
                         ->getBody())
                .size(),
            1u);
}

TEST(Loops, SleepsAndLimiters) {
  auto AST = build(R"(
    struct [[clang::annotate("corolint::limiter")]] permit {};
    struct [[clang::annotate("corolint::limiter")]] semaphore {
      task<permit> acquire();
    };
    struct throttle_gate { task<void> pass(); };
    [[clang::annotate("corolint::sleep")]] task<void> nap(int ms);
    task<void> schedule_after(std::chrono::milliseconds);
    task<void> fetch(int);
    struct timer {
      void expires_after(std::chrono::milliseconds);
      task<void> async_wait();
    };
    task<void> f(semaphore& sem, throttle_gate& gate, timer& t) {
      co_await nap(1);
      co_await schedule_after(std::chrono::milliseconds(5));
      co_await fetch(1);
      auto p = co_await sem.acquire();
      co_await gate.pass();
      t.expires_after(std::chrono::milliseconds(5));
      co_await t.async_wait();
    }
  )");
  ASTContext &Ctx = AST->getASTContext();
  auto Fn = match(functionDecl(hasName("f"), isDefinition()).bind("f"), Ctx);
  ASSERT_EQ(Fn.size(), 1u);
  const auto *F = Fn[0].getNodeAs<FunctionDecl>("f");
  auto Points = findSuspensionPoints(*F->getBody());
  ASSERT_EQ(Points.size(), 6u);
  RoleLookup Roles(nullptr);
  auto Timers = armedTimers(*F->getBody());
  std::vector<bool> Sleeps, Acquires;
  LimiterTypes Limiters(Roles, {"*throttle*"});
  for (const SuspensionPoint &SP : Points) {
    const CallExpr *Call = awaitedCall(SP);
    ASSERT_TRUE(Call);
    Sleeps.push_back(isSleepCall(*Call, Roles, Ctx, &Timers));
    Acquires.push_back(Limiters.acquiredBy(SP));
  }
  EXPECT_EQ(Sleeps,
            (std::vector<bool>{true, true, false, false, false, true}));
  EXPECT_EQ(Acquires,
            (std::vector<bool>{false, false, false, true, true, false}));
  EXPECT_TRUE(Limiters.mentionedIn(*F->getBody()));
}

} // namespace
} // namespace clang::tidy::corolint::analysis
