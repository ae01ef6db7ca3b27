//===----------------------------------------------------------------------===//
//
// Blocking calls: "does evaluating this call or construction block the
// calling thread, and why?"
//
// A call blocks when its callee carries the `blocking` or `runner` role
// (annotation, `.corolint.yaml` or the built-in table), or is named in an
// extra list of qualified names (a check option), and does not carry the
// `non_blocking` role. What it does (BlockingKind) is read from the kind
// column of BuiltinRoles.def: a lock acquisition for the mutex and lock
// wrapper rows, a wait otherwise. Some built-in rows are refined by their
// arguments:
//   - the owning lock wrappers (std::lock_guard, std::unique_lock,
//     std::scoped_lock, std::shared_lock) block only when they lock: not when
//     default-constructed, moved, or constructed with std::defer_lock,
//     std::try_to_lock or std::adopt_lock;
//   - descriptor calls that cannot wait do not block: socket calls whose
//     flags include MSG_DONTWAIT (at the call, or put in the flags variable
//     passed), `poll`/`epoll_wait` with a zero timeout, and, when the
//     classifier is given the TU's NonBlockingDescriptors, a read, write,
//     send, recv, accept or connect on a descriptor with non-blocking
//     evidence (see NonBlockingDescriptors.h for its certainty);
//   - reading from std::cin (`std::cin >> x`, `std::getline(std::cin, s)`,
//     `std::cin.get()`, ...) blocks until the user types.
//
// The classification is per call site and purely syntactic: it says nothing
// about whether the call is reached. It never emits diagnostics.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_BLOCKINGCALLS_H
#define COROLINT_CHECKS_ANALYSIS_BLOCKINGCALLS_H

#include "Roles.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringSet.h"

#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::corolint::analysis {

class NonBlockingDescriptors;

/// What a blocking call does to the thread that makes it.
enum class BlockingKind {
  Blocks,     ///< waits (sleep, I/O, join, future::get, ...)
  Locks,      ///< acquires a thread mutex (lock(), an owning lock wrapper):
              ///< a short critical section unless held long elsewhere
  ReadsStdin, ///< waits for the user to type on std::cin
  RunsLoop,   ///< drives a nested event loop to completion (`runner` role)
};

/// Where the knowledge that the call blocks comes from.
enum class BlockingSource {
  Role,       ///< the callee's `blocking`/`runner` role (any role source)
  Configured, ///< the callee is in the caller-supplied list of names
  Stdin,      ///< the stream argument is std::cin
};

/// One call site that blocks the calling thread.
struct BlockingCall {
  const Expr *Site = nullptr;             ///< CallExpr or CXXConstructExpr
  const FunctionDecl *Callee = nullptr;   ///< the function or constructor
  BlockingKind Kind = BlockingKind::Blocks;
  BlockingSource Source = BlockingSource::Role;
  /// The qualified name of the callee as users write it in configuration
  /// (`std::this_thread::sleep_for`, `std::lock_guard`); "std::cin" for a
  /// read from std::cin.
  std::string Name;
  /// What happens, for messages: "call to 'std::this_thread::sleep_for'",
  /// "call to 'std::lock_guard' constructor", "read from 'std::cin'".
  std::string Description;
};

/// Classifies call sites of one translation unit. Cheap to build; keeps
/// references to \p Roles and \p ExtraNames, which must outlive it.
class BlockingClassifier {
public:
  /// \p ExtraNames: qualified names (as roleQualifiedName spells them, a
  /// leading "::" allowed) that block in addition to the roles.
  /// \p Descriptors, when given, supplies the evidence that a
  /// descriptor is non-blocking.
  BlockingClassifier(const RoleLookup &Roles,
                     const llvm::StringSet<> &ExtraNames,
                     NonBlockingDescriptors *Descriptors = nullptr)
      : Roles(Roles), ExtraNames(ExtraNames), Descriptors(Descriptors) {}

  /// The blocking fact for \p E when it is a CallExpr (including member and
  /// operator calls) or a CXXConstructExpr that blocks; std::nullopt
  /// otherwise, and for dependent or indirect calls.
  std::optional<BlockingCall> classify(const Expr &E) const;

  const RoleLookup &roles() const { return Roles; }

private:
  std::optional<BlockingCall> classifyCall(const CallExpr &Call) const;
  std::optional<BlockingCall>
  classifyConstruct(const CXXConstructExpr &Construct) const;
  /// A member call named after the class of its object rather than the
  /// class that declares the member (an implementation base).
  std::optional<BlockingCall> byObjectClass(const CallExpr &Call,
                                            const FunctionDecl &Callee) const;
  /// The role- or name-based classification of \p FD alone.
  std::optional<BlockingCall> byRoleOrName(const FunctionDecl &FD,
                                           const Expr &Site) const;

  /// A descriptor call that cannot wait (see the file comment).
  bool isNonBlockingDescriptorCall(const CallExpr &Call,
                                   const FunctionDecl &Callee) const;

  const RoleLookup &Roles;
  const llvm::StringSet<> &ExtraNames;
  NonBlockingDescriptors *Descriptors;
};

/// The descriptor argument of \p Fact when it is a POSIX descriptor call
/// (read, write, send, recv and variants, accept, connect); nullptr
/// otherwise.
const Expr *descriptorArgument(const BlockingCall &Fact);

/// True when \p E is std::cin or std::wcin (an lvalue naming the object).
bool isStdinStream(const Expr *E);

/// True when the callable \p Callable (a lambda or a function reference) is
/// an argument, through implicit conversions, temporaries, copies and
/// std::move, of a call or construction whose callee has the `offload` role:
/// its body runs on another thread (`std::thread t([] { ... })`,
/// `std::async(f)`, `co_await aio::to_thread([] { ... })`). Also true when
/// \p Callable initialises a local variable that is used at least once and
/// only as such an argument (`auto work = [] { ... }; std::thread t(work);`);
/// any other use of the variable (calling it, copying it elsewhere,
/// capturing it, passing it to a function without the role) means it may
/// run on the calling thread, and the answer is false.
bool isOffloadedCallable(const Expr &Callable, ASTContext &Ctx,
                         const RoleLookup &Roles);

/// The call or construction that \p Callable (a lambda or a function
/// reference) is an argument of, through implicit conversions, temporaries,
/// copies and std::move; nullptr when it is used any other way.
const Expr *callTakingCallable(const Expr &Callable, ASTContext &Ctx);

/// The function a call or construction invokes directly; nullptr for calls
/// through pointers and for dependent calls.
const FunctionDecl *directCallee(const Expr &E);

/// Calls \p Visit on every CallExpr and CXXConstructExpr that runs on the
/// calling thread when \p Body runs, in source order (a call before its
/// arguments), until \p Visit returns false. Looks into non-coroutine
/// lambdas written in \p Body (they usually run inline, e.g. as algorithm
/// arguments), but not into lambdas that are coroutines themselves, lambdas
/// handed to an `offload` function (isOffloadedCallable), local classes, or
/// unevaluated operands (sizeof, decltype, noexcept, requires).
void forEachSameThreadCall(const Stmt &Body, ASTContext &Ctx,
                           const RoleLookup &Roles,
                           llvm::function_ref<bool(const Expr &Site)> Visit);

} // namespace clang::tidy::corolint::analysis

#endif
