//===----------------------------------------------------------------------===//
//
// Local uses: consumed or only observed.
//
//===----------------------------------------------------------------------===//

#include "LocalUses.h"

#include "CoroutineBodies.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::corolint::analysis {

namespace {
/// Uses of one local variable inside a function body.
class VarUseFinder : public RecursiveASTVisitor<VarUseFinder> {
public:
  VarUseFinder(const VarDecl &Var, ASTContext &Ctx) : Var(Var), Ctx(Ctx) {}
  bool Consumed = false;

  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (Ref->getDecl() != &Var)
      return true;
    if (!isObservationOnly(*Ref))
      Consumed = true;
    return !Consumed;
  }
  // A by-reference or by-copy capture hands the value to the lambda.
  bool VisitLambdaExpr(LambdaExpr *L) {
    for (const LambdaCapture &C : L->captures())
      if (C.capturesVariable() && C.getCapturedVar() == &Var)
        Consumed = true;
    return !Consumed;
  }

private:
  /// `t.done()`, `t.is_ready()`: a member call that only looks at the value.
  bool isObservationOnly(const DeclRefExpr &Ref) {
    DynTypedNodeList Parents = Ctx.getParents(outermostWrapper(Ref, Ctx));
    const auto *Member = Parents.empty() ? nullptr : Parents[0].get<MemberExpr>();
    if (!Member)
      return false;
    const auto *Method = dyn_cast<CXXMethodDecl>(Member->getMemberDecl());
    return Method && Method->isConst();
  }

  const VarDecl &Var;
  ASTContext &Ctx;
};
} // namespace

bool isLocalConsumed(const VarDecl &Var, const Stmt &Body, ASTContext &Ctx) {
  VarUseFinder Uses(Var, Ctx);
  Uses.TraverseStmt(const_cast<Stmt *>(&Body));
  return Uses.Consumed;
}

const Stmt *declaringBody(const VarDecl &Var, ASTContext &Ctx) {
  DynTypedNodeList Parents = Ctx.getParents(Var);
  const auto *DS = Parents.empty() ? nullptr : Parents[0].get<DeclStmt>();
  if (!DS)
    return nullptr;
  const FunctionDecl *FD = enclosingFunction(*DS, Ctx);
  return FD ? FD->getBody() : nullptr;
}

} // namespace clang::tidy::corolint::analysis
