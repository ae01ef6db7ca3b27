//===----------------------------------------------------------------------===//
//
// Scoped objects: "which local object, declared before this point in a block
// that encloses it, is still alive here?"
//
// RAII is how C++ code says "for the rest of this scope": a lock guard holds
// a mutex, a timeout scope bounds every await, a span or tracer measures.
// Checks ask whether such an object is alive at a statement (an await, a
// write): a local variable of automatic storage declared by a declaration
// statement of an enclosing block, before the statement of that block that
// holds the point, lives until the block ends, so across the point.
//
// Certainty: syntactic and exact for what it sees. Objects whose lifetime
// ends early (`std::move(guard)`, `guard.unlock()`, a `std::optional` reset)
// still count as alive; temporaries, members and heap objects are not
// scoped objects. The walk stops at the enclosing function or lambda.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_SCOPEDOBJECTS_H
#define COROLINT_CHECKS_ANALYSIS_SCOPEDOBJECTS_H

#include "Roles.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace clang::tidy::corolint::analysis {

/// The innermost scoped object alive at \p At for which \p Matches holds
/// (the last such declaration of the innermost block that has one); nullptr
/// when there is none.
const VarDecl *
liveScopedObject(const Stmt &At, ASTContext &Ctx,
                 llvm::function_ref<bool(const VarDecl &)> Matches);

/// True when \p Var is an object of a class type with role \p R (by value:
/// a reference or pointer to a guard does not own it).
bool isScopedObjectWithRole(const VarDecl &Var, Role R,
                            const RoleLookup &Roles);

/// The innermost object of a class with role \p R alive at \p At.
inline const VarDecl *liveScopedObjectWithRole(const Stmt &At, Role R,
                                               ASTContext &Ctx,
                                               const RoleLookup &Roles) {
  return liveScopedObject(At, Ctx, [&](const VarDecl &Var) {
    return isScopedObjectWithRole(Var, R, Roles);
  });
}

} // namespace clang::tidy::corolint::analysis

#endif
