//===----------------------------------------------------------------------===//
//
// Unit tests of ScopedObjects: which local object is alive at a point.
//
//===----------------------------------------------------------------------===//

#include "analysis/ScopedObjects.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

namespace clang::tidy::corolint::analysis {
namespace {

using namespace clang::ast_matchers;

std::unique_ptr<ASTUnit> build(const std::string &Code) {
  auto AST = tooling::buildASTFromCodeWithArgs(
      "struct [[clang::annotate(\"corolint::timeout\")]] scope {};\n"
      "struct other {};\n"
      "void mark(int);\n" +
          Code,
      {"-std=c++20", "-resource-dir=" COROLINT_RESOURCE_DIR}, "input.cpp");
  EXPECT_TRUE(AST);
  EXPECT_FALSE(AST->getDiagnostics().hasErrorOccurred());
  return AST;
}

/// The name of the timeout-scope object alive at the call `mark(N)`, or ""
/// when there is none.
std::string liveAtMark(ASTContext &Ctx, int N) {
  RoleLookup Roles(nullptr);
  auto Found = match(
      callExpr(callee(functionDecl(hasName("mark"))),
               hasArgument(0, integerLiteral(equals(N))))
          .bind("mark"),
      Ctx);
  EXPECT_EQ(Found.size(), 1u) << "mark(" << N << ")";
  if (Found.empty())
    return "?";
  const VarDecl *Var = liveScopedObjectWithRole(
      *Found[0].getNodeAs<CallExpr>("mark"), Role::Timeout, Ctx, Roles);
  return Var ? Var->getName().str() : "";
}

TEST(ScopedObjects, AnObjectDeclaredEarlierInAnEnclosingBlockIsAlive) {
  auto AST = build(R"(
    void f(bool c) {
      mark(1);
      scope outer;
      mark(2);
      if (c) {
        mark(3);
        scope inner;
        mark(4);
      }
      mark(5);
    })");
  ASTContext &Ctx = AST->getASTContext();
  EXPECT_EQ(liveAtMark(Ctx, 1), "");      // declared after the point
  EXPECT_EQ(liveAtMark(Ctx, 2), "outer");
  EXPECT_EQ(liveAtMark(Ctx, 3), "outer");
  EXPECT_EQ(liveAtMark(Ctx, 4), "inner"); // the innermost one
  EXPECT_EQ(liveAtMark(Ctx, 5), "outer"); // inner's block has ended
}

TEST(ScopedObjects, ScopesThatEndedAndOtherKindsDoNotCount) {
  auto AST = build(R"(
    void f(scope by_value_param) {
      { scope ended; }
      other unrelated;
      scope *pointer = nullptr;
      const scope &reference = scope();
      mark(1);
    })");
  EXPECT_EQ(liveAtMark(AST->getASTContext(), 1), "");
}

TEST(ScopedObjects, TheWalkStopsAtALambda) {
  auto AST = build(R"(
    void f() {
      scope outer;
      auto l = [] { mark(1); };
      mark(2);
    })");
  ASTContext &Ctx = AST->getASTContext();
  EXPECT_EQ(liveAtMark(Ctx, 1), ""); // the lambda runs whenever it is called
  EXPECT_EQ(liveAtMark(Ctx, 2), "outer");
}

} // namespace
} // namespace clang::tidy::corolint::analysis
