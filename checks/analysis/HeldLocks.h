//===----------------------------------------------------------------------===//
//
// Held locks: "which synchronous locks may be held when this coroutine
// suspends?"
//
// A forward may-analysis over the coroutine's CFG (CoroutineCFG), whose
// lattice is one bit per tracked lock ("may be held here"), joined by OR.
// Two kinds of locks are tracked:
//   - guards: local objects (by value, automatic storage) of a class with
//     the `thread_lock` role (the built-in std::lock_guard, std::unique_lock,
//     std::scoped_lock and std::shared_lock, annotations, `.corolint.yaml`),
//     of a class with Clang's `scoped_lockable` attribute, or of a class
//     named in HeldLockOptions::ExtraLockTypes; never a class with the
//     `async_lock` role. A guard holds its lock from its declaration to the
//     end of its lifetime, except that a std wrapper constructed empty
//     (default, std::defer_lock) holds nothing, `unlock()` and `release()`
//     let go, `lock()`/`try_lock*()` take it again, a move (`std::move(g)`
//     into another guard, a function or a capture) hands it over,
//     `swap` exchanges, and assigning a new wrapper replaces it; a guard
//     the awaited operand takes by non-const reference (`co_await
//     lock_awaiter(*this, lock)`) is the awaiter's at that suspension (it
//     releases it in `await_suspend`, the condition-variable pattern), and
//     may hold again after resuming;
//   - manual locks: a mutex object locked by a call the built-in table (or a
//     role) classifies as a lock acquisition (`m.lock()`,
//     `m.lock_shared()`, `pthread_mutex_lock(&m)`, `std::lock(a, b)`) or by
//     a method with the `acquire_capability` attribute, held until the
//     matching `unlock()`/`unlock_shared()`/`pthread_*_unlock(&m)` or a
//     `release_capability` method on the same object (named by the same
//     variable or member chain).
// Locks are tracked by what is live on the path, not by lexical scope: a
// suspension inside an initialiser, an assignment, an argument or a
// condition (`int x = co_await f();`) is seen at its place in the
// evaluation order.
//
// Certainty: "may", flow-sensitive, not path-sensitive (a lock taken under a
// condition counts on the paths after it; `try_lock` counts as taking it).
// Exceptional edges are not modelled. Aliases are not followed: a mutex
// locked through a reference or pointer is a different name from the
// object itself; a guard passed by reference to a function that unlocks it
// still counts as held. Dependent bodies give no facts.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_HELDLOCKS_H
#define COROLINT_CHECKS_ANALYSIS_HELDLOCKS_H

#include "CoroutineCFG.h"
#include "Roles.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"

#include <string>
#include <vector>

namespace clang::tidy::corolint::analysis {

/// One lock that a coroutine body takes.
struct TrackedLock {
  enum Kind {
    Guard,  ///< a local lock guard object (\p Var)
    Manual, ///< a mutex locked by a call (\p Acquire)
  };
  Kind K = Guard;
  /// The guard (Guard only).
  const VarDecl *Var = nullptr;
  /// The first call in source order that locks the mutex (Manual only).
  const Expr *Acquire = nullptr;
  /// The guard's or the mutex's name as written (`guard`, `mtx_`).
  std::string Name;
  /// Where the lock is taken, for notes: the guard's declaration, or the
  /// first locking call.
  SourceLocation Loc;
};

/// A suspension point reached with locks that may be held.
struct LockedSuspension {
  const SuspensionPoint *Suspension = nullptr;
  /// Indices into HeldLocks::locks(), in the order the locks are taken
  /// (by source location).
  llvm::SmallVector<unsigned, 2> Held;
};

struct HeldLockOptions {
  /// Qualified class names (as roleQualifiedName spells them, without
  /// template arguments) whose objects hold a thread lock while alive.
  llvm::StringSet<> ExtraLockTypes;
};

/// True when objects of \p T (by value) are lock guards as HeldLocks
/// tracks them: the `thread_lock` role, the `scoped_lockable` attribute,
/// or a name in \p Extra; never with the `async_lock` role.
bool isThreadLockType(QualType T, const RoleLookup &Roles,
                      const llvm::StringSet<> &Extra);

/// The held-lock facts of one coroutine, computed on construction.
class HeldLocks {
public:
  HeldLocks(const CoroutineCFG &CFG, const RoleLookup &Roles,
            const HeldLockOptions &Options);

  llvm::ArrayRef<TrackedLock> locks() const { return Locks; }
  /// The suspension points at which some lock may be held, in source order.
  llvm::ArrayRef<LockedSuspension> lockedSuspensions() const {
    return Suspensions;
  }

private:
  std::vector<TrackedLock> Locks;
  std::vector<LockedSuspension> Suspensions;
};

} // namespace clang::tidy::corolint::analysis

#endif
