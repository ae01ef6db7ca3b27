//===----------------------------------------------------------------------===//
//
// Thread-bound uses across suspension points.
//
//===----------------------------------------------------------------------===//

#include "ThreadBoundUses.h"

#include "Roles.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"

namespace clang::tidy::corolint::analysis {

static bool isThreadIdCall(const CallExpr &Call) {
  const FunctionDecl *FD = Call.getDirectCallee();
  return FD && FD->getIdentifier() && FD->getName() == "get_id" &&
         roleQualifiedName(FD) == "std::this_thread::get_id";
}

namespace {

/// A use of a thread-bound value, and the alias it goes through.
struct Use {
  const Expr *E;
  const VarDecl *Alias;
};

/// Collects the uses in the body, lambdas excluded; the key is the
/// thread_local VarDecl or the get_id FunctionDecl.
class UseCollector : public RecursiveASTVisitor<UseCollector> {
public:
  llvm::MapVector<const Decl *, std::vector<Use>> Uses;
  /// Local aliases and what they alias.
  llvm::DenseMap<const VarDecl *, const Decl *> Aliases;

  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool shouldVisitTemplateInstantiations() const { return true; }

  /// The value \p E reads directly or through an alias, if any.
  const Decl *valueIn(const Expr *E) {
    struct Finder : RecursiveASTVisitor<Finder> {
      UseCollector &Outer;
      const Decl *Found = nullptr;
      explicit Finder(UseCollector &O) : Outer(O) {}
      bool TraverseLambdaExpr(LambdaExpr *) { return true; }
      bool VisitDeclRefExpr(DeclRefExpr *Ref) {
        if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl())) {
          if (V->getTLSKind() != VarDecl::TLS_None)
            Found = V;
          else if (auto It = Outer.Aliases.find(V); It != Outer.Aliases.end())
            Found = It->second;
        }
        return !Found;
      }
      bool VisitCallExpr(CallExpr *Call) {
        if (isThreadIdCall(*Call))
          Found = Call->getDirectCallee()->getCanonicalDecl();
        return !Found;
      }
    } F(*this);
    F.TraverseStmt(const_cast<Expr *>(E));
    return F.Found;
  }

  bool VisitVarDecl(VarDecl *V) {
    if (!V->hasLocalStorage() || isa<ParmVarDecl>(V) || !V->getInit())
      return true;
    QualType T = V->getType();
    const Decl *Value = valueIn(V->getInit());
    if (!Value)
      return true;
    // References and pointers alias a thread_local; any local made from
    // the thread's id holds that thread's id.
    if (isa<FunctionDecl>(Value) || T->isReferenceType() || T->isPointerType())
      Aliases[V] = Value;
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
    if (!V)
      return true;
    if (V->getTLSKind() != VarDecl::TLS_None)
      Uses[V].push_back({Ref, nullptr});
    else if (auto It = Aliases.find(V); It != Aliases.end())
      Uses[It->second].push_back({Ref, V});
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    if (isThreadIdCall(*Call))
      Uses[Call->getDirectCallee()->getCanonicalDecl()].push_back(
          {Call, nullptr});
    return true;
  }
};

} // namespace

std::vector<ThreadBoundAcrossSuspension>
threadBoundAcrossSuspensions(const CoroutineCFG &CFG) {
  std::vector<ThreadBoundAcrossSuspension> Found;
  if (!CFG.isValid() || CFG.suspensionPoints().empty())
    return Found;
  UseCollector Collector;
  Collector.TraverseStmt(const_cast<Stmt *>(CFG.body()));
  const SourceManager &SM = CFG.astContext().getSourceManager();
  for (auto &[Value, Uses] : Collector.Uses) {
    // Later uses in source order first: the first one reached through a
    // suspension is the finding.
    llvm::sort(Uses, [&](const Use &A, const Use &B) {
      return SM.isBeforeInTranslationUnit(A.E->getBeginLoc(),
                                          B.E->getBeginLoc());
    });
    std::optional<ThreadBoundAcrossSuspension> Pair;
    for (const Use &After : Uses) {
      ProgramPoint To = CFG.pointOf(*After.E);
      for (const Use &Before : Uses) {
        SuspensionBetween Between =
            CFG.suspensionBetween(CFG.pointOf(*Before.E), To);
        if (!Between)
          continue;
        ThreadBoundAcrossSuspension P;
        if (const auto *V = dyn_cast<VarDecl>(Value))
          P.Value.ThreadLocal = V;
        else
          P.Value.ThreadId = cast<FunctionDecl>(Value);
        P.Before = Before.E;
        P.After = After.E;
        P.Alias = After.Alias;
        P.Suspension = Between.Witness;
        Pair = P;
        break;
      }
      if (Pair)
        break;
    }
    if (Pair)
      Found.push_back(*Pair);
  }
  llvm::sort(Found, [&](const ThreadBoundAcrossSuspension &A,
                        const ThreadBoundAcrossSuspension &B) {
    return SM.isBeforeInTranslationUnit(A.After->getBeginLoc(),
                                        B.After->getBeginLoc());
  });
  return Found;
}

} // namespace clang::tidy::corolint::analysis
