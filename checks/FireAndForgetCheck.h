//===----------------------------------------------------------------------===//
//
// corolint-fire-and-forget
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_FIREANDFORGETCHECK_H
#define COROLINT_CHECKS_FIREANDFORGETCHECK_H

#include "CorolintCheck.h"

#include "analysis/DiscardedValues.h"

namespace clang::tidy::corolint {

/// Finds concurrent work that is started and then left untracked.
///
/// The result of a *spawn* function, or of an eager coroutine that can
/// throw, that is discarded (or, for a spawn, kept in a local that is never
/// awaited, joined, cancelled or passed on); a call of
/// `std::thread::detach()`; and a discarded `std::async` future, whose
/// destructor waits for the task. Work with a `detached` completion is this
/// check's; a handler that ignores the exception it receives, and a handle
/// that is only cancelled, are corolint-lost-exception's.
///
/// For the user-facing documentation see docs/checks/fire-and-forget.md.
class FireAndForgetCheck : public CorolintCheck {
public:
  FireAndForgetCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void checkDiscarded(const analysis::DiscardedValue &Discarded,
                      ASTContext &Ctx);
  void checkLocal(const VarDecl &Var, ASTContext &Ctx);
  void checkDetach(const CXXMemberCallExpr &Call);
  /// Reports a spawn whose outcome is dropped (a `detached` function, or a
  /// `spawn` given a `detached` completion token) when the coroutine it
  /// starts can throw. True when \p Call is such a spawn, reported or not.
  bool checkDetachedSpawn(const CallExpr &Call, ASTContext &Ctx);
  /// Reports the discarded result of a call of an eager coroutine (one
  /// that has started when it returns, such as a seastar::future or a
  /// concurrencpp::result coroutine) that can throw and whose promise keeps
  /// the exception for the result, cast to void or not: it runs on, and
  /// its exception dies with the result. True when \p Call
  /// is such a call, reported or not.
  bool checkDiscardedEagerTask(const CallExpr &Call, ASTContext &Ctx);

  /// Also flag `(void)spawn(...)` and `(void)std::async(...)`. Default:
  /// false (the cast says the drop is intentional), as in
  /// corolint-unawaited-task.
  const bool FlagVoidCast;
};

} // namespace clang::tidy::corolint

#endif
