//===----------------------------------------------------------------------===//
//
// corolint-fire-and-forget
//
//===----------------------------------------------------------------------===//

#include "FireAndForgetCheck.h"

#include "analysis/CoroutineBodies.h"
#include "analysis/DiscardedValues.h"
#include "analysis/DroppedExceptions.h"
#include "analysis/ExceptionSinks.h"
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
  // Statements whose values are discarded.
  analysis::addDiscardingStatementMatchers(*Finder, this, "holder");

  auto InUserCode = unless(isExpansionInSystemHeader());
  // A local variable initialised with a value (a spawn handle, maybe).
  // (Not the implicit copies of a coroutine's parameters.)
  auto Local = varDecl(hasLocalStorage(), unless(parmVarDecl()),
                       unless(isImplicit()),
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
    for (const analysis::DiscardedValue &Discarded :
         analysis::discardedValues(*Holder, Ctx))
      checkDiscarded(Discarded, Ctx);
    return;
  }
  if (const auto *Var = Result.Nodes.getNodeAs<VarDecl>("local")) {
    checkLocal(*Var, Ctx);
    return;
  }
  if (const auto *Call = Result.Nodes.getNodeAs<CXXMemberCallExpr>("detach"))
    checkDetach(*Call);
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

void FireAndForgetCheck::checkDiscarded(const analysis::DiscardedValue &D,
                                        ASTContext &Ctx) {
  auto Calls = analysis::producingCalls(D.Value);
  if (Calls.size() != 1 || !Calls.front()->getDirectCallee())
    return;
  const CallExpr *Call = Calls.front();
  const FunctionDecl *Callee = Call->getDirectCallee();
  const analysis::RoleLookup &Roles = roles(Ctx);
  // Detached work loses its exception whatever happens to the call's
  // result: `(void)group.start(f())` silences [[nodiscard]], not the loss.
  if (checkDetachedSpawn(*Call, Ctx) || checkDiscardedEagerTask(*Call, Ctx))
    return;
  if (D.CastToVoid && !FlagVoidCast)
    return;
  // A spawn that returns nothing has no handle to keep: nothing is dropped.
  if (Roles.has(Callee, analysis::Role::Spawn) &&
      !Call->getType()->isVoidType()) {
    diag(Call->getBeginLoc(),
         "result of %0 is discarded; the task's exceptions are lost and "
         "nothing waits for it; keep the handle and await it, or spawn into "
         "a task group")
        << quotedName(Callee) << Call->getSourceRange();
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

bool FireAndForgetCheck::checkDetachedSpawn(const CallExpr &Call,
                                            ASTContext &Ctx) {
  const analysis::RoleLookup &Roles = roles(Ctx);
  const FunctionDecl *Callee = Call.getDirectCallee();
  // `start_detached(work)`, or `co_spawn(ex, work, detached)`: a spawn
  // given a completion token whose class drops the outcome.
  const Expr *Token = nullptr;
  if (!Roles.has(Callee, analysis::Role::Detached)) {
    if (!Roles.has(Callee, analysis::Role::Spawn))
      return false;
    for (const Expr *Arg : Call.arguments())
      if (Roles.rolesOfType(Arg->getType()).has(analysis::Role::Detached))
        Token = Arg;
    if (!Token)
      return false;
  }
  const FunctionDecl *Coroutine = analysis::startedCoroutine(Call, Token);
  // Only a coroutine whose body we can read and that can throw loses
  // something; one that catches its own exceptions is detached on purpose.
  const Stmt *Throws =
      Coroutine ? analysis::firstLostErrorPoint(*Coroutine, roles(Ctx)) : nullptr;
  if (!Throws)
    return true;
  bool IsLambda = isLambdaOperator(*Coroutine);
  if (Token)
    diag(Call.getBeginLoc(),
         "%0 with a detached completion drops the exceptions of %select{%2|the "
         "coroutine lambda}1: an error ends it silently; catch them inside "
         "it, or complete with a handler that receives the "
         "std::exception_ptr")
        << quotedName(Callee) << IsLambda << quotedName(Coroutine)
        << Call.getSourceRange();
  else
    diag(Call.getBeginLoc(),
         "%0 drops the exceptions of %select{%2|the coroutine lambda}1: an "
         "error ends it silently; catch them inside it, or keep the work "
         "in a scope that receives them")
        << quotedName(Callee) << IsLambda << quotedName(Coroutine)
        << Call.getSourceRange();
  noteExceptionLeaves(*Throws, *Coroutine);
  return true;
}

bool FireAndForgetCheck::checkDiscardedEagerTask(const CallExpr &Call,
                                                 ASTContext &Ctx) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  const FunctionDecl *Coroutine = Callee->getDefinition();
  if (!Coroutine || !analysis::isCoroutine(Coroutine) ||
      analysis::taskStart(Call.getType(), Ctx) != analysis::TaskStart::Eager)
    return false;
  // Only a result that keeps the exception loses it with the result. A
  // promise that drops it is lost-exception's; one that terminates or
  // rethrows (cppcoro's oneway_task) loses nothing.
  const FunctionDecl *Unhandled =
      analysis::promiseUnhandledException(*Coroutine);
  if (!Unhandled || analysis::unhandledExceptionFate(*Unhandled) !=
                        analysis::ExceptionFate::Kept)
    return true;
  // Only a coroutine that can throw loses something, as for detached work.
  const Stmt *Throws = analysis::firstLostErrorPoint(*Coroutine, roles(Ctx));
  if (!Throws)
    return true;
  bool IsLambda = isLambdaOperator(*Coroutine);
  diag(Call.getBeginLoc(),
       "result of %select{%1|the coroutine lambda}0 is discarded, but it "
       "started when called and runs on: nothing receives its exceptions, "
       "so an error ends it silently; await the result, or keep it and "
       "await it later")
      << IsLambda << quotedName(Coroutine) << Call.getSourceRange();
  noteExceptionLeaves(*Throws, *Coroutine);
  return true;
}

void FireAndForgetCheck::checkLocal(const VarDecl &Var, ASTContext &Ctx) {
  if (Var.getType()->isReferenceType() || Var.getType()->isDependentType() ||
      Var.isStaticLocal())
    return;
  const analysis::RoleLookup &Roles = roles(Ctx);
  llvm::SmallVector<const CallExpr *, 2> Spawns;
  for (const CallExpr *Call : analysis::producingCalls(Var.getInit()))
    if (Roles.has(Call->getDirectCallee(), analysis::Role::Spawn))
      Spawns.push_back(Call);
  if (Spawns.empty())
    return;
  const Stmt *Body = analysis::declaringBody(Var, Ctx);
  if (!Body || analysis::isLocalConsumed(Var, *Body, Ctx))
    return;
  diag(Var.getLocation(),
       "spawn handle %0 is never awaited, joined, cancelled or passed on; the "
       "task's exceptions are lost and nothing waits for it; await it, or "
       "spawn into a task group")
      << &Var;
  for (const CallExpr *Call : Spawns)
    diag(Call->getBeginLoc(), "task spawned here by %0", DiagnosticIDs::Note)
        << quotedName(Call->getDirectCallee())
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
