//===----------------------------------------------------------------------===//
//
// Unit tests of analysis/SharedState: which expressions denote shared state.
//
//===----------------------------------------------------------------------===//

#include "CoroutineSnippet.h"

#include "analysis/SharedState.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::corolint::analysis;
using corolint_test::CoroutineSnippet;

namespace {

/// The shared locations named by the maximal location expressions of \p F
/// matched by \p M (bound to "e"), in source order.
template <class Matcher>
std::vector<std::string> sharedNames(CoroutineSnippet &P,
                                     const FunctionDecl &F, Matcher M) {
  const Stmt *Body = cast<CoroutineBodyStmt>(F.getBody())->getBody();
  std::vector<std::string> Names;
  for (const auto &Match : match(stmt(forEachDescendant(M)), *Body, P.ctx()))
    if (auto L = sharedLocationOf(*Match.template getNodeAs<Expr>("e"), F))
      Names.push_back(L->Name);
  return Names;
}

TEST(SharedLocation, OverlapIsSameOrPrefix) {
  CoroutineSnippet P(R"cpp(
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
  CoroutineSnippet P(R"cpp(
mini::task<> f(int copy, int &ref) {
  int local = 0;
  (void)local; (void)copy; (void)ref;
  co_return;
}
)cpp");
  const FunctionDecl &F = P.function("f");
  // The user body only: the implicit CoroutineBodyStmt also refers to the
  // parameters (their copies into the frame).
  EXPECT_EQ(sharedNames(P, F, declRefExpr(to(varDecl())).bind("e")),
            std::vector<std::string>{"ref"});
}

TEST(SharedLocation, RootsAreStaticsMembersParametersAndByRefCaptures) {
  CoroutineSnippet P(R"cpp(
int g;
struct node { int x; };
struct S {
  int m;
  static int s;
  mini::task<> f(node *p, node n) {
    static int local_static = 0;
    (void)g; (void)m; (void)s; (void)local_static; (void)p->x; (void)n.x;
    co_return;
  }
};
)cpp");
  const FunctionDecl &F = P.function("f");
  auto Names = sharedNames(
      P, F,
      expr(anyOf(declRefExpr(), memberExpr()), unless(hasParent(memberExpr())))
          .bind("e"));
  EXPECT_EQ(Names, (std::vector<std::string>{"g", "m", "s", "local_static",
                                             "p->x"}));
}

TEST(SharedAccess, ElementAccessKeepsTheContainerAndRecordsTheKey) {
  CoroutineSnippet P(R"cpp(
#include <map>
struct S {
  std::map<int, int> cache;
  int arr[4];
  mini::task<> f(int k) {
    (void)cache[k];
    (void)cache.at(k);
    (void)arr[k];
    co_return;
  }
};
)cpp");
  const FunctionDecl &F = P.function("f");
  auto Calls = match(
      functionDecl(forEachDescendant(
          expr(anyOf(cxxOperatorCallExpr(hasOverloadedOperatorName("[]")),
                     cxxMemberCallExpr(callee(cxxMethodDecl(hasName("at")))),
                     arraySubscriptExpr()))
              .bind("e"))),
      F, P.ctx());
  ASSERT_EQ(Calls.size(), 3u);
  for (const auto &M : Calls) {
    auto A = locateShared(*M.getNodeAs<Expr>("e"), F);
    ASSERT_TRUE(A.has_value());
    EXPECT_TRUE(A->IsElement);
    ASSERT_EQ(A->Keys.size(), 1u);
    EXPECT_NE(A->Object, nullptr);
  }
}

TEST(SharedState, MemberClassification) {
  CoroutineSnippet P(R"cpp(
#include <map>
#include <vector>
void use(std::map<int, int> &m, std::vector<int> &v) {
  m.find(1); m.insert({1, 2}); m.erase(1); m.at(1); m.clear(); m.size();
  v.push_back(1); v.pop_back(); v.front();
}
)cpp");
  auto Calls = match(
      functionDecl(hasName("use"),
                   forEachDescendant(cxxMemberCallExpr().bind("c"))),
      P.ctx());
  std::map<std::string, std::tuple<bool, bool, bool, bool>> Seen;
  for (const auto &M : Calls) {
    const CXXMethodDecl *MD =
        M.getNodeAs<CXXMemberCallExpr>("c")->getMethodDecl();
    Seen[MD->getNameAsString()] = {isElementAccessor(MD), isLookupOnly(MD),
                                   isMutatingMember(MD),
                                   isElementInsertOrErase(MD)};
  }
  using T = std::tuple<bool, bool, bool, bool>;
  EXPECT_EQ(Seen["find"], T(false, true, false, false));
  EXPECT_EQ(Seen["insert"], T(false, false, true, true));
  EXPECT_EQ(Seen["erase"], T(false, false, true, true));
  EXPECT_EQ(Seen["at"], T(true, false, false, false));
  EXPECT_EQ(Seen["clear"], T(false, false, true, false));
  EXPECT_EQ(Seen["size"], T(false, false, false, false));
  EXPECT_EQ(Seen["push_back"], T(false, false, true, true));
  EXPECT_EQ(Seen["pop_back"], T(false, false, true, true));
  EXPECT_EQ(Seen["front"], T(true, false, false, false));
}

} // namespace
