//===----------------------------------------------------------------------===//
//
// Exception escape: can an exception leave a coroutine's body?
//
// A coroutine whose result nobody awaits (spawned with a "detached"
// completion, started and dropped) loses every exception that leaves its
// body. This analysis finds the first statement from which one can leave.
//
// Certainty: syntactic and conservative in the coroutine's favour. A point
// can throw when it is a `throw`, a `co_await` (any awaited operation may
// fail: Asio's use_awaitable throws on error), or a call to a function that
// is not `noexcept`; it is caught when it lies inside a `try` whose handlers
// include `catch (...)` or a catch of `std::exception` (or a class derived
// from it, by value or reference). A catch of a narrower type does not
// count, nor does a rethrow inside a handler (`throw;` escapes again).
// Destructors and the implicit calls of the coroutine machinery are not
// considered.
//
// This file never emits diagnostics.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_EXCEPTIONESCAPE_H
#define COROLINT_CHECKS_ANALYSIS_EXCEPTIONESCAPE_H

#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"

namespace clang::tidy::corolint::analysis {

/// The first statement (in source order) of the user body of coroutine
/// \p Coroutine from which an exception can leave the body; nullptr when
/// every such point is caught inside it, or \p Coroutine has no body here.
const Stmt *firstEscapingThrowPoint(const FunctionDecl &Coroutine);

} // namespace clang::tidy::corolint::analysis

#endif
