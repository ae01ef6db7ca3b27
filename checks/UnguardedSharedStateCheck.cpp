//===----------------------------------------------------------------------===//
//
// corolint-unguarded-shared-state
//
//===----------------------------------------------------------------------===//

#include "UnguardedSharedStateCheck.h"

#include "analysis/UnguardedSpans.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::corolint {

void UnguardedSharedStateCheck::registerMatchers(MatchFinder *Finder) {
  CorolintCheck::registerMatchers(Finder);
  // Every coroutine definition (instantiations included), and coroutine
  // lambdas through their closure.
  auto Coroutine =
      functionDecl(isDefinition(), hasBody(coroutineBodyStmt()));
  Finder->addMatcher(Coroutine.bind("coroutine"), this);
  Finder->addMatcher(lambdaExpr().bind("lambda"), this);
}

void UnguardedSharedStateCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("coroutine");
  if (const auto *Lambda = Result.Nodes.getNodeAs<LambdaExpr>("lambda"))
    FD = Lambda->getCallOperator();
  if (!FD || FD->isDependentContext() ||
      !isa_and_nonnull<CoroutineBodyStmt>(FD->getBody()) ||
      !Analyzed.insert(FD).second)
    return;

  ASTContext &Ctx = *Result.Context;
  const analysis::RoleLookup &Roles = roles(Ctx);
  auto IsAsyncLockGuard = [&Roles](const VarDecl &Var) {
    return Roles.rolesOfType(Var.getType()).has(analysis::Role::AsyncLock);
  };

  for (const analysis::UnguardedSpan &Span :
       analysis::findUnguardedSpans(*FD, Ctx, IsAsyncLockGuard)) {
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
