//===----------------------------------------------------------------------===//
//
// corolint-nested-run
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_NESTEDRUNCHECK_H
#define COROLINT_CHECKS_NESTEDRUNCHECK_H

#include "CorolintCheck.h"
#include "analysis/CallSummaries.h"

namespace clang::tidy::corolint {

/// Finds event loops run to completion from inside a coroutine.
///
/// A call inside a coroutine body to a *runner* function (the runtime's
/// `run`, `sync_wait`, `io_context::run`, ...: the built-in models, role
/// annotations, `.corolint.yaml`), or to an ordinary function of the
/// translation unit that reaches one, is flagged with the call chain as
/// notes. Callables handed to an *offload* function run on another thread,
/// where a private loop is fine, and are not part of the coroutine.
///
/// For the user-facing documentation see docs/checks/nested-run.md.
class NestedRunCheck : public CorolintCheck {
public:
  using CorolintCheck::CorolintCheck;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void reportDirect(const analysis::BlockingCall &Fact,
                    const FunctionDecl &Coroutine);
  void reportTransitive(const Expr &Site, const FunctionDecl &Callee,
                        const analysis::MayBlockSummary &Summary,
                        const FunctionDecl &Coroutine);
};

} // namespace clang::tidy::corolint

#endif
