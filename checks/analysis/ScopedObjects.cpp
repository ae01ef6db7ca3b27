//===----------------------------------------------------------------------===//
//
// Scoped objects alive at a point.
//
//===----------------------------------------------------------------------===//

#include "ScopedObjects.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"

namespace clang::tidy::corolint::analysis {

const VarDecl *
liveScopedObject(const Stmt &At, ASTContext &Ctx,
                 llvm::function_ref<bool(const VarDecl &)> Matches) {
  DynTypedNode Child = DynTypedNode::create(At);
  DynTypedNodeList Parents = Ctx.getParents(At);
  while (!Parents.empty()) {
    const DynTypedNode &P = Parents[0];
    if (P.get<FunctionDecl>() || P.get<LambdaExpr>() || P.get<BlockDecl>() ||
        P.get<TranslationUnitDecl>())
      return nullptr;
    if (const auto *Block = P.get<CompoundStmt>()) {
      const Stmt *ChildStmt = Child.get<Stmt>();
      // Declared in this block before the statement that holds the point:
      // alive until the end of the block, so at the point.
      const VarDecl *Found = nullptr;
      for (const Stmt *S : Block->body()) {
        if (S == ChildStmt)
          break;
        if (const auto *DS = dyn_cast<DeclStmt>(S))
          for (const Decl *D : DS->decls())
            if (const auto *Var = dyn_cast<VarDecl>(D);
                Var && Var->hasLocalStorage() && Matches(*Var))
              Found = Var;
      }
      if (Found)
        return Found;
    }
    Child = P;
    Parents = Ctx.getParents(P);
  }
  return nullptr;
}

bool isScopedObjectWithRole(const VarDecl &Var, Role R,
                            const RoleLookup &Roles) {
  QualType T = Var.getType();
  if (T.isNull() || T->isDependentType() || T->isReferenceType() ||
      T->isPointerType())
    return false;
  return Roles.rolesOfType(T).has(R);
}

} // namespace clang::tidy::corolint::analysis
