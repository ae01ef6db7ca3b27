//===----------------------------------------------------------------------===//
//
// Dropped exceptions: when work nobody awaits (a coroutine spawned with a
// detached completion, or with a handler that ignores its exception) ends
// by an exception, is an error lost, or has the work simply ended?
//
// Every exception that can leave such a coroutine (ExceptionEscape) is
// dropped. Most are errors nobody will hear of. Two kinds are not:
//
//   - The cancellation of a timer wait (an awaited call with role `sleep`:
//     `co_await timer.async_wait(use_awaitable)`). A timer fails only when it
//     is cancelled or its executor stops, and work that ends because it was
//     cancelled has lost nothing (asyncio reports no lost exception for a
//     cancelled task either).
//   - The end of a **session**: a coroutine that owns a connection, taking
//     by value the object on which it awaits operations that wait on a peer
//     (role `needs_timeout`: `session(tcp::socket sock)`, spawned per
//     accepted client). When the peer closes, resets or goes silent, those
//     operations throw, and the session is over: that exception means "the
//     client left", and dropping it with the connection is the idiom.
//     Within a session, so is what a *watchdog* throws: a coroutine the
//     session awaits (`co_await (echo(sock) && watchdog(deadline))`) that
//     waits on timers and nothing else, and throws to end the session when
//     its deadline passes.
//
// Everything else that can leave is an error: a connect to another host,
// I/O on an object the coroutine does not own, a `throw` of its own, a call
// whose visible body can throw, an await of anything not recognised.
//
// How a point is read: an escaping `co_await` is looked into through the
// awaited expression. A call with role `sleep` is a timer; one with role
// `needs_timeout` is the peer's when its object (the object of a member
// call, the first argument of a free function: `async_write(sock, ...)`)
// names the owned connection; a call of a coroutine whose body is visible
// is read the same way, a few calls deep, its parameters that receive the
// connection (by reference or moved) standing for it (an awaited coroutine
// from which nothing can leave delivers nothing). An overloaded operator
// combining awaitables ends as its operands do: `a && b` fails when either
// fails, `a || b` (the first to succeed, as Asio's awaitable operators)
// only when both fail. Only by-value parameters of the detached coroutine
// itself own a connection: not a lambda's captures, not a member of
// `*this`.
//
// Certainty: syntactic, as ExceptionEscape. In doubt a point is an error.
//
// This file never emits diagnostics.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_DROPPEDEXCEPTIONS_H
#define COROLINT_CHECKS_ANALYSIS_DROPPEDEXCEPTIONS_H

#include "Roles.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"

namespace clang::tidy::corolint::analysis {

/// The first statement (in source order) of the user body of \p Coroutine,
/// whose exceptions nobody receives, from which an exception that reports an
/// error can leave it; nullptr when every exception that can leave it is the
/// cancellation of a timer or the end of the session it is (see above), or
/// when none can leave.
const Stmt *firstLostErrorPoint(const FunctionDecl &Coroutine,
                                const RoleLookup &Roles);

} // namespace clang::tidy::corolint::analysis

#endif
