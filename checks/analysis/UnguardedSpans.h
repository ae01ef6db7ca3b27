//===----------------------------------------------------------------------===//
//
// Unguarded spans: shared state read before a suspension point and written
// after it, on one control-flow path, where the write depends on the read.
//
// Between the read and the write the coroutine is suspended, so any other
// coroutine may run and change the state: the write then acts on a stale
// value (a lost update) or on a stale fact (check-then-act). An async lock
// held across the whole span rules this out.
//
// The analysis is flow-sensitive, not path-sensitive: it runs a forward
// may-dataflow over the coroutine's CFG (CoroutineCFG; built only for bodies
// with a suspension point and a write to shared state that something read),
// so it knows the order of reads, suspensions and writes and follows values
// through local variables, but it does not evaluate branch conditions: two
// branches that can never both be taken still count as one path.
//
// This file never emits diagnostics: it derives facts that checks word.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_UNGUARDEDSPANS_H
#define COROLINT_CHECKS_ANALYSIS_UNGUARDEDSPANS_H

#include "CoroutineCFG.h"
#include "SharedState.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <vector>

namespace clang::tidy::corolint::analysis {

/// One finding: \p ReadLocation is read at \p Read, the coroutine suspends at
/// \p Suspension, and \p Write then writes \p Location depending on the read.
struct UnguardedSpan {
  enum Kind {
    /// The written value is computed from the read (directly, or through
    /// local variables): `auto cur = value; co_await f(); value = cur + 1;`.
    LostUpdate,
    /// The write acts on a fact a condition checked before the suspension:
    /// it inserts, erases or updates the element or variable the condition
    /// examined, under that condition:
    /// `if (!cache.contains(k)) { auto v = co_await load(k); cache[k] = v; }`,
    /// `if (balance >= n) { co_await audit(); balance -= n; }`.
    CheckThenAct,
  };
  /// How sure the fact is about the suspension between read and write.
  enum Certainty {
    /// Every path from the read to the write passes a suspension point.
    Always,
    /// Some path does; on another the write uses a value read after the
    /// last suspension (for example in a later loop iteration).
    OnSomePath,
  };

  SharedLocation Location;          ///< what is written
  SharedLocation ReadLocation;      ///< what is read: Location or overlapping
  const Expr *Read = nullptr;       ///< the read (a location expression)
  const Expr *Suspension = nullptr; ///< a co_await/co_yield on the path
  const Expr *Write = nullptr;      ///< the assignment, ++/-- or call
  Kind K = LostUpdate;
  Certainty C = Always;
};

/// Counters for the cost model: how often the expensive parts ran.
struct UnguardedSpanStats {
  unsigned Coroutines = 0;   ///< bodies looked at
  unsigned CFGsBuilt = 0;    ///< bodies whose CFG was needed
  unsigned SharedReads = 0;  ///< reads tracked through the dataflow
  unsigned SharedWrites = 0; ///< writes to shared state checked
  unsigned BlockVisits = 0;  ///< dataflow block transfers until fixpoint
  unsigned Spans = 0;        ///< findings returned
};

/// Is this local an async lock guard (a live object means an async mutex is
/// held)? Typically: its type has role async_lock.
using IsAsyncLockGuardFn = llvm::function_ref<bool(const VarDecl &)>;

/// Finds the unguarded read -> suspension -> write spans of coroutine
/// \p Coroutine (a function or a coroutine lambda's call operator; dependent
/// bodies are skipped, their instantiations are analysed). At most one span
/// is returned per write: the earliest read it depends on.
///
/// A span is dropped when a local guard (\p IsAsyncLockGuard) is declared
/// before the read in a scope that encloses the read, the suspension and the
/// write.
///
/// Where the CFG of a coroutine comes from when one is needed (a per-TU
/// cache shared with other checks); without one the analysis builds its own.
using CoroutineCFGProvider =
    llvm::function_ref<const CoroutineCFG &(const FunctionDecl &)>;

/// The CFG is needed (asked of \p GraphOf, or built) at most once per call,
/// and only when the body has a suspension point and writes shared state it
/// also reads.
std::vector<UnguardedSpan>
findUnguardedSpans(const FunctionDecl &Coroutine, ASTContext &Ctx,
                   IsAsyncLockGuardFn IsAsyncLockGuard,
                   UnguardedSpanStats *Stats = nullptr,
                   CoroutineCFGProvider GraphOf = nullptr);

/// The same on an already built graph (\p Graph.coroutine() is analysed).
std::vector<UnguardedSpan>
findUnguardedSpans(const CoroutineCFG &Graph,
                   IsAsyncLockGuardFn IsAsyncLockGuard,
                   UnguardedSpanStats *Stats = nullptr);

} // namespace clang::tidy::corolint::analysis

#endif
