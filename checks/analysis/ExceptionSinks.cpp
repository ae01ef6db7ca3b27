//===----------------------------------------------------------------------===//
//
// Exception sinks.
//
//===----------------------------------------------------------------------===//

#include "ExceptionSinks.h"

#include "CoroutineBodies.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::corolint::analysis {

bool isStdFunction(const FunctionDecl *FD, llvm::StringRef Name) {
  return FD && FD->getIdentifier() && FD->getName() == Name &&
         FD->isInStdNamespace();
}

bool isExceptionPtrType(QualType T) {
  T = T.getNonReferenceType().getUnqualifiedType();
  const auto *RD = T->getAsCXXRecordDecl();
  // libstdc++ declares it in std::__exception_ptr (not an inline namespace).
  return RD && RD->getIdentifier() && RD->getName() == "exception_ptr" &&
         llvm::StringRef(RD->getQualifiedNameAsString()).starts_with("std::");
}

//===----------------------------------------------------------------------===//
// unhandled_exception()
//===----------------------------------------------------------------------===//

namespace {
/// What a walk over one body found; the strongest finding wins.
struct FateWalk {
  bool Keeps = false;     // Kept, Rethrown or Terminates seen
  ExceptionFate Strong = ExceptionFate::Lost;
  bool Unknown = false;
  void found(ExceptionFate F) {
    if (!Keeps)
      Strong = F;
    Keeps = true;
  }
};
} // namespace

static void walkFate(const Stmt *S, const SourceManager &SM, int Depth,
                     FateWalk &Walk);

static void walkCall(const CallExpr &Call, const SourceManager &SM, int Depth,
                     FateWalk &Walk) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee) {
    Walk.Unknown = true; // through a pointer, or dependent
    return;
  }
  if (isStdFunction(Callee, "current_exception")) {
    Walk.found(ExceptionFate::Kept);
    return;
  }
  if (isStdFunction(Callee, "rethrow_exception")) {
    Walk.found(ExceptionFate::Rethrown);
    return;
  }
  if (Callee->isNoReturn()) {
    Walk.found(ExceptionFate::Terminates);
    return;
  }
  if (SM.isInSystemHeader(Callee->getLocation()))
    return; // printing, formatting: keeps nothing
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
      Method && Method->isVirtual()) {
    Walk.Unknown = true;
    return;
  }
  const FunctionDecl *Definition = Callee->getDefinition();
  if (!Definition || !Definition->getBody() || Depth >= 3) {
    Walk.Unknown = true;
    return;
  }
  walkFate(Definition->getBody(), SM, Depth + 1, Walk);
}

static void walkFate(const Stmt *S, const SourceManager &SM, int Depth,
                     FateWalk &Walk) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (isa<CXXThrowExpr>(S)) {
    Walk.found(ExceptionFate::Rethrown);
    return;
  }
  if (isa<CXXDependentScopeMemberExpr, UnresolvedLookupExpr,
          UnresolvedMemberExpr, CXXUnresolvedConstructExpr>(S))
    Walk.Unknown = true;
  // A call's arguments run before its body: `state.set_exception(
  // std::current_exception())` keeps the exception whatever set_exception
  // does next (an assertion, say), and the first fate found wins.
  for (const Stmt *Child : S->children())
    walkFate(Child, SM, Depth, Walk);
  if (const auto *Call = dyn_cast<CallExpr>(S))
    walkCall(*Call, SM, Depth, Walk);
}

ExceptionFate unhandledExceptionFate(const FunctionDecl &UnhandledException) {
  const Stmt *Body = UnhandledException.getBody();
  if (!Body)
    return ExceptionFate::Unknown;
  FateWalk Walk;
  walkFate(Body, UnhandledException.getASTContext().getSourceManager(), 0,
           Walk);
  if (Walk.Keeps)
    return Walk.Strong;
  return Walk.Unknown ? ExceptionFate::Unknown : ExceptionFate::Lost;
}

const FunctionDecl *unhandledExceptionOf(const CXXRecordDecl &Promise) {
  const CXXRecordDecl *Definition = Promise.getDefinition();
  if (!Definition)
    return nullptr;
  for (const CXXMethodDecl *Method : Definition->methods())
    if (Method->getIdentifier() &&
        Method->getName() == "unhandled_exception" &&
        Method->getNumParams() == 0)
      return Method->getDefinition();
  for (const CXXBaseSpecifier &Base : Definition->bases())
    if (const CXXRecordDecl *BaseClass = Base.getType()->getAsCXXRecordDecl())
      if (const FunctionDecl *Found = unhandledExceptionOf(*BaseClass))
        return Found;
  return nullptr;
}

const FunctionDecl *promiseUnhandledException(const FunctionDecl &Coroutine) {
  const auto *Body = dyn_cast_or_null<CoroutineBodyStmt>(Coroutine.getBody());
  const VarDecl *PromiseVar = Body ? Body->getPromiseDecl() : nullptr;
  const CXXRecordDecl *Promise =
      PromiseVar ? PromiseVar->getType()->getAsCXXRecordDecl() : nullptr;
  return Promise ? unhandledExceptionOf(*Promise) : nullptr;
}

//===----------------------------------------------------------------------===//
// Completion handlers and handles
//===----------------------------------------------------------------------===//

bool isOnlyTestedForTruth(const Expr &E, ASTContext &Ctx) {
  const Expr &Outer = outermostWrapper(E, Ctx);
  DynTypedNodeList Parents = Ctx.getParents(Outer);
  if (Parents.empty())
    return false;
  if (const auto *Member = Parents[0].get<MemberExpr>()) {
    DynTypedNodeList Up = Ctx.getParents(*Member);
    const auto *Call = Up.empty() ? nullptr : Up[0].get<CXXMemberCallExpr>();
    const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
    return Method && (isa<CXXConversionDecl>(Method) ||
                      (Method->getNumParams() == 0 &&
                       Method->getReturnType()->isBooleanType()));
  }
  if (const auto *Op = Parents[0].get<CXXOperatorCallExpr>())
    return Op->getOperator() == OO_EqualEqual ||
           Op->getOperator() == OO_ExclaimEqual ||
           Op->getOperator() == OO_Exclaim;
  if (const auto *Cast = Parents[0].get<ImplicitCastExpr>())
    return Cast->getType()->isBooleanType();
  return false;
}

static bool readsParam(const Stmt *S, const ParmVarDecl &Param,
                       ASTContext &Ctx) {
  if (!S)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
      Ref && Ref->getDecl() == &Param && !isOnlyTestedForTruth(*Ref, Ctx))
    return true;
  for (const Stmt *Child : S->children())
    if (readsParam(Child, Param, Ctx))
      return true;
  return false;
}

bool isExceptionPtrIgnored(const ParmVarDecl &Param,
                           const FunctionDecl &Function, ASTContext &Ctx) {
  const Stmt *Body = Function.getBody();
  return Body && !readsParam(Body, Param, Ctx);
}

namespace {
struct HandleUses {
  const Stmt *FirstCancel = nullptr;
  bool Other = false;
};
} // namespace

static void collectHandleUses(const Stmt *S, const VarDecl &Var,
                              ASTContext &Ctx, HandleUses &Uses) {
  if (!S || Uses.Other)
    return;
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    for (const LambdaCapture &C : Lambda->captures())
      if (C.capturesVariable() && C.getCapturedVar() == &Var)
        Uses.Other = true;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S); Ref && Ref->getDecl() == &Var) {
    DynTypedNodeList Parents = Ctx.getParents(outermostWrapper(*Ref, Ctx));
    const auto *Member =
        Parents.empty() ? nullptr : Parents[0].get<MemberExpr>();
    const auto *Method =
        Member ? dyn_cast<CXXMethodDecl>(Member->getMemberDecl()) : nullptr;
    if (!Method)
      Uses.Other = true;
    else if (Method->getIdentifier() && Method->getName() == "cancel") {
      if (!Uses.FirstCancel)
        Uses.FirstCancel = Member;
    } else if (!Method->isConst())
      Uses.Other = true;
    return;
  }
  for (const Stmt *Child : S->children())
    collectHandleUses(Child, Var, Ctx, Uses);
}

const Stmt *onlyCancelled(const VarDecl &Var, const Stmt &Body,
                          ASTContext &Ctx) {
  HandleUses Uses;
  collectHandleUses(&Body, Var, Ctx, Uses);
  return Uses.Other ? nullptr : Uses.FirstCancel;
}

} // namespace clang::tidy::corolint::analysis
