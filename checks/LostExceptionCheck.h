//===----------------------------------------------------------------------===//
//
// corolint-lost-exception
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_LOSTEXCEPTIONCHECK_H
#define COROLINT_CHECKS_LOSTEXCEPTIONCHECK_H

#include "CorolintCheck.h"

#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::corolint {

/// Finds exceptions of coroutines that nothing receives: a promise type
/// that neither stores nor rethrows them (and, when that promise is a
/// library's, each coroutine of it that can throw), a completion handler
/// that ignores them, a spawn handle that is only cancelled.
///
/// Work spawned with a `detached` completion token or by a `detached`
/// function, and spawn handles that are dropped or never used, are
/// corolint-fire-and-forget's (docs/checks/lost-exception.md says why).
///
/// For the user-facing documentation see docs/checks/lost-exception.md.
class LostExceptionCheck : public CorolintCheck {
public:
  using CorolintCheck::CorolintCheck;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void checkUnhandledException(const CXXMethodDecl &Method);
  void checkDroppingCoroutine(const FunctionDecl &Coroutine, ASTContext &Ctx);
  void checkSpawnHandler(const CallExpr &Call, ASTContext &Ctx);
  void checkCancelledHandle(const VarDecl &Var, ASTContext &Ctx);

  /// Locations already reported (template instantiations repeat them).
  llvm::DenseSet<unsigned> Reported;
};

} // namespace clang::tidy::corolint

#endif
