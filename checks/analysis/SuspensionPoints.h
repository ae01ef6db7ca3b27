//===----------------------------------------------------------------------===//
//
// Suspension points: where a coroutine body can give up its thread.
//
// A suspension point is a `co_await` or `co_yield` the user wrote. Between
// two suspension points a coroutine runs without interruption; across one,
// any other coroutine on the same executor may run. Checks that reason about
// what can change "across an await" (shared state, held locks, borrowed
// references) start from this list.
//
// The implicit awaits the compiler adds (initial_suspend, final_suspend) are
// not listed: they are not in the user's body. `co_return` is not a
// suspension point of the body (it ends it).
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_SUSPENSIONPOINTS_H
#define COROLINT_CHECKS_ANALYSIS_SUSPENSIONPOINTS_H

#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::corolint::analysis {

/// One `co_await` / `co_yield` written in a coroutine body.
struct SuspensionPoint {
  enum Kind {
    Await,          ///< a CoawaitExpr (not implicit)
    Yield,          ///< a CoyieldExpr
    DependentAwait, ///< a DependentCoawaitExpr (uninstantiated template)
  };
  const Expr *E = nullptr; ///< the co_await/co_yield expression itself
  Kind K = Await;
  /// The awaited or yielded operand as written.
  const Expr *operand() const;
};

/// True when \p S is a suspension point the user wrote: a non-implicit
/// CoawaitExpr, a CoyieldExpr or a DependentCoawaitExpr.
bool isSuspensionPoint(const Stmt &S);

/// The suspension points of \p Body in source (pre-)order. Nested lambdas are
/// not entered: they are separate callables whose suspensions suspend
/// themselves, not \p Body's coroutine. Certain: purely syntactic.
llvm::SmallVector<SuspensionPoint, 4> findSuspensionPoints(const Stmt &Body);

} // namespace clang::tidy::corolint::analysis

#endif
