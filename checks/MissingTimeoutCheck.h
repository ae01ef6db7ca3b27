//===----------------------------------------------------------------------===//
//
// corolint-missing-timeout
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_MISSINGTIMEOUTCHECK_H
#define COROLINT_CHECKS_MISSINGTIMEOUTCHECK_H

#include "CorolintCheck.h"
#include "analysis/TimeoutBounds.h"

#include "llvm/ADT/DenseSet.h"

#include <optional>
#include <string>

namespace clang::tidy::corolint {

/// Finds awaits of operations on external resources that no timeout bounds.
///
/// A `co_await` of a call with role `needs_timeout` is bounded when the call
/// passes a duration, time point, deadline or stop token; when its result
/// flows into a `timeout` function; when a `timeout` scope object is alive
/// at the await; or when every call of the enclosing coroutine in the
/// translation unit is itself bounded. The warning sits on the `co_await`;
/// for the interprocedural case, notes name the unbounded call chain.
///
/// For the user-facing documentation see docs/checks/missing-timeout.md.
class MissingTimeoutCheck : public CorolintCheck {
public:
  MissingTimeoutCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onStartOfTranslationUnit() override;

private:
  analysis::TimeoutBoundsAnalysis &analysisFor(ASTContext &Ctx);
  void report(const analysis::AwaitedOperation &Op,
              const analysis::TimeoutBound &Bound);

  /// Argument types that bound a call (`;`-separated; qualified names, or
  /// `*` patterns on the class name). Default:
  /// analysis::BoundingTypes::Defaults.
  const std::string BoundingTypeNames;

  /// Awaits already checked: the matcher reaches an await nested in another
  /// await's operand twice (through the operand and the common expression).
  llvm::DenseSet<const CoawaitExpr *> Checked;
};

} // namespace clang::tidy::corolint

#endif
