//===----------------------------------------------------------------------===//
//
// corolint-busy-wait
//
//===----------------------------------------------------------------------===//

#include "BusyWaitCheck.h"

#include "analysis/CoroutineBodies.h"
#include "analysis/Loops.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::corolint {

void BusyWaitCheck::registerMatchers(MatchFinder *Finder) {
  CorolintCheck::registerMatchers(Finder);
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void BusyWaitCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  for (const FunctionDecl *Coroutine : analysis(Ctx).coroutines())
    if (const Stmt *Body = analysis::userBodyOf(Coroutine))
      for (const Stmt *Loop : analysis::loopsIn(*Body))
        checkLoop(*Loop, *Coroutine, Ctx);
}

/// The statements of a loop body: a block's, or the one statement.
static llvm::SmallVector<const Stmt *, 4> statementsOf(const Stmt *Body) {
  llvm::SmallVector<const Stmt *, 4> Stmts;
  if (const auto *Block = dyn_cast_or_null<CompoundStmt>(Body))
    Stmts.append(Block->body_begin(), Block->body_end());
  else if (Body)
    Stmts.push_back(Body);
  return Stmts;
}

/// True when \p S only leaves the loop: `break;`, `return;`, `co_return;`
/// (a value returned is work done: `return result;` is not polling either,
/// but a constant is).
static bool isPlainExit(const Stmt *S) {
  llvm::SmallVector<const Stmt *, 4> Stmts = statementsOf(S);
  if (Stmts.size() != 1)
    return false;
  S = Stmts.front();
  if (isa<BreakStmt>(S))
    return true;
  if (const auto *R = dyn_cast<ReturnStmt>(S))
    return !R->getRetValue() ||
           isa<IntegerLiteral, CXXBoolLiteralExpr>(
               R->getRetValue()->IgnoreParenImpCasts());
  if (const auto *R = dyn_cast<CoreturnStmt>(S))
    return !R->getOperand() ||
           isa<IntegerLiteral, CXXBoolLiteralExpr>(
               R->getOperand()->IgnoreParenImpCasts());
  return false;
}

/// True when \p E mentions a duration or time point: a deadline loop
/// (`while (clock::now() < deadline)`) waits for time, not for state.
static bool mentionsTime(const Stmt &S) {
  if (const auto *E = dyn_cast<Expr>(&S))
    if (analysis::isDurationOrTimePoint(E->getType()))
      return true;
  for (const Stmt *Child : S.children())
    if (Child && mentionsTime(*Child))
      return true;
  return false;
}

void BusyWaitCheck::checkLoop(const Stmt &Loop, const FunctionDecl &Coroutine,
                              ASTContext &Ctx) {
  // A `for` with an increment counts iterations: a countdown or a fixed
  // number of attempts.
  if (const auto *F = dyn_cast<ForStmt>(&Loop))
    if (F->getInc())
      return;
  if (isa<CXXForRangeStmt>(Loop))
    return;
  llvm::SmallVector<analysis::SuspensionPoint, 4> Points =
      analysis::suspensionPointsIn(Loop);
  if (Points.empty())
    return;
  const analysis::RoleLookup &Roles = roles(Ctx);
  auto Timers = analysis::armedTimers(Loop);
  // Every statement of the body sleeps, arms the timer it sleeps on, or
  // leaves under a condition.
  llvm::SmallVector<const Expr *, 4> Conditions;
  const Expr *Cond = analysis::loopCondition(Loop);
  bool Constant = false;
  if (Cond && !Cond->isValueDependent() &&
      Cond->EvaluateAsBooleanCondition(Constant, Ctx)) {
    if (!Constant)
      return; // `do { ... } while (false)`
    Cond = nullptr;
  }
  if (Cond)
    Conditions.push_back(Cond);
  const analysis::SuspensionPoint *Sleep = nullptr;
  for (const Stmt *S : statementsOf(analysis::loopBody(Loop))) {
    if (isa<NullStmt>(S))
      continue;
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      if (If->getElse() || If->getInit() || If->getConditionVariable() ||
          !isPlainExit(If->getThen()))
        return;
      Conditions.push_back(If->getCond());
      continue;
    }
    const auto *E = dyn_cast<Expr>(S);
    if (!E)
      return;
    const Expr *Bare = analysis::ignoreWrappers(E);
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Bare)) {
      // `timer.expires_after(100ms);` arms the timer the loop sleeps on.
      const Expr *Object = Call->getImplicitObjectArgument()->IgnoreParenImpCasts();
      const Decl *D = nullptr;
      if (const auto *Ref = dyn_cast<DeclRefExpr>(Object))
        D = Ref->getDecl()->getCanonicalDecl();
      else if (const auto *Member = dyn_cast<MemberExpr>(Object))
        D = Member->getMemberDecl()->getCanonicalDecl();
      if (D && Timers.contains(D))
        continue;
    }
    // The statement must be one sleep: `co_await sleep(d);`.
    auto IsThisStatement = [&](const analysis::SuspensionPoint &SP) {
      return analysis::ignoreWrappers(SP.E) == Bare;
    };
    const auto *It = llvm::find_if(Points, IsThisStatement);
    if (It == Points.end() || It->K == analysis::SuspensionPoint::Yield)
      return;
    const CallExpr *Call = analysis::awaitedCall(*It);
    if (!Call || !analysis::isSleepCall(*Call, Roles, Ctx, &Timers))
      return;
    Sleep = It;
  }
  // Every suspension point of the loop is that statement's sleep (none in
  // the condition: `while (!co_await ready())` awaits the state).
  if (!Sleep || Points.size() != 1 || Conditions.empty())
    return;
  analysis::Modifications Mods = analysis::modificationsIn(Loop);
  for (const Expr *C : Conditions) {
    analysis::References Refs = analysis::referencesIn(*C);
    if (Refs.Variables.empty() && Refs.Fields.empty() && !Refs.Calls &&
        !Refs.This)
      return; // nothing is polled
    if (mentionsTime(*C))
      return; // a deadline
    if (!analysis::modificationsIn(*C).Variables.empty())
      return; // `while (n-- > 0)`: a countdown
    for (const VarDecl *V : Refs.Variables)
      if (Mods.modifies(V))
        return; // the loop changes what it tests
  }
  // The condition as written, when it is short enough to quote.
  const Expr *Polled = Conditions.front();
  StringRef Text = Lexer::getSourceText(
      CharSourceRange::getTokenRange(Polled->getSourceRange()),
      Ctx.getSourceManager(), Ctx.getLangOpts());
  if (Text.empty() || Text.size() > 40 || Text.contains('\n'))
    diag(Loop.getBeginLoc(),
         "loop in %0 polls a condition, sleeping between checks; "
         "await an event or condition that is signalled when it changes "
         "instead")
        << coroutineName(Coroutine);
  else
    diag(Loop.getBeginLoc(),
         "loop in %0 polls '%1', sleeping between checks; await an "
         "event or condition that is signalled when it changes instead")
        << coroutineName(Coroutine) << Text;
  diag(Sleep->E->getBeginLoc(), "the loop sleeps here and does nothing else",
       DiagnosticIDs::Note);
}

} // namespace clang::tidy::corolint
