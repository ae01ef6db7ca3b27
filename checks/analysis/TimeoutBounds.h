//===----------------------------------------------------------------------===//
//
// Timeout bounds: is an awaited operation bounded in time, and by what.
//
// An operation with role `needs_timeout` (a socket read, a connect, an RPC)
// waits on something outside the program. It is *bounded* when one of these
// holds, tried in this order:
//   1. BoundingArgument: the call itself passes a duration, a time point, a
//      deadline or a stop token (the recognised types are configurable), or
//      an object of a class with role `timeout` (a completion token that
//      carries a deadline, `asio::cancel_after(5s)`);
//   2. TimeoutArgument: its result flows -- directly, through combinator
//      arguments, std::move or a local variable -- into an argument of a
//      `timeout` function, or is the object of a `timeout` method
//      (`aio::timeout(5s, sock.read(buf))`, `op.with_timeout(5s)`);
//   3. TimeoutScope: it is awaited while a local object whose class has role
//      `timeout` is alive (declared earlier in an enclosing block);
//   4. BoundedCallers: it is awaited in a coroutine every call of which, in
//      this TU, is itself bounded by 1-4 (recursively; at least one call).
// A coroutine with no callers in the TU, one whose address escapes, or a
// virtual one is not bounded by 4: it may be called from anywhere.
//
// Certainty: the analysis is syntactic and flow-insensitive. A bound counts
// when the structure above is present, whatever the path taken at run time;
// a local counts as bounded only when all its uses are. Rule 4 is
// interprocedural within one TU only (calls from other TUs are unknown; a
// function with external linkage whose in-TU calls are all bounded is taken
// as bounded).
//
// This file never emits diagnostics: it derives facts that checks word.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_TIMEOUTBOUNDS_H
#define COROLINT_CHECKS_ANALYSIS_TIMEOUTBOUNDS_H

#include "CallSites.h"
#include "Roles.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::corolint::analysis {

/// Names of the types whose presence among a call's arguments bounds it: a
/// duration, a time point, a deadline, a stop token. An entry is a qualified
/// name as roleQualifiedName spells it (`std::chrono::duration`, template
/// arguments dropped) or, when it contains `*`, a case-insensitive wildcard
/// pattern matched against the class's plain name (`*deadline*`).
class BoundingTypes {
public:
  explicit BoundingTypes(llvm::ArrayRef<llvm::StringRef> Names);
  /// True when the class behind \p T (references, cv-qualifiers and
  /// typedefs looked through; not pointers) is one of the bounding types.
  bool matches(QualType T) const;

  /// The default list, `;`-separated, for the check option.
  static constexpr const char *Defaults =
      "std::chrono::duration;std::chrono::time_point;std::stop_token;"
      "std::stop_source;*deadline*;*stop_token*;*cancellation_token*";

private:
  std::vector<std::string> Exact;
  std::vector<std::string> Patterns; ///< lower-cased
};

/// How an operation is bounded.
enum class BoundKind {
  None,             ///< nothing bounds it
  BoundingArgument, ///< rule 1: the call passes a duration/deadline/token
  TimeoutArgument,  ///< rule 2: it flows into a `timeout` function's argument
  TimeoutScope,     ///< rule 3: awaited while a `timeout` object is alive
  BoundedCallers,   ///< rule 4: every call of its coroutine is bounded
};

/// Why an operation is not bounded (BoundKind::None): what is true of the
/// outermost function of the chain (or of the operation itself).
enum class UnboundedReason {
  NoCallers,   ///< the function has no call in the TU
  Escapes,     ///< the function is referenced other than by a direct call
  Virtual,     ///< the function may be called by dynamic dispatch
  NotAwaited,  ///< the value is used in a way that is not an await (spawned,
               ///< stored, ...), so no caller's timeout covers it
  Cycle,       ///< only called from a recursion with no bounded entry
  TooDeep,     ///< the call chain exceeds the analysis depth
};

/// One unbounded hop of a call chain: \p Callee is called at \p Call and that
/// call is not bounded.
struct UnboundedCall {
  const CallExpr *Call = nullptr;
  const FunctionDecl *Callee = nullptr;
};

/// The fact: whether an operation is bounded, and the witness either way.
struct TimeoutBound {
  BoundKind Kind = BoundKind::None;
  /// The bounding argument (BoundingArgument), the timeout call
  /// (TimeoutArgument), or nullptr.
  const Expr *Witness = nullptr;
  /// The live timeout object (TimeoutScope).
  const VarDecl *Scope = nullptr;

  /// For None: the unbounded call sites from the innermost coroutine
  /// outwards (empty when the awaiting coroutine itself has no callers or
  /// the operation is not awaited), and what ends the chain.
  std::vector<UnboundedCall> Chain;
  UnboundedReason Reason = UnboundedReason::NoCallers;
  /// The function that ends the chain (has no callers, escapes, ...).
  const FunctionDecl *Outermost = nullptr;
  /// For Escapes: the reference through which it escapes.
  const Expr *EscapeRef = nullptr;

  bool isBounded() const { return Kind != BoundKind::None; }
};

/// A needs_timeout operation awaited by one co_await.
struct AwaitedOperation {
  const CallExpr *Call = nullptr;       ///< the needs_timeout call
  const FunctionDecl *Callee = nullptr; ///< its callee (role needs_timeout)
  const CoroutineSuspendExpr *Await = nullptr;
  /// How the result reaches the co_await: for a result kept in a local, the
  /// reference to the local inside the co_await operand.
  llvm::SmallVector<const DeclRefExpr *, 1> Via;
};

/// Counters, for tests and tuning.
struct TimeoutBoundsStats {
  unsigned FunctionsEvaluated = 0; ///< rule-4 evaluations (memo misses)
  bool CallSitesIndexed = false;
};

/// Timeout bounds for one translation unit. Results of rule 4 are memoized
/// per function; the call-site index is built on first need.
class TimeoutBoundsAnalysis {
public:
  /// \p CallSites provides the TU's call-site index when the analysis
  /// first needs it (rule 4); without it the analysis builds its own.
  TimeoutBoundsAnalysis(
      ASTContext &Ctx, const RoleLookup &Roles, BoundingTypes Types,
      std::function<const CallSiteIndex &()> CallSites = nullptr);
  ~TimeoutBoundsAnalysis();

  /// The needs_timeout operations \p Await waits for: its operand when that
  /// is a needs_timeout call, a local initialised from one, or such a call
  /// or local among the arguments of the operand's calls (combinators,
  /// timeout functions), looking through std::move and temporaries.
  llvm::SmallVector<AwaitedOperation, 1>
  awaitedOperations(const CoroutineSuspendExpr &Await);

  /// The entry point: is \p Op bounded, and by what.
  TimeoutBound boundOf(const AwaitedOperation &Op);

  /// Rule 4 alone: are all calls of \p FD in the TU bounded?
  TimeoutBound callersBound(const FunctionDecl *FD);

  const TimeoutBoundsStats &stats() const { return Stats; }

private:
  struct Evaluation;
  Evaluation evaluateValue(const Expr &Value,
                           llvm::ArrayRef<const DeclRefExpr *> Via,
                           unsigned Depth);
  Evaluation evaluateFunction(const FunctionDecl *FD, unsigned Depth);
  Evaluation evaluateLocal(const VarDecl &Var, unsigned Depth);
  const Expr *boundingArgument(const CallExpr &Call) const;
  const CallSiteIndex &callSites();

  ASTContext &Ctx;
  const RoleLookup &Roles;
  BoundingTypes Types;
  std::function<const CallSiteIndex &()> SharedCallSites;
  std::optional<CallSiteIndex> Index;
  struct Memo;
  std::unique_ptr<Memo> Memoized;
  TimeoutBoundsStats Stats;
};

} // namespace clang::tidy::corolint::analysis

#endif
