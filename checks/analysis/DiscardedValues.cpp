//===----------------------------------------------------------------------===//
//
// Discarded values.
//
//===----------------------------------------------------------------------===//

#include "DiscardedValues.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::corolint::analysis {

DiscardedValue discardedValue(const Expr &Statement) {
  DiscardedValue Result{&Statement, false};
  const Expr *Outer = Statement.IgnoreParens();
  if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(Outer))
    Outer = Cleanups->getSubExpr()->IgnoreParens();
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(Outer);
      Cast && Cast->getType()->isVoidType()) {
    Result.Value = Cast->getSubExpr();
    Result.CastToVoid = true;
  }
  return Result;
}

llvm::SmallVector<const Expr *, 8> expressionStatements(const Stmt &S) {
  llvm::SmallVector<const Stmt *, 8> Children;
  if (const auto *Compound = dyn_cast<CompoundStmt>(&S))
    Children.append(Compound->body_begin(), Compound->body_end());
  else if (const auto *If = dyn_cast<IfStmt>(&S))
    Children = {If->getThen(), If->getElse()};
  else if (const auto *While = dyn_cast<WhileStmt>(&S))
    Children = {While->getBody()};
  else if (const auto *Do = dyn_cast<DoStmt>(&S))
    Children = {Do->getBody()};
  else if (const auto *For = dyn_cast<ForStmt>(&S))
    Children = {For->getBody(), For->getInc()};
  else if (const auto *Range = dyn_cast<CXXForRangeStmt>(&S))
    Children = {Range->getBody()};
  else if (const auto *Case = dyn_cast<SwitchCase>(&S))
    Children = {Case->getSubStmt()};
  else if (const auto *Label = dyn_cast<LabelStmt>(&S))
    Children = {Label->getSubStmt()};
  llvm::SmallVector<const Expr *, 8> Exprs;
  for (const Stmt *Child : Children)
    if (const auto *E = dyn_cast_or_null<Expr>(Child))
      Exprs.push_back(E);
  return Exprs;
}

} // namespace clang::tidy::corolint::analysis
