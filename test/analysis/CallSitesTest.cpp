//===----------------------------------------------------------------------===//
//
// Unit tests of CallSites: call sites, escapes, and generic code that runs a
// callable it was handed.
//
//===----------------------------------------------------------------------===//

#include "analysis/CallSites.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::corolint::analysis;

namespace {

struct Fixture {
  explicit Fixture(const std::string &Code)
      : AST(tooling::buildASTFromCodeWithArgs(Code, {"-std=c++20"})),
        Index(AST->getASTContext()) {}

  const FunctionDecl &function(const std::string &Name) {
    auto Found = match(functionDecl(hasName(Name), isDefinition(),
                                    unless(isInstantiated()))
                           .bind("f"),
                       AST->getASTContext());
    EXPECT_EQ(Found.size(), 1u) << Name;
    return *Found.front().getNodeAs<FunctionDecl>("f");
  }

  std::unique_ptr<ASTUnit> AST;
  CallSiteIndex Index;
};

TEST(CallSites, ListsDirectCallsWithTheirCallers) {
  Fixture F(R"cpp(
    void callee() {}
    void a() { callee(); }
    void b() { callee(); auto l = [] { callee(); }; l(); }
  )cpp");
  llvm::ArrayRef<CallSite> Sites = F.Index.callersOf(&F.function("callee"));
  ASSERT_EQ(Sites.size(), 3u);
  EXPECT_EQ(Sites[0].Caller->getName(), "a");
  EXPECT_EQ(Sites[1].Caller->getName(), "b");
  // The lambda's call operator is the innermost function.
  EXPECT_TRUE(isa<CXXMethodDecl>(Sites[2].Caller));
  EXPECT_FALSE(F.Index.mayBeCalledIndirectly(&F.function("callee")));
}

TEST(CallSites, AddressTakenAndVirtualFunctionsMayBeCalledIndirectly) {
  Fixture F(R"cpp(
    void pointed() {}
    void (*p)() = &pointed;
    struct base { virtual void v() {} };
  )cpp");
  EXPECT_EQ(F.Index.escapesOf(&F.function("pointed")).size(), 1u);
  EXPECT_TRUE(F.Index.mayBeCalledIndirectly(&F.function("pointed")));
  EXPECT_TRUE(F.Index.mayBeCalledIndirectly(&F.function("v")));
}

TEST(CallSites, InvokesCallableParameterOnlyForParametersOfTemplateType) {
  Fixture F(R"cpp(
    template <class Fn, class... Args> void bridge(Fn f, Args... args) {
      f(args...);
    }
    template <class T> void fixed(void (*g)(int), T t) { g(t); }
    void nap(int) {}
    void use() {
      bridge([](int) {}, 1);
      fixed(nap, 2);
    }
  )cpp");
  ASTContext &Ctx = F.AST->getASTContext();
  auto Calls = match(
      callExpr(hasAncestor(functionDecl(isTemplateInstantiation()).bind("fn")))
          .bind("call"),
      Ctx);
  unsigned Bridges = 0, Fixed = 0;
  for (const auto &M : Calls) {
    const auto &Fn = *M.getNodeAs<FunctionDecl>("fn");
    bool Invokes = invokesCallableParameter(*M.getNodeAs<Expr>("call"), Fn);
    if (Fn.getName() == "bridge") {
      EXPECT_TRUE(Invokes);
      ++Bridges;
    } else if (Fn.getName() == "fixed") {
      EXPECT_FALSE(Invokes); // a parameter whose type is not a template's
      ++Fixed;
    }
  }
  EXPECT_EQ(Bridges, 1u);
  EXPECT_EQ(Fixed, 1u);
  // The uninstantiated pattern is not an instantiation: no answer there.
  auto InPattern =
      match(callExpr(hasAncestor(functionDecl(hasName("bridge"),
                                              unless(isInstantiated()))
                                     .bind("fn")))
                .bind("call"),
            Ctx);
  for (const auto &M : InPattern)
    EXPECT_FALSE(invokesCallableParameter(*M.getNodeAs<Expr>("call"),
                                          *M.getNodeAs<FunctionDecl>("fn")));
}

} // namespace
