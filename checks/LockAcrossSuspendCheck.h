//===----------------------------------------------------------------------===//
//
// corolint-lock-across-suspend
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_LOCKACROSSSUSPENDCHECK_H
#define COROLINT_CHECKS_LOCKACROSSSUSPENDCHECK_H

#include "CorolintCheck.h"
#include "analysis/HeldLocks.h"

#include "llvm/ADT/StringSet.h"

namespace clang::tidy::corolint {

/// Finds coroutines that suspend while holding a synchronous lock.
///
/// A suspension point (`co_await`, `co_yield`) reached, on some path of the
/// coroutine's CFG, while a thread lock may be held (analysis/HeldLocks.h):
/// a live owning guard (the `thread_lock` role, `scoped_lockable` types,
/// the option `LockTypes`) or a mutex locked by hand and not yet unlocked.
/// Awaits of the types in `AllowedAwaitablesList` and of calls to the
/// functions in `AllowedCallees` are not suspensions that matter. Objects
/// with the `async_lock` role never count.
///
/// For the user-facing documentation see docs/checks/lock-across-suspend.md.
class LockAcrossSuspendCheck : public CorolintCheck {
public:
  LockAcrossSuspendCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  bool isAllowed(const analysis::SuspensionPoint &SP) const;
  void checkPattern(const FunctionDecl &Pattern, ASTContext &Ctx);

  /// `;`-separated qualified class names whose objects hold a thread lock
  /// while alive, besides the `thread_lock` role and `scoped_lockable`.
  /// Default: empty.
  const std::string LockTypesOption;
  /// `;`-separated qualified awaitable types whose await is harmless
  /// (it resumes at once, on the same thread). Default: empty.
  const std::string AllowedAwaitablesOption;
  /// `;`-separated qualified functions whose awaited result is harmless.
  /// Default: empty.
  const std::string AllowedCalleesOption;

  analysis::HeldLockOptions LockOptions;
  llvm::StringSet<> AllowedAwaitables;
  llvm::StringSet<> AllowedCallees;
};

} // namespace clang::tidy::corolint

#endif
