//===----------------------------------------------------------------------===//
//
// corolint-busy-wait
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_BUSYWAITCHECK_H
#define COROLINT_CHECKS_BUSYWAITCHECK_H

#include "CorolintCheck.h"

namespace clang::tidy::corolint {

/// Finds coroutine loops that poll a condition by sleeping between checks.
///
/// The loop's body does nothing but sleep (an await of a `sleep` function,
/// or of a call given only a duration or time point, a timer armed in the
/// loop included) and leave when a condition holds; the condition reads
/// state the loop does not change and is not a countdown or a deadline.
/// Loops that do work each period, count, back off or await anything else
/// are not polling. Syntactic; the facts are analysis/Loops.h.
///
/// For the user-facing documentation see docs/checks/busy-wait.md.
class BusyWaitCheck : public CorolintCheck {
public:
  using CorolintCheck::CorolintCheck;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void checkLoop(const Stmt &Loop, const FunctionDecl &Coroutine,
                 ASTContext &Ctx);
};

} // namespace clang::tidy::corolint

#endif
