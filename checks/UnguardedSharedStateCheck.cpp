//===----------------------------------------------------------------------===//
//
// corolint-unguarded-shared-state
//
//===----------------------------------------------------------------------===//

#include "UnguardedSharedStateCheck.h"

#include "analysis/ScopedObjects.h"
#include "analysis/StateOwnership.h"
#include "analysis/UnguardedSpans.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::corolint {

void UnguardedSharedStateCheck::registerMatchers(MatchFinder *Finder) {
  CorolintCheck::registerMatchers(Finder);
  // The coroutines of the TU come from the shared analysis (functions,
  // lambdas, instantiations; no system headers): one match per TU.
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void UnguardedSharedStateCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  for (const FunctionDecl *Coroutine : analysis(Ctx).coroutines())
    checkCoroutine(*Coroutine, Ctx);
}

void UnguardedSharedStateCheck::checkCoroutine(const FunctionDecl &FD,
                                               ASTContext &Ctx) {
  analysis::TranslationUnitAnalysis &TU = analysis(Ctx);
  const analysis::RoleLookup &Roles = TU.roles();
  auto IsAsyncLockGuard = [&Roles](const VarDecl &Var) {
    return analysis::isScopedObjectWithRole(Var, analysis::Role::AsyncLock,
                                            Roles);
  };
  auto GraphOf = [&TU](const FunctionDecl &F) -> const analysis::CoroutineCFG & {
    return TU.coroutineCFG(F);
  };

  for (const analysis::UnguardedSpan &Span :
       analysis::findUnguardedSpans(FD, Ctx, IsAsyncLockGuard,
                                    /*Stats=*/nullptr, GraphOf)) {
    // Only this activation can change what it checked: one writer coroutine
    // per object draining a queue that others only push to.
    if (Span.K == analysis::UnguardedSpan::CheckThenAct &&
        analysis::ownsCheckedFact(FD, Span.Location, *Span.Write,
                                  TU.callSites(), Roles, Ctx))
      continue;
    StringRef Message =
        Span.K == analysis::UnguardedSpan::LostUpdate
            ? "'%0' is written after a suspension point based on a value "
              "read before it; another coroutine may have changed it in "
              "between (lost update); hold an async lock across the await"
            : "'%0' is written after a suspension point under a condition "
              "checked before it; another coroutine may have changed it in "
              "between (check-then-act); hold an async lock across the await";
    diag(Span.Write->getBeginLoc(), Message)
        << Span.Location.Name << Span.Write->getSourceRange();
    diag(Span.Read->getBeginLoc(), "'%0' read here", DiagnosticIDs::Note)
        << Span.ReadLocation.Name << Span.Read->getSourceRange();
    diag(Span.Suspension->getBeginLoc(), "suspension point here",
         DiagnosticIDs::Note);
  }
}

} // namespace clang::tidy::corolint
