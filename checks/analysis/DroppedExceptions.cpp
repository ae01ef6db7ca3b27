//===----------------------------------------------------------------------===//
//
// Dropped exceptions: which exceptions leaving unawaited work are errors.
//
//===----------------------------------------------------------------------===//

#include "DroppedExceptions.h"
#include "CoroutineBodies.h"
#include "ExceptionEscape.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::corolint::analysis {

namespace {

/// What an exception leaving a point means; a point can mean several
/// (`co_await (read(sock) && watchdog(deadline))`).
enum Meaning : unsigned {
  Error = 1,          ///< a failure somebody should hear of
  PeerGone = 2,       ///< an operation on the owned connection failed
  TimerCancelled = 4, ///< a timer wait was cancelled
  WatchdogFired = 8,  ///< a watchdog ended the session on its deadline
};

/// The parameters that stand for the owned connection in one coroutine.
using Connection = llvm::SmallPtrSet<const ParmVarDecl *, 2>;

/// How many coroutine calls deep an await is followed.
constexpr int MaxDepth = 4;

/// The parameter \p E names, through parentheses, implicit nodes, a copy or
/// move construction and `std::move`; nullptr otherwise.
const ParmVarDecl *namedParameter(const Expr *E) {
  if (!E)
    return nullptr;
  E = ignoreWrappers(E);
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Callee->isInStdNamespace() && Call->getNumArgs() == 1 &&
        (Callee->getName() == "move" || Callee->getName() == "forward"))
      return namedParameter(Call->getArg(0));
    return nullptr;
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  return Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
}

/// The object an operation acts on: the object of a member call, the first
/// argument of a free function (`async_write(sock, buf, token)`).
const Expr *operationObject(const CallExpr &Call) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call))
    return Member->getImplicitObjectArgument();
  if (isa<CXXOperatorCallExpr>(Call))
    return nullptr;
  return Call.getNumArgs() ? Call.getArg(0) : nullptr;
}

/// The visible definition of the coroutine \p Call calls, or nullptr.
const FunctionDecl *calledCoroutine(const CallExpr &Call) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  const FunctionDecl *Definition = Callee ? Callee->getDefinition() : nullptr;
  return Definition && isCoroutine(Definition) ? Definition : nullptr;
}

class DroppedExceptionReader {
public:
  explicit DroppedExceptionReader(const RoleLookup &Roles) : Roles(Roles) {}

  /// What the exceptions leaving \p Point of a coroutine, whose connection
  /// is \p Owned, mean.
  unsigned meaningOfPoint(const Stmt &Point, const Connection &Owned,
                          int Depth) {
    if (const auto *Await = dyn_cast<CoroutineSuspendExpr>(&Point);
        Await && isa<CoawaitExpr>(Await))
      return meaningOfAwaited(Await->getOperand(), Owned, Depth);
    return Error;
  }

private:
  /// What the exceptions an await of \p E delivers mean.
  unsigned meaningOfAwaited(const Expr *E, const Connection &Owned,
                            int Depth) {
    if (!E)
      return Error;
    E = ignoreWrappers(E);
    // `a && b` of awaitables fails when either operand does; `a || b`
    // (the first to succeed, as Asio's awaitable operators) only when both
    // do.
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (Op->getNumArgs() != 2)
        return Error;
      unsigned Left = meaningOfAwaited(Op->getArg(0), Owned, Depth);
      unsigned Right = meaningOfAwaited(Op->getArg(1), Owned, Depth);
      if (Op->getOperator() == OO_PipePipe && (!Left || !Right))
        return 0;
      return Left | Right;
    }
    const auto *Call = dyn_cast<CallExpr>(E);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (!Callee)
      return Error;
    if (Roles.has(Callee, Role::Sleep))
      return TimerCancelled;
    if (Roles.has(Callee, Role::NeedsTimeout)) {
      const ParmVarDecl *Object = namedParameter(operationObject(*Call));
      return Object && Owned.contains(Object) ? PeerGone : Error;
    }
    const FunctionDecl *Coroutine = calledCoroutine(*Call);
    if (!Coroutine || Depth >= MaxDepth || !Active.insert(Coroutine).second)
      return Error;
    unsigned Meaning = meaningOfCall(*Call, *Coroutine, Owned, Depth + 1);
    Active.erase(Coroutine);
    return Meaning;
  }

  /// What the exceptions of awaited coroutine \p Coroutine, called by
  /// \p Call from a coroutine whose connection is \p Owned, mean.
  unsigned meaningOfCall(const CallExpr &Call, const FunctionDecl &Coroutine,
                         const Connection &Owned, int Depth) {
    // The callee's parameters that receive the connection stand for it.
    Connection Passed;
    unsigned Params = Coroutine.getNumParams();
    for (unsigned I = 0; I < Call.getNumArgs() && I < Params; ++I)
      if (const ParmVarDecl *P = namedParameter(Call.getArg(I));
          P && Owned.contains(P))
        Passed.insert(Coroutine.getParamDecl(I));
    unsigned Meaning = 0;
    forEachEscapingThrowPoint(Coroutine, [&](const Stmt &Point) {
      Meaning |= meaningOfPoint(Point, Passed, Depth);
      return !(Meaning & Error);
    });
    // What a coroutine that only waits on timers throws, it throws because
    // time passed: a watchdog's timeout.
    if ((Meaning & Error) && waitsOnTimersOnly(Coroutine))
      Meaning = (Meaning & ~Error) | WatchdogFired;
    return Meaning;
  }

  /// True when \p Coroutine waits on timers and nothing else: every await
  /// is of a `sleep` call or cannot fail, and one is of a `sleep` call.
  bool waitsOnTimersOnly(const FunctionDecl &Coroutine) {
    struct AwaitFinder : RecursiveASTVisitor<AwaitFinder> {
      const RoleLookup &Roles;
      bool Timer = false, Other = false;
      explicit AwaitFinder(const RoleLookup &Roles) : Roles(Roles) {}
      bool TraverseLambdaExpr(LambdaExpr *) { return true; }
      bool VisitCoroutineSuspendExpr(CoroutineSuspendExpr *Await) {
        const Expr *Operand = Await->getOperand();
        const auto *Call =
            Operand ? dyn_cast<CallExpr>(ignoreWrappers(Operand)) : nullptr;
        const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
        if (Callee && Roles.has(Callee, Role::Sleep))
          Timer = true;
        else if (!isa<CoawaitExpr>(Await) || awaitCanThrow(*Await))
          Other = true;
        return true;
      }
      bool VisitDependentCoawaitExpr(DependentCoawaitExpr *) {
        Other = true;
        return true;
      }
    } Finder(Roles);
    Finder.TraverseStmt(const_cast<Stmt *>(userBodyOf(&Coroutine)));
    return Finder.Timer && !Finder.Other;
  }

  const RoleLookup &Roles;
  /// The coroutines being read (a recursive await is an error).
  llvm::SmallPtrSet<const FunctionDecl *, 8> Active;
};

} // namespace

const Stmt *firstLostErrorPoint(const FunctionDecl &Coroutine,
                                const RoleLookup &Roles) {
  // A connection is owned through a by-value parameter of class type.
  Connection Owned;
  for (const ParmVarDecl *P : Coroutine.parameters())
    if (P->getType()->isRecordType())
      Owned.insert(P);
  DroppedExceptionReader Reader(Roles);
  const Stmt *FirstError = nullptr, *FirstWatchdog = nullptr;
  bool Session = false;
  forEachEscapingThrowPoint(Coroutine, [&](const Stmt &Point) {
    unsigned Meaning = Reader.meaningOfPoint(Point, Owned, 0);
    Session = Session || (Meaning & PeerGone);
    if ((Meaning & WatchdogFired) && !FirstWatchdog)
      FirstWatchdog = &Point;
    if (Meaning & Error)
      FirstError = &Point;
    return !FirstError;
  });
  if (FirstError)
    return FirstError;
  // A watchdog's timeout ends a session; anywhere else it is lost.
  return Session ? nullptr : FirstWatchdog;
}

} // namespace clang::tidy::corolint::analysis
