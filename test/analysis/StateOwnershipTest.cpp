//===----------------------------------------------------------------------===//
//
// Unit tests of StateOwnership: the kinds of writes, and when only one
// activation of a coroutine can change the fact it checked.
//
//===----------------------------------------------------------------------===//

#include "analysis/StateOwnership.h"

#include "CoroutineSnippet.h"

namespace clang::tidy::corolint::analysis {
namespace {

using namespace clang::ast_matchers;
using corolint_test::CoroutineSnippet;

/// The one call of a method named \p Method in \p F.
const Expr &callOf(CoroutineSnippet &S, const FunctionDecl &F,
                   llvm::StringRef Method) {
  auto Found = match(
      functionDecl(forEachDescendant(
          cxxMemberCallExpr(callee(cxxMethodDecl(hasName(Method))))
              .bind("c"))),
      F, S.ctx());
  EXPECT_EQ(Found.size(), 1u) << Method.str();
  return *Found[0].getNodeAs<Expr>("c");
}

const FieldDecl &field(CoroutineSnippet &S, llvm::StringRef Name) {
  auto Found = match(fieldDecl(hasName(Name)).bind("f"), S.ctx());
  EXPECT_EQ(Found.size(), 1u) << Name.str();
  return *Found[0].getNodeAs<FieldDecl>("f");
}

/// ownsCheckedFact for `this->Field`, acted on by the call of \p Method in
/// the coroutine \p Coroutine.
bool ownsMember(CoroutineSnippet &S, llvm::StringRef Coroutine,
                llvm::StringRef Field, llvm::StringRef Method) {
  const FunctionDecl &F = S.function(Coroutine);
  SharedLocation Location;
  Location.Path.push_back(&field(S, Field));
  Location.Name = Field.str();
  RoleLookup Roles(nullptr);
  CallSiteIndex Calls(S.ctx());
  return ownsCheckedFact(F, Location, callOf(S, F, Method), Calls, Roles,
                         S.ctx());
}

const char *const Queue = R"(
#include <deque>
#include <memory>
struct queue_owner : std::enable_shared_from_this<queue_owner> {
  std::deque<int> q;
  bool open = true;
  void start() {
    mini::spawn_detached([self = shared_from_this()]() -> mini::task<> {
      co_await self->drain();
    }());
  }
  void add(int v) { q.push_back(v); }
  mini::task<> drain() {
    if (!q.empty()) {
      co_await mini::sleep(1);
      q.pop_front();
    }
  }
};
)";

TEST(StateOwnership, WriteKinds) {
  CoroutineSnippet S(R"(
#include <atomic>
#include <deque>
void f(std::deque<int> &d, std::atomic<int> &a, int &n) {
  d.push_back(1);
  d.pop_front();
  a.fetch_add(1);
  a.fetch_sub(1);
  d.resize(3);
  ++n;
  n -= 2;
  n = 4;
}
)");
  const FunctionDecl &F = S.function("f");
  EXPECT_EQ(writeKindOf(callOf(S, F, "push_back")), WriteKind::Insert);
  EXPECT_EQ(writeKindOf(callOf(S, F, "pop_front")), WriteKind::Remove);
  EXPECT_EQ(writeKindOf(callOf(S, F, "fetch_add")), WriteKind::Increase);
  EXPECT_EQ(writeKindOf(callOf(S, F, "fetch_sub")), WriteKind::Decrease);
  EXPECT_EQ(writeKindOf(callOf(S, F, "resize")), WriteKind::Other);
  auto Ops = match(functionDecl(forEachDescendant(
                       expr(anyOf(unaryOperator(), binaryOperator()))
                           .bind("op"))),
                   F, S.ctx());
  std::vector<WriteKind> Kinds;
  for (const auto &M : Ops)
    Kinds.push_back(writeKindOf(*M.getNodeAs<Expr>("op")));
  EXPECT_EQ(Kinds, (std::vector<WriteKind>{WriteKind::Increase,
                                           WriteKind::Decrease,
                                           WriteKind::Other}));
}

TEST(StateOwnership, OneActivationPerObjectAndOnlyInsertionsElsewhere) {
  CoroutineSnippet S(std::string(Queue) + R"(
void accept_all() {
  for (int i = 0; i < 3; ++i)
    std::make_shared<queue_owner>()->start();
}
)");
  EXPECT_TRUE(ownsMember(S, "drain", "q", "pop_front"));
}

TEST(StateOwnership, AnUnknownCallerOrASecondStartKeepsTheRace) {
  // start() called twice on the same object: two drains share the queue.
  CoroutineSnippet Twice(std::string(Queue) + R"(
void start_twice(std::shared_ptr<queue_owner> o) { o->start(); o->start(); }
)");
  EXPECT_FALSE(ownsMember(Twice, "drain", "q", "pop_front"));
  // start() is never called in the TU: nothing is known about its callers
  // (the class is in the main file, but drain's one caller is not proven to
  // run once per object).
  CoroutineSnippet Unknown(Queue);
  EXPECT_FALSE(ownsMember(Unknown, "drain", "q", "pop_front"));
}

TEST(StateOwnership, AnotherRemoverFalsifiesTheCheck) {
  CoroutineSnippet S(std::string(Queue) + R"(
void accept_all() { std::make_shared<queue_owner>()->start(); }
void flush(queue_owner &o) { o.q.clear(); }
)");
  EXPECT_FALSE(ownsMember(S, "drain", "q", "pop_front"));
}

} // namespace
} // namespace clang::tidy::corolint::analysis
