//===----------------------------------------------------------------------===//
//
// Who calls whom in one translation unit.
//
//===----------------------------------------------------------------------===//

#include "CallSites.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::corolint::analysis {

static const FunctionDecl *key(const FunctionDecl *FD) {
  return FD ? FD->getCanonicalDecl() : nullptr;
}

static bool isLambdaClosure(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && RD->isLambda();
}

//===----------------------------------------------------------------------===//
// Collection: one traversal of the TU
//===----------------------------------------------------------------------===//

class CallSiteCollector : public RecursiveASTVisitor<CallSiteCollector> {
  using Base = RecursiveASTVisitor<CallSiteCollector>;

public:
  explicit CallSiteCollector(CallSiteIndex &Index) : Index(Index) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitLambdaBody() const { return true; }

  bool TraverseDecl(Decl *D) {
    const auto *FD = dyn_cast_or_null<FunctionDecl>(D);
    // Template patterns: their calls are indexed in the instantiations.
    if (FD && FD->isDependentContext())
      return true;
    if (FD)
      Functions.push_back(FD);
    bool Result = Base::TraverseDecl(D);
    if (FD)
      Functions.pop_back();
    return Result;
  }

  bool TraverseLambdaExpr(LambdaExpr *L) {
    const CXXMethodDecl *Op = L->getCallOperator();
    if (Op->isDependentContext())
      return true;
    Lambdas.push_back(L);
    Functions.push_back(Op);
    bool Result = Base::TraverseLambdaExpr(L);
    Functions.pop_back();
    return Result;
  }

  // Unevaluated operands call nothing.
  bool TraverseDecltypeTypeLoc(DecltypeTypeLoc) { return true; }
  bool TraverseTypeOfExprTypeLoc(TypeOfExprTypeLoc) { return true; }
  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *) {
    return true;
  }
  bool TraverseCXXNoexceptExpr(CXXNoexceptExpr *) { return true; }
  bool TraverseRequiresExpr(RequiresExpr *) { return true; }
  bool TraverseConceptSpecializationExpr(ConceptSpecializationExpr *) {
    return true;
  }

  bool VisitCallExpr(CallExpr *C) {
    const FunctionDecl *Callee = C->getDirectCallee();
    if (!Callee)
      return true;
    Index.Calls[key(Callee)].push_back(
        {C, Functions.empty() ? nullptr : Functions.back()});
    // Visited before its children: the callee reference is not an escape.
    if (const Expr *CalleeExpr = C->getCallee())
      CalleeRefs.insert(CalleeExpr->IgnoreParenImpCasts());
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const auto *FD = dyn_cast<FunctionDecl>(Ref->getDecl())) {
      if (!CalleeRefs.contains(Ref))
        Index.Escapes[key(FD)].push_back(Ref);
    } else if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
               Var && isLambdaClosure(Var->getType())) {
      LambdaVarRefs.push_back(Ref);
    }
    return true;
  }

  /// Lambdas are called through their closure object: the object escapes
  /// unless it is invoked on the spot or kept in a local that is only invoked.
  void collectLambdaEscapes(ASTContext &Ctx) {
    for (const LambdaExpr *L : Lambdas) {
      const Expr *Use = L;
      const DynTypedNode Parent = usingParent(*L, Ctx, Use);
      if (isInvocation(Parent, *Use, L->getCallOperator()))
        continue;
      if (const auto *Var = Parent.get<VarDecl>();
          Var && Var->hasLocalStorage())
        continue; // judged by its references below
      Index.Escapes[key(L->getCallOperator())].push_back(L);
    }
    for (const DeclRefExpr *Ref : LambdaVarRefs) {
      const CXXRecordDecl *Closure =
          Ref->getType().getNonReferenceType()->getAsCXXRecordDecl();
      const CXXMethodDecl *Op = Closure ? Closure->getLambdaCallOperator()
                                        : nullptr;
      if (!Op || Op->isDependentContext())
        continue;
      const Expr *Use = Ref;
      if (!isInvocation(usingParent(*Ref, Ctx, Use), *Use, Op))
        Index.Escapes[key(Op)].push_back(Ref);
    }
  }

private:
  /// The first parent of \p E that is not a value-preserving wrapper;
  /// \p Use becomes the child of that parent.
  static DynTypedNode usingParent(const Expr &E, ASTContext &Ctx,
                                  const Expr *&Use) {
    Use = &E;
    DynTypedNodeList Parents = Ctx.getParents(E);
    while (!Parents.empty()) {
      const auto *P = Parents[0].get<Expr>();
      if (!P || !isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
                     CXXBindTemporaryExpr, ExprWithCleanups>(P))
        return Parents[0];
      Use = P;
      Parents = Ctx.getParents(*P);
    }
    return DynTypedNode();
  }

  /// \p Parent calls \p Op on the closure object \p Use.
  static bool isInvocation(const DynTypedNode &Parent, const Expr &Use,
                           const CXXMethodDecl *Op) {
    const auto *Call = Parent.get<CXXOperatorCallExpr>();
    return Call && Call->getNumArgs() > 0 && Call->getArg(0) == &Use &&
           key(Call->getDirectCallee()) == key(Op);
  }

  CallSiteIndex &Index;
  llvm::SmallVector<const FunctionDecl *, 8> Functions;
  llvm::SmallPtrSet<const Expr *, 32> CalleeRefs;
  std::vector<const LambdaExpr *> Lambdas;
  std::vector<const DeclRefExpr *> LambdaVarRefs;
};

//===----------------------------------------------------------------------===//
// Queries
//===----------------------------------------------------------------------===//

CallSiteIndex::CallSiteIndex(ASTContext &Ctx) {
  CallSiteCollector Collector(*this);
  Collector.TraverseAST(Ctx);
  Collector.collectLambdaEscapes(Ctx);
}

llvm::ArrayRef<CallSite>
CallSiteIndex::callersOf(const FunctionDecl *FD) const {
  auto It = Calls.find(key(FD));
  return It == Calls.end() ? llvm::ArrayRef<CallSite>() : It->second;
}

llvm::ArrayRef<const Expr *>
CallSiteIndex::escapesOf(const FunctionDecl *FD) const {
  auto It = Escapes.find(key(FD));
  return It == Escapes.end() ? llvm::ArrayRef<const Expr *>() : It->second;
}

bool CallSiteIndex::mayBeCalledIndirectly(const FunctionDecl *FD) const {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
  return !escapesOf(FD).empty() || (MD && MD->isVirtual());
}

bool invokesCallableParameter(const Expr &Site, const FunctionDecl &Function) {
  const FunctionDecl *Pattern = Function.getTemplateInstantiationPattern();
  if (!Pattern)
    return false;
  const Expr *Callee = nullptr;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Site);
      Op && Op->getOperator() == OO_Call && Op->getNumArgs() > 0)
    Callee = Op->getArg(0);
  else if (const auto *Call = dyn_cast<CallExpr>(&Site))
    Callee = Call->getCallee();
  if (!Callee)
    return false;
  const auto *Ref = dyn_cast<DeclRefExpr>(Callee->IgnoreParenImpCasts());
  const auto *Param = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  if (!Param || Param->getDeclContext() != &Function)
    return false;
  unsigned Index = Param->getFunctionScopeIndex();
  // A pack expands to several instantiated parameters; the pattern has one.
  if (Index >= Pattern->getNumParams())
    return Pattern->getNumParams() > 0 &&
           Pattern->getParamDecl(Pattern->getNumParams() - 1)->isParameterPack();
  return Pattern->getParamDecl(Index)->getType()->isDependentType();
}

} // namespace clang::tidy::corolint::analysis
