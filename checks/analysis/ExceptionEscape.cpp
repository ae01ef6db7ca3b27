//===----------------------------------------------------------------------===//
//
// Exception escape: can an exception leave a coroutine's body?
//
//===----------------------------------------------------------------------===//

#include "ExceptionEscape.h"
#include "CoroutineBodies.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::corolint::analysis {

/// True when \p Handler catches everything a coroutine usually throws:
/// `catch (...)`, or a catch of std::exception itself (a class derived from
/// it catches less).
static bool catchesEverythingUsual(const CXXCatchStmt &Handler) {
  QualType T = Handler.getCaughtType();
  if (T.isNull())
    return true; // catch (...)
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && RD->getName() == "exception" && RD->isInStdNamespace();
}

/// What may throw in a region: anything (the body), or only `throw`
/// expressions (a catch handler: what it calls is logging and clean-up, and
/// it escapes only by throwing again).
enum class Region { Body, Handler };

using EscapeVisitor = llvm::function_ref<bool(const Stmt &)>;
static bool visitEscaping(const Stmt *S, Region In, int Depth,
                          EscapeVisitor Visit);

/// True when \p Call can throw: its callee is not `noexcept` and its body,
/// visible in this translation unit, can throw (up to a few calls deep). A
/// callee whose body is not visible is taken not to throw: most functions
/// are not marked `noexcept`, and guessing would report every coroutine.
static bool callCanThrow(const CallExpr &Call, int Depth) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || Depth >= 3)
    return false;
  if (const auto *Proto = Callee->getType()->getAs<FunctionProtoType>();
      Proto && Proto->isNothrow())
    return false;
  const FunctionDecl *Definition = Callee->getDefinition();
  if (!Definition || !Definition->getBody() || isCoroutine(Definition))
    return false; // a coroutine's exceptions go to whoever awaits it
  bool Throws = false;
  visitEscaping(Definition->getBody(), Region::Body, Depth + 1,
                [&](const Stmt &) { return !(Throws = true); });
  return Throws;
}

/// True when \p Await awaits a tag object (an object of an empty class,
/// `co_await asio::this_coro::executor`): the promise answers it on the
/// spot, nothing runs that could fail.
static bool awaitsTag(const CoroutineSuspendExpr &Await) {
  const Expr *Operand = Await.getOperand();
  if (!Operand)
    return false;
  Operand = Operand->IgnoreImplicit()->IgnoreParens();
  if (isa<CallExpr>(Operand))
    return false;
  const CXXRecordDecl *RD = Operand->getType()->getAsCXXRecordDecl();
  return RD && RD->hasDefinition() && RD->isEmpty();
}

/// True when the `await_resume` that \p Await calls is `noexcept`.
static bool resumesWithoutThrowing(const CoroutineSuspendExpr &Await) {
  const Expr *Resume = Await.getResumeExpr();
  if (!Resume)
    return false;
  const auto *Call = dyn_cast<CallExpr>(Resume->IgnoreImplicit());
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee)
    return false;
  const auto *Proto = Callee->getType()->getAs<FunctionProtoType>();
  return Proto && Proto->isNothrow();
}

/// True when \p T is an error code (`std::error_code`,
/// `boost::system::error_code`, ...: a class named `error_code`) or a tuple
/// or pair holding one.
static bool carriesErrorCode(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD)
    return false;
  if (RD->getName() == "error_code")
    return true;
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!Spec || !(RD->getName() == "tuple" || RD->getName() == "pair"))
    return false;
  for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
    if (Arg.getKind() == TemplateArgument::Type &&
        carriesErrorCode(Arg.getAsType()))
      return true;
    if (Arg.getKind() == TemplateArgument::Pack)
      for (const TemplateArgument &P : Arg.pack_elements())
        if (P.getKind() == TemplateArgument::Type &&
            carriesErrorCode(P.getAsType()))
          return true;
  }
  return false;
}

/// Calls \p Visit for each point of \p S from which an exception can leave
/// it, in source order; false when \p Visit asked to stop.
static bool visitEscaping(const Stmt *S, Region In, int Depth,
                          EscapeVisitor Visit) {
  if (!S)
    return true;
  if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
    bool Caught = false;
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
      Caught = Caught || catchesEverythingUsual(*Try->getHandler(I));
    if (!Caught && !visitEscaping(Try->getTryBlock(), In, Depth, Visit))
      return false;
    // Handlers run outside the try: what they throw escapes.
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
      if (!visitEscaping(Try->getHandler(I)->getHandlerBlock(),
                         Region::Handler, Depth, Visit))
        return false;
    return true;
  }
  if (isa<LambdaExpr>(S) || isa<BlockExpr>(S))
    return true; // runs when called, not here
  if (isa<CXXThrowExpr>(S))
    return Visit(*S);
  if (In == Region::Body) {
    // An await that returns its error as a value (`auto [ec, n] = co_await
    // op(as_tuple(use_awaitable))`) reports failure without throwing.
    if (const auto *Await = dyn_cast<CoroutineSuspendExpr>(S)) {
      if (awaitsTag(*Await) || carriesErrorCode(Await->getType()))
        return true;
      // An awaiter whose await_resume is noexcept (an event, a yield)
      // cannot deliver a failure; what produces the awaitable still may.
      if (resumesWithoutThrowing(*Await))
        return visitEscaping(Await->getOperand(), In, Depth, Visit);
      return Visit(*S);
    }
    if (isa<DependentCoawaitExpr>(S))
      return Visit(*S);
    if (const auto *Call = dyn_cast<CallExpr>(S);
        Call && callCanThrow(*Call, Depth))
      return Visit(*S);
  }
  for (const Stmt *Child : S->children())
    if (!visitEscaping(Child, In, Depth, Visit))
      return false;
  return true;
}

void forEachEscapingThrowPoint(const FunctionDecl &Coroutine,
                               llvm::function_ref<bool(const Stmt &)> Visit) {
  visitEscaping(userBodyOf(&Coroutine), Region::Body, 0, Visit);
}

const Stmt *firstEscapingThrowPoint(const FunctionDecl &Coroutine) {
  const Stmt *First = nullptr;
  forEachEscapingThrowPoint(Coroutine, [&](const Stmt &Point) {
    First = &Point;
    return false;
  });
  return First;
}

bool awaitCanThrow(const CoroutineSuspendExpr &Await) {
  return !awaitsTag(Await) && !carriesErrorCode(Await.getType()) &&
         !resumesWithoutThrowing(Await);
}

const LambdaExpr *enclosingLambda(const Stmt &S, ASTContext &Ctx) {
  const FunctionDecl *Operator = enclosingFunction(S, Ctx);
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Operator);
  if (!Method || !Method->getParent()->isLambda())
    return nullptr;
  // The lambda expression is the parent of its class.
  DynTypedNode Node = DynTypedNode::create(*Method->getParent());
  for (int Depth = 0; Depth < 4; ++Depth) {
    DynTypedNodeList Parents = Ctx.getParents(Node);
    if (Parents.empty())
      return nullptr;
    if (const auto *Lambda = Parents[0].get<LambdaExpr>())
      return Lambda->getCallOperator() == Method ? Lambda : nullptr;
    Node = Parents[0];
  }
  return nullptr;
}

/// True when \p Handler catches one exception type and returns.
static bool catchesAndReturns(const CXXCatchStmt &Handler) {
  if (Handler.getCaughtType().isNull())
    return false;
  llvm::SmallVector<const Stmt *, 16> Work{Handler.getHandlerBlock()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S))
      continue;
    if (isa<ReturnStmt>(S))
      return true;
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  return false;
}

/// True when \p S calls \p Param (`param()`, `std::forward<F>(param)()`)
/// inside a try that expects an exception (\p Expecting).
static bool callsExpectingException(const Stmt *S, const ParmVarDecl &Param,
                                    bool Expecting) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
    bool Expects = false;
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
      Expects = Expects || catchesAndReturns(*Try->getHandler(I));
    if (callsExpectingException(Try->getTryBlock(), Param, Expects))
      return true;
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
      if (callsExpectingException(Try->getHandler(I), Param, Expecting))
        return true;
    return false;
  }
  if (Expecting)
    if (const auto *Call = dyn_cast<CXXOperatorCallExpr>(S);
        Call && Call->getOperator() == OO_Call && Call->getNumArgs() > 0) {
      const Expr *Callee = Call->getArg(0)->IgnoreParenImpCasts();
      if (const auto *Forward = dyn_cast<CallExpr>(Callee);
          Forward && Forward->getNumArgs() == 1)
        Callee = Forward->getArg(0)->IgnoreParenImpCasts();
      if (const auto *Ref = dyn_cast<DeclRefExpr>(Callee);
          Ref && Ref->getDecl() == &Param)
        return true;
    }
  for (const Stmt *Child : S->children())
    if (callsExpectingException(Child, Param, Expecting))
      return true;
  return false;
}

bool isCalledExpectingException(const LambdaExpr &Lambda, ASTContext &Ctx) {
  // From the lambda up to the call it is an argument of.
  DynTypedNode Node = DynTypedNode::create(Lambda);
  const Expr *Arg = &Lambda;
  for (int Depth = 0; Depth < 6; ++Depth) {
    DynTypedNodeList Parents = Ctx.getParents(Node);
    if (Parents.empty())
      return false;
    Node = Parents[0];
    const auto *Call = Node.get<CallExpr>();
    if (!Call) {
      const auto *E = Node.get<Expr>();
      if (!E)
        return false;
      Arg = E; // a conversion or temporary around the lambda
      continue;
    }
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || isa<CXXOperatorCallExpr>(Call))
      return false;
    const FunctionDecl *Definition = Callee->getDefinition();
    if (!Definition || !Definition->getBody())
      return false;
    for (unsigned I = 0; I < Call->getNumArgs() && I < Definition->getNumParams();
         ++I)
      if (Call->getArg(I) == Arg)
        return callsExpectingException(Definition->getBody(),
                                       *Definition->getParamDecl(I),
                                       /*Expecting=*/false);
    return false;
  }
  return false;
}

} // namespace clang::tidy::corolint::analysis
