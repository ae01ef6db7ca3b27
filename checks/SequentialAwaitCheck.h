//===----------------------------------------------------------------------===//
//
// corolint-sequential-await
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_SEQUENTIALAWAITCHECK_H
#define COROLINT_CHECKS_SEQUENTIALAWAITCHECK_H

#include "CorolintCheck.h"

#include <string>

namespace clang::tidy::corolint {

/// Finds loops over a collection that await one independent operation per
/// element, one after another.
///
/// The await starts a new operation (a call) from the element, or from
/// values the loop does not change, and its result is kept. Loops that
/// leave early (first success, failover), whose iterations depend on each
/// other (a cursor threaded through, one object changed by each call), that
/// discard the result (ordered writes), that take a lock or a permit, or
/// that sleep (ticks, backoff, rate limiting) are not reported.
/// Syntactic, may-modify; the facts are analysis/Loops.h.
///
/// For the user-facing documentation see docs/checks/sequential-await.md.
class SequentialAwaitCheck : public CorolintCheck {
public:
  SequentialAwaitCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void checkLoop(const Stmt &Loop, ASTContext &Ctx);

  /// Classes that bound concurrency besides those with role `limiter`
  /// (`;`-separated qualified names or `*` patterns on the class name): a
  /// loop that acquires one per iteration is rate-limited on purpose.
  /// Default: analysis::LimiterTypes::Defaults.
  const std::string LimiterTypeNames;
};

} // namespace clang::tidy::corolint

#endif
