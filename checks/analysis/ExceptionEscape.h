//===----------------------------------------------------------------------===//
//
// Exception escape: can an exception leave a coroutine's body?
//
// A coroutine whose result nobody awaits (spawned with a "detached"
// completion, started and dropped) loses every exception that leaves its
// body. This analysis finds the first statement from which one can leave.
//
// Certainty: syntactic, and in doubt it says "cannot throw". A point can
// throw when it is a `throw`, a `co_await` (any awaited operation may fail:
// Asio's use_awaitable throws on error), or a call to a function that is not
// `noexcept` and whose body, visible in the translation unit, can throw (a
// few calls deep; an invisible body is taken not to throw, since most
// functions are not marked `noexcept`). Awaiting a tag object (`co_await
// this_coro::executor`, an empty class) cannot fail, nor can an await whose
// awaiter's `await_resume` is `noexcept` (an event, a yield: only the
// expression producing the awaitable is looked into); an await whose result
// carries an `error_code` reports failure as a value. A point is caught when
// it lies inside a `try` whose handlers include `catch (...)` or a catch of
// `std::exception` itself (by value or reference); a catch of a narrower
// type does not count. Inside a handler only a `throw` (a rethrow `throw;`
// too) escapes: what a handler calls is logging and clean-up. Constructors,
// destructors and the implicit calls of the coroutine machinery are not
// considered.
//
// This file never emits diagnostics.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_EXCEPTIONESCAPE_H
#define COROLINT_CHECKS_ANALYSIS_EXCEPTIONESCAPE_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace clang::tidy::corolint::analysis {

/// The first statement (in source order) of the user body of coroutine
/// \p Coroutine from which an exception can leave the body; nullptr when
/// every such point is caught inside it, or \p Coroutine has no body here.
const Stmt *firstEscapingThrowPoint(const FunctionDecl &Coroutine);

/// Calls \p Visit, in source order, for every statement of the user body of
/// \p Coroutine from which an exception can leave the body (the points
/// firstEscapingThrowPoint chooses the first of), until \p Visit returns
/// false.
void forEachEscapingThrowPoint(const FunctionDecl &Coroutine,
                               llvm::function_ref<bool(const Stmt &)> Visit);

/// True when the await \p Await can deliver an exception to the awaiting
/// coroutine when it resumes: not the await of a tag object, not an
/// awaiter whose `await_resume` is `noexcept`, and not an await whose result
/// carries an `error_code` (the same rules as firstEscapingThrowPoint; what
/// produces the awaitable is not looked into).
bool awaitCanThrow(const CoroutineSuspendExpr &Await);

/// The lambda whose body holds \p S directly (not through a nested
/// lambda), or nullptr when \p S is not in one.
const LambdaExpr *enclosingLambda(const Stmt &S, ASTContext &Ctx);

/// True when \p Lambda is passed to a function that expects it to throw: the
/// function, whose body is visible, calls the parameter inside a `try` with
/// a handler of a specific exception type (not `catch (...)`) that returns,
/// as a test's `assert_throws<E>(callable)` does. Code in such a lambda is a
/// probe that is meant to fail before it produces anything. An executor
/// that runs its callables under `catch (...)` does not count.
bool isCalledExpectingException(const LambdaExpr &Lambda, ASTContext &Ctx);

} // namespace clang::tidy::corolint::analysis

#endif
