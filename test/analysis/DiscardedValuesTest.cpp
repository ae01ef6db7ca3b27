//===----------------------------------------------------------------------===//
//
// Unit tests of analysis/DiscardedValues: which values each statement
// discards.
//
//===----------------------------------------------------------------------===//

#include "analysis/DiscardedValues.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Lex/Lexer.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::corolint::analysis;

namespace {

/// The values discarded in a snippet's function `f`, as source text, with
/// "(void)" in front of those cast to void and "?" in front of branches of a
/// discarded conditional; in the order of the statements that discard them.
std::vector<std::string> discardedIn(llvm::StringRef Code) {
  auto AST = tooling::buildASTFromCodeWithArgs(Code, {"-std=c++20"});
  ASTContext &Ctx = AST->getASTContext();
  auto Functions =
      match(functionDecl(hasName("f"), isDefinition()).bind("f"), Ctx);
  if (Functions.size() != 1u) {
    ADD_FAILURE() << "expected one definition of f";
    return {};
  }
  const Stmt *Body = Functions[0].getNodeAs<FunctionDecl>("f")->getBody();
  std::vector<const Stmt *> Statements = {Body};
  for (const auto &M : match(findAll(stmt().bind("s")), *Body, Ctx))
    if (M.getNodeAs<Stmt>("s") != Body)
      Statements.push_back(M.getNodeAs<Stmt>("s"));
  std::vector<std::pair<unsigned, std::string>> Found;
  const SourceManager &SM = Ctx.getSourceManager();
  for (const Stmt *S : Statements)
    for (const DiscardedValue &D : discardedValues(*S, Ctx)) {
      std::string Text =
          Lexer::getSourceText(
              CharSourceRange::getTokenRange(D.Value->getSourceRange()), SM,
              Ctx.getLangOpts())
              .str();
      if (D.Conditional)
        Text = "?" + Text;
      if (D.CastToVoid)
        Text = "(void)" + Text;
      Found.push_back({SM.getFileOffset(D.Value->getBeginLoc()), Text});
    }
  std::sort(Found.begin(), Found.end());
  std::vector<std::string> Texts;
  for (auto &[Offset, Text] : Found)
    Texts.push_back(Text);
  return Texts;
}

using V = std::vector<std::string>;

TEST(DiscardedValues, StatementsOfBlocksAndBranches) {
  EXPECT_EQ(discardedIn(R"cpp(
int g(int = 0);
void f(bool b) {
  g(1);
  int kept = g(2);
  if (b) g(3); else g(4);
  while (b) g(5);
  do g(6); while (b);
  for (g(7); b; g(8)) g(9);
  int a[1] = {0};
  for (int x : a) g(x);
  switch (kept) { case 1: g(10); break; default: g(11); }
label:
  g(12);
  [[likely]] g(13);
  { g(14); }
}
)cpp"),
            (V{"g(1)", "g(3)", "g(4)", "g(5)", "g(6)", "g(7)", "g(8)",
               "g(9)", "g(x)", "g(10)", "g(11)", "g(12)", "g(13)",
               "g(14)"}));
}

TEST(DiscardedValues, CommasConditionalsAndCasts) {
  EXPECT_EQ(discardedIn(R"cpp(
int g(int = 0);
void f(bool b) {
  g(1), g(2);
  int kept = (g(3), g(4));
  b ? g(5) : g(6);
  (void)g(7);
  void(b ? g(8) : g(9));
  (g(10));
}
)cpp"),
            (V{"g(1)", "g(2)", "g(3)", "?g(5)", "?g(6)", "(void)g(7)",
               "(void)?g(8)", "(void)?g(9)", "g(10)"}));
}

TEST(DiscardedValues, NotTheValueOfAStatementExpression) {
  EXPECT_EQ(discardedIn(R"cpp(
int g(int = 0);
void f() {
  int v = ({ g(1); g(2); });
  (void)v;
}
)cpp"),
            (V{"g(1)", "(void)v"})); // g(2) is the value of the expression
}

TEST(DiscardedValues, NothingInUnevaluatedOperands) {
  EXPECT_EQ(discardedIn(R"cpp(
int g(int = 0);
void f() {
  using T = decltype(g(1), 0);
  unsigned s = sizeof(g(2), 0);
  bool n = noexcept(g(3), 0);
  (void)s, (void)n;
}
)cpp"),
            (V{"(void)s", "(void)n"}));
}

TEST(DiscardedValues, LambdaBodiesAreStatementsOfTheirOwn) {
  EXPECT_EQ(discardedIn(R"cpp(
int g(int = 0);
void f() {
  auto l = [] { g(1); return g(2); };
  l();
}
)cpp"),
            (V{"g(1)", "l()"}));
}

} // namespace
