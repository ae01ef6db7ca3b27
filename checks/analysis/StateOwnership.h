//===----------------------------------------------------------------------===//
//
// State ownership: "can anything but this one activation of the coroutine
// falsify a fact it checked about this state?"
//
// A check-then-act span (UnguardedSpans) is a race only when some other code
// can run during the suspension and change what the condition checked. Two
// things can: another activation of the same coroutine on the same state
// (two `writer()` coroutines popping one queue), or other code writing the
// state in a way that falsifies the fact (another consumer popping it). A
// write of another kind cannot: pushing onto a queue never makes a
// non-empty queue empty, erasing a key never makes a missing key present.
//
// The coroutine owns the fact when both are ruled out:
//   - one activation per owner: for a member reached through `this`, the
//     coroutine's class is defined in the main file (no other translation
//     unit calls it), it has exactly one call site, and that call runs at
//     most once per object: on a fresh object (`make_shared<T>(...)->f()`,
//     `T(...).f()`), or on the caller's own object (`this`, a capture of
//     `this` or `shared_from_this()`) outside any loop, in a caller that runs
//     once per object itself (or a lambda handed to a spawn, detached or
//     offload function, which runs it once). For a reference parameter, the
//     coroutine has exactly one call site, outside any loop, which binds it
//     to a local variable of the caller: one activation per caller
//     activation.
//   - no falsifying write elsewhere: every write to the field (anywhere in
//     the TU) or to the caller's local (outside the call) is of a kind that
//     cannot falsify a check acted on by a write of the act's kind. Kinds
//     are insert, remove, increase, decrease and other; only a write of the
//     act's own kind (or `other`, or an unknown use such as passing it by
//     non-const reference) falsifies.
//
// Certainty: syntactic and per TU, and deliberately narrow: any call site,
// escape or use it cannot classify keeps the finding. It does not follow
// pointers, aliases or containers of objects.
//
// This file never emits diagnostics.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_STATEOWNERSHIP_H
#define COROLINT_CHECKS_ANALYSIS_STATEOWNERSHIP_H

#include "CallSites.h"
#include "Roles.h"
#include "SharedState.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

namespace clang::tidy::corolint::analysis {

/// How a write changes a piece of state, as far as a checked fact goes.
enum class WriteKind {
  Insert,   ///< push_back, emplace, insert, try_emplace, ...
  Remove,   ///< pop_front, pop, erase, extract, clear, ...
  Increase, ///< ++, +=, fetch_add
  Decrease, ///< --, -=, fetch_sub
  Other,    ///< assignment, any other mutation, or not known
};

/// The kind of the write \p Write (an assignment, ++/--, or a call).
WriteKind writeKindOf(const Expr &Write);

/// True when, in \p Coroutine, the fact a condition checked about \p Location
/// and that \p Act acts on can only be changed by this activation (see the
/// file comment).
bool ownsCheckedFact(const FunctionDecl &Coroutine,
                     const SharedLocation &Location, const Expr &Act,
                     const CallSiteIndex &Calls, const RoleLookup &Roles,
                     ASTContext &Ctx);

} // namespace clang::tidy::corolint::analysis

#endif
