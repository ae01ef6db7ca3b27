//===----------------------------------------------------------------------===//
//
// Local uses: "is this local variable ever handed on, or only looked at?"
//
// Used for values that must be consumed (a task to await, a spawn handle to
// join): a local initialised with one is *consumed* by any use other than a
// call of a `const` member function on it (`t.done()` only looks). Awaiting
// it, moving it, returning it, passing it to a function, assigning it,
// capturing it in a lambda (by copy or by reference) or calling a non-const
// member (`h.cancel()`) all consume it.
//
// Certainty: syntactic and flow-insensitive. A use anywhere in the body
// counts, even on a path that is never taken or before a reassignment.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_LOCALUSES_H
#define COROLINT_CHECKS_ANALYSIS_LOCALUSES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"

namespace clang::tidy::corolint::analysis {

/// True when \p Var is consumed somewhere in \p Body (see the file comment).
bool isLocalConsumed(const VarDecl &Var, const Stmt &Body, ASTContext &Ctx);

/// The body of the innermost function (a lambda's call operator for lambdas)
/// that declares the local \p Var; nullptr when \p Var is not declared by a
/// declaration statement inside a function body.
const Stmt *declaringBody(const VarDecl &Var, ASTContext &Ctx);

} // namespace clang::tidy::corolint::analysis

#endif
