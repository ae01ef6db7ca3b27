//===----------------------------------------------------------------------===//
//
// corolint-dangling-reference
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_DANGLINGREFERENCECHECK_H
#define COROLINT_CHECKS_DANGLINGREFERENCECHECK_H

#include "CorolintCheck.h"

#include "analysis/BorrowedArguments.h"

#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::corolint {

/// Finds arguments that a coroutine borrows and that die before the task
/// finishes.
///
/// A reference, pointer, `std::string_view` or `std::span` parameter used
/// after the coroutine may have suspended (anywhere, for a lazy task), bound
/// at a call of the translation unit to a temporary or a local that dies
/// while the task is still kept (stored, returned, spawned); and the closure
/// of a lambda coroutine with captures that dies the same way
/// (analysis/BorrowedArguments.h).
///
/// For the user-facing documentation see docs/checks/dangling-reference.md.
class DanglingReferenceCheck : public CorolintCheck {
public:
  using CorolintCheck::CorolintCheck;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void checkCall(const CallExpr &Call, const FunctionDecl &Coroutine,
                 const analysis::LateBorrow &Borrow, ASTContext &Ctx);

  /// Arguments already reported (instantiations repeat them).
  llvm::DenseSet<unsigned> Reported;
};

} // namespace clang::tidy::corolint

#endif
