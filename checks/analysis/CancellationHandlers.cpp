//===----------------------------------------------------------------------===//
//
// Cancellation handlers.
//
//===----------------------------------------------------------------------===//

#include "CancellationHandlers.h"

#include "CoroutineBodies.h"
#include "ExceptionEscape.h"
#include "ExceptionSinks.h"
#include "SuspensionPoints.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::corolint::analysis {

//===----------------------------------------------------------------------===//
// The cancellation classes of the TU
//===----------------------------------------------------------------------===//

static void collectCancellationClasses(const DeclContext &DC,
                                       const RoleLookup &Roles,
                                       std::vector<const CXXRecordDecl *> &Out,
                                       unsigned ClassDepth) {
  for (const Decl *D : DC.decls()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(D)) {
      collectCancellationClasses(*NS, Roles, Out, ClassDepth);
      continue;
    }
    if (const auto *Linkage = dyn_cast<LinkageSpecDecl>(D)) {
      collectCancellationClasses(*Linkage, Roles, Out, ClassDepth);
      continue;
    }
    const auto *RD = dyn_cast<CXXRecordDecl>(D);
    if (!RD || !RD->isThisDeclarationADefinition() || RD->isLambda() ||
        RD->isDependentContext())
      continue;
    if (Roles.rolesOf(RD).has(Role::Cancellation))
      Out.push_back(RD);
    // Nested classes (`errors::interrupted_task` may be a class's member).
    if (ClassDepth < 2)
      collectCancellationClasses(*RD, Roles, Out, ClassDepth + 1);
  }
}

CancellationClasses::CancellationClasses(ASTContext &Ctx,
                                         const RoleLookup &Roles) {
  collectCancellationClasses(*Ctx.getTranslationUnitDecl(), Roles, Classes,
                             0);
}

//===----------------------------------------------------------------------===//
// How a handler ends
//===----------------------------------------------------------------------===//

namespace {
/// How control leaves one statement: every path throws, some path leaves
/// the enclosing blocks (return, co_return, goto, break, continue), or it
/// may fall through to the next statement.
enum class Flow { Throws, Leaves, FallsThrough };
struct FlowResult {
  Flow F = Flow::FallsThrough;
  const Stmt *Witness = nullptr;
};
} // namespace

static bool isLeavingStmt(const Stmt &S) {
  return isa<ReturnStmt, CoreturnStmt, GotoStmt, BreakStmt, ContinueStmt>(S);
}

/// The first return, co_return or goto inside \p S (lambdas not entered):
/// what makes a loop, switch or nested try leave the handler. Break and
/// continue there belong to the statement itself.
static const Stmt *findReturn(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return nullptr;
  if (isa<ReturnStmt, CoreturnStmt, GotoStmt>(S))
    return S;
  for (const Stmt *Child : S->children())
    if (const Stmt *Found = findReturn(Child))
      return Found;
  return nullptr;
}

/// True when \p Call asserts that it is never reached: a function called
/// with the literal `false` as its only argument (`assert_true(false)`,
/// `check(false)`). A failed assertion aborts or throws; when its body is
/// in another translation unit that is all that says so.
static bool isFailedAssertion(const CallExpr &Call) {
  if (Call.getNumArgs() != 1)
    return false;
  const auto *Literal =
      dyn_cast<CXXBoolLiteralExpr>(Call.getArg(0)->IgnoreParenImpCasts());
  return Literal && !Literal->getValue();
}

static FlowResult flowOf(const Stmt *S) {
  if (!S)
    return {};
  if (isLeavingStmt(*S))
    return {Flow::Leaves, S};
  if (const auto *E = dyn_cast<Expr>(S)) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (isa<CXXThrowExpr>(E))
      return {Flow::Throws, E};
    if (const auto *Call = dyn_cast<CallExpr>(E))
      if (const FunctionDecl *Callee = Call->getDirectCallee();
          (Callee && Callee->isNoReturn()) || isFailedAssertion(*Call))
        return {Flow::Throws, E};
    return {};
  }
  if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
    for (const Stmt *Child : Block->body()) {
      FlowResult R = flowOf(Child);
      if (R.F != Flow::FallsThrough)
        return R;
    }
    return {};
  }
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    FlowResult Then = flowOf(If->getThen());
    FlowResult Else = flowOf(If->getElse());
    if (Then.F == Flow::Leaves)
      return Then;
    if (Else.F == Flow::Leaves)
      return Else;
    if (Then.F == Flow::Throws && Else.F == Flow::Throws)
      return Then;
    return {};
  }
  if (const auto *Attributed = dyn_cast<AttributedStmt>(S))
    return flowOf(Attributed->getSubStmt());
  if (const auto *Label = dyn_cast<LabelStmt>(S))
    return flowOf(Label->getSubStmt());
  if (const Stmt *Return = findReturn(S))
    return {Flow::Leaves, Return};
  return {};
}

/// True when local \p V is read somewhere in \p Body other than as the
/// target of an assignment or a truth test: the stored exception is handed
/// on (rethrown, returned, passed to a function).
static bool isStoredExceptionUsed(const VarDecl &V, const Stmt *Body,
                                  ASTContext &Ctx) {
  if (!Body)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Body);
      Ref && Ref->getDecl() == &V) {
    const Expr &Outer = outermostWrapper(*Ref, Ctx);
    DynTypedNodeList Parents = Ctx.getParents(Outer);
    if (!Parents.empty())
      if (const auto *Assign = Parents[0].get<CXXOperatorCallExpr>();
          Assign && Assign->getOperator() == OO_Equal &&
          Assign->getArg(0)->IgnoreImplicit() == Ref)
        return false;
    if (!Parents.empty())
      if (const auto *Assign = Parents[0].get<BinaryOperator>();
          Assign && Assign->isAssignmentOp() && Assign->getLHS() == &Outer)
        return false;
    return !isOnlyTestedForTruth(*Ref, Ctx);
  }
  for (const Stmt *Child : Body->children())
    if (isStoredExceptionUsed(V, Child, Ctx))
      return true;
  return false;
}

/// The local variable that the value of \p E initialises or is assigned to,
/// or nullptr.
static const VarDecl *localReceiving(const Expr &E, ASTContext &Ctx) {
  const Expr &Outer = outermostWrapper(E, Ctx);
  DynTypedNodeList Parents = Ctx.getParents(Outer);
  if (Parents.empty())
    return nullptr;
  if (const auto *Var = Parents[0].get<VarDecl>())
    return Var->hasLocalStorage() ? Var : nullptr;
  const Expr *Target = nullptr;
  if (const auto *Assign = Parents[0].get<CXXOperatorCallExpr>();
      Assign && Assign->getOperator() == OO_Equal && Assign->getNumArgs() == 2)
    Target = Assign->getArg(0);
  if (const auto *Assign = Parents[0].get<BinaryOperator>();
      Assign && Assign->isAssignmentOp())
    Target = Assign->getLHS();
  const auto *Ref =
      Target ? dyn_cast<DeclRefExpr>(Target->IgnoreParenImpCasts()) : nullptr;
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->hasLocalStorage() && !Var->getType()->isReferenceType()
             ? Var
             : nullptr;
}

/// True when \p S (lambdas not entered) hands std::current_exception() on:
/// to a function, a member, a non-local, or a local that is later read.
static bool handsOnCurrentException(const Stmt *S, const Stmt *FunctionBody,
                                    ASTContext &Ctx) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(S);
      Call && isStdFunction(Call->getDirectCallee(), "current_exception")) {
    const Expr &Outer = outermostWrapper(*Call, Ctx);
    DynTypedNodeList Parents = Ctx.getParents(Outer);
    if (Parents.empty() || Parents[0].get<CompoundStmt>())
      return false; // discarded
    if (const VarDecl *Local = localReceiving(*Call, Ctx))
      return isStoredExceptionUsed(*Local, FunctionBody, Ctx);
    return true;
  }
  for (const Stmt *Child : S->children())
    if (handsOnCurrentException(Child, FunctionBody, Ctx))
      return true;
  return false;
}

/// The body of the function whose body holds \p S.
static const Stmt *functionBodyAround(const Stmt &S, ASTContext &Ctx) {
  const FunctionDecl *FD = enclosingFunction(S, Ctx);
  if (!FD)
    return nullptr;
  if (const Stmt *User = userBodyOf(FD))
    return User;
  return FD->getBody();
}

HandlerOutcome handlerOutcome(const CXXCatchStmt &Handler, ASTContext &Ctx) {
  FlowResult Own = flowOf(Handler.getHandlerBlock());
  if (Own.F == Flow::Throws)
    return {HandlerExit::Rethrows, nullptr};
  if (handsOnCurrentException(Handler.getHandlerBlock(),
                              functionBodyAround(Handler, Ctx), Ctx))
    return {HandlerExit::Stores, nullptr};
  if (Own.F == Flow::Leaves)
    return {HandlerExit::Returns, Own.Witness};
  // Falls through: to the statements after the try, in the enclosing
  // blocks, until one throws, one leaves, or a block ends in a statement
  // that is not a block (a loop, an if, the function body).
  DynTypedNodeList TryParents = Ctx.getParents(Handler);
  const Stmt *Current = TryParents.empty() ? nullptr : TryParents[0].get<Stmt>();
  while (Current) {
    DynTypedNodeList Parents = Ctx.getParents(*Current);
    const auto *Block =
        Parents.empty() ? nullptr : Parents[0].get<CompoundStmt>();
    if (!Block)
      break;
    bool After = false;
    for (const Stmt *Child : Block->body()) {
      if (After) {
        FlowResult Next = flowOf(Child);
        if (Next.F == Flow::Throws)
          return {HandlerExit::Rethrows, nullptr};
        if (Next.F == Flow::Leaves)
          return {HandlerExit::FallsOff, nullptr}; // carries on, then leaves
      }
      After = After || Child == Current;
    }
    Current = Block;
  }
  return {HandlerExit::FallsOff, nullptr};
}

//===----------------------------------------------------------------------===//
// The handlers of a coroutine
//===----------------------------------------------------------------------===//

/// True when \p Handler catches exceptions of class \p Cancellation (which
/// an earlier handler has not caught).
static bool catchesClass(const CXXCatchStmt &Handler,
                         const CXXRecordDecl &Cancellation,
                         const RoleLookup &Roles) {
  if (!Handler.getExceptionDecl())
    return true; // catch (...)
  QualType T = Handler.getCaughtType().getNonReferenceType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  if (RD->getCanonicalDecl() == Cancellation.getCanonicalDecl() ||
      Cancellation.isDerivedFrom(RD))
    return true;
  // A class derived from a cancellation class is a cancellation too.
  return RD->isDerivedFrom(&Cancellation) &&
         Roles.rolesOfType(T).has(Role::Cancellation);
}

/// Calls \p Found for each suspension point of \p S that can throw
/// \p Cancellation into it: not inside a nested try that catches it itself,
/// nor in a lambda.
template <class Fn>
static void forEachThrowingSuspension(const Stmt *S,
                                      const CXXRecordDecl &Cancellation,
                                      const RoleLookup &Roles, Fn Found) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *Nested = dyn_cast<CXXTryStmt>(S)) {
    for (unsigned I = 0; I < Nested->getNumHandlers(); ++I)
      if (catchesClass(*Nested->getHandler(I), Cancellation, Roles))
        return; // its own handler decides (no co_await in a handler)
  }
  if (const auto *Await = dyn_cast<CoroutineSuspendExpr>(S);
      Await && isSuspensionPoint(*S) && awaitCanThrow(*Await))
    Found(*Await);
  for (const Stmt *Child : S->children())
    forEachThrowingSuspension(Child, Cancellation, Roles, Found);
}

/// The local variable an await's operand names (through std::move), or
/// nullptr.
static const VarDecl *awaitedLocal(const CoroutineSuspendExpr &Await) {
  SuspensionPoint SP{&Await, SuspensionPoint::Await};
  const Expr *Operand = SP.operand();
  if (!Operand)
    return nullptr;
  Operand = ignoreWrappers(Operand);
  if (const auto *Move = dyn_cast<CallExpr>(Operand);
      Move && Move->getNumArgs() == 1 &&
      isStdFunction(Move->getDirectCallee(), "move"))
    Operand = ignoreWrappers(Move->getArg(0));
  const auto *Ref = dyn_cast<DeclRefExpr>(Operand);
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

/// True when \p S holds a call `V.cancel(...)` that starts before \p Before.
static bool cancelsBefore(const Stmt *S, const VarDecl &V,
                          SourceLocation Before, const SourceManager &SM) {
  if (!S)
    return false;
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    const auto *Object =
        dyn_cast_or_null<DeclRefExpr>(Call->getImplicitObjectArgument()
                                          ? Call->getImplicitObjectArgument()
                                                ->IgnoreParenImpCasts()
                                          : nullptr);
    if (Method && Method->getIdentifier() && Method->getName() == "cancel" &&
        Object && Object->getDecl() == &V &&
        SM.isBeforeInTranslationUnit(Call->getBeginLoc(), Before))
      return true;
  }
  for (const Stmt *Child : S->children())
    if (cancelsBefore(Child, V, Before, SM))
      return true;
  return false;
}

static void collectTries(const Stmt *S,
                         llvm::SmallVectorImpl<const CXXTryStmt *> &Out) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *Try = dyn_cast<CXXTryStmt>(S))
    Out.push_back(Try);
  for (const Stmt *Child : S->children())
    collectTries(Child, Out);
}

llvm::SmallVector<SwallowingHandler, 2> swallowingHandlers(
    const FunctionDecl &Coroutine,
    llvm::function_ref<llvm::ArrayRef<const CXXRecordDecl *>()> GetClasses,
    const RoleLookup &Roles, ASTContext &Ctx) {
  llvm::SmallVector<SwallowingHandler, 2> Found;
  const Stmt *Body = userBodyOf(&Coroutine);
  if (!Body)
    return Found;
  llvm::SmallVector<const CXXTryStmt *, 4> Tries;
  collectTries(Body, Tries);
  if (Tries.empty())
    return Found;
  llvm::ArrayRef<const CXXRecordDecl *> Classes = GetClasses();
  const SourceManager &SM = Ctx.getSourceManager();
  for (const CXXTryStmt *Try : Tries) {
    llvm::SmallPtrSet<const CXXCatchStmt *, 2> Judged;
    for (const CXXRecordDecl *Cancellation : Classes) {
      // A suspension point of the try block that can throw the class, and
      // does not only collect the cancellation of a handle cancelled here.
      const Expr *Suspension = nullptr;
      forEachThrowingSuspension(
          Try->getTryBlock(), *Cancellation, Roles,
          [&](const CoroutineSuspendExpr &Await) {
            if (Suspension)
              return;
            const VarDecl *Handle = awaitedLocal(Await);
            if (Handle && cancelsBefore(Body, *Handle, Try->getBeginLoc(), SM))
              return;
            Suspension = &Await;
          });
      if (!Suspension)
        continue;
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I) {
        const CXXCatchStmt *Handler = Try->getHandler(I);
        if (!catchesClass(*Handler, *Cancellation, Roles))
          continue;
        // The first handler that catches the class is the one that runs.
        if (Judged.insert(Handler).second) {
          HandlerOutcome Outcome = handlerOutcome(*Handler, Ctx);
          if (!Outcome.propagates())
            Found.push_back({Handler, Cancellation, Suspension, Outcome});
        }
        break;
      }
    }
  }
  return Found;
}

bool isEntryCoroutine(const FunctionDecl &Coroutine,
                      const CallSiteIndex &Calls, const RoleLookup &Roles,
                      ASTContext &Ctx) {
  if (Calls.mayBeCalledIndirectly(&Coroutine))
    return false;
  llvm::ArrayRef<CallSite> Sites = Calls.callersOf(&Coroutine);
  if (Sites.empty())
    return false;
  for (const CallSite &Site : Sites) {
    DynTypedNodeList Parents =
        Ctx.getParents(outermostWrapper(*Site.Call, Ctx));
    const auto *Runner = Parents.empty() ? nullptr : Parents[0].get<CallExpr>();
    if (!Runner || !Roles.has(Runner->getDirectCallee(), Role::Runner))
      return false;
  }
  return true;
}

} // namespace clang::tidy::corolint::analysis
