//===----------------------------------------------------------------------===//
//
// Discarded values: expressions whose values nobody receives.
//
// `f();` discards f's result, and so do the statements of a block, the
// branches of an `if`, loop bodies, a `for` initialiser and increment, the
// statement under a `case`, `default`, label or attribute, and the left
// operand of a comma. A discarded conditional (`ok ? f() : g();`) discards
// both branches; a discarded comma discards its right operand too. The last
// statement of a GNU statement expression is its value: not discarded.
// `(void)f();` discards f's result too, but says so on purpose: checks that
// flag lost values let the cast silence them unless an option says
// otherwise.
//
// Certainty: exact (purely syntactic, from the AST).
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_DISCARDEDVALUES_H
#define COROLINT_CHECKS_ANALYSIS_DISCARDEDVALUES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::corolint::analysis {

/// One value that a statement discards.
struct DiscardedValue {
  /// The expression whose value nobody receives: parentheses, cleanups,
  /// casts to void, commas and discarded conditionals looked through.
  const Expr *Value = nullptr;
  /// The discarded full-expression (an expression statement, a `for`
  /// increment, a comma's left operand) that \c Value belongs to.
  const Expr *Statement = nullptr;
  /// The outermost discarded conditional \c Value is a branch of, if any.
  const ConditionalOperator *Conditional = nullptr;
  /// Written as `(void)expr` / `void(expr)` somewhere on the way down.
  bool CastToVoid = false;
};

/// Adds to \p Finder one matcher per kind of statement that discards values
/// (see discardedValues), each binding the statement to \p ID; statements
/// expanded from system headers are skipped. One matcher per kind, so the
/// finder dispatches each only on its own node kind.
void addDiscardingStatementMatchers(
    ast_matchers::MatchFinder &Finder,
    ast_matchers::MatchFinder::MatchCallback *Callback, llvm::StringRef ID);

/// The values that \p S discards itself (not those of nested statements,
/// which are discarding statements of their own): for a block, its
/// statements (but the last one of a statement expression's block); for an
/// `if`, its branches; for loops, the body, and a `for`'s initialiser and
/// increment; for a `case`, `default` or label, the statement under it
/// (through attributes such as `[[likely]]`); for a comma operator, its left operand. Each
/// discarded expression is expanded as the file comment says.
llvm::SmallVector<DiscardedValue, 8> discardedValues(const Stmt &S,
                                                     ASTContext &Ctx);

} // namespace clang::tidy::corolint::analysis

#endif
