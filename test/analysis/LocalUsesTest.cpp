//===----------------------------------------------------------------------===//
//
// Unit tests of analysis/LocalUses: is a local handed on, or only looked at?
//
//===----------------------------------------------------------------------===//

#include "analysis/LocalUses.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::corolint::analysis;

namespace {

/// A self-contained handle type: `done` only looks, `cancel` changes it.
constexpr const char *Prelude = R"cpp(
struct handle {
  bool done() const;
  void cancel();
};
handle make();
void keep(handle);
void look(const handle &);
)cpp";

/// Whether the local `h` of the function `f` in \p Code is consumed.
std::optional<bool> consumed(llvm::StringRef Code) {
  auto AST = tooling::buildASTFromCodeWithArgs(std::string(Prelude) + Code.str(),
                                               {"-std=c++20"});
  ASTContext &Ctx = AST->getASTContext();
  auto Vars = match(varDecl(hasName("h")).bind("v"), Ctx);
  if (Vars.size() != 1u) {
    ADD_FAILURE() << "expected one variable h";
    return std::nullopt;
  }
  const auto &Var = *Vars[0].getNodeAs<VarDecl>("v");
  const Stmt *Body = declaringBody(Var, Ctx);
  if (!Body)
    return std::nullopt;
  return isLocalConsumed(Var, *Body, Ctx);
}

TEST(LocalUses, ConstMemberCallsOnlyLook) {
  EXPECT_EQ(consumed("void f() { handle h = make(); }"), false);
  EXPECT_EQ(consumed("void f() { handle h = make(); if (h.done()) return; }"),
            false);
  EXPECT_EQ(consumed("void f() { handle h = make(); (void)(h).done(); }"),
            false); // through parentheses
}

TEST(LocalUses, EveryOtherUseConsumes) {
  EXPECT_EQ(consumed("void f() { handle h = make(); h.cancel(); }"), true);
  EXPECT_EQ(consumed("void f() { handle h = make(); keep(h); }"), true);
  EXPECT_EQ(consumed("void f() { handle h = make(); look(h); }"), true);
  EXPECT_EQ(consumed("handle f() { handle h = make(); return h; }"), true);
  EXPECT_EQ(consumed("void f() { handle h = make(); handle o = h; (void)o; }"),
            true);
  EXPECT_EQ(
      consumed("void f() { handle h = make(); auto l = [&h] { (void)h; }; }"),
      true);
  EXPECT_EQ(consumed("void f() { handle h = make(); auto l = [=] { return "
                     "h.done(); }; }"),
            true); // an implicit capture hands it to the lambda
}

TEST(LocalUses, DeclaringBodyIsTheInnermostFunction) {
  auto AST = tooling::buildASTFromCodeWithArgs(
      std::string(Prelude) +
          "void f(handle p) { auto l = [] { handle h = make(); }; (void)l; }",
      {"-std=c++20"});
  ASTContext &Ctx = AST->getASTContext();
  auto H = match(varDecl(hasName("h")).bind("v"), Ctx);
  auto Lambda = match(lambdaExpr().bind("l"), Ctx);
  auto Param = match(parmVarDecl(hasName("p")).bind("v"), Ctx);
  ASSERT_EQ(H.size(), 1u);
  ASSERT_EQ(Lambda.size(), 1u);
  ASSERT_EQ(Param.size(), 1u);
  EXPECT_EQ(declaringBody(*H[0].getNodeAs<VarDecl>("v"), Ctx),
            Lambda[0].getNodeAs<LambdaExpr>("l")->getBody());
  EXPECT_EQ(declaringBody(*Param[0].getNodeAs<VarDecl>("v"), Ctx), nullptr);
}

} // namespace
