//===----------------------------------------------------------------------===//
//
// Coroutine bodies and awaitable types.
//
//===----------------------------------------------------------------------===//

#include "CoroutineBodies.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::corolint::analysis {

namespace {
/// Finds a co_await/co_yield/co_return in a body, not looking into nested
/// lambdas (they are separate callables).
class SuspendFinder : public RecursiveASTVisitor<SuspendFinder> {
public:
  bool Found = false;
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCoreturnStmt(CoreturnStmt *) { return !(Found = true); }
  bool VisitCoawaitExpr(CoawaitExpr *) { return !(Found = true); }
  bool VisitDependentCoawaitExpr(DependentCoawaitExpr *) {
    return !(Found = true);
  }
  bool VisitCoyieldExpr(CoyieldExpr *) { return !(Found = true); }
};
} // namespace

bool isCoroutine(const FunctionDecl *FD) {
  if (!FD)
    return false;
  const Stmt *Body = FD->getBody();
  if (!Body)
    return false;
  if (isa<CoroutineBodyStmt>(Body))
    return true;
  SuspendFinder Finder;
  Finder.TraverseStmt(const_cast<Stmt *>(Body));
  return Finder.Found;
}

const Stmt *userBodyOf(const FunctionDecl *FD) {
  if (!FD || !FD->getBody())
    return nullptr;
  if (const auto *CB = dyn_cast<CoroutineBodyStmt>(FD->getBody()))
    return CB->getBody();
  return isCoroutine(FD) ? FD->getBody() : nullptr;
}

static const FunctionDecl *functionOfNode(const DynTypedNode &N) {
  if (const auto *FD = N.get<FunctionDecl>())
    return FD;
  if (const auto *L = N.get<LambdaExpr>())
    return L->getCallOperator();
  return nullptr;
}

const FunctionDecl *enclosingFunction(const Stmt &S, ASTContext &Ctx) {
  DynTypedNodeList Parents = Ctx.getParents(S);
  while (!Parents.empty()) {
    const DynTypedNode &P = Parents[0];
    if (const FunctionDecl *FD = functionOfNode(P))
      return FD;
    if (P.get<TranslationUnitDecl>() || P.get<BlockDecl>())
      return nullptr;
    Parents = Ctx.getParents(P);
  }
  return nullptr;
}

const FunctionDecl *enclosingCoroutine(const Stmt &S, ASTContext &Ctx) {
  const FunctionDecl *FD = enclosingFunction(S, Ctx);
  while (FD) {
    if (isCoroutine(FD))
      return FD;
    // A lambda's call operator: keep walking out from the lambda expression.
    const auto *MD = dyn_cast<CXXMethodDecl>(FD);
    if (!MD || !MD->getParent()->isLambda())
      return nullptr;
    const LambdaExpr *Lambda = nullptr;
    for (DynTypedNodeList Ps = Ctx.getParents(*MD->getParent()); !Ps.empty();
         Ps = Ctx.getParents(Ps[0])) {
      if ((Lambda = Ps[0].get<LambdaExpr>()))
        break;
      if (Ps[0].get<TranslationUnitDecl>())
        break;
    }
    if (!Lambda)
      return nullptr;
    FD = enclosingFunction(*Lambda, Ctx);
  }
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Awaitable types
//===----------------------------------------------------------------------===//

/// The declaration that holds \p RD's members: the definition, or for a class
/// template specialization that was never instantiated, its pattern.
static const CXXRecordDecl *memberSource(const CXXRecordDecl *RD) {
  if (!RD)
    return nullptr;
  if (const CXXRecordDecl *Def = RD->getDefinition())
    return Def;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    return Spec->getSpecializedTemplate()->getTemplatedDecl()->getDefinition();
  return nullptr;
}

static bool hasMemberNamed(const CXXRecordDecl *RD, llvm::StringRef Name,
                           unsigned Depth = 0) {
  RD = memberSource(RD);
  if (!RD || Depth > 8)
    return false;
  for (const Decl *D : RD->decls()) {
    const auto *ND = dyn_cast<NamedDecl>(D);
    if (ND && ND->getIdentifier() && ND->getName() == Name)
      return true;
  }
  for (const CXXBaseSpecifier &B : RD->bases())
    if (hasMemberNamed(B.getType()->getAsCXXRecordDecl(), Name, Depth + 1))
      return true;
  return false;
}

static bool hasMemberCoawait(const CXXRecordDecl *RD) {
  RD = memberSource(RD);
  if (!RD)
    return false;
  for (const Decl *D : RD->decls()) {
    const auto *ND = dyn_cast<NamedDecl>(D);
    if (ND && ND->getDeclName().getCXXOverloadedOperator() == OO_Coawait)
      return true;
  }
  return false;
}

/// A free `operator co_await` whose first parameter is \p RD, declared in
/// RD's namespace (where argument-dependent lookup finds it).
static bool hasFreeCoawait(const CXXRecordDecl *RD, ASTContext &Ctx) {
  const DeclContext *NS = RD->getDeclContext()->getEnclosingNamespaceContext();
  DeclarationName Name =
      Ctx.DeclarationNames.getCXXOperatorName(OO_Coawait);
  for (const NamedDecl *ND : NS->lookup(Name)) {
    const FunctionDecl *FD = ND->getAsFunction();
    if (!FD || FD->getNumParams() != 1)
      continue;
    QualType P = FD->getParamDecl(0)->getType().getNonReferenceType();
    const CXXRecordDecl *PRD = P->getAsCXXRecordDecl();
    if (!PRD)
      if (const auto *TST = P->getAs<TemplateSpecializationType>())
        if (const auto *TD = TST->getTemplateName().getAsTemplateDecl())
          PRD = dyn_cast_or_null<CXXRecordDecl>(TD->getTemplatedDecl());
    if (!PRD)
      continue;
    const CXXRecordDecl *Mine = RD;
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      Mine = Spec->getSpecializedTemplate()->getTemplatedDecl();
    if (PRD->getCanonicalDecl() == RD->getCanonicalDecl() ||
        PRD->getCanonicalDecl() == Mine->getCanonicalDecl())
      return true;
  }
  return false;
}

AwaitableKind awaitableKind(QualType T, ASTContext &Ctx) {
  if (T.isNull())
    return AwaitableKind::None;
  T = T.getNonReferenceType().getCanonicalType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD) {
    // A dependent specialization (`task<T>` inside a template) still names
    // its template: classify the pattern.
    if (const auto *TST = T->getAs<TemplateSpecializationType>())
      if (const auto *TD = TST->getTemplateName().getAsTemplateDecl())
        RD = dyn_cast_or_null<CXXRecordDecl>(TD->getTemplatedDecl());
    if (!RD)
      return AwaitableKind::None;
  }
  if (hasMemberNamed(RD, "promise_type"))
    return AwaitableKind::Task;
  if (hasMemberNamed(RD, "await_ready") &&
      hasMemberNamed(RD, "await_suspend") &&
      hasMemberNamed(RD, "await_resume"))
    return AwaitableKind::Awaiter;
  if (hasMemberCoawait(RD) || hasFreeCoawait(RD, Ctx))
    return AwaitableKind::Awaitable;
  return AwaitableKind::None;
}

const Expr *ignoreWrappers(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreParenImpCasts();
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(Next))
      Next = EWC->getSubExpr();
    else if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(Next))
      Next = MTE->getSubExpr();
    else if (const auto *BTE = dyn_cast<CXXBindTemporaryExpr>(Next))
      Next = BTE->getSubExpr();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(Next);
             CE && CE->getNumArgs() == 1 && !isa<CXXTemporaryObjectExpr>(CE) &&
             CE->getConstructor()->isCopyOrMoveConstructor())
      Next = CE->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

bool isAwaitedOperand(const Expr &E, ASTContext &Ctx) {
  const Stmt *Child = &E;
  DynTypedNodeList Parents = Ctx.getParents(E);
  while (!Parents.empty()) {
    const DynTypedNode &P = Parents[0];
    if (const auto *S = P.get<CoroutineSuspendExpr>())
      return S->getOperand() == Child ||
             ignoreWrappers(S->getOperand()) == ignoreWrappers(cast<Expr>(Child));
    if (const auto *D = P.get<DependentCoawaitExpr>())
      return D->getOperand() != nullptr;
    if (const auto *R = P.get<CoreturnStmt>())
      return R->getOperand() != nullptr;
    const auto *PE = P.get<Expr>();
    if (!PE)
      return false;
    // Only look through wrappers: a call that takes the task as an argument
    // consumes it in another way.
    if (!isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
             CXXBindTemporaryExpr, ExprWithCleanups, OpaqueValueExpr>(PE))
      return false;
    Child = PE;
    Parents = Ctx.getParents(P);
  }
  return false;
}

} // namespace clang::tidy::corolint::analysis
