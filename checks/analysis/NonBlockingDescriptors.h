//===----------------------------------------------------------------------===//
//
// Non-blocking descriptors: "is there evidence in this translation unit that
// the file descriptor a POSIX call uses cannot block it?"
//
// A descriptor is named by an *access path* (AccessPath): a root (a
// variable, a parameter, or `this`) and the fields read from it. A
// zero-argument accessor whose body is `return <field>;` stands for that
// field (`sock.native_handle()` is `sock.m_fd`); one whose body is not
// visible is kept as an opaque step. `fds[0]` is the path of `fds`.
//
// Evidence, strongest first:
//   - OpenedNonBlocking: the descriptor was produced by a call whose flags
//     make it non-blocking (`socket(d, SOCK_STREAM | SOCK_NONBLOCK, p)`,
//     `accept4(l, a, n, SOCK_NONBLOCK)`, `open(p, O_RDWR | O_NONBLOCK)`,
//     `eventfd(0, EFD_NONBLOCK)`, `pipe2(fds, O_NONBLOCK)`, ...) and stored
//     in that variable or member (initialiser, assignment, member
//     initialiser; an object constructed from such a call counts for the
//     object);
//   - SetNonBlocking: `fcntl(d, F_SETFL, flags)` where the flags set
//     O_NONBLOCK (the argument, or the initialiser and assignments of the
//     local variable passed, mention O_NONBLOCK other than under `~`), or
//     `ioctl(d, FIONBIO, ...)`;
//   - ReadinessAwaited: in the coroutine that makes the call (or, through
//     member calls on the same object, makes it in a callee), a `co_await`
//     whose operand mentions the descriptor or the object that owns it (its
//     path or a prefix of it, other than `this` alone): `co_await poll(fd,
//     read)`, `co_await sock.poll(...)`, `co_await sched.poll(sock, ...)`,
//     or a member call on the object whose body mentions it (`co_await
//     poll(op)` where `poll` returns `m_sched->poll(m_socket, op)`). Before
//     or after the call: awaiting the readiness of a blocking descriptor
//     would be pointless, so code that does is written for a non-blocking
//     one (the "try, and await readiness on EAGAIN" loop calls first).
//     And TU-wide for member objects: a member function that awaits an
//     operand mentioning a member of class type of its object (a socket
//     member), or returns an awaitable made from one (`task<> poll() {
//     return m_sched->poll(m_socket, op); }`), marks that member for every
//     object of the class (a raw descriptor member does not count: a socket
//     wrapper's own `poll()` is offered for every socket): the class is written for
//     a non-blocking descriptor there, and its callers await the readiness
//     it offers before calling the member that reads (`co_await srv.poll();
//     srv.accept();`).
//
// Certainty: evidence, not proof. The first two are TU-wide and
// flow-insensitive: the same variable or the same member (of any object of
// the class) made non-blocking anywhere in the translation unit counts,
// even on a path that is not taken or when a later call clears the flag. The
// third is what code written for non-blocking descriptors looks like; it
// does not check that the awaited operation is a readiness wait, nor the
// order of the await and the call. Descriptors produced or
// configured in another translation unit, passed through containers, or
// returned by functions are not seen.
//
// Built lazily: the TU-wide index on the first question, the awaits of a
// function on the first question about a call in it. Never emits
// diagnostics.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_NONBLOCKINGDESCRIPTORS_H
#define COROLINT_CHECKS_ANALYSIS_NONBLOCKINGDESCRIPTORS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <vector>

namespace clang::tidy::corolint::analysis {

/// A root and the steps read from it (see the file comment).
struct AccessPath {
  /// The root variable or parameter; nullptr when the root is `this`.
  const ValueDecl *Root = nullptr;
  /// FieldDecls, and CXXMethodDecls for accessors whose body is not seen.
  /// All canonical.
  llvm::SmallVector<const NamedDecl *, 4> Steps;

  bool rootIsThis() const { return Root == nullptr; }
  /// The declaration the path ends at: its last step, or the root.
  const NamedDecl *last() const;
  /// True when this path is \p Other or a prefix of it.
  bool isPrefixOf(const AccessPath &Other) const;
  bool operator==(const AccessPath &O) const {
    return Root == O.Root && Steps == O.Steps;
  }
};

/// The access path \p E denotes; std::nullopt when it is not one (a call
/// result, an arithmetic expression, a global reached through a function).
std::optional<AccessPath> accessPathOf(const Expr *E);

/// True when \p S mentions the constant \p Name: an enumerator of that name
/// (`SOCK_NONBLOCK`, `MSG_DONTWAIT` in glibc) or a macro of that name in
/// the expansion that produced a token of \p S (`O_NONBLOCK`). Operands of
/// `~` do not count (`flags & ~O_NONBLOCK` clears the flag).
bool mentionsConstant(const Stmt *S, llvm::StringRef Name, ASTContext &Ctx);

/// True when \p Value mentions the constant \p Name (mentionsConstant), or
/// names a local variable or parameter whose initialiser, or an assignment
/// to which in \p Body, mentions it (`flags |= MSG_DONTWAIT; recv(fd, b, n,
/// flags)`). Flow-insensitive: an assignment anywhere in \p Body counts.
bool valueMentionsConstant(const Expr *Value, llvm::StringRef Name,
                           const Stmt *Body, ASTContext &Ctx);

/// Why a descriptor is taken for non-blocking.
enum class NonBlockingReason {
  OpenedNonBlocking, ///< produced with a non-blocking flag
  SetNonBlocking,    ///< fcntl(F_SETFL, O_NONBLOCK) or ioctl(FIONBIO)
  ReadinessAwaited,  ///< a co_await on it precedes the call
};

/// The evidence and where it was seen.
struct NonBlockingEvidence {
  NonBlockingReason Reason = NonBlockingReason::SetNonBlocking;
  const Stmt *Witness = nullptr; ///< the producing call, fcntl, or co_await
};

/// The non-blocking descriptors of one translation unit.
class NonBlockingDescriptors {
public:
  explicit NonBlockingDescriptors(ASTContext &Ctx) : Ctx(Ctx) {}

  /// Evidence that \p Descriptor, the descriptor argument of the call
  /// \p Site, is non-blocking there; std::nullopt when there is none.
  std::optional<NonBlockingEvidence> evidenceFor(const Expr &Descriptor,
                                                 const Expr &Site);

  /// Readiness evidence for a descriptor call made in a function reached
  /// through \p Calls: Calls[0] is in a coroutine, Calls[I] in the function
  /// Calls[I-1] calls, and \p Descriptor in the function the last one calls.
  /// Each call must be a member call and the descriptor read from `this`
  /// down the chain (`this->recv(b)` whose body reads `m_socket.fd`): its
  /// path, rebased on the objects of the calls, is then looked up among the
  /// coroutine's awaits (ReadinessAwaited).
  std::optional<NonBlockingEvidence>
  evidenceThrough(llvm::ArrayRef<const Expr *> Calls, const Expr &Descriptor);

private:
  struct AwaitRecord {
    const Stmt *Await;
    llvm::SmallVector<AccessPath, 4> Mentions;
  };
  void indexTranslationUnit();
  void mark(const AccessPath &Path, NonBlockingReason Reason,
            const Stmt *Witness);
  const std::vector<AwaitRecord> &awaitsOf(const FunctionDecl *FD);
  std::optional<NonBlockingEvidence>
  readinessAwaited(const AccessPath &Path, const Expr &Site);

  friend class NonBlockingIndexer;

  ASTContext &Ctx;
  bool Indexed = false;
  /// Canonical declarations (roots and steps) made non-blocking.
  llvm::DenseMap<const Decl *, NonBlockingEvidence> Marked;
  llvm::DenseMap<const FunctionDecl *, std::vector<AwaitRecord>> Awaits;
};

} // namespace clang::tidy::corolint::analysis

#endif
