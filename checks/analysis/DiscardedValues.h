//===----------------------------------------------------------------------===//
//
// Discarded values: expression statements, whose values nobody receives.
//
// `f();` discards f's result. `(void)f();` discards it too, but says so on
// purpose: checks that flag lost values let the cast silence them unless an
// option says otherwise. Purely syntactic.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_DISCARDEDVALUES_H
#define COROLINT_CHECKS_ANALYSIS_DISCARDEDVALUES_H

#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::corolint::analysis {

/// The value an expression statement discards.
struct DiscardedValue {
  const Expr *Value = nullptr; ///< the statement, or the operand of the cast
  bool CastToVoid = false;     ///< written as `(void)expr` / `void(expr)`
};

/// Looks through a cast to void (also one wrapped in the full-expression's
/// cleanups, as for a type with a destructor) in the expression statement
/// \p Statement.
DiscardedValue discardedValue(const Expr &Statement);

/// The expression statements that \p S holds directly: the statements of a
/// block, the branches of an `if`, loop bodies (and a `for` increment), the
/// statement under a `case`, `default` or label; empty for other statements.
/// (The last statement of a GNU statement expression's block is its value:
/// callers skip such blocks.)
llvm::SmallVector<const Expr *, 8> expressionStatements(const Stmt &S);

} // namespace clang::tidy::corolint::analysis

#endif
