//===----------------------------------------------------------------------===//
//
// corolint-swallowed-cancellation
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_SWALLOWEDCANCELLATIONCHECK_H
#define COROLINT_CHECKS_SWALLOWEDCANCELLATIONCHECK_H

#include "CorolintCheck.h"

#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::corolint {

/// Finds handlers in coroutines that catch the runtime's cancellation
/// around a suspension point and do not rethrow it.
///
/// A cancellation class has the `cancellation` role; a handler catches it
/// directly, through a base (`std::exception`) or with `catch (...)`, and
/// lets a path end without rethrowing it (analysis/CancellationHandlers.h).
///
/// For the user-facing documentation see
/// docs/checks/swallowed-cancellation.md.
class SwallowedCancellationCheck : public CorolintCheck {
public:
  using CorolintCheck::CorolintCheck;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  /// Handlers already reported (instantiations of one template share them).
  llvm::DenseSet<const Stmt *> Reported;
};

} // namespace clang::tidy::corolint

#endif
