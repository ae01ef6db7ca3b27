//===----------------------------------------------------------------------===//
//
// corolint-thread-local-across-suspend
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_THREADLOCALACROSSSUSPENDCHECK_H
#define COROLINT_CHECKS_THREADLOCALACROSSSUSPENDCHECK_H

#include "CorolintCheck.h"

namespace clang::tidy::corolint {

/// Finds thread-local state that a coroutine uses on both sides of a
/// suspension point.
///
/// A `thread_local` variable, a local reference or pointer into one, or the
/// thread's id (`std::this_thread::get_id()`, or a local holding it), used
/// before a suspension point and again after it on some CFG path
/// (analysis/ThreadBoundUses.h): the coroutine may resume on another
/// thread, where the name denotes another object. Uses inside lambdas (an
/// offloaded callable runs on its own thread) are not the coroutine's.
///
/// For the user-facing documentation see
/// docs/checks/thread-local-across-suspend.md.
class ThreadLocalAcrossSuspendCheck : public CorolintCheck {
public:
  using CorolintCheck::CorolintCheck;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
};

} // namespace clang::tidy::corolint

#endif
