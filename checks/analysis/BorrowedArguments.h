//===----------------------------------------------------------------------===//
//
// Borrowed arguments: what a coroutine borrows from its caller, what the
// caller lends it, and whether the lender lives as long as the task.
//
// A coroutine's frame keeps its parameters; a reference, a pointer, a
// `std::string_view` or a `std::span` parameter keeps only a view of the
// caller's object, as the closure of a lambda coroutine keeps its captures
// (the frame holds `this` of the closure object). The view dangles once the
// lender dies while the task still runs: after the coroutine's first
// suspension (the caller then goes on), or from the start when the task is
// lazy (its body runs only when awaited).
//
// Three facts:
// - lateBorrows: the borrowing parameters (and, for a lambda coroutine with
//   captures, its closure) that the body uses where it may already have
//   suspended: after a suspension point on the CFG, or anywhere when
//   `initial_suspend` always suspends (CoroutineBodies' taskStart).
// - lenderOf: what an argument lends: a temporary (which dies at the end of
//   the full-expression), a local of the caller (or a by-value parameter),
//   or nothing known (a literal, a global, a reference or view passed on,
//   a value read from a pointer).
// - taskFateOf: where the task a call returns goes within its
//   full-expression: awaited there (`co_await f(x)`, inside an awaited
//   combinator, given to a `runner`), discarded, or kept beyond it (stored
//   in a variable or a container, returned, spawned), with the variable,
//   container or handle that keeps it.
//
// Certainty: syntactic plus the coroutine's CFG for "after a suspension";
// flow-insensitive in the caller (a kept task that is awaited before its
// lender dies is recognised only when the keeper is a local that is not
// used after the lender's scope ends).
//
// This file never emits diagnostics.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_BORROWEDARGUMENTS_H
#define COROLINT_CHECKS_ANALYSIS_BORROWEDARGUMENTS_H

#include "CoroutineCFG.h"
#include "Roles.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::corolint::analysis {

/// A parameter (or closure) that a coroutine uses where it may have
/// suspended.
struct LateBorrow {
  /// The parameter; nullptr for the closure of a lambda coroutine.
  const ParmVarDecl *Param = nullptr;
  /// The first late use (a DeclRefExpr, a CXXThisExpr for `this` captured
  /// by the closure).
  const Expr *Use = nullptr;
  /// The suspension point the use may follow; nullptr when the task is
  /// lazy (every use follows the initial suspension).
  const Expr *After = nullptr;
};

/// True when values of \p T borrow an object they do not own: references,
/// pointers (not function pointers), and `std::basic_string_view` /
/// `std::span` (and classes named `string_view` or `span`).
bool isBorrowingType(QualType T);

/// The late borrows of coroutine \p Coroutine with CFG \p Graph.
llvm::SmallVector<LateBorrow, 2> lateBorrows(const FunctionDecl &Coroutine,
                                              const CoroutineCFG &Graph,
                                              ASTContext &Ctx);

/// What an argument lends the parameter it initialises.
struct Lender {
  enum Kind { None, Temporary, Local };
  Kind K = None;
  /// The temporary's expression (Temporary) or the argument (Local).
  const Expr *Where = nullptr;
  /// The caller's local or by-value parameter (Local).
  const VarDecl *Var = nullptr;
};

/// The lender of argument \p Arg initialising a parameter of type
/// \p ParamType (the closure object for a lambda's call operator: pass the
/// object argument and the closure's class type).
Lender lenderOf(const Expr &Arg, QualType ParamType);

/// Where the task returned by \p Call goes within its full-expression.
struct TaskFate {
  enum Kind {
    AwaitedHere, ///< awaited, or run to completion, in the full-expression
    Discarded,   ///< nobody receives it
    Stored,      ///< kept in a variable, a member or a container
    Returned,    ///< returned (return or co_return)
    Spawned,     ///< started by a spawn whose handle is discarded
    Unknown,     ///< something else
  };
  Kind K = Unknown;
  /// The statement or expression that keeps it (a VarDecl's init, an
  /// assignment, a container call, the return, the spawn).
  const Stmt *Where = nullptr;
  /// The variable that keeps it or the handle, when it is one.
  const VarDecl *Keeper = nullptr;
  /// True when the keeper is not a local (a member, a global, a reference).
  bool KeeperEscapes = false;
};
TaskFate taskFateOf(const CallExpr &Call, const RoleLookup &Roles,
                    ASTContext &Ctx);

/// True when a task kept as \p Fate may still be used after the lifetime of
/// the caller's local \p Var ends: it is returned, spawned with a dropped
/// handle (unless a `runner` call later in the scope of \p Var runs the
/// event loop to completion while \p Var is alive: `co_spawn(ctx,
/// f(local), detached); ctx.run();`), kept by a non-local, or kept by a
/// local used after the scope that declares \p Var.
bool mayOutlive(const TaskFate &Fate, const VarDecl &Var,
                const RoleLookup &Roles, ASTContext &Ctx);

} // namespace clang::tidy::corolint::analysis

#endif
