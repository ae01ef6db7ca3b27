//===----------------------------------------------------------------------===//
//
// corolint-unawaited-task
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_UNAWAITEDTASKCHECK_H
#define COROLINT_CHECKS_UNAWAITEDTASKCHECK_H

#include "CorolintCheck.h"
#include "analysis/DiscardedValues.h"

namespace clang::tidy::corolint {

/// Finds tasks and awaitables that are created and never awaited.
///
/// A call that returns a new lazy task or an awaitable (a prvalue, not a
/// reference to one kept elsewhere) whose value is discarded, or a local
/// initialised with one (or moved from another task) that is never awaited,
/// moved, returned, stored or passed on. Eager tasks and futures (their work runs anyway) are not
/// reported. Inside a coroutine the warning carries a fix-it that inserts
/// `co_await`.
///
/// For the user-facing documentation see docs/checks/unawaited-task.md.
class UnawaitedTaskCheck : public CorolintCheck {
public:
  UnawaitedTaskCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void checkDiscarded(const analysis::DiscardedValue &Discarded,
                      ASTContext &Ctx);
  void checkLocal(const VarDecl &Var, ASTContext &Ctx);

  /// Also flag `(void)make_task();`. Default: false (the cast says the
  /// drop is intentional).
  const bool FlagVoidCast;
};

} // namespace clang::tidy::corolint

#endif
