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
// Four facts:
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
//   combinator, given to a `runner`, waited by `f(x).get()`), discarded, or
//   kept beyond it (stored in a variable or a container, returned, spawned),
//   with the variable, container or handle that keeps it.
// - waitedBeforeLenderDies: whether, in the caller, every path from where
//   the task is kept to the end of the lender's lifetime passes a wait that
//   finishes the task. A wait is
//   - a `co_await` of the holder (the variable, container or member that
//     keeps the task), or of a call returning an awaitable that takes the
//     holder (`co_await when_all(std::move(tasks))`);
//   - a `runner` call given the holder the same way
//     (`sync_wait(when_all(std::move(c.tasks)))`), and, for a spawned task,
//     any `runner` call (the loop it was spawned on runs to completion);
//   - `get()` or `wait()` on the holder when it is not a lazy task (an eager,
//     future-like result), and `join()`;
//   - a loop whose body waits (as above) for an element of the holder
//     (`for (...) results[i].get();`, `for (auto &t : tasks) co_await t;`):
//     passing its condition counts as waiting for every element;
//   - a `co_await` of an awaitable the task was handed: an argument of the
//     call or a member of one (a latch or event the task counts down before
//     it finishes: `co_await wait_for_clients;`).
//
// Certainty: syntactic plus the coroutine's CFG for "after a suspension";
// in the caller, flow-sensitive on the caller's CFG (any function body), not
// path-sensitive: a wait on one branch only does not count, a throw ends a
// path. Two waits are assumed rather than proven: a loop over the holder's
// elements is taken to cover every element that was stored (its bounds are
// not compared with the storing loop's), and an awaited latch or event
// handed to the task is taken to be the task's last use of what it
// borrowed. Holders are compared by name (a variable or `this` and a chain
// of members), so a task moved to another container and waited there is
// not recognised. Without a valid caller graph (the CFG builder gave up), a
// kept task awaited before its lender dies is recognised only when the
// keeper is a local that is not used after the lender's scope ends, and a
// spawned task only when a `runner` call follows in the lender's scope.
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
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <memory>

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

/// The late borrows of coroutine \p Coroutine. \p GraphOf gives its CFG,
/// asked for only when an eager coroutine has a borrowing parameter or
/// capture that it uses (a lazy coroutine's every use is late).
llvm::SmallVector<LateBorrow, 2>
lateBorrows(const FunctionDecl &Coroutine,
            llvm::function_ref<const CoroutineCFG &()> GraphOf,
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
  /// The expression that names what keeps the task when it is stored by an
  /// assignment or a container call (`tasks` of `tasks.push_back(f(x))`,
  /// `results[i]` of `results[i] = f(x)`); nullptr for a declaration.
  const Expr *Holder = nullptr;
};
TaskFate taskFateOf(const CallExpr &Call, const RoleLookup &Roles,
                    ASTContext &Ctx);

/// The graphs of the functions that keep tasks (any function body, built
/// with CoroutineCFG::AnyBody on first use), for waitedBeforeLenderDies.
class CallerGraphs {
public:
  explicit CallerGraphs(ASTContext &Ctx) : Ctx(Ctx) {}
  const CoroutineCFG &of(const FunctionDecl &Caller);

private:
  ASTContext &Ctx;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<CoroutineCFG>> Graphs;
};

/// True when the task \p Call returns, kept as \p Fate, is waited for (see
/// the file comment) on every path of \p CallerGraph (the graph of the
/// function holding \p Call, built with CoroutineCFG::AnyBody) from where it
/// is kept to the end of the lifetime of the caller's local \p Var.
bool waitedBeforeLenderDies(const CallExpr &Call, const TaskFate &Fate,
                            const VarDecl &Var, const RoleLookup &Roles,
                            const CoroutineCFG &CallerGraph);

/// True when the task \p Call returns, kept as \p Fate, may still run after
/// what \p Lent lends has died:
/// - returned: always;
/// - lent a temporary: unless it is a lazy task kept by a local that is not
///   named after the call (nobody starts it);
/// - lent a local: unless it is waited for before the local dies
///   (waitedBeforeLenderDies, when \p CallerGraph is given and valid), or it
///   is not an eager task and is kept by a local that is not used after the
///   scope of the lender ends (nobody starts it again); off the graph, a spawned task whose handle is
///   dropped is safe when a `runner` call follows in the lender's scope
///   (`co_spawn(ctx, f(local), detached); ctx.run();`).
bool mayOutlive(const CallExpr &Call, const TaskFate &Fate, const Lender &Lent,
                const RoleLookup &Roles, ASTContext &Ctx,
                const CoroutineCFG *CallerGraph);

} // namespace clang::tidy::corolint::analysis

#endif
