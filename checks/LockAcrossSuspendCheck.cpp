//===----------------------------------------------------------------------===//
//
// corolint-lock-across-suspend
//
//===----------------------------------------------------------------------===//

#include "LockAcrossSuspendCheck.h"

#include "analysis/CoroutineBodies.h"
#include "analysis/ScopedObjects.h"
#include "analysis/SuspensionPoints.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

#include <clang-tidy/utils/OptionsUtils.h>

using namespace clang::ast_matchers;

namespace clang::tidy::corolint {

static void parseNames(StringRef Option, llvm::StringSet<> &Into) {
  for (StringRef Entry : utils::options::parseStringList(Option)) {
    Entry = Entry.trim();
    Entry.consume_front("::");
    if (!Entry.empty())
      Into.insert(Entry);
  }
}

LockAcrossSuspendCheck::LockAcrossSuspendCheck(StringRef Name,
                                               ClangTidyContext *Context)
    : CorolintCheck(Name, Context),
      LockTypesOption(Options.get("LockTypes", "").str()),
      AllowedAwaitablesOption(Options.get("AllowedAwaitablesList", "").str()),
      AllowedCalleesOption(Options.get("AllowedCallees", "").str()) {
  parseNames(LockTypesOption, LockOptions.ExtraLockTypes);
  parseNames(AllowedAwaitablesOption, AllowedAwaitables);
  parseNames(AllowedCalleesOption, AllowedCallees);
}

void LockAcrossSuspendCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "LockTypes", LockTypesOption);
  Options.store(Opts, "AllowedAwaitablesList", AllowedAwaitablesOption);
  Options.store(Opts, "AllowedCallees", AllowedCalleesOption);
}

void LockAcrossSuspendCheck::registerMatchers(MatchFinder *Finder) {
  CorolintCheck::registerMatchers(Finder);
  // Coroutines come from the shared analysis (one match per TU); template
  // patterns that nothing instantiates are matched on their own.
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
  Finder->addMatcher(
      functionDecl(isDefinition(), hasBody(coroutineBodyStmt())).bind("pattern"),
      this);
}

bool LockAcrossSuspendCheck::isAllowed(
    const analysis::SuspensionPoint &SP) const {
  if (SP.K == analysis::SuspensionPoint::Yield)
    return false;
  const Expr *Operand = SP.operand();
  if (!Operand)
    return false;
  if (!AllowedAwaitables.empty())
    if (const CXXRecordDecl *RD = Operand->getType()
                                      .getNonReferenceType()
                                      .getCanonicalType()
                                      ->getAsCXXRecordDecl();
        RD && AllowedAwaitables.contains(analysis::roleQualifiedName(RD)))
      return true;
  if (!AllowedCallees.empty())
    if (const auto *Call =
            dyn_cast<CallExpr>(Operand->IgnoreImplicit()->IgnoreParens()))
      if (const FunctionDecl *FD = Call->getDirectCallee();
          FD && AllowedCallees.contains(analysis::roleQualifiedName(FD)))
        return true;
  return false;
}

/// "lock 'guard'" or "mutex 'mtx'".
static std::string lockLabel(const analysis::TrackedLock &L) {
  return (L.K == analysis::TrackedLock::Guard ? "lock '" : "mutex '") + L.Name +
         "'";
}

static const char *const Message =
    "%0 suspends %1 with %2 held: another coroutine on this thread that "
    "takes the mutex deadlocks, and unlocking it after resuming on another "
    "thread is undefined behaviour; release it before suspending or use an "
    "asynchronous lock";

static StringRef keyword(const analysis::SuspensionPoint &SP) {
  return SP.K == analysis::SuspensionPoint::Yield ? "'co_yield'" : "'co_await'";
}

void LockAcrossSuspendCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  if (const auto *Pattern = Result.Nodes.getNodeAs<FunctionDecl>("pattern")) {
    checkPattern(*Pattern, Ctx);
    return;
  }
  analysis::TranslationUnitAnalysis &TU = analysis(Ctx);
  for (const FunctionDecl *Coroutine : TU.coroutines()) {
    const analysis::CoroutineCFG &CFG = TU.coroutineCFG(*Coroutine);
    analysis::HeldLocks Facts(CFG, TU.roles(), LockOptions);
    for (const analysis::LockedSuspension &LS : Facts.lockedSuspensions()) {
      const analysis::SuspensionPoint &SP = *LS.Suspension;
      if (isAllowed(SP))
        continue;
      const analysis::TrackedLock &First = Facts.locks()[LS.Held.front()];
      diag(SP.E->getBeginLoc(), Message)
          << keyword(SP) << coroutineLabel(*Coroutine) << lockLabel(First)
          << SP.E->getSourceRange();
      for (unsigned I : LS.Held) {
        const analysis::TrackedLock &L = Facts.locks()[I];
        diag(L.Loc, L.K == analysis::TrackedLock::Guard
                        ? "%0 acquired here"
                        : "%0 locked here and not unlocked before the "
                          "suspension",
             DiagnosticIDs::Note)
            << lockLabel(L);
      }
    }
  }
}

//===----------------------------------------------------------------------===//
// Template patterns nothing instantiates: a lexical approximation
//===----------------------------------------------------------------------===//

/// True when some template around \p FD (its own, its class's, or those of
/// the functions and classes it is nested in) has a specialization: then
/// the instantiations are analysed, on their CFG.
static bool hasInstantiations(const FunctionDecl &FD) {
  for (const DeclContext *DC = &FD; DC; DC = DC->getParent()) {
    if (const auto *F = dyn_cast<FunctionDecl>(DC))
      if (const FunctionTemplateDecl *T = F->getDescribedFunctionTemplate();
          T && !T->specializations().empty())
        return true;
    if (const auto *R = dyn_cast<CXXRecordDecl>(DC))
      if (const ClassTemplateDecl *T = R->getDescribedClassTemplate();
          T && !T->specializations().empty())
        return true;
  }
  return false;
}

/// A guard declared with a dependent type in a template pattern: a
/// specialization of a `thread_lock` class template, constructed with
/// arguments, none of them `defer_lock`.
static bool isLockingDependentGuard(const VarDecl &V,
                                    const analysis::RoleLookup &Roles) {
  const auto *TST = V.getType()->getAs<TemplateSpecializationType>();
  if (!TST)
    return false;
  const TemplateDecl *TD = TST->getTemplateName().getAsTemplateDecl();
  if (!TD || !TD->getTemplatedDecl() ||
      !Roles.has(TD->getTemplatedDecl(), analysis::Role::ThreadLock))
    return false;
  const Expr *Init = V.getInit();
  if (!Init)
    return false;
  bool HasArgs = false, Deferred = false;
  auto Visit = [&](const Expr *Arg) {
    HasArgs = true;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts()))
      Deferred |= Ref->getDecl()->getName() == "defer_lock";
  };
  if (const auto *PL = dyn_cast<ParenListExpr>(Init))
    for (const Expr *Arg : const_cast<ParenListExpr *>(PL)->exprs())
      Visit(Arg);
  else if (const auto *U = dyn_cast<CXXUnresolvedConstructExpr>(Init))
    for (const Expr *Arg : U->arguments())
      Visit(Arg);
  else if (const auto *CE = dyn_cast<CXXConstructExpr>(Init))
    for (const Expr *Arg : CE->arguments())
      Visit(Arg);
  else if (const auto *IL = dyn_cast<InitListExpr>(Init))
    for (const Expr *Arg : IL->inits())
      Visit(Arg);
  return HasArgs && !Deferred;
}

namespace {
/// Whether the body does anything to a guard that may let its lock go: a
/// member call (`unlock()`, `release()`, ...) or passing it anywhere.
class GuardTouched : public RecursiveASTVisitor<GuardTouched> {
public:
  explicit GuardTouched(const VarDecl &V) : V(V) {}
  bool Touched = false;
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (Ref->getDecl() == &V)
      Touched = true;
    return !Touched;
  }

private:
  const VarDecl &V;
};
} // namespace

void LockAcrossSuspendCheck::checkPattern(const FunctionDecl &Pattern,
                                          ASTContext &Ctx) {
  if (!Pattern.isDependentContext() || hasInstantiations(Pattern))
    return;
  const Stmt *Body = analysis::userBodyOf(&Pattern);
  if (!Body || Ctx.getSourceManager().isInSystemHeader(Pattern.getLocation()))
    return;
  const analysis::RoleLookup &Roles = roles(Ctx);
  for (const analysis::SuspensionPoint &SP :
       analysis::findSuspensionPoints(*Body)) {
    if (isAllowed(SP))
      continue;
    // Flow-insensitive: a guard alive here and never named again after its
    // declaration (no unlock, release or move can have let it go).
    const VarDecl *Guard = analysis::liveScopedObject(
        *SP.E, Ctx, [&](const VarDecl &V) {
          if (!isLockingDependentGuard(V, Roles) &&
              !analysis::isThreadLockType(V.getType(), Roles,
                                          LockOptions.ExtraLockTypes))
            return false;
          GuardTouched Uses(V);
          Uses.TraverseStmt(const_cast<Stmt *>(Body));
          return !Uses.Touched;
        });
    if (!Guard)
      continue;
    diag(SP.E->getBeginLoc(), Message)
        << keyword(SP) << coroutineLabel(Pattern)
        << ("lock '" + Guard->getNameAsString() + "'") << SP.E->getSourceRange();
    diag(Guard->getLocation(), "%0 acquired here", DiagnosticIDs::Note)
        << ("lock '" + Guard->getNameAsString() + "'");
  }
}

} // namespace clang::tidy::corolint
