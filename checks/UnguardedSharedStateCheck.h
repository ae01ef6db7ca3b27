//===----------------------------------------------------------------------===//
//
// corolint-unguarded-shared-state
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_UNGUARDEDSHAREDSTATECHECK_H
#define COROLINT_CHECKS_UNGUARDEDSHAREDSTATECHECK_H

#include "CorolintCheck.h"

#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::corolint {

/// Finds shared state read before a suspension point and written after it,
/// depending on the read, with no async lock held across.
///
/// Shared state is a member reached through `this`, a global or static
/// variable, the object behind a reference or pointer parameter, or a
/// by-reference capture of a coroutine lambda. The write either computes its
/// value from the read (a lost update) or, under a condition that used it,
/// inserts, erases or updates what the condition checked (check-then-act).
/// The analysis (analysis/UnguardedSpans.h) is flow-sensitive, not
/// path-sensitive.
///
/// For the user-facing documentation see docs/checks/unguarded-shared-state.md.
class UnguardedSharedStateCheck : public CorolintCheck {
public:
  using CorolintCheck::CorolintCheck;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void checkCoroutine(const FunctionDecl &Coroutine, ASTContext &Ctx);
};

} // namespace clang::tidy::corolint

#endif
