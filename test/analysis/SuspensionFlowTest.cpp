//===----------------------------------------------------------------------===//
//
// Unit tests of analysis/SuspensionPoints and analysis/SuspensionFlow.
//
//===----------------------------------------------------------------------===//

#include "analysis/SuspensionFlow.h"
#include "analysis/SuspensionPoints.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::corolint::analysis;

namespace {

/// A parsed snippet (with the mock runtime mini.h included).
struct Parsed {
  std::unique_ptr<ASTUnit> AST;

  explicit Parsed(llvm::StringRef Code) {
    std::string Source =
        "#include \"mini.h\"\n" + Code.str();
    AST = tooling::buildASTFromCodeWithArgs(
        Source,
        {"-std=c++20", "-I" COROLINT_SOURCE_DIR "/test/checks/Inputs",
         "-resource-dir=" COROLINT_RESOURCE_DIR},
        "input.cpp");
  }

  ASTContext &ctx() { return AST->getASTContext(); }

  const FunctionDecl &function(llvm::StringRef Name) {
    auto Matches = match(
        functionDecl(hasName(Name), isDefinition()).bind("f"), ctx());
    if (Matches.size() != 1u) {
      ADD_FAILURE() << "expected one definition of " << Name.str();
      std::abort();
    }
    return *Matches[0].getNodeAs<FunctionDecl>("f");
  }

  unsigned line(const Stmt *S) {
    return ctx().getSourceManager().getPresumedLineNumber(S->getBeginLoc()) -
           1; // the snippet starts after the #include line
  }
};

bool noGuards(const VarDecl &) { return false; }
bool guardsNamedGuard(const VarDecl &V) { return V.getName() == "guard"; }

TEST(SuspensionPoints, ListsAwaitsOfTheBodyNotOfNestedLambdas) {
  Parsed P(R"cpp(
mini::task<> f() {
  co_await mini::sleep(1);
  auto l = []() -> mini::task<> { co_await mini::sleep(2); };
  (void)l;
  int v = co_await mini_sync::fetch();
  (void)v;
}
)cpp");
  const FunctionDecl &F = P.function("f");
  auto Points = findSuspensionPoints(*F.getBody());
  ASSERT_EQ(Points.size(), 2u);
  EXPECT_EQ(P.line(Points[0].E), 3u);
  EXPECT_EQ(P.line(Points[1].E), 6u);
  EXPECT_EQ(Points[0].K, SuspensionPoint::Await);
  EXPECT_TRUE(isSuspensionPoint(*Points[0].E));
  EXPECT_NE(Points[1].operand(), nullptr);
}

TEST(SuspensionFlow, LostUpdateThroughALocal) {
  Parsed P(R"cpp(
int value;
mini::task<> f() {
  int cur = value;
  co_await mini::sleep(1);
  value = cur + 1;
}
)cpp");
  SuspensionFlowStats Stats;
  auto Spans = findUnguardedSpans(P.function("f"), P.ctx(), noGuards, &Stats);
  ASSERT_EQ(Spans.size(), 1u);
  const UnguardedSpan &S = Spans[0];
  EXPECT_EQ(S.K, UnguardedSpan::LostUpdate);
  EXPECT_EQ(S.C, UnguardedSpan::Always);
  EXPECT_EQ(S.Location.Name, "value");
  EXPECT_EQ(P.line(S.Read), 4u);
  EXPECT_EQ(P.line(S.Suspension), 5u);
  EXPECT_EQ(P.line(S.Write), 6u);
  EXPECT_EQ(Stats.CFGsBuilt, 1u);
  EXPECT_EQ(Stats.Spans, 1u);
}

TEST(SuspensionFlow, SuspensionOnOnlySomePathsIsOnSomePath) {
  Parsed P(R"cpp(
int value;
mini::task<> f(bool slow) {
  int cur = value;
  if (slow)
    co_await mini::sleep(1);
  value = cur + 1;
}
)cpp");
  auto Spans = findUnguardedSpans(P.function("f"), P.ctx(), noGuards);
  ASSERT_EQ(Spans.size(), 1u);
  EXPECT_EQ(Spans[0].C, UnguardedSpan::OnSomePath);
}

TEST(SuspensionFlow, CheckThenActOnAMemberMap) {
  Parsed P(R"cpp(
#include <map>
struct S {
  std::map<int, int> cache;
  mini::task<> f(int k) {
    if (!cache.contains(k)) {
      int v = co_await mini_sync::load(k);
      cache[k] = v;
    }
  }
};
)cpp");
  auto Spans = findUnguardedSpans(P.function("f"), P.ctx(), noGuards);
  ASSERT_EQ(Spans.size(), 1u);
  EXPECT_EQ(Spans[0].K, UnguardedSpan::CheckThenAct);
  EXPECT_EQ(Spans[0].Location.Name, "cache");
  EXPECT_EQ(Spans[0].Location.Base, nullptr); // reached through `this`
}

TEST(SuspensionFlow, WriteBeforeReadInALoopIsNotASpan) {
  Parsed P(R"cpp(
int value;
mini::task<> f(int n) {
  int cur = 0;
  while (n-- > 0) {
    value = cur;
    co_await mini::sleep(1);
    cur = value;
  }
}
)cpp");
  EXPECT_TRUE(findUnguardedSpans(P.function("f"), P.ctx(), noGuards).empty());
}

TEST(SuspensionFlow, TheGuardPredicateDecides) {
  Parsed P(R"cpp(
int value;
mini_sync::mutex m;
mini::task<> f() {
  auto guard = co_await m.lock();
  int cur = value;
  co_await mini::sleep(1);
  value = cur + 1;
}
)cpp");
  const FunctionDecl &F = P.function("f");
  EXPECT_EQ(findUnguardedSpans(F, P.ctx(), noGuards).size(), 1u);
  EXPECT_TRUE(findUnguardedSpans(F, P.ctx(), guardsNamedGuard).empty());
}

TEST(SuspensionFlow, NoCFGWithoutAWriteToSharedState) {
  Parsed P(R"cpp(
int value;
mini::task<int> f() {
  int local = value;
  co_await mini::sleep(1);
  local = local + value;
  co_return local;
}
)cpp");
  SuspensionFlowStats Stats;
  EXPECT_TRUE(
      findUnguardedSpans(P.function("f"), P.ctx(), noGuards, &Stats).empty());
  EXPECT_EQ(Stats.Coroutines, 1u);
  EXPECT_EQ(Stats.CFGsBuilt, 0u);
}

TEST(SuspensionFlow, NonCoroutinesAreNotAnalysed) {
  Parsed P(R"cpp(
int value;
void f() { int cur = value; value = cur + 1; }
)cpp");
  SuspensionFlowStats Stats;
  EXPECT_TRUE(
      findUnguardedSpans(P.function("f"), P.ctx(), noGuards, &Stats).empty());
  EXPECT_EQ(Stats.Coroutines, 0u);
}

TEST(SharedLocation, OverlapIsSameOrPrefix) {
  Parsed P(R"cpp(
struct stats { int hits; int misses; };
struct S {
  stats counters;
  mini::task<> f() {
    (void)counters;
    (void)counters.hits;
    (void)counters.misses;
    co_return;
  }
};
)cpp");
  const FunctionDecl &F = P.function("f");
  auto Members = match(
      functionDecl(forEachDescendant(memberExpr(unless(hasParent(memberExpr())))
                                         .bind("m"))),
      F, P.ctx());
  std::vector<SharedLocation> Locs;
  for (const auto &M : Members)
    if (auto L = sharedLocationOf(*M.getNodeAs<Expr>("m"), F))
      Locs.push_back(*L);
  ASSERT_EQ(Locs.size(), 3u);
  EXPECT_EQ(Locs[0].Name, "counters");
  EXPECT_EQ(Locs[1].Name, "counters.hits");
  EXPECT_TRUE(Locs[0].overlaps(Locs[1]));
  EXPECT_TRUE(Locs[1].overlaps(Locs[0]));
  EXPECT_FALSE(Locs[1].overlaps(Locs[2]));
}

TEST(SharedLocation, LocalsAndByValueParametersAreNotShared) {
  Parsed P(R"cpp(
mini::task<> f(int copy, int &ref) {
  int local = 0;
  (void)local; (void)copy; (void)ref;
  co_return;
}
)cpp");
  const FunctionDecl &F = P.function("f");
  // The user body only: the implicit CoroutineBodyStmt also refers to the
  // parameters (their copies into the frame).
  const Stmt *Body = cast<CoroutineBodyStmt>(F.getBody())->getBody();
  auto Refs = match(
      stmt(forEachDescendant(declRefExpr(to(varDecl())).bind("r"))), *Body,
      P.ctx());
  std::vector<std::string> Shared;
  for (const auto &M : Refs)
    if (auto L = sharedLocationOf(*M.getNodeAs<Expr>("r"), F))
      Shared.push_back(L->Name);
  EXPECT_EQ(Shared, std::vector<std::string>{"ref"});
}

} // namespace
