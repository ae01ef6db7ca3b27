//===----------------------------------------------------------------------===//
//
// Discarded values.
//
//===----------------------------------------------------------------------===//

#include "DiscardedValues.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace clang::tidy::corolint::analysis {

using namespace ast_matchers;

void addDiscardingStatementMatchers(MatchFinder &Finder,
                                    MatchFinder::MatchCallback *Callback,
                                    llvm::StringRef ID) {
  auto InUserCode = unless(isExpansionInSystemHeader());
  Finder.addMatcher(compoundStmt(InUserCode).bind(ID), Callback);
  Finder.addMatcher(ifStmt(InUserCode).bind(ID), Callback);
  Finder.addMatcher(whileStmt(InUserCode).bind(ID), Callback);
  Finder.addMatcher(doStmt(InUserCode).bind(ID), Callback);
  Finder.addMatcher(forStmt(InUserCode).bind(ID), Callback);
  Finder.addMatcher(cxxForRangeStmt(InUserCode).bind(ID), Callback);
  Finder.addMatcher(switchCase(InUserCode).bind(ID), Callback);
  Finder.addMatcher(labelStmt(InUserCode).bind(ID), Callback);
  Finder.addMatcher(
      binaryOperator(hasOperatorName(","), InUserCode).bind(ID), Callback);
}

/// Appends what discarding \p E discards (see the file comment).
static void expand(const Expr *E, DiscardedValue Context,
                   llvm::SmallVectorImpl<DiscardedValue> &Out,
                   unsigned Depth = 0) {
  if (!E)
    return;
  if (Depth > 16) {
    Out.push_back(Context);
    return;
  }
  const Expr *Inner = E->IgnoreParens();
  if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(Inner))
    Inner = Cleanups->getSubExpr()->IgnoreParens();
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(Inner);
      Cast && Cast->getType()->isVoidType()) {
    Context.CastToVoid = true;
    expand(Cast->getSubExpr(), Context, Out, Depth + 1);
    return;
  }
  if (const auto *Comma = dyn_cast<BinaryOperator>(Inner);
      Comma && Comma->isCommaOp()) {
    // The left operand is discarded by the comma itself (its own
    // discarding statement); the right one is the comma's value.
    expand(Comma->getRHS(), Context, Out, Depth + 1);
    return;
  }
  if (const auto *Cond = dyn_cast<ConditionalOperator>(Inner)) {
    if (!Context.Conditional)
      Context.Conditional = Cond;
    expand(Cond->getTrueExpr(), Context, Out, Depth + 1);
    expand(Cond->getFalseExpr(), Context, Out, Depth + 1);
    return;
  }
  Context.Value = Inner;
  Out.push_back(Context);
}

/// True when \p Block is the body of a GNU statement expression.
static bool isStatementExpressionBody(const CompoundStmt &Block,
                                      ASTContext &Ctx) {
  DynTypedNodeList Parents = Ctx.getParents(Block);
  return !Parents.empty() && Parents[0].get<StmtExpr>();
}

/// True when \p E is an operand of sizeof, alignof, noexcept, decltype or
/// a requires-expression: it is never evaluated, so nothing is discarded.
static bool isUnevaluated(const Expr &E, ASTContext &Ctx) {
  DynTypedNodeList Parents = Ctx.getParents(E);
  while (!Parents.empty()) {
    const DynTypedNode &P = Parents[0];
    if (P.get<UnaryExprOrTypeTraitExpr>() || P.get<CXXNoexceptExpr>() ||
        P.get<RequiresExpr>() || P.get<TypeLoc>())
      return true;
    if (!P.get<Expr>())
      return false;
    Parents = Ctx.getParents(P);
  }
  return false;
}

llvm::SmallVector<DiscardedValue, 8> discardedValues(const Stmt &S,
                                                     ASTContext &Ctx) {
  llvm::SmallVector<const Stmt *, 8> Children;
  if (const auto *Compound = dyn_cast<CompoundStmt>(&S)) {
    Children.append(Compound->body_begin(), Compound->body_end());
    if (!Children.empty() && isStatementExpressionBody(*Compound, Ctx))
      Children.pop_back();
  } else if (const auto *If = dyn_cast<IfStmt>(&S)) {
    Children = {If->getThen(), If->getElse()};
  } else if (const auto *While = dyn_cast<WhileStmt>(&S)) {
    Children = {While->getBody()};
  } else if (const auto *Do = dyn_cast<DoStmt>(&S)) {
    Children = {Do->getBody()};
  } else if (const auto *For = dyn_cast<ForStmt>(&S)) {
    Children = {For->getInit(), For->getBody(), For->getInc()};
  } else if (const auto *Range = dyn_cast<CXXForRangeStmt>(&S)) {
    Children = {Range->getBody()};
  } else if (const auto *Case = dyn_cast<SwitchCase>(&S)) {
    Children = {Case->getSubStmt()};
  } else if (const auto *Label = dyn_cast<LabelStmt>(&S)) {
    Children = {Label->getSubStmt()};
  } else if (const auto *Comma = dyn_cast<BinaryOperator>(&S);
             Comma && Comma->isCommaOp() && !isUnevaluated(*Comma, Ctx)) {
    Children = {Comma->getLHS()};
  }
  llvm::SmallVector<DiscardedValue, 8> Values;
  for (const Stmt *Child : Children) {
    // `[[likely]] f();`: the attribute does not use the value.
    while (const auto *Attributed = dyn_cast_or_null<AttributedStmt>(Child))
      Child = Attributed->getSubStmt();
    if (const auto *E = dyn_cast_or_null<Expr>(Child)) {
      DiscardedValue Context;
      Context.Statement = E;
      expand(E, Context, Values);
    }
  }
  return Values;
}

} // namespace clang::tidy::corolint::analysis
