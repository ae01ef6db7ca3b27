//===----------------------------------------------------------------------===//
//
// Unit tests of CallSites and TimeoutBounds on small in-memory programs.
//
//===----------------------------------------------------------------------===//

#include "analysis/CallSites.h"
#include "analysis/TimeoutBounds.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

#include <set>

namespace clang::tidy::corolint::analysis {
namespace {

using namespace clang::ast_matchers;

std::unique_ptr<ASTUnit> build(const std::string &Code) {
  std::vector<std::string> Args = {
      "-std=c++20", "-I" COROLINT_SOURCE_DIR "/test/checks/Inputs",
      "-resource-dir=" COROLINT_RESOURCE_DIR};
  auto AST = tooling::buildASTFromCodeWithArgs(
      "#include \"mini.h\"\nusing namespace std::chrono_literals;\n"
      "using mini_io::socket;\n" +
          Code,
      Args, "input.cpp");
  EXPECT_TRUE(AST);
  EXPECT_FALSE(AST->getDiagnostics().hasErrorOccurred());
  return AST;
}

const FunctionDecl *function(ASTContext &Ctx, const std::string &Name) {
  auto Found = match(functionDecl(hasName("::" + Name)).bind("f"), Ctx);
  return Found.empty() ? nullptr : Found[0].getNodeAs<FunctionDecl>("f");
}

/// The fact for the single needs_timeout operation awaited in \p Name.
TimeoutBound boundIn(ASTContext &Ctx, TimeoutBoundsAnalysis &A,
                     const std::string &Name) {
  auto Found = match(
      coawaitExpr(hasAncestor(functionDecl(hasName(Name)))).bind("a"), Ctx);
  for (const BoundNodes &N : Found) {
    auto Ops = A.awaitedOperations(*N.getNodeAs<CoawaitExpr>("a"));
    if (!Ops.empty()) {
      EXPECT_EQ(Ops.size(), 1u);
      return A.boundOf(Ops.front());
    }
  }
  ADD_FAILURE() << "no needs_timeout await in " << Name;
  return {};
}

TimeoutBoundsAnalysis analysisFor(ASTContext &Ctx, const RoleLookup &Roles) {
  return TimeoutBoundsAnalysis(
      Ctx, Roles,
      BoundingTypes(llvm::SmallVector<llvm::StringRef>{
          "std::chrono::duration", "*deadline*"}));
}

TEST(BoundingTypes, QualifiedNamesAndPatterns) {
  auto AST = build("struct RequestDeadline {};\n"
                   "void f(std::chrono::milliseconds, RequestDeadline, int);");
  ASTContext &Ctx = AST->getASTContext();
  const FunctionDecl *F = function(Ctx, "f");
  ASSERT_TRUE(F);
  BoundingTypes Types(llvm::SmallVector<llvm::StringRef>{
      "std::chrono::duration", "*deadline*"});
  EXPECT_TRUE(Types.matches(F->getParamDecl(0)->getType())); // through alias
  EXPECT_TRUE(Types.matches(F->getParamDecl(1)->getType())); // any case
  EXPECT_FALSE(Types.matches(F->getParamDecl(2)->getType()));
}

TEST(CallSiteIndex, CallsAndEscapes) {
  auto AST = build(R"(
    mini::task<> f();
    mini::task<> g();
    mini::task<> caller() { co_await f(); co_await f(); }
    auto escape = &g;
    mini::task<> lambdas() {
      co_await [] () -> mini::task<> { co_return; }();
      auto kept = [] () -> mini::task<> { co_return; };
      co_await kept();
      auto passed = [] () -> mini::task<> { co_return; };
      mini::spawn(passed());
      auto copy = passed;
    }
  )");
  ASTContext &Ctx = AST->getASTContext();
  CallSiteIndex Index(Ctx);
  const FunctionDecl *F = function(Ctx, "f");
  const FunctionDecl *G = function(Ctx, "g");
  ASSERT_TRUE(F && G);
  ASSERT_EQ(Index.callersOf(F).size(), 2u);
  EXPECT_EQ(Index.callersOf(F)[0].Caller, function(Ctx, "caller"));
  EXPECT_FALSE(Index.mayBeCalledIndirectly(F));
  EXPECT_TRUE(Index.callersOf(G).empty());
  EXPECT_EQ(Index.escapesOf(G).size(), 1u);

  // A co_await operand is reached twice by match() (operand and common
  // expression): count each lambda once.
  std::set<const LambdaExpr *> Seen;
  unsigned Escaping = 0, Lambdas = 0;
  for (const BoundNodes &N :
       match(lambdaExpr(hasAncestor(functionDecl(hasName("lambdas")))).bind("l"),
             Ctx)) {
    const auto *L = N.getNodeAs<LambdaExpr>("l");
    if (!Seen.insert(L).second)
      continue;
    ++Lambdas;
    const CXXMethodDecl *Op = L->getCallOperator();
    EXPECT_EQ(Index.callersOf(Op).size(), 1u);
    Escaping += Index.mayBeCalledIndirectly(Op);
  }
  EXPECT_EQ(Lambdas, 3u);
  EXPECT_EQ(Escaping, 1u); // only `passed`, which is copied
}

TEST(TimeoutBounds, KindsAndWitnesses) {
  auto AST = build(R"(
    mini::task<> by_argument(socket &s, char *b) { co_await s.read(b, 1s); }
    mini::task<> by_function(socket &s, char *b) {
      co_await mini_io::with_timeout(1s, s.read(b));
    }
    mini::task<> by_scope(socket &s, char *b) {
      mini_io::timeout_scope t(1s);
      co_await s.read(b);
    }
    mini::task<> by_callers(socket &s, char *b) { co_await s.read(b); }
    mini::task<> entry(socket &s, char *b) {
      co_await mini_io::with_timeout(1s, by_callers(s, b));
    }
    mini::task<> no_callers(socket &s, char *b) { co_await s.read(b); }
    mini::task<> looping(socket &s, char *b) {
      co_await s.read(b);
      co_await looping(s, b);
    }
  )");
  ASTContext &Ctx = AST->getASTContext();
  RoleLookup Roles(nullptr);
  TimeoutBoundsAnalysis A = analysisFor(Ctx, Roles);

  TimeoutBound B = boundIn(Ctx, A, "by_argument");
  EXPECT_EQ(B.Kind, BoundKind::BoundingArgument);
  EXPECT_TRUE(B.Witness);

  B = boundIn(Ctx, A, "by_function");
  EXPECT_EQ(B.Kind, BoundKind::TimeoutArgument);
  ASSERT_TRUE(B.Witness);
  EXPECT_EQ(cast<CallExpr>(B.Witness)->getDirectCallee()->getName(),
            "with_timeout");

  B = boundIn(Ctx, A, "by_scope");
  EXPECT_EQ(B.Kind, BoundKind::TimeoutScope);
  ASSERT_TRUE(B.Scope);
  EXPECT_EQ(B.Scope->getName(), "t");

  EXPECT_EQ(boundIn(Ctx, A, "by_callers").Kind, BoundKind::BoundedCallers);

  B = boundIn(Ctx, A, "no_callers");
  EXPECT_EQ(B.Kind, BoundKind::None);
  EXPECT_EQ(B.Reason, UnboundedReason::NoCallers);
  EXPECT_TRUE(B.Chain.empty());

  B = boundIn(Ctx, A, "looping");
  EXPECT_EQ(B.Kind, BoundKind::None);
  EXPECT_EQ(B.Reason, UnboundedReason::Cycle);
  EXPECT_EQ(B.Chain.size(), 1u);
}

TEST(TimeoutBounds, MutualRecursionNeedsABoundedEntry) {
  auto AST = build(R"(
    mini::task<> ping(socket &s, char *b);
    mini::task<> pong(socket &s, char *b) { co_await s.read(b); co_await ping(s, b); }
    mini::task<> ping(socket &s, char *b) { co_await s.read(b); co_await pong(s, b); }
    mini::task<> entry(socket &s, char *b) {
      co_await mini_io::with_timeout(1s, pong(s, b));
    }
    mini::task<> tick(socket &s, char *b);
    mini::task<> tock(socket &s, char *b) { co_await s.read(b); co_await tick(s, b); }
    mini::task<> tick(socket &s, char *b) { co_await s.read(b); co_await tock(s, b); }
  )");
  ASTContext &Ctx = AST->getASTContext();
  RoleLookup Roles(nullptr);
  // Ask in both orders: memoized and conditional results must agree.
  for (bool PingFirst : {true, false}) {
    TimeoutBoundsAnalysis A = analysisFor(Ctx, Roles);
    if (PingFirst) {
      EXPECT_TRUE(A.callersBound(function(Ctx, "ping")).isBounded());
      EXPECT_TRUE(A.callersBound(function(Ctx, "pong")).isBounded());
    } else {
      EXPECT_TRUE(A.callersBound(function(Ctx, "pong")).isBounded());
      EXPECT_TRUE(A.callersBound(function(Ctx, "ping")).isBounded());
    }
    TimeoutBound Tick = A.callersBound(function(Ctx, "tick"));
    EXPECT_FALSE(Tick.isBounded());
    EXPECT_EQ(Tick.Reason, UnboundedReason::Cycle);
    EXPECT_FALSE(A.callersBound(function(Ctx, "tock")).isBounded());
  }
}

} // namespace
} // namespace clang::tidy::corolint::analysis
