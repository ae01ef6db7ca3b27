//===----------------------------------------------------------------------===//
//
// Unit tests of analysis/HeldLocks: which locks may be held at each
// suspension point, decided on the CFG.
//
//===----------------------------------------------------------------------===//

#include "CoroutineSnippet.h"

#include "analysis/HeldLocks.h"

using namespace clang;
using namespace clang::tidy::corolint::analysis;
using corolint_test::CoroutineSnippet;

namespace {

/// "line:name,name" for every locked suspension of \p F.
std::vector<std::string> held(CoroutineSnippet &P, llvm::StringRef F,
                              HeldLockOptions Options = {}) {
  RoleLookup Roles(nullptr);
  CoroutineCFG G(P.function(F), P.ctx());
  HeldLocks Facts(G, Roles, Options);
  std::vector<std::string> Out;
  for (const LockedSuspension &LS : Facts.lockedSuspensions()) {
    std::string S = std::to_string(P.line(LS.Suspension->E)) + ":";
    for (unsigned I : LS.Held)
      S += (S.back() == ':' ? "" : ",") + Facts.locks()[I].Name;
    Out.push_back(S);
  }
  return Out;
}

using Lines = std::vector<std::string>;

TEST(HeldLocks, AGuardIsHeldUntilItsScopeEnds) {
  CoroutineSnippet P(R"cpp(
#include <mutex>
std::mutex m;
mini::task<int> f();
mini::task<> g() {
  {
    std::lock_guard<std::mutex> a(m);
    int x = co_await f();
  }
  co_await f();
}
)cpp");
  EXPECT_EQ(held(P, "g"), (Lines{"8:a"}));
}

TEST(HeldLocks, UnlockReleaseMoveAndDeferLetGo) {
  CoroutineSnippet P(R"cpp(
#include <mutex>
#include <utility>
std::mutex m;
void take(std::unique_lock<std::mutex>);
mini::task<> g() {
  std::unique_lock<std::mutex> a(m);
  a.unlock();
  co_await mini::sleep(1);
  a.lock();
  co_await mini::sleep(2);
  take(std::move(a));
  co_await mini::sleep(3);
  std::unique_lock<std::mutex> d(m, std::defer_lock);
  co_await mini::sleep(4);
  d.lock();
  std::unique_lock<std::mutex> e(std::move(d));
  co_await mini::sleep(5);
}
)cpp");
  EXPECT_EQ(held(P, "g"), (Lines{"11:a", "18:e"}));
}

TEST(HeldLocks, ManualLocksFollowThePath) {
  CoroutineSnippet P(R"cpp(
#include <mutex>
std::mutex m;
mini::task<> g(bool c) {
  m.lock();
  if (c)
    m.unlock();
  co_await mini::sleep(1);
  m.unlock();
  co_await mini::sleep(2);
}
)cpp");
  EXPECT_EQ(held(P, "g"), (Lines{"8:m"}));
}

TEST(HeldLocks, LoopsAndExtraTypes) {
  CoroutineSnippet P(R"cpp(
#include <mutex>
std::mutex m;
struct my_guard { explicit my_guard(int); ~my_guard(); };
mini::task<> g() {
  for (int i = 0; i < 2; ++i) {
    co_await mini::sleep(0);
    my_guard h(i);
    std::lock_guard<std::mutex> a(m);
    co_await mini::sleep(1);
  }
}
)cpp");
  EXPECT_EQ(held(P, "g"), (Lines{"10:a"}));
  HeldLockOptions Options;
  Options.ExtraLockTypes.insert("my_guard");
  EXPECT_EQ(held(P, "g", Options), (Lines{"10:h,a"}));
}

TEST(HeldLocks, AsyncLockGuardsAreNotThreadLocks) {
  CoroutineSnippet P(R"cpp(
mini::task<> g(mini_sync::mutex &m) {
  auto guard = co_await m.lock();
  co_await mini::sleep(1);
}
)cpp");
  EXPECT_EQ(held(P, "g"), Lines{});
  RoleLookup Roles(nullptr);
  EXPECT_FALSE(isThreadLockType(P.local(P.function("g"), "guard").getType(),
                                Roles, {}));
}

TEST(HeldLocks, AGuardTheAwaitedOperandTakesByReferenceIsTheAwaiters) {
  CoroutineSnippet P(R"cpp(
#include <mutex>
std::mutex m;
struct awaiter {
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume() const noexcept;
};
awaiter unlocks(std::unique_lock<std::mutex> &);
awaiter reads(const std::unique_lock<std::mutex> &);
mini::task<> g() {
  std::unique_lock<std::mutex> a(m);
  co_await unlocks(a);
  co_await reads(a);
  co_await unlocks(a);
}
)cpp");
  // Handed over at lines 13 and 15 only; between them it may hold again.
  EXPECT_EQ(held(P, "g"), (Lines{"14:a"}));
}

} // namespace
