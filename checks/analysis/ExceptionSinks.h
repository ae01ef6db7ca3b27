//===----------------------------------------------------------------------===//
//
// Exception sinks: the places a coroutine's exception is handed to, and
// whether they keep it.
//
// - A promise type's `unhandled_exception()` receives every exception that
//   leaves a coroutine's body. It keeps it when it rethrows (`throw;`,
//   `std::rethrow_exception`), hands `std::current_exception()` to someone
//   (a member, a result slot, a function), or ends the program (a
//   `[[noreturn]]` call such as `std::terminate()`: loud, not lost). It
//   loses it when it only logs, sets a flag or does nothing.
// - A completion handler given to a spawn receives the coroutine's
//   exception as a `std::exception_ptr` parameter; it ignores it when it
//   never reads the parameter, or only tests it for truth (`if (e)
//   log("failed")`).
// - A spawn handle held in a local that is only ever cancelled (and looked
//   at through const members) is never awaited or joined: an exception the
//   task ended with before the cancellation is never retrieved.
//
// Certainty: syntactic. unhandledExceptionFate follows calls into functions
// whose bodies are visible outside system headers (a few calls deep); a
// call it cannot follow (no visible body, a virtual or indirect call, a
// dependent call in a template) makes the answer Unknown, never Lost. Calls
// into system headers (printing) keep nothing.
//
// This file never emits diagnostics.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_EXCEPTIONSINKS_H
#define COROLINT_CHECKS_ANALYSIS_EXCEPTIONSINKS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Stmt.h"

namespace clang::tidy::corolint::analysis {

/// What an `unhandled_exception()` does with the current exception.
enum class ExceptionFate {
  Kept,       ///< stores std::current_exception() or hands it on
  Rethrown,   ///< throws (rethrows) it
  Terminates, ///< calls a [[noreturn]] function (std::terminate)
  Lost,       ///< none of these, and every call could be followed
  Unknown,    ///< a call could not be followed
};

/// The fate of the exception in the body of \p UnhandledException (a
/// promise type's `unhandled_exception` definition).
ExceptionFate unhandledExceptionFate(const FunctionDecl &UnhandledException);

/// The definition of the `unhandled_exception()` of promise type \p Promise
/// (declared in it or inherited from a base), or nullptr when none is
/// visible.
const FunctionDecl *unhandledExceptionOf(const CXXRecordDecl &Promise);

/// The definition of the `unhandled_exception()` of the promise of
/// coroutine \p Coroutine (its own body's promise, as the compiler chose it
/// through std::coroutine_traits), or nullptr when none is visible.
const FunctionDecl *promiseUnhandledException(const FunctionDecl &Coroutine);

/// True when \p Param (a `std::exception_ptr` parameter of \p Function, or
/// an `outcome` such as `Try<T>`) is never read in \p Function's body, or
/// only tested for truth.
bool isExceptionPtrIgnored(const ParmVarDecl &Param,
                           const FunctionDecl &Function, ASTContext &Ctx);

/// True when the value of \p E is only tested for truth: `if (e)`, `!e`,
/// `e == nullptr`, or a member predicate (`t.hasError()`: a member function
/// that takes nothing and returns `bool`).
bool isOnlyTestedForTruth(const Expr &E, ASTContext &Ctx);

/// True when \p FD is the function `std::<Name>`.
bool isStdFunction(const FunctionDecl *FD, llvm::StringRef Name);

/// True when \p T is `std::exception_ptr` (through references and cv).
bool isExceptionPtrType(QualType T);

/// The first `V.cancel()` call in \p Body when every use of local \p Var in
/// \p Body is a call of `cancel` or of a const member function on it (and
/// at least one is `cancel`); nullptr otherwise, or when a lambda captures
/// it.
const Stmt *onlyCancelled(const VarDecl &Var, const Stmt &Body,
                          ASTContext &Ctx);

} // namespace clang::tidy::corolint::analysis

#endif
