//===----------------------------------------------------------------------===//
//
// Unit tests of analysis/UnguardedSpans: read -> suspension -> write spans.
//
//===----------------------------------------------------------------------===//

#include "CoroutineSnippet.h"

#include "analysis/UnguardedSpans.h"

using namespace clang;
using namespace clang::tidy::corolint::analysis;
using corolint_test::CoroutineSnippet;

namespace {

bool noGuards(const VarDecl &) { return false; }
bool guardsNamedGuard(const VarDecl &V) { return V.getName() == "guard"; }

TEST(UnguardedSpans, LostUpdateThroughALocal) {
  CoroutineSnippet P(R"cpp(
int value;
mini::task<> f() {
  int cur = value;
  co_await mini::sleep(1);
  value = cur + 1;
}
)cpp");
  UnguardedSpanStats Stats;
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

TEST(UnguardedSpans, SuspensionOnOnlySomePathsIsOnSomePath) {
  CoroutineSnippet P(R"cpp(
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

TEST(UnguardedSpans, CheckThenActOnAMemberMap) {
  CoroutineSnippet P(R"cpp(
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

TEST(UnguardedSpans, WriteBeforeReadInALoopIsNotASpan) {
  CoroutineSnippet P(R"cpp(
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

TEST(UnguardedSpans, TheGuardPredicateDecides) {
  CoroutineSnippet P(R"cpp(
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

TEST(UnguardedSpans, NoCFGWithoutAWriteToSharedState) {
  CoroutineSnippet P(R"cpp(
int value;
mini::task<int> f() {
  int local = value;
  co_await mini::sleep(1);
  local = local + value;
  co_return local;
}
)cpp");
  UnguardedSpanStats Stats;
  EXPECT_TRUE(
      findUnguardedSpans(P.function("f"), P.ctx(), noGuards, &Stats).empty());
  EXPECT_EQ(Stats.Coroutines, 1u);
  EXPECT_EQ(Stats.CFGsBuilt, 0u);
}

TEST(UnguardedSpans, NonCoroutinesAreNotAnalysed) {
  CoroutineSnippet P(R"cpp(
int value;
void f() { int cur = value; value = cur + 1; }
)cpp");
  UnguardedSpanStats Stats;
  EXPECT_TRUE(
      findUnguardedSpans(P.function("f"), P.ctx(), noGuards, &Stats).empty());
  EXPECT_EQ(Stats.Coroutines, 0u);
}

TEST(UnguardedSpans, AGivenGraphIsUsed) {
  CoroutineSnippet P(R"cpp(
int value;
mini::task<> f() {
  int cur = value;
  co_await mini::sleep(1);
  value = cur + 1;
}
)cpp");
  CoroutineCFG Graph(P.function("f"), P.ctx());
  UnguardedSpanStats Stats;
  auto Spans = findUnguardedSpans(Graph, noGuards, &Stats);
  ASSERT_EQ(Spans.size(), 1u);
  EXPECT_EQ(Spans[0].K, UnguardedSpan::LostUpdate);
  EXPECT_EQ(Stats.CFGsBuilt, 1u);
}

TEST(UnguardedSpans, CheckThenActNeedsAWriteThatActsOnTheCheckedFact) {
  CoroutineSnippet P(R"cpp(
#include <map>
struct S {
  bool ready = false;
  int balance = 0;
  std::map<int, int> cache;
  mini::task<> flag() {
    if (!ready) {
      co_await mini::sleep(1);
      ready = true;
    }
  }
  mini::task<> debit(int n) {
    if (balance >= n) {
      co_await mini::sleep(1);
      balance -= n;
    }
  }
  mini::task<> other_key(int k, int j) {
    if (!cache.contains(k)) {
      int v = co_await mini_sync::load(k);
      cache[j] = v;
    }
  }
  mini::task<> same_key(int k) {
    if (!cache.contains(k)) {
      int v = co_await mini_sync::load(k);
      cache.try_emplace(k, v);
    }
  }
};
)cpp");
  EXPECT_TRUE(findUnguardedSpans(P.function("flag"), P.ctx(), noGuards).empty());
  EXPECT_TRUE(
      findUnguardedSpans(P.function("other_key"), P.ctx(), noGuards).empty());
  auto Debit = findUnguardedSpans(P.function("debit"), P.ctx(), noGuards);
  ASSERT_EQ(Debit.size(), 1u);
  EXPECT_EQ(Debit[0].K, UnguardedSpan::CheckThenAct);
  auto Same = findUnguardedSpans(P.function("same_key"), P.ctx(), noGuards);
  ASSERT_EQ(Same.size(), 1u);
  EXPECT_EQ(Same[0].K, UnguardedSpan::CheckThenAct);
}

} // namespace
