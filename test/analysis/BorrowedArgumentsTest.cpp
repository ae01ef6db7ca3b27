//===----------------------------------------------------------------------===//
//
// Unit tests of analysis/BorrowedArguments: late borrows, lenders, and
// where a task goes.
//
//===----------------------------------------------------------------------===//

#include "analysis/BorrowedArguments.h"

#include "CoroutineSnippet.h"

#include <gtest/gtest.h>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::corolint::analysis;
using corolint_test::CoroutineSnippet;

namespace {

constexpr const char *Callees = R"(
#include <string>
#include <string_view>
void use(std::string_view);
std::string make();
mini::task<> lazy(const std::string &s) { use(s); co_return; }
mini::eager_task early(const std::string &s) { use(s); co_await mini::sleep(1); }
mini::eager_task late(std::string_view s) { co_await mini::sleep(1); use(s); }
mini::eager_task unused(const std::string &s) { co_await mini::sleep(1); }
)";

TEST(BorrowedArguments, LateBorrows) {
  CoroutineSnippet S(Callees);
  auto Late = [&](llvm::StringRef Name) {
    const FunctionDecl &F = S.function(Name);
    CoroutineCFG Graph(F, S.ctx());
    return lateBorrows(
        F, [&]() -> const CoroutineCFG & { return Graph; }, S.ctx());
  };
  auto Lazy = Late("lazy");
  ASSERT_EQ(Lazy.size(), 1u);
  EXPECT_EQ(Lazy[0].After, nullptr); // lazy: every use is late
  EXPECT_TRUE(Late("early").empty());
  auto After = Late("late");
  ASSERT_EQ(After.size(), 1u);
  EXPECT_NE(After[0].After, nullptr);
  EXPECT_TRUE(Late("unused").empty());
}

/// The lender and fate of the one call of `lazy` or `late` in function
/// `caller`, as "lender/fate" (lender: T, L, -; fate: A, D, S, R, P, ?).
std::string callOf(llvm::StringRef Caller) {
  CoroutineSnippet S(std::string(Callees) + Caller.str());
  auto Found = match(
      functionDecl(hasName("caller"),
                   forEachDescendant(
                       callExpr(callee(functionDecl(hasAnyName("lazy", "late"))))
                           .bind("c"))),
      S.ctx());
  llvm::SmallPtrSet<const CallExpr *, 2> Calls;
  for (const BoundNodes &B : Found)
    Calls.insert(B.getNodeAs<CallExpr>("c"));
  EXPECT_EQ(Calls.size(), 1u);
  if (Calls.empty())
    return "?";
  const auto *Call = *Calls.begin();
  RoleLookup Roles(nullptr);
  Lender L = lenderOf(*Call->getArg(0),
                      Call->getDirectCallee()->getParamDecl(0)->getType());
  TaskFate F = taskFateOf(*Call, Roles, S.ctx());
  std::string Out = L.K == Lender::Temporary ? "T"
                    : L.K == Lender::Local   ? "L"
                                             : "-";
  Out += "/";
  Out += "ADSRP?"[F.K];
  return Out;
}

TEST(BorrowedArguments, LendersAndFates) {
  EXPECT_EQ(callOf("mini::task<> caller() { co_await lazy(make()); }"), "T/A");
  EXPECT_EQ(callOf("mini::task<> caller() { return lazy(\"x\"); }"), "T/R");
  EXPECT_EQ(callOf("void caller() { std::string s; auto t = lazy(s); }"),
            "L/S");
  EXPECT_EQ(callOf("void caller() { late(\"literal\"); }"), "-/D");
  EXPECT_EQ(callOf("void caller() { auto t = late(make()); }"), "T/S");
  EXPECT_EQ(callOf("void caller() { mini::spawn(lazy(make())); }"), "T/P");
  EXPECT_EQ(callOf("void caller() { mini::run(lazy(make())); }"), "T/A");
  EXPECT_EQ(callOf("void caller(const std::string &s) { auto t = lazy(s); }"),
            "-/S");
}

TEST(BorrowedArguments, AKeeperUsedAfterTheLendersScopeOutlivesIt) {
  CoroutineSnippet S(std::string(Callees) + R"(
    mini::task<> caller() {
      mini::task<> t = lazy("a");
      {
        std::string s;
        t = lazy(s);
      }
      co_await t;
    })");
  auto Found = match(
      callExpr(callee(functionDecl(hasName("lazy"))),
               hasArgument(0, ignoringImplicit(declRefExpr())))
          .bind("c"),
      S.ctx());
  ASSERT_EQ(Found.size(), 1u);
  const auto *Call = Found[0].getNodeAs<CallExpr>("c");
  RoleLookup Roles(nullptr);
  Lender L = lenderOf(*Call->getArg(0),
                      Call->getDirectCallee()->getParamDecl(0)->getType());
  ASSERT_EQ(L.K, Lender::Local);
  TaskFate F = taskFateOf(*Call, Roles, S.ctx());
  ASSERT_EQ(F.K, TaskFate::Stored);
  EXPECT_TRUE(mayOutlive(*Call, F, L, Roles, S.ctx(), /*CallerGraph=*/nullptr));
}

TEST(BorrowedArguments, ALoopRunInTheLendersScopeKeepsItAlive) {
  CoroutineSnippet S(std::string(Callees) + R"(
    void caller() {
      std::string s;
      mini::spawn(lazy(s));
      mini::run(lazy("x"));
    })");
  auto Found = match(
      callExpr(callee(functionDecl(hasName("lazy"))),
               hasArgument(0, ignoringImplicit(declRefExpr())))
          .bind("c"),
      S.ctx());
  ASSERT_EQ(Found.size(), 1u);
  const auto *Call = Found[0].getNodeAs<CallExpr>("c");
  RoleLookup Roles(nullptr);
  Lender L = lenderOf(*Call->getArg(0),
                      Call->getDirectCallee()->getParamDecl(0)->getType());
  ASSERT_EQ(L.K, Lender::Local);
  TaskFate F = taskFateOf(*Call, Roles, S.ctx());
  ASSERT_EQ(F.K, TaskFate::Spawned);
  EXPECT_FALSE(mayOutlive(*Call, F, L, Roles, S.ctx(), /*CallerGraph=*/nullptr));
}

/// Whether the one call of `bump` or `lazy` with a local argument in
/// function `caller` is waited for before that local dies, on the caller's
/// graph; "-" when the call's fate or lender is not the expected one.
std::string waitOf(llvm::StringRef Caller) {
  CoroutineSnippet S(std::string(Callees) + R"(
    struct mini_conc_owner { std::vector<mini::task<>> tasks; };
    mini::eager_result bump(int &n) { co_await mini::sleep(1); ++n; }
  )" + Caller.str());
  auto Found = match(
      callExpr(callee(functionDecl(hasAnyName("bump", "lazy"))),
               hasArgument(0, ignoringImplicit(declRefExpr())))
          .bind("c"),
      S.ctx());
  llvm::SmallPtrSet<const CallExpr *, 2> Calls;
  for (const BoundNodes &B : Found)
    Calls.insert(B.getNodeAs<CallExpr>("c"));
  EXPECT_EQ(Calls.size(), 1u);
  if (Calls.size() != 1u)
    return "?";
  const CallExpr *Call = *Calls.begin();
  RoleLookup Roles(nullptr);
  Lender L = lenderOf(*Call->getArg(0),
                      Call->getDirectCallee()->getParamDecl(0)->getType());
  TaskFate F = taskFateOf(*Call, Roles, S.ctx());
  if (L.K != Lender::Local ||
      (F.K != TaskFate::Stored && F.K != TaskFate::Spawned))
    return "-";
  CoroutineCFG Graph(S.function("caller"), S.ctx(), CoroutineCFG::AnyBody{});
  EXPECT_TRUE(Graph.isValid());
  return waitedBeforeLenderDies(*Call, F, *L.Var, Roles, Graph) ? "waited"
                                                                : "not";
}

TEST(BorrowedArguments, WaitsOnEveryPathBeforeTheLenderDies) {
  // get() on the holder, and loops over its elements (index and range-for).
  EXPECT_EQ(waitOf("void caller() { int n = 0; auto r = bump(n); r.get(); }"),
            "waited");
  EXPECT_EQ(waitOf(R"(void caller(int k) {
      int n = 0;
      std::vector<mini::eager_result> rs(k);
      for (int i = 0; i < k; i++) rs[i] = bump(n);
      for (int i = 0; i < k; i++) rs[i].get();
    })"),
            "waited");
  EXPECT_EQ(waitOf(R"(void caller() {
      int n = 0;
      std::vector<mini::eager_result> rs;
      rs.push_back(bump(n));
      for (auto &r : rs) r.wait();
    })"),
            "waited");
  // A co_await of a combinator over the moved holder, a runner over a
  // member holder.
  EXPECT_EQ(waitOf(R"(mini::task<> caller() {
      std::string s;
      std::vector<mini::task<>> ts;
      ts.push_back(lazy(s));
      co_await mini_conc::gather(std::move(ts));
    })"),
            "waited");
  EXPECT_EQ(waitOf(R"(void caller() {
      std::string s;
      mini_conc_owner o;
      o.tasks.push_back(lazy(s));
      mini::run(mini_conc::gather(std::move(o.tasks)));
    })"),
            "waited");
  // A spawned task and a runner on both branches; a latch handed to it.
  EXPECT_EQ(waitOf(R"(void caller(bool b) {
      std::string s;
      mini::spawn(lazy(s));
      if (b) mini::run(lazy("x")); else mini::run(lazy("y"));
    })"),
            "waited");
}

TEST(BorrowedArguments, AWaitOnSomePathsOnlyOrOfAnotherHolderDoesNotCount) {
  // Only on one branch.
  EXPECT_EQ(waitOf(R"(void caller(bool b) {
      int n = 0; auto r = bump(n); if (b) r.get(); })"),
            "not");
  // After the lender's scope ends.
  EXPECT_EQ(waitOf(R"(void caller() {
      std::vector<mini::eager_result> rs;
      { int n = 0; rs.push_back(bump(n)); }
      for (auto &r : rs) r.get();
    })"),
            "not");
  // Another holder; an element outside a loop (which one is not known).
  EXPECT_EQ(waitOf(R"(void caller() {
      int n = 0;
      std::vector<mini::eager_result> rs, others;
      rs.push_back(bump(n));
      for (auto &r : others) r.get();
    })"),
            "not");
  EXPECT_EQ(waitOf(R"(void caller() {
      int n = 0;
      std::vector<mini::eager_result> rs;
      rs.push_back(bump(n));
      rs[0].get();
    })"),
            "not");
  // A runner on one branch only; a return before the wait.
  EXPECT_EQ(waitOf(R"(void caller(bool b) {
      std::string s; mini::spawn(lazy(s)); if (b) mini::run(lazy("x")); })"),
            "not");
  EXPECT_EQ(waitOf(R"(mini::task<> caller(bool b) {
      std::string s;
      std::vector<mini::task<>> ts;
      ts.push_back(lazy(s));
      if (b) co_return;
      co_await mini_conc::gather(std::move(ts));
    })"),
            "not");
}

TEST(BorrowedArguments, AnAwaitedLatchHandedToTheTaskFinishesIt) {
  CoroutineSnippet S(R"(
    mini::task<> serve(int &n, mini_conc::latch &done);
    mini::task<> caller(int k) {
      int n = 0;
      mini_conc::latch done(k), other(k);
      for (int i = 0; i < k; i++)
        mini::spawn_detached(serve(n, done));
      co_await done;
    }
    mini::task<> other_latch(int k) {
      int n = 0;
      mini_conc::latch done(k), other(k);
      mini::spawn_detached(serve(n, done));
      co_await other;
    })");
  RoleLookup Roles(nullptr);
  auto Waited = [&](llvm::StringRef Caller) {
    const FunctionDecl &F = S.function(Caller);
    auto Found = match(
        functionDecl(forEachDescendant(
            callExpr(callee(functionDecl(hasName("serve")))).bind("c"))),
        F, S.ctx());
    EXPECT_EQ(Found.size(), 1u);
    const auto *Call = Found[0].getNodeAs<CallExpr>("c");
    TaskFate Fate = taskFateOf(*Call, Roles, S.ctx());
    EXPECT_EQ(Fate.K, TaskFate::Spawned);
    CoroutineCFG Graph(F, S.ctx(), CoroutineCFG::AnyBody{});
    return waitedBeforeLenderDies(*Call, Fate, S.local(F, "n"), Roles, Graph);
  };
  EXPECT_TRUE(Waited("caller"));
  EXPECT_FALSE(Waited("other_latch"));
}

TEST(BorrowedArguments, AWaitOnTheTaskItselfIsInTheFullExpression) {
  CoroutineSnippet S(R"(
    mini::eager_result bump(int &n) { co_await mini::sleep(1); ++n; }
    void waited() { int n = 0; bump(n).get(); }
    void kept() { int n = 0; std::vector<mini::eager_result> rs;
                  rs.push_back(bump(n)); })");
  RoleLookup Roles(nullptr);
  auto FateIn = [&](llvm::StringRef Caller) {
    auto Found = match(
        functionDecl(forEachDescendant(
            callExpr(callee(functionDecl(hasName("bump")))).bind("c"))),
        S.function(Caller), S.ctx());
    EXPECT_EQ(Found.size(), 1u);
    return taskFateOf(*Found[0].getNodeAs<CallExpr>("c"), Roles, S.ctx()).K;
  };
  // Not a container the task is stored in: the task is the object of get().
  EXPECT_EQ(FateIn("waited"), TaskFate::AwaitedHere);
  EXPECT_EQ(FateIn("kept"), TaskFate::Stored);
}

} // namespace
