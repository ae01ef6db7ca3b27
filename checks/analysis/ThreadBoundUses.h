//===----------------------------------------------------------------------===//
//
// Thread-bound uses: "does this coroutine use a value that belongs to the
// thread it runs on both before and after one of its suspension points?"
//
// A coroutine may resume on another thread than the one it suspended on (a
// thread pool, a strand that hops, an executor switch). Three kinds of
// values belong to the thread that evaluates them:
//   - a `thread_local` variable (or `__thread`), named directly;
//   - a local reference or pointer initialised from one (`auto &r = tl;`,
//     `int *p = &tl.count;`): a use of the alias is a use of that thread's
//     object;
//   - `std::this_thread::get_id()`, and a local initialised from it (the id
//     of the thread that evaluated it).
// A thread_local is *thread-bound across a suspension* when one use of it
// reaches another use of it (the same one, around a loop, included) on a
// CFG path that passes a suspension point (CoroutineCFG::suspensionBetween).
// A thread's id is a value, not an object: asking again after resuming
// (`get_id()` once more) reads the current thread and is what the check
// recommends, so only a local that kept the id from before the suspension
// is stale, and comparing that kept id with the current one (`==`, `!=`
// against a `get_id()` call or a local taken from one with no suspension
// in between) is the code asking whether it moved, not assuming it did not.
//
// Only uses written in the coroutine's own body count: lambdas written in
// it are not entered (a callable handed to an offload function runs on its
// own thread; one called inline is a known false negative). Certainty:
// "may", flow-sensitive, not path-sensitive. Aliases through members,
// containers or function results are not followed.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_THREADBOUNDUSES_H
#define COROLINT_CHECKS_ANALYSIS_THREADBOUNDUSES_H

#include "CoroutineCFG.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

#include <vector>

namespace clang::tidy::corolint::analysis {

/// A value that belongs to the running thread.
struct ThreadBoundValue {
  /// The thread_local variable; nullptr for the thread's id.
  const VarDecl *ThreadLocal = nullptr;
  /// The `std::this_thread::get_id` declaration, for the thread's id.
  const FunctionDecl *ThreadId = nullptr;
};

/// One value used on both sides of a suspension point.
struct ThreadBoundAcrossSuspension {
  ThreadBoundValue Value;
  const Expr *Before = nullptr; ///< a use before the suspension
  const Expr *After = nullptr;  ///< a use it reaches through the suspension
  /// The alias the later use goes through (`r` in `auto &r = tl;`);
  /// nullptr when it names the value itself.
  const VarDecl *Alias = nullptr;
  const SuspensionPoint *Suspension = nullptr;
};

/// For each thread-bound value of \p CFG's coroutine used across a
/// suspension, the first such pair (by the later use's source order), in
/// source order of the later uses.
std::vector<ThreadBoundAcrossSuspension>
threadBoundAcrossSuspensions(const CoroutineCFG &CFG);

} // namespace clang::tidy::corolint::analysis

#endif
