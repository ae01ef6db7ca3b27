//===----------------------------------------------------------------------===//
//
// corolint-fire-and-forget
//
//===----------------------------------------------------------------------===//

#include "FireAndForgetCheck.h"

#include "analysis/CoroutineBodies.h"
#include "analysis/DiscardedValues.h"
#include "analysis/LocalUses.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::corolint {

FireAndForgetCheck::FireAndForgetCheck(StringRef Name,
                                       ClangTidyContext *Context)
    : CorolintCheck(Name, Context),
      FlagVoidCast(Options.get("FlagVoidCast", false)) {}

void FireAndForgetCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "FlagVoidCast", FlagVoidCast);
}

void FireAndForgetCheck::registerMatchers(MatchFinder *Finder) {
  CorolintCheck::registerMatchers(Finder);
  // Statements that hold expression statements: their values are discarded.
  // Statement expressions are matched to exclude their blocks' last
  // statement. One matcher per node kind, so each only sees its own kind.
  auto InUserCode = unless(isExpansionInSystemHeader());
  Finder->addMatcher(stmtExpr(InUserCode).bind("holder"), this);
  Finder->addMatcher(compoundStmt(InUserCode).bind("holder"), this);
  Finder->addMatcher(ifStmt(InUserCode).bind("holder"), this);
  Finder->addMatcher(whileStmt(InUserCode).bind("holder"), this);
  Finder->addMatcher(doStmt(InUserCode).bind("holder"), this);
  Finder->addMatcher(forStmt(InUserCode).bind("holder"), this);
  Finder->addMatcher(cxxForRangeStmt(InUserCode).bind("holder"), this);
  Finder->addMatcher(switchCase(InUserCode).bind("holder"), this);
  Finder->addMatcher(labelStmt(InUserCode).bind("holder"), this);

  // A local variable initialised with a value (a spawn handle, maybe).
  auto Local = varDecl(hasLocalStorage(), unless(parmVarDecl()),
                       hasInitializer(anything()), InUserCode)
                   .bind("local");
  Finder->addMatcher(Local, this);

  // std::thread::detach() and std::jthread::detach(), anywhere.
  auto Detach =
      cxxMemberCallExpr(callee(cxxMethodDecl(
                            hasName("detach"),
                            ofClass(hasAnyName("::std::thread",
                                               "::std::jthread")))),
                        InUserCode)
          .bind("detach");
  Finder->addMatcher(Detach, this);
}

void FireAndForgetCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  if (const auto *Holder = Result.Nodes.getNodeAs<Stmt>("holder")) {
    // A statement expression's last statement is its value, not discarded.
    // (The statement expression is matched before its block.)
    if (const auto *SE = dyn_cast<StmtExpr>(Holder)) {
      StatementExpressionBlocks.insert(SE->getSubStmt());
      return;
    }
    auto Statements = analysis::expressionStatements(*Holder);
    if (StatementExpressionBlocks.contains(Holder) && !Statements.empty() &&
        Statements.back() == cast<CompoundStmt>(Holder)->body_back())
      Statements.pop_back();
    for (const Expr *E : Statements)
      checkDiscarded(*E, Ctx);
    return;
  }
  if (const auto *Var = Result.Nodes.getNodeAs<VarDecl>("local")) {
    checkLocal(*Var, Ctx);
    return;
  }
  if (const auto *Call = Result.Nodes.getNodeAs<CXXMemberCallExpr>("detach"))
    checkDetach(*Call);
}

/// The call that produces \p E's value, through temporaries and implicit
/// conversions; nullptr when the value does not come from a direct call.
static const CallExpr *producingCall(const Expr *E) {
  const auto *Call = dyn_cast_or_null<CallExpr>(analysis::ignoreWrappers(E));
  if (!Call || Call->isTypeDependent() || !Call->getDirectCallee())
    return nullptr;
  return Call;
}

/// True when the launch policy argument of a `std::async` call is exactly
/// `std::launch::deferred`: the task runs only when the future is waited on.
static bool isDeferredOnly(const CallExpr &Async) {
  if (Async.getNumArgs() < 2)
    return false;
  const auto *Ref =
      dyn_cast<DeclRefExpr>(Async.getArg(0)->IgnoreParenImpCasts());
  const auto *Enumerator =
      Ref ? dyn_cast<EnumConstantDecl>(Ref->getDecl()) : nullptr;
  return Enumerator && Enumerator->getName() == "deferred";
}

void FireAndForgetCheck::checkDiscarded(const Expr &E, ASTContext &Ctx) {
  auto [Inner, CastToVoid] = analysis::discardedValue(E);
  const CallExpr *Call = producingCall(Inner);
  if (!Call || (CastToVoid && !FlagVoidCast))
    return;
  const FunctionDecl *Callee = Call->getDirectCallee();
  const analysis::RoleLookup &Roles = roles(Ctx);
  if (Roles.has(Callee, analysis::Role::Spawn)) {
    diag(Call->getBeginLoc(),
         "result of '%0' is discarded; the task's exceptions are lost and "
         "nothing waits for it; keep the handle and await it, or spawn into "
         "a task group")
        << analysis::roleQualifiedName(Callee) << Call->getSourceRange();
    return;
  }
  if (Callee->getIdentifier() && Callee->getName() == "async" &&
      analysis::roleQualifiedName(Callee) == "std::async" &&
      !Call->getType()->isVoidType()) {
    if (isDeferredOnly(*Call))
      diag(Call->getBeginLoc(),
           "future returned by 'std::async' is discarded; with "
           "'std::launch::deferred' the task never runs")
          << Call->getSourceRange();
    else
      diag(Call->getBeginLoc(),
           "future returned by 'std::async' is discarded; its destructor "
           "blocks until the task completes, so the work runs synchronously")
          << Call->getSourceRange();
  }
}

void FireAndForgetCheck::checkLocal(const VarDecl &Var, ASTContext &Ctx) {
  if (Var.getType()->isReferenceType() || Var.getType()->isDependentType() ||
      Var.isStaticLocal())
    return;
  const CallExpr *Call = producingCall(Var.getInit());
  if (!Call || !roles(Ctx)
                    .has(Call->getDirectCallee(), analysis::Role::Spawn))
    return;
  const Stmt *Body = analysis::declaringBody(Var, Ctx);
  if (!Body || analysis::isLocalConsumed(Var, *Body, Ctx))
    return;
  diag(Var.getLocation(),
       "spawn handle %0 is never awaited, joined, cancelled or passed on; the "
       "task's exceptions are lost and nothing waits for it; await it, or "
       "spawn into a task group")
      << &Var;
  diag(Call->getBeginLoc(), "task spawned here by '%0'", DiagnosticIDs::Note)
      << analysis::roleQualifiedName(Call->getDirectCallee())
      << Call->getSourceRange();
}

void FireAndForgetCheck::checkDetach(const CXXMemberCallExpr &Call) {
  const CXXRecordDecl *Thread = Call.getRecordDecl();
  bool IsJThread = Thread && Thread->getName() == "jthread";
  diag(Call.getExprLoc(),
       "'detach' leaves the thread untracked; its exceptions terminate the "
       "program and nothing joins it; %select{join it, or use "
       "std::jthread|join it, or let the std::jthread join it when it is "
       "destroyed}0")
      << IsJThread << Call.getSourceRange();
}

} // namespace clang::tidy::corolint
