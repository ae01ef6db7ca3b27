//===----------------------------------------------------------------------===//
//
// Unit tests of analysis/ThreadBoundUses: thread-bound values used on both
// sides of a suspension point.
//
//===----------------------------------------------------------------------===//

#include "CoroutineSnippet.h"

#include "analysis/ThreadBoundUses.h"

using namespace clang;
using namespace clang::tidy::corolint::analysis;
using corolint_test::CoroutineSnippet;

namespace {

/// "before->after" lines of every finding of \p F.
std::vector<std::string> pairs(CoroutineSnippet &P, llvm::StringRef F) {
  CoroutineCFG G(P.function(F), P.ctx());
  std::vector<std::string> Out;
  for (const ThreadBoundAcrossSuspension &T : threadBoundAcrossSuspensions(G))
    Out.push_back(std::to_string(P.line(T.Before)) + "->" +
                  std::to_string(P.line(T.After)));
  return Out;
}

using Pairs = std::vector<std::string>;

TEST(ThreadBoundUses, AThreadLocalOnBothSides) {
  CoroutineSnippet P(R"cpp(
thread_local int tl;
mini::task<> g(bool c) {
  tl = 1;
  if (c)
    co_await mini::sleep(1);
  tl = 2;
}
mini::task<> one_side() {
  tl = 1;
  tl = 2;
  co_await mini::sleep(1);
}
)cpp");
  EXPECT_EQ(pairs(P, "g"), (Pairs{"4->7"}));
  EXPECT_EQ(pairs(P, "one_side"), Pairs{});
}

TEST(ThreadBoundUses, AliasesAndTheThreadId) {
  CoroutineSnippet P(R"cpp(
#include <thread>
thread_local int tl;
int copy_of;
mini::task<> g() {
  int &r = tl;
  int v = tl;
  auto id = std::this_thread::get_id();
  co_await mini::sleep(1);
  r = v;
  copy_of = v;
  (void)id;
}
)cpp");
  // `v` is a copy; `r` aliases tl; `id` holds this thread's id.
  EXPECT_EQ(pairs(P, "g"), (Pairs{"6->10", "8->12"}));
}

TEST(ThreadBoundUses, TheThreadIdAskedAgainOrComparedIsCurrent) {
  CoroutineSnippet P(R"cpp(
#include <thread>
void use(std::thread::id);
mini::task<> asked_again() {
  use(std::this_thread::get_id());
  co_await mini::sleep(1);
  use(std::this_thread::get_id());
}
mini::task<> compared() {
  auto before = std::this_thread::get_id();
  co_await mini::sleep(1);
  auto after = std::this_thread::get_id();
  bool moved = before != after;
  bool stayed = std::this_thread::get_id() == before;
  (void)moved; (void)stayed;
}
mini::task<> compared_with_stale() {
  auto a = std::this_thread::get_id();
  auto b = std::this_thread::get_id();
  co_await mini::sleep(1);
  bool same = a == b;
  (void)same;
}
// A test framework's REQUIRE(before != after) decomposes the comparison.
struct decomposer {
  template <class T> struct lhs {
    const T &v;
    template <class U> bool operator!=(const U &u) const { return !(v == u); }
  };
  template <class T> lhs<T> operator<=(const T &v) const { return {v}; }
};
mini::task<> decomposed() {
  auto before = std::this_thread::get_id();
  co_await mini::sleep(1);
  auto after = std::this_thread::get_id();
  bool moved = decomposer() <= before != after;
  (void)moved;
}
)cpp");
  EXPECT_EQ(pairs(P, "asked_again"), Pairs{});
  EXPECT_EQ(pairs(P, "compared"), Pairs{});
  // Both ids were kept from before the suspension: the first kept use wins.
  EXPECT_EQ(pairs(P, "compared_with_stale"), (Pairs{"18->21"}));
  EXPECT_EQ(pairs(P, "decomposed"), Pairs{});
}

TEST(ThreadBoundUses, LambdasAreNotTheCoroutines) {
  CoroutineSnippet P(R"cpp(
#include <thread>
thread_local int tl;
mini::task<> g() {
  std::thread a([] { tl = 1; });
  co_await mini::sleep(1);
  std::thread b([] { tl = 2; });
  a.join();
  b.join();
}
)cpp");
  EXPECT_EQ(pairs(P, "g"), Pairs{});
}

} // namespace
