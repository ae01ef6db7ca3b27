//===----------------------------------------------------------------------===//
//
// corolint-unawaited-task
//
//===----------------------------------------------------------------------===//

#include "UnawaitedTaskCheck.h"

#include "analysis/CoroutineBodies.h"
#include "analysis/DiscardedValues.h"
#include "analysis/LocalUses.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::corolint {

using analysis::AwaitableKind;

UnawaitedTaskCheck::UnawaitedTaskCheck(StringRef Name,
                                       ClangTidyContext *Context)
    : CorolintCheck(Name, Context),
      FlagVoidCast(Options.get("FlagVoidCast", false)) {}

void UnawaitedTaskCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "FlagVoidCast", FlagVoidCast);
}

void UnawaitedTaskCheck::registerMatchers(MatchFinder *Finder) {
  CorolintCheck::registerMatchers(Finder);
  // A full-expression statement: its value is discarded.
  auto DiscardedValue = expr(hasParent(compoundStmt())).bind("discarded");
  Finder->addMatcher(DiscardedValue, this);

  // A local variable initialised from a call, inside a function body.
  auto LocalFromCall =
      varDecl(hasLocalStorage(), unless(parmVarDecl()),
              hasInitializer(anything()),
              hasAncestor(functionDecl(hasBody(stmt().bind("body")))))
          .bind("local");
  Finder->addMatcher(LocalFromCall, this);
}

/// The call that produces \p E's value, looking through temporaries and
/// implicit conversions; nullptr when the value does not come from a call.
static const CallExpr *producingCall(const Expr *E) {
  return dyn_cast_or_null<CallExpr>(analysis::ignoreWrappers(E));
}

static const FunctionDecl *calleeOf(const CallExpr &Call) {
  return Call.getDirectCallee();
}

static StringRef kindWord(AwaitableKind Kind) {
  return Kind == AwaitableKind::Task ? "task" : "awaitable";
}

void UnawaitedTaskCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  if (const auto *E = Result.Nodes.getNodeAs<Expr>("discarded")) {
    analysis::DiscardedValue Discarded = analysis::discardedValue(*E);
    checkDiscarded(*Discarded.Value, Discarded.CastToVoid, Ctx);
    return;
  }
  if (const auto *Var = Result.Nodes.getNodeAs<VarDecl>("local"))
    checkLocal(*Var, *Result.Nodes.getNodeAs<Stmt>("body"), Ctx);
}

/// Calls whose results another check owns: a spawn handle that is dropped is
/// a fire-and-forget finding, not an unawaited task.
static bool ownedByAnotherCheck(const FunctionDecl *Callee,
                                const analysis::RoleLookup &Roles) {
  return Callee && Roles.has(Callee, analysis::Role::Spawn);
}

void UnawaitedTaskCheck::checkDiscarded(const Expr &E, bool CastToVoid,
                                        ASTContext &Ctx) {
  if (CastToVoid && !FlagVoidCast)
    return;
  const CallExpr *Call = producingCall(&E);
  if (!Call || Call->getType()->isDependentType())
    return;
  AwaitableKind Kind = analysis::awaitableKind(Call->getType(), Ctx);
  if (Kind == AwaitableKind::None)
    return;
  const FunctionDecl *Callee = calleeOf(*Call);
  if (ownedByAnotherCheck(Callee, roles(Ctx)))
    return;

  const FunctionDecl *Function = analysis::enclosingFunction(E, Ctx);
  bool InCoroutine = analysis::isCoroutine(Function);
  SourceLocation Loc = Call->getBeginLoc();
  auto Diag =
      Callee ? diag(Loc, "%0 returned by %1 is discarded without being "
                         "awaited")
                   << kindWord(Kind) << Callee
             : diag(Loc, "%0 is discarded without being awaited")
                   << kindWord(Kind);
  Diag << Call->getSourceRange();
  // The fix: await it. Only where `co_await` is legal (directly in a
  // coroutine) and only on code the user wrote (not in a macro expansion).
  if (InCoroutine && !CastToVoid && !E.getBeginLoc().isMacroID())
    Diag << FixItHint::CreateInsertion(E.getBeginLoc(), "co_await ");
}

void UnawaitedTaskCheck::checkLocal(const VarDecl &Var, const Stmt &Body,
                                    ASTContext &Ctx) {
  if (Var.getType()->isReferenceType() || Var.getType()->isDependentType() ||
      Var.isStaticLocal())
    return;
  const CallExpr *Call = producingCall(Var.getInit());
  if (!Call)
    return;
  AwaitableKind Kind = analysis::awaitableKind(Var.getType(), Ctx);
  if (Kind == AwaitableKind::None)
    return;
  // The variable must belong to the innermost function whose body we scan
  // (hasAncestor matches every enclosing function; take the nearest).
  if (analysis::declaringBody(Var, Ctx) != &Body)
    return;
  if (ownedByAnotherCheck(calleeOf(*Call), roles(Ctx)))
    return;
  if (analysis::isLocalConsumed(Var, Body, Ctx))
    return;
  diag(Var.getLocation(),
       "%0 %1 is never awaited, returned or passed on")
      << kindWord(Kind) << &Var;
  diag(Call->getBeginLoc(), "%0 created here", DiagnosticIDs::Note)
      << kindWord(Kind) << Call->getSourceRange();
}

} // namespace clang::tidy::corolint
