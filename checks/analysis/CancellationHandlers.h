//===----------------------------------------------------------------------===//
//
// Cancellation handlers: the catch handlers of a coroutine that catch the
// runtime's cancellation exception thrown by a suspension point, and whether
// they let it go on.
//
// A cancellation class is a class with the `cancellation` role
// (docs/roles.md): `aio::cancelled_error`, a model's `operation_cancelled`.
// A handler catches one when it is `catch (...)`, names the class (or a
// class derived from it), or names one of its bases (`std::exception`); a
// handler that an earlier handler of the same `try` pre-empts for that class
// does not catch it. Only a `try` whose block holds a suspension point that
// can throw (ExceptionEscape's awaitCanThrow) is considered, and not one
// whose awaits all await a handle the coroutine itself cancelled earlier
// (`h.cancel(); try { co_await h; } catch (cancelled_error &) {}` collects
// the child's cancellation, not its own).
//
// A handler lets the exception go on when every path through it ends in a
// throw (`throw;`, `throw X`, a `[[noreturn]]` call such as
// `std::rethrow_exception` or `std::terminate`), when it hands
// `std::current_exception()` to someone (the stored exception is the
// caller's business), or when it falls through to statements after the
// `try` that throw on every path before anything leaves the enclosing
// blocks (`failure = ...;` in the handler, an awaited clean-up, then
// `std::rethrow_exception(failure)`).
//
// An entry coroutine (isEntryCoroutine: only ever given to a `runner`, as
// `aio::run(amain())`) has no parent that could cancel it or time it out;
// checks may leave its handlers alone.
//
// Certainty: syntactic and path-insensitive. Branch conditions are not
// evaluated: `if (is_cancel(e)) throw;` followed by a `co_return` counts as
// swallowing. Loops, `switch` and nested `try` statements in a handler are
// taken to fall through unless they return.
//
// This file never emits diagnostics.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_CANCELLATIONHANDLERS_H
#define COROLINT_CHECKS_ANALYSIS_CANCELLATIONHANDLERS_H

#include "CallSites.h"
#include "Roles.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <vector>

namespace clang::tidy::corolint::analysis {

/// The classes of a translation unit that carry the `cancellation` role
/// themselves (not through a base), found by one walk over the namespaces
/// and classes of the TU, system headers included.
class CancellationClasses {
public:
  CancellationClasses(ASTContext &Ctx, const RoleLookup &Roles);
  llvm::ArrayRef<const CXXRecordDecl *> classes() const { return Classes; }

private:
  std::vector<const CXXRecordDecl *> Classes;
};

/// How a path through a handler (and what follows the `try`) ends.
enum class HandlerExit {
  Rethrows,    ///< every path ends in a throw or a [[noreturn]] call
  Stores,      ///< it hands std::current_exception() on
  Returns,     ///< a path of the handler leaves by return, co_return, goto,
               ///< break or continue
  FallsOff,    ///< a path reaches the end of the handler and goes on normally
               ///< (and may leave later)
};

/// The outcome of one handler, with its witness.
struct HandlerOutcome {
  HandlerExit Exit = HandlerExit::FallsOff;
  /// The statement that leaves (Returns), or nullptr (FallsOff: the end of
  /// the handler; Rethrows, Stores).
  const Stmt *Witness = nullptr;
  bool propagates() const {
    return Exit == HandlerExit::Rethrows || Exit == HandlerExit::Stores;
  }
};

/// How \p Handler ends (see the file comment), following the statements
/// after its `try` in the enclosing blocks when the handler falls through.
HandlerOutcome handlerOutcome(const CXXCatchStmt &Handler, ASTContext &Ctx);

/// A handler of a coroutine that catches a cancellation and does not let it
/// go on.
struct SwallowingHandler {
  const CXXCatchStmt *Handler = nullptr;
  /// The cancellation class it catches.
  const CXXRecordDecl *Cancellation = nullptr;
  /// A suspension point of its try block that can throw it.
  const Expr *Suspension = nullptr;
  HandlerOutcome Outcome;
};

/// The handlers of coroutine \p Coroutine's user body (nested lambdas not
/// entered) that catch one of the cancellation classes \p Classes gives
/// thrown at a suspension point of their `try` and do not let it go on, in
/// source order. \p Classes is called only when the body has a `try`.
llvm::SmallVector<SwallowingHandler, 2> swallowingHandlers(
    const FunctionDecl &Coroutine,
    llvm::function_ref<llvm::ArrayRef<const CXXRecordDecl *>()> Classes,
    const RoleLookup &Roles, ASTContext &Ctx);

/// True when \p Coroutine is an entry coroutine: every call of it in the
/// translation unit (at least one) is the argument of a `runner` call
/// (`aio::run(amain())`), and it is not called indirectly. Nothing above
/// such a task can cancel it or bound it in time.
bool isEntryCoroutine(const FunctionDecl &Coroutine,
                      const CallSiteIndex &Calls, const RoleLookup &Roles,
                      ASTContext &Ctx);

} // namespace clang::tidy::corolint::analysis

#endif
