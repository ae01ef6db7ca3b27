//===----------------------------------------------------------------------===//
//
// corolint-lost-exception
//
//===----------------------------------------------------------------------===//

#include "LostExceptionCheck.h"

#include "analysis/CoroutineBodies.h"
#include "analysis/DroppedExceptions.h"
#include "analysis/ExceptionSinks.h"
#include "analysis/LocalUses.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::corolint {

void LostExceptionCheck::registerMatchers(MatchFinder *Finder) {
  CorolintCheck::registerMatchers(Finder);
  auto InUserCode = unless(isExpansionInSystemHeader());
  // The promise protocol's hook: its name is the protocol's.
  Finder->addMatcher(cxxMethodDecl(hasName("unhandled_exception"),
                                   parameterCountIs(0), isDefinition(),
                                   InUserCode)
                         .bind("unhandled"),
                     this);
  // The TU's coroutines, whose promise type may drop their exceptions,
  // come from the shared analysis: one match per TU.
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
  // Calls of spawn functions (the role is asked in check()).
  Finder->addMatcher(callExpr(callee(functionDecl()), InUserCode).bind("call"),
                     this);
  // Locals initialised with a value: a spawn handle, maybe.
  Finder->addMatcher(varDecl(hasLocalStorage(), unless(parmVarDecl()),
                             unless(isImplicit()), hasInitializer(anything()),
                             InUserCode)
                         .bind("local"),
                     this);
}

void LostExceptionCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  if (const auto *Method = Result.Nodes.getNodeAs<CXXMethodDecl>("unhandled"))
    checkUnhandledException(*Method);
  else if (Result.Nodes.getNodeAs<TranslationUnitDecl>("tu"))
    for (const FunctionDecl *Coroutine : analysis(Ctx).coroutines())
      checkDroppingCoroutine(*Coroutine, Ctx);
  else if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call"))
    checkSpawnHandler(*Call, Ctx);
  else if (const auto *Var = Result.Nodes.getNodeAs<VarDecl>("local"))
    checkCancelledHandle(*Var, Ctx);
}

void LostExceptionCheck::checkUnhandledException(const CXXMethodDecl &Method) {
  // A member of a class template is judged once, on the template.
  if (Method.getTemplateSpecializationKind() == TSK_ImplicitInstantiation)
    return;
  if (analysis::unhandledExceptionFate(Method) != analysis::ExceptionFate::Lost)
    return;
  if (!Reported.insert(Method.getLocation().getRawEncoding()).second)
    return;
  diag(Method.getLocation(),
       "'unhandled_exception' of %0 neither stores nor rethrows the "
       "exception: an exception that leaves a coroutine's body is lost and "
       "its awaiter sees a normal completion; store std::current_exception() "
       "and rethrow it when the result is taken, or call std::terminate()")
      << quotedName(Method.getParent());
}

void LostExceptionCheck::checkDroppingCoroutine(const FunctionDecl &Coroutine,
                                                ASTContext &Ctx) {
  // A promise type in the main file is reported once, at its
  // unhandled_exception (checkUnhandledException); one from a header is a
  // library's task type, which its users meet only in their coroutines.
  const FunctionDecl *Unhandled =
      analysis::promiseUnhandledException(Coroutine);
  const SourceManager &SM = Ctx.getSourceManager();
  if (!Unhandled ||
      SM.isInMainFile(SM.getExpansionLoc(Unhandled->getLocation())) ||
      analysis::unhandledExceptionFate(*Unhandled) !=
          analysis::ExceptionFate::Lost)
    return;
  const Stmt *Throws = analysis::firstLostErrorPoint(Coroutine, roles(Ctx));
  if (!Throws || !Reported.insert(Coroutine.getLocation().getRawEncoding())
                      .second)
    return;
  bool IsLambda = isLambdaOperator(Coroutine);
  diag(Coroutine.getLocation(),
       "%select{coroutine %1|the coroutine lambda}0 returns %2, whose promise "
       "type drops every exception: an error ends it silently and nothing "
       "can receive it; catch its exceptions inside it, or return a task "
       "type that delivers them")
      << IsLambda << quotedName(&Coroutine)
      << Coroutine.getReturnType().getUnqualifiedType();
  diag(Unhandled->getLocation(),
       "'unhandled_exception' of %0 neither stores nor rethrows the "
       "exception",
       DiagnosticIDs::Note)
      << quotedName(cast<CXXMethodDecl>(Unhandled)->getParent());
  noteExceptionLeaves(*Throws, Coroutine);
}

/// True when a parameter of type \p T receives an outcome that may be an
/// exception: a `std::exception_ptr`, or a class with the `outcome` role
/// (`Try<T>`).
static bool receivesOutcome(QualType T, const analysis::RoleLookup &Roles) {
  return analysis::isExceptionPtrType(T) ||
         Roles.rolesOfType(T).has(analysis::Role::Outcome);
}

/// The function a completion-handler argument runs, and the parameter it
/// receives the outcome in (the first: a std::exception_ptr or an
/// `outcome`). For a generic lambda, its instantiation.
static std::pair<const FunctionDecl *, const ParmVarDecl *>
exceptionHandlerOf(const Expr *Arg, const analysis::RoleLookup &Roles) {
  Arg = analysis::ignoreWrappers(Arg);
  const FunctionDecl *Handler = nullptr;
  if (const auto *Lambda = dyn_cast<LambdaExpr>(Arg)) {
    Handler = Lambda->getCallOperator();
    if (const FunctionTemplateDecl *Generic =
            Lambda->getDependentCallOperator())
      for (const FunctionDecl *Instance : Generic->specializations())
        if (Instance->getNumParams() > 0 &&
            receivesOutcome(Instance->getParamDecl(0)->getType(), Roles))
          Handler = Instance;
  } else if (const auto *Ref = dyn_cast<DeclRefExpr>(Arg)) {
    Handler = dyn_cast<FunctionDecl>(Ref->getDecl());
  }
  if (!Handler || Handler->getNumParams() == 0 ||
      !receivesOutcome(Handler->getParamDecl(0)->getType(), Roles))
    return {nullptr, nullptr};
  if (const FunctionDecl *Definition = Handler->getDefinition())
    Handler = Definition;
  return {Handler, Handler->getParamDecl(0)};
}

void LostExceptionCheck::checkSpawnHandler(const CallExpr &Call,
                                           ASTContext &Ctx) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!roles(Ctx).has(Callee, analysis::Role::Spawn))
    return;
  const FunctionDecl *Handler = nullptr;
  const ParmVarDecl *Param = nullptr;
  const Expr *HandlerArg = nullptr;
  for (const Expr *Arg : Call.arguments())
    if (auto [H, P] = exceptionHandlerOf(Arg, roles(Ctx)); H) {
      Handler = H;
      Param = P;
      HandlerArg = Arg;
    }
  if (!Handler || !Handler->getBody() ||
      !analysis::isExceptionPtrIgnored(*Param, *Handler, Ctx))
    return;
  const FunctionDecl *Coroutine = analysis::startedCoroutine(Call, HandlerArg);
  // Only a coroutine whose body we can read and that can throw loses
  // something (as fire-and-forget decides for detached work).
  const Stmt *Throws =
      Coroutine ? analysis::firstLostErrorPoint(*Coroutine, roles(Ctx)) : nullptr;
  if (!Throws)
    return;
  if (!Reported.insert(HandlerArg->getBeginLoc().getRawEncoding()).second)
    return;
  bool IsLambda = isLambdaOperator(*Coroutine);
  QualType Received = Param->getType().getNonReferenceType().getUnqualifiedType();
  bool IsExceptionPtr = analysis::isExceptionPtrType(Received);
  diag(HandlerArg->getBeginLoc(),
       "completion handler of %0 ignores the %select{std::exception_ptr|%4}3 "
       "it receives: an exception of %select{%2|the coroutine lambda}1 is "
       "lost; %select{rethrow it with std::rethrow_exception|read the "
       "exception it may hold}3 or record it")
      << quotedName(Callee) << IsLambda << quotedName(Coroutine)
      << !IsExceptionPtr << Received << HandlerArg->getSourceRange();
  diag(Param->getLocation(), "the exception arrives here",
       DiagnosticIDs::Note);
  noteExceptionLeaves(*Throws, *Coroutine);
}

void LostExceptionCheck::checkCancelledHandle(const VarDecl &Var,
                                              ASTContext &Ctx) {
  if (Var.getType()->isReferenceType() || Var.getType()->isDependentType() ||
      Var.isStaticLocal())
    return;
  const CallExpr *Spawn = nullptr;
  for (const CallExpr *Call : analysis::producingCalls(Var.getInit()))
    if (roles(Ctx).has(Call->getDirectCallee(), analysis::Role::Spawn) &&
        !Call->getType()->isVoidType())
      Spawn = Call;
  if (!Spawn)
    return;
  const Stmt *Body = analysis::declaringBody(Var, Ctx);
  const Stmt *Cancel = Body ? analysis::onlyCancelled(Var, *Body, Ctx) : nullptr;
  if (!Cancel)
    return;
  const FunctionDecl *Coroutine = analysis::startedCoroutine(*Spawn);
  const Stmt *Throws =
      Coroutine ? analysis::firstLostErrorPoint(*Coroutine, roles(Ctx)) : nullptr;
  if (!Throws)
    return;
  if (!Reported.insert(Var.getLocation().getRawEncoding()).second)
    return;
  diag(Var.getLocation(),
       "spawn handle %0 is only cancelled, never awaited or joined: an "
       "exception the task ended with before the cancellation is lost; await "
       "it after cancel() and catch the cancellation")
      << &Var;
  diag(Cancel->getBeginLoc(), "cancelled here", DiagnosticIDs::Note);
  noteExceptionLeaves(*Throws, *Coroutine);
}

} // namespace clang::tidy::corolint
