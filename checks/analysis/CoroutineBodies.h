//===----------------------------------------------------------------------===//
//
// Coroutine bodies and awaitable types: the shared vocabulary of every check.
//
// A coroutine is a function or lambda whose body contains co_await, co_yield
// or co_return. Task and awaitable types are recognised structurally, so no
// runtime needs to be named: a type with a `promise_type` (a task), a type
// with await_ready/await_suspend/await_resume (an awaiter), or a type with an
// `operator co_await` (an awaitable).
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_COROUTINEBODIES_H
#define COROLINT_CHECKS_ANALYSIS_COROUTINEBODIES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::corolint::analysis {

/// True when \p FD's body makes it a coroutine (including dependent bodies of
/// templates, which are not yet wrapped in a CoroutineBodyStmt).
bool isCoroutine(const FunctionDecl *FD);

/// The statements the user wrote in coroutine \p FD (the body inside the
/// implicit CoroutineBodyStmt), or nullptr when \p FD is not a coroutine.
const Stmt *userBodyOf(const FunctionDecl *FD);

/// The innermost function (a lambda's call operator for lambdas) whose body
/// contains \p S; nullptr at namespace scope.
const FunctionDecl *enclosingFunction(const Stmt &S, ASTContext &Ctx);

/// The innermost *coroutine* whose body contains \p S when executing \p S
/// happens on that coroutine's thread: walks out through non-coroutine
/// lambdas (they usually run inline), but stops at a lambda that is a
/// coroutine itself. nullptr when \p S is not inside a coroutine.
const FunctionDecl *enclosingCoroutine(const Stmt &S, ASTContext &Ctx);

/// True when \p FD is the call operator of a lambda written inside \p Body
/// (by source range): a walk of \p Body that enters non-coroutine lambdas
/// (forEachSameThreadCall) has already seen its calls.
bool isLambdaWrittenIn(const FunctionDecl &FD, const Stmt &Body,
                       const SourceManager &SM);

/// The kind of awaitable a type is, structurally.
enum class AwaitableKind {
  None,
  Task,      ///< has a nested promise_type: a coroutine's return object
  Awaiter,   ///< has await_ready, await_suspend and await_resume
  Awaitable, ///< has a member or free operator co_await
};

/// Classifies the class behind \p T (references and cv-qualifiers ignored;
/// pointers are not awaitable).
AwaitableKind awaitableKind(QualType T, ASTContext &Ctx);
inline bool isAwaitableType(QualType T, ASTContext &Ctx) {
  return awaitableKind(T, Ctx) != AwaitableKind::None;
}

/// How a task or awaitable of a type starts its work, read from its
/// structure.
enum class TaskStart {
  Lazy,    ///< nothing runs until it is awaited
  Eager,   ///< the work has started when the value is returned
  Unknown, ///< the structure does not say
};

/// Classifies the type \p T (references and cv-qualifiers ignored):
/// - a task (a nested `promise_type`) is Lazy when the promise's
///   `initial_suspend` returns an awaiter that always suspends and does
///   nothing in `await_suspend` (`std::suspend_always`: `await_ready` is a
///   constant `false`, `await_suspend` is empty), and Eager when it never
///   suspends (`std::suspend_never`: `await_ready` is a constant `true`);
/// - otherwise, a type with a member function `get`, `wait` or `then` is a
///   future: Eager (the work was started by whoever returned it);
/// - an awaiter or awaitable without a promise (`sleep()`'s result) does its
///   work in `await_suspend`: Lazy;
/// - a task whose `initial_suspend` cannot be read (declared without a
///   visible body or return type, an awaiter that does work when it
///   suspends, such as scheduling the coroutine on an executor) is Unknown,
///   as is a type that is not awaitable.
TaskStart taskStart(QualType T, ASTContext &Ctx);

/// One step of ignoreWrappers: the child of \p E when \p E is a wrapper
/// (parentheses, an implicit cast, a full-expression or temporary node, a
/// copy or move construction from one value), nullptr otherwise.
const Expr *wrappedExpr(const Expr *E);

/// \p E with implicit nodes, parentheses, temporaries and
/// ExprWithCleanups stripped: the expression a user would point at.
const Expr *ignoreWrappers(const Expr *E);

/// The largest expression around \p E that only wraps it (the inverse of
/// ignoreWrappers): the node whose parent uses the value of \p E.
const Expr &outermostWrapper(const Expr &E, ASTContext &Ctx);

/// The calls that produce \p E's value as a *new* object: \p E itself
/// through wrappers, both branches of a conditional (`ok ? f() : g()`) and
/// the right operand of a comma. Only calls that return a prvalue: a call
/// that returns a reference (`tasks.emplace_back(...)`, `t = make()`, a
/// getter of a member) refers to an object that lives elsewhere. Calls of
/// dependent type are skipped. Empty when no branch is such a call.
llvm::SmallVector<const CallExpr *, 2> producingCalls(const Expr *E);

/// True when \p E is the operand of a co_await/co_yield/co_return: the value
/// is consumed by the coroutine machinery.
bool isAwaitedOperand(const Expr &E, ASTContext &Ctx);

/// X when the definition of \p FD (any redeclaration's) is the single
/// statement `return X;`, as for accessors (`return m_fd;`) and awaiters'
/// `await_ready`; nullptr otherwise or when no definition is visible.
const Expr *singleReturnValue(const FunctionDecl *FD);

/// The coroutine that argument \p Arg of a spawn starts: a call of a
/// coroutine (`f(args)`), a coroutine lambda, or a lambda whose body is
/// `return f(args);` with f a coroutine (`[self] { return self->run(); }`),
/// seen through adaptors that hand a new task to another executor or token
/// (`f().via(ex)`, `co_withExecutor(ex, f())`: a call that returns an
/// awaitable and is given one new coroutine task, by value or as an rvalue).
/// Its definition, or nullptr when none is visible.
const FunctionDecl *spawnedCoroutine(const Expr *Arg);

/// The coroutine that spawn call \p Spawn starts: the first of its
/// arguments other than \p Except (its completion token or handler) that
/// spawnedCoroutine resolves, else the object it is called on
/// (`parse(raw).start(callback)`). nullptr when none is visible.
const FunctionDecl *startedCoroutine(const CallExpr &Spawn,
                                     const Expr *Except = nullptr);

} // namespace clang::tidy::corolint::analysis

#endif
