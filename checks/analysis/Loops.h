//===----------------------------------------------------------------------===//
//
// Loops: how many times a loop runs, what leaves it, and what one iteration
// hands to the next.
//
// The methodology hints (unbounded-concurrency, loop-without-suspension,
// busy-wait, sequential-await) all start from a loop and ask the same
// questions: is its trip count a small constant, the size of a collection
// known only at run time, or unbounded; which statements leave it early
// (the first success of a retry loop); which variables declared outside it
// does it change (a cursor threaded through, a connection written in order);
// where does it suspend.
//
// Certainty: syntactic. A trip count is Constant only when the compiler can
// evaluate it (an array's extent, an initializer list, a counted `for` with
// constant bounds); a loop over any other range, or counted up to a
// collection's size, is Collection; one counted up to another value is
// RuntimeBound; every other loop is Unbounded.
// "Modified" is may-modify, by the statements written in the loop (writes,
// increments, non-const references and methods): what functions called from
// the loop do to state they reach on their own is not seen. Nested lambdas
// are not entered: their bodies run when and where they are called.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_LOOPS_H
#define COROLINT_CHECKS_ANALYSIS_LOOPS_H

#include "Roles.h"
#include "SuspensionPoints.h"
#include "TimeoutBounds.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <string>
#include <vector>

namespace clang::tidy::corolint::analysis {

/// True for `for`, range-based `for`, `while` and `do` statements.
bool isLoop(const Stmt &S);

/// The body of loop \p Loop (nullptr when \p Loop is not a loop).
const Stmt *loopBody(const Stmt &Loop);

/// The condition of \p Loop; nullptr for a range-based `for` and for
/// `for (;;)`.
const Expr *loopCondition(const Stmt &Loop);

/// How many times a loop runs.
struct TripCount {
  enum Kind {
    Constant,     ///< a count known at compile time (Count)
    Collection,   ///< once per element of a range whose size only run time
                  ///< knows, or counted up to a collection's size or end
                  ///< (`i < v.size()`, `it != v.end()`); Range: the range
                  ///< or the bound
    RuntimeBound, ///< counted up to a value that is not a collection's size
                  ///< (`i < workers`): a number someone chose; Range: the
                  ///< bound
    Unbounded,    ///< until a condition becomes true (`while`, `do`,
                  ///< `for (;;)`, a `for` that is not a counted loop)
  };
  /// Collection or RuntimeBound.
  bool isRuntimeSized() const { return K == Collection || K == RuntimeBound; }
  Kind K = Unbounded;
  std::uint64_t Count = 0;
  const Expr *Range = nullptr;
};

/// Classifies the trip count of \p Loop. Range-based `for`: Constant over a
/// constant-size array, a `std::array` or a braced list; Collection over
/// anything else. `for (init; i OP bound; step i)`: Constant when the
/// initial value and the bound are constants; Collection when the bound is
/// a call (`v.size()`, `v.end()`, `std::size(v)`) or `i` is an iterator;
/// RuntimeBound otherwise. `while (false)` runs 0 times and `do ... while
/// (false)` once (Constant). Any other loop: Unbounded.
TripCount tripCount(const Stmt &Loop, ASTContext &Ctx);

/// The variables that take a new value each iteration because the loop
/// says so: a range-based `for`'s loop variable, a counted `for`'s counter.
llvm::SmallVector<const VarDecl *, 2> inductionVariables(const Stmt &Loop);

/// The statements inside \p Loop that leave it before its condition says
/// so: `break` (not one of a nested loop or switch), `return`, `co_return`,
/// `goto` and `throw`, in source order. Nested lambdas are not entered.
llvm::SmallVector<const Stmt *, 2> loopExits(const Stmt &Loop);

/// The suspension points of \p Loop's condition, increment and body, in
/// source order (nested lambdas not entered).
llvm::SmallVector<SuspensionPoint, 4> suspensionPointsIn(const Stmt &Loop);

/// What statements written inside a scope may change.
struct Modifications {
  /// Variables (locals, parameters, globals, static members) assigned,
  /// incremented, bound to a non-const reference or pointer, or the object
  /// of a non-const member call.
  llvm::SmallPtrSet<const VarDecl *, 8> Variables;
  /// Fields written directly (`this->x = ...`, `x++`).
  llvm::SmallPtrSet<const FieldDecl *, 8> Fields;
  /// True when a non-const member function is called on `this` (explicitly
  /// or implicitly) or `this` is passed on: any field may change.
  bool ThisState = false;
  /// True when the scope calls a function that is neither a const member
  /// nor a constexpr function: globals may change.
  bool OpaqueCall = false;

  bool modifies(const VarDecl *V) const { return Variables.contains(V); }
};

/// What the statements of \p Scope may change (nested lambdas not entered).
Modifications modificationsIn(const Stmt &Scope);

/// The variables (locals, parameters, globals) and fields an expression
/// reads or refers to, and whether it refers to `this`.
struct References {
  llvm::SmallPtrSet<const VarDecl *, 8> Variables;
  llvm::SmallPtrSet<const FieldDecl *, 8> Fields;
  bool This = false;
  /// True when \p S calls a function (not counting implicit conversions,
  /// constructors and destructors).
  bool Calls = false;
};

/// What \p S refers to (nested lambdas not entered).
References referencesIn(const Stmt &S);

/// The loops of \p Body, outer before inner, nested lambdas not entered.
llvm::SmallVector<const Stmt *, 8> loopsIn(const Stmt &Body);

/// The innermost loop around \p S inside the same function or lambda body
/// (nullptr when there is none).
const Stmt *enclosingLoop(const Stmt &S, ASTContext &Ctx);

/// True when \p T (references, cv-qualifiers and typedefs looked through)
/// is a `std::chrono::duration` or `std::chrono::time_point`.
bool isDurationOrTimePoint(QualType T);

/// True when \p T is a `std::atomic`, a `std::atomic_flag`, an
/// `std::atomic_ref` or volatile: another thread may change it.
bool isAtomicOrVolatile(QualType T);

//===----------------------------------------------------------------------===//
// Awaits that pace a loop
//===----------------------------------------------------------------------===//

/// The call an awaited operand makes, through wrappers and `std::move`
/// (`co_await fetch(u)`, `co_await std::move(op)` gives nullptr: no call
/// starts a new operation there); nullptr for a variable or a member.
const CallExpr *awaitedCall(const SuspensionPoint &SP);

/// The objects of \p Scope on which a method is called with a duration or
/// time point argument (`timer.expires_after(1s)`): timers armed there.
llvm::SmallPtrSet<const Decl *, 4> armedTimers(const Stmt &Scope);

/// True when awaiting \p Call only waits for time to pass: its callee has
/// role `sleep`; or, structurally, it passes a duration or time point, has
/// no awaitable argument and no `timeout` role (`schedule_after(10ms)`); or
/// it is a method of a timer in \p Armed (`co_await timer.async_wait()`).
bool isSleepCall(const CallExpr &Call, const RoleLookup &Roles,
                 ASTContext &Ctx,
                 const llvm::SmallPtrSet<const Decl *, 4> *Armed = nullptr);

/// The classes that bound concurrency: role `limiter`, or a name of the
/// check option `LimiterTypes` (qualified names, or `*` patterns on the
/// class name, as BoundingTypes matches them).
class LimiterTypes {
public:
  LimiterTypes(const RoleLookup &Roles, llvm::ArrayRef<llvm::StringRef> Names);
  bool matches(QualType T) const;
  /// True when an expression of \p S (nested lambdas' bodies and the
  /// definitions of the coroutines \p S calls, one level, included) has a
  /// limiter type: a task given a semaphore, or one acquiring a permit.
  bool mentionedIn(const Stmt &S) const;
  /// True when \p SP acquires a permit: its result is of a limiter type,
  /// or it awaits a method of a limiter (`co_await sem.acquire()`).
  bool acquiredBy(const SuspensionPoint &SP) const;

  /// The default of `LimiterTypes`, `;`-separated.
  static constexpr const char *Defaults =
      "*semaphore*;*limiter*;*rate_limit*;*throttle*";

private:
  bool mentionedIn(const Stmt &S, unsigned Depth) const;
  const RoleLookup &Roles;
  /// The names of `LimiterTypes`, matched as missing-timeout matches its
  /// bounding types (one matcher of class names for both).
  BoundingTypes Names;
};

} // namespace clang::tidy::corolint::analysis

#endif
