//===----------------------------------------------------------------------===//
//
// corolint-sequential-await
//
//===----------------------------------------------------------------------===//

#include "SequentialAwaitCheck.h"

#include "analysis/CoroutineBodies.h"
#include "analysis/Loops.h"
#include "analysis/ScopedObjects.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

#include <clang-tidy/utils/OptionsUtils.h>

using namespace clang::ast_matchers;

namespace clang::tidy::corolint {

SequentialAwaitCheck::SequentialAwaitCheck(StringRef Name,
                                           ClangTidyContext *Context)
    : CorolintCheck(Name, Context),
      LimiterTypeNames(
          Options.get("LimiterTypes", analysis::LimiterTypes::Defaults).str()) {
}

void SequentialAwaitCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "LimiterTypes", LimiterTypeNames);
}

void SequentialAwaitCheck::registerMatchers(MatchFinder *Finder) {
  CorolintCheck::registerMatchers(Finder);
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void SequentialAwaitCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  for (const FunctionDecl *Coroutine : analysis(Ctx).coroutines())
    if (const Stmt *Body = analysis::userBodyOf(Coroutine))
      for (const Stmt *Loop : analysis::loopsIn(*Body))
        checkLoop(*Loop, Ctx);
}

/// True when the value of the await \p Await is used: not a statement of
/// its own, not cast to void.
static bool isResultUsed(const Expr &Await, ASTContext &Ctx) {
  if (Await.getType()->isVoidType())
    return false;
  const Expr &Outer = analysis::outermostWrapper(Await, Ctx);
  DynTypedNodeList Parents = Ctx.getParents(Outer);
  if (Parents.empty())
    return false;
  if (Parents[0].get<Decl>())
    return true; // `auto r = co_await f(x);`
  if (const auto *Cast = Parents[0].get<CastExpr>())
    return !Cast->getType()->isVoidType();
  const auto *Parent = Parents[0].get<Stmt>();
  return Parent && !isa<CompoundStmt>(Parent) && !analysis::isLoop(*Parent) &&
         !isa<IfStmt>(Parent);
}

/// True when an expression in \p S has a class type with role \p R (a lock
/// guard, `co_await m.lock()`).
static bool mentionsRole(const Stmt &S, analysis::Role R,
                         const analysis::RoleLookup &Roles) {
  if (const auto *E = dyn_cast<Expr>(&S))
    if (!E->getType().isNull() && !E->getType()->isDependentType() &&
        Roles.rolesOfType(E->getType()).has(R))
      return true;
  if (const auto *D = dyn_cast<DeclStmt>(&S))
    for (const Decl *Decl : D->decls())
      if (const auto *V = dyn_cast<VarDecl>(Decl))
        if (Roles.rolesOfType(V->getType()).has(R))
          return true;
  for (const Stmt *Child : S.children())
    if (Child && mentionsRole(*Child, R, Roles))
      return true;
  return false;
}

void SequentialAwaitCheck::checkLoop(const Stmt &Loop, ASTContext &Ctx) {
  analysis::TripCount Count = analysis::tripCount(Loop, Ctx);
  if (!Count.isRuntimeSized())
    return;
  // First success, failover, fail-fast: the loop stops on a result.
  if (!analysis::loopExits(Loop).empty())
    return;
  const analysis::RoleLookup &Roles = roles(Ctx);
  analysis::LimiterTypes Limiters(
      Roles, utils::options::parseStringList(LimiterTypeNames));
  llvm::SmallVector<analysis::SuspensionPoint, 4> Points =
      analysis::suspensionPointsIn(Loop);
  if (Points.empty())
    return;
  auto Timers = analysis::armedTimers(Loop);
  for (const analysis::SuspensionPoint &SP : Points) {
    if (Limiters.acquiredBy(SP))
      return; // a permit per iteration: rate-limited on purpose
    if (const CallExpr *Call = analysis::awaitedCall(SP))
      if (analysis::isSleepCall(*Call, Roles, Ctx, &Timers))
        return; // ticks, backoff, rate limiting
  }
  // Under an async lock, or taking one: the awaits are serialised on
  // purpose.
  if (mentionsRole(Loop, analysis::Role::AsyncLock, Roles) ||
      analysis::liveScopedObjectWithRole(Loop, analysis::Role::AsyncLock, Ctx,
                                         Roles))
    return;

  llvm::SmallVector<const VarDecl *, 2> Induction =
      analysis::inductionVariables(Loop);
  for (const VarDecl *V : Induction)
    if (analysis::isAwaitableType(V->getType(), Ctx))
      return; // the range holds operations: awaiting each is joining them
  analysis::Modifications Mods = analysis::modificationsIn(Loop);
  const Stmt *Body = analysis::loopBody(Loop);

  for (const analysis::SuspensionPoint &SP : Points) {
    if (SP.K != analysis::SuspensionPoint::Await)
      continue;
    // Only this loop's own awaits; an inner loop is judged on its own.
    if (analysis::enclosingLoop(*SP.E, Ctx) != &Loop)
      continue;
    const CallExpr *Call = analysis::awaitedCall(SP);
    if (!Call || !isResultUsed(*SP.E, Ctx))
      continue;
    analysis::References Refs = analysis::referencesIn(*SP.operand());
    // The inputs: the element (or something declared in the iteration),
    // and nothing an earlier iteration changed.
    bool FromIteration = false, Carried = false;
    for (const VarDecl *V : Refs.Variables) {
      bool Declared = Body && Body->getSourceRange().fullyContains(
                                  V->getSourceRange());
      if (llvm::is_contained(Induction, V) || Declared) {
        FromIteration = true;
        continue;
      }
      if (Mods.modifies(V))
        Carried = true;
    }
    for (const FieldDecl *F : Refs.Fields)
      if (Mods.Fields.contains(F) || Mods.ThisState)
        Carried = true;
    if (Refs.This && Mods.ThisState)
      Carried = true;
    if (!FromIteration || Carried)
      continue;
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      continue;
    diag(SP.E->getBeginLoc(),
         "%0 is awaited once per element, one after another, though no "
         "iteration needs an earlier one's result; start them together "
         "with a gather (bounded by a semaphore or in batches)")
        << quotedName(Callee) << Call->getSourceRange();
    diag(Loop.getBeginLoc(), "the loop iterates over a runtime-sized range here",
         DiagnosticIDs::Note)
        << (Count.Range ? Count.Range->getSourceRange() : SourceRange());
    return; // one finding per loop
  }
}

} // namespace clang::tidy::corolint
