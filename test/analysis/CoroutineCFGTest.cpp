//===----------------------------------------------------------------------===//
//
// Unit tests of analysis/CoroutineCFG: program points, reachability,
// suspension points between two points, and suspension points while a local
// is alive.
//
//===----------------------------------------------------------------------===//

#include "CoroutineSnippet.h"

#include "analysis/CoroutineCFG.h"

using namespace clang;
using namespace clang::tidy::corolint::analysis;
using corolint_test::CoroutineSnippet;

namespace {

/// Source lines of suspension points, for compact expectations.
std::vector<unsigned> lines(CoroutineSnippet &P,
                            llvm::ArrayRef<const SuspensionPoint *> Points) {
  std::vector<unsigned> L;
  for (const SuspensionPoint *SP : Points)
    L.push_back(P.line(SP->E));
  return L;
}

TEST(CoroutineCFG, MapsStatementsAndSuspensionsToPoints) {
  CoroutineSnippet P(R"cpp(
int value;
mini::task<> f() {
  int cur = value;
  co_await mini::sleep(1);
  value = cur + 1;
}
)cpp");
  const FunctionDecl &F = P.function("f");
  CoroutineCFG G(F, P.ctx());
  ASSERT_TRUE(G.isValid());
  ASSERT_EQ(G.suspensionPoints().size(), 1u);
  ProgramPoint Decl = G.pointOf(P.local(F, "cur"));
  ProgramPoint Await = G.pointOf(G.suspensionPoints()[0]);
  ProgramPoint Write = G.pointOf(P.stmtAtLine(F, 6));
  ASSERT_TRUE(Decl && Await && Write);
  EXPECT_TRUE(G.reaches(Decl, Await));
  EXPECT_TRUE(G.reaches(Await, Write));
  EXPECT_FALSE(G.reaches(Write, Decl));
  EXPECT_FALSE(G.reaches(Write, Write)); // no loop
}

TEST(CoroutineCFG, NonCoroutinesAndDependentBodiesAreInvalid) {
  CoroutineSnippet P(R"cpp(
void plain() {}
template <class T> mini::task<> generic() { co_await mini::sleep(1); }
)cpp");
  CoroutineCFG Plain(P.function("plain"), P.ctx());
  EXPECT_FALSE(Plain.isValid());
  EXPECT_EQ(Plain.body(), nullptr);
  CoroutineCFG Generic(P.function("generic"), P.ctx());
  EXPECT_FALSE(Generic.isValid());
  EXPECT_EQ(Generic.suspensionPoints().size(), 1u); // still listed
}

TEST(CoroutineCFG, SuspensionOnEveryPathSomePathOrNone) {
  CoroutineSnippet P(R"cpp(
int a, b, c, d;
mini::task<> f(bool slow) {
  a = 1;
  co_await mini::sleep(1);
  b = 2;
  if (slow)
    co_await mini::sleep(2);
  c = 3;
  d = 4;
}
)cpp");
  const FunctionDecl &F = P.function("f");
  CoroutineCFG G(F, P.ctx());
  ProgramPoint A = G.pointOf(P.stmtAtLine(F, 4));
  ProgramPoint B = G.pointOf(P.stmtAtLine(F, 6));
  ProgramPoint C = G.pointOf(P.stmtAtLine(F, 9));
  ProgramPoint D = G.pointOf(P.stmtAtLine(F, 10));

  SuspensionBetween AB = G.suspensionBetween(A, B);
  EXPECT_EQ(AB.K, SuspensionBetween::OnEveryPath);
  ASSERT_NE(AB.Witness, nullptr);
  EXPECT_EQ(P.line(AB.Witness->E), 5u);

  SuspensionBetween BC = G.suspensionBetween(B, C);
  EXPECT_EQ(BC.K, SuspensionBetween::OnSomePath);
  ASSERT_NE(BC.Witness, nullptr);
  EXPECT_EQ(P.line(BC.Witness->E), 8u);

  EXPECT_EQ(G.suspensionBetween(C, D).K, SuspensionBetween::None);
  EXPECT_EQ(G.suspensionBetween(D, A).K, SuspensionBetween::None); // no path
  EXPECT_EQ(G.suspensionBetween(A, D).K, SuspensionBetween::OnEveryPath);
}

TEST(CoroutineCFG, LoopsReachBackwards) {
  CoroutineSnippet P(R"cpp(
int a, b;
mini::task<> f(int n) {
  while (n-- > 0) {
    a = 1;
    co_await mini::sleep(1);
    b = 2;
  }
}
)cpp");
  const FunctionDecl &F = P.function("f");
  CoroutineCFG G(F, P.ctx());
  ProgramPoint A = G.pointOf(P.stmtAtLine(F, 5));
  ProgramPoint B = G.pointOf(P.stmtAtLine(F, 7));
  EXPECT_TRUE(G.reaches(B, A)); // the next iteration
  EXPECT_TRUE(G.reaches(A, A));
  EXPECT_EQ(G.suspensionBetween(B, A).K, SuspensionBetween::None);
  EXPECT_EQ(G.suspensionBetween(A, B).K, SuspensionBetween::OnEveryPath);
}

TEST(CoroutineCFG, SuspensionsWhileAliveEndAtTheScope) {
  CoroutineSnippet P(R"cpp(
mini_sync::mutex m;
mini::task<> f(bool early) {
  co_await mini::sleep(1);
  {
    auto guard = co_await m.lock();
    co_await mini::sleep(2);
    if (early)
      co_return;
    co_await mini::sleep(3);
  }
  co_await mini::sleep(4);
  int after = 0;
  (void)after;
}
)cpp");
  const FunctionDecl &F = P.function("f");
  CoroutineCFG G(F, P.ctx());
  ASSERT_TRUE(G.isValid());
  // The await that produces the guard comes before it is alive; the one
  // after the block comes after its scope ends.
  EXPECT_EQ(lines(P, G.suspensionsWhileAlive(P.local(F, "guard"))),
            (std::vector<unsigned>{7, 10}));
  EXPECT_TRUE(G.suspensionsWhileAlive(P.local(F, "after")).empty());
}

TEST(CoroutineCFG, SuspensionsWhileAliveInALoopBody) {
  CoroutineSnippet P(R"cpp(
mini_sync::mutex m;
mini::task<> f(int n) {
  for (int i = 0; i < n; ++i) {
    co_await mini::sleep(1);
    auto guard = co_await m.lock();
    if (i == 3)
      break;
  }
  co_await mini::sleep(2);
}
)cpp");
  const FunctionDecl &F = P.function("f");
  CoroutineCFG G(F, P.ctx());
  // The guard dies at the end of each iteration (and at the break): the
  // next iteration's awaits and the one after the loop are not under it.
  EXPECT_TRUE(G.suspensionsWhileAlive(P.local(F, "guard")).empty());
  // The loop variable lives through the whole loop, not past it.
  EXPECT_EQ(lines(P, G.suspensionsWhileAlive(P.local(F, "i"))),
            (std::vector<unsigned>{5, 6}));
}

TEST(CoroutineCFG, TrivialLocalsAndReferencesHaveLifetimesToo) {
  CoroutineSnippet P(R"cpp(
int g;
mini::task<> f() {
  {
    int &ref = g;
    co_await mini::sleep(1);
    (void)ref;
  }
  co_await mini::sleep(2);
}
)cpp");
  const FunctionDecl &F = P.function("f");
  CoroutineCFG G(F, P.ctx());
  EXPECT_EQ(lines(P, G.suspensionsWhileAlive(P.local(F, "ref"))),
            (std::vector<unsigned>{6}));
}

TEST(CoroutineCFG, ControlDependenciesAreTheDirectBranches) {
  CoroutineSnippet P(R"cpp(
int a;
mini::task<> f(bool x, bool y) {
  if (x) {
    co_await mini::sleep(1);
    if (y)
      a = 1;
  }
}
)cpp");
  const FunctionDecl &F = P.function("f");
  CoroutineCFG G(F, P.ctx());
  ProgramPoint Write = G.pointOf(P.stmtAtLine(F, 7));
  ASSERT_TRUE(Write);
  auto Deps = G.directControlDependencies(*Write.Block);
  ASSERT_EQ(Deps.size(), 1u);
  ASSERT_NE(Deps[0]->getTerminatorCondition(), nullptr);
  EXPECT_EQ(P.line(Deps[0]->getTerminatorCondition()), 6u);
}

} // namespace
