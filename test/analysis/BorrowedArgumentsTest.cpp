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
    return lateBorrows(F, Graph, S.ctx());
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
  EXPECT_TRUE(mayOutlive(F, *L.Var, Roles, S.ctx()));
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
  EXPECT_FALSE(mayOutlive(F, *L.Var, Roles, S.ctx()));
}

} // namespace
