//===----------------------------------------------------------------------===//
//
// Thread-bound uses across suspension points.
//
//===----------------------------------------------------------------------===//

#include "ThreadBoundUses.h"

#include "Roles.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
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

/// The first `std::this_thread::get_id()` call in \p S (lambdas excluded).
static const CallExpr *firstThreadIdCallIn(const Stmt *S) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const CallExpr *Found = nullptr;
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
    bool VisitCallExpr(CallExpr *Call) {
      if (isThreadIdCall(*Call))
        Found = Call;
      return !Found;
    }
  } F;
  F.TraverseStmt(const_cast<Stmt *>(S));
  return F.Found;
}

/// The other operand when \p E (through copies, conversions and other
/// operators, as a test framework's `REQUIRE(a != b)` decomposes into
/// `(Decomposer() <= a) != b`) is an operand of `==` or `!=`; nullptr
/// otherwise.
static const Expr *otherOperandOfEquality(const Expr &E, ASTContext &Ctx) {
  const Expr *Operand = &E;
  for (;;) {
    auto Parents = Ctx.getParents(*Operand);
    if (Parents.size() != 1)
      return nullptr;
    const auto *Parent = Parents[0].get<Expr>();
    if (!Parent)
      return nullptr;
    if (isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
            CXXBindTemporaryExpr>(Parent) ||
        (isa<CXXConstructExpr>(Parent) &&
         cast<CXXConstructExpr>(Parent)->getNumArgs() == 1)) {
      Operand = Parent;
      continue;
    }
    const Expr *LHS = nullptr, *RHS = nullptr;
    if (const auto *BO = dyn_cast<BinaryOperator>(Parent)) {
      if (!BO->isEqualityOp()) {
        Operand = Parent;
        continue;
      }
      LHS = BO->getLHS();
      RHS = BO->getRHS();
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Parent)) {
      if ((Op->getOperator() != OO_EqualEqual &&
           Op->getOperator() != OO_ExclaimEqual) ||
          Op->getNumArgs() != 2) {
        if (Op->getOperator() == OO_Call || Op->getOperator() == OO_Subscript)
          return nullptr; // an argument of a call, not an operand
        Operand = Parent;
        continue;
      }
      LHS = Op->getArg(0);
      RHS = Op->getArg(1);
    } else {
      return nullptr;
    }
    return LHS == Operand ? RHS : RHS == Operand ? LHS : nullptr;
  }
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
  /// The thread-id call in the initialiser of each local that holds an id.
  llvm::DenseMap<const VarDecl *, const CallExpr *> IdInitialisers;

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
    if (isa<FunctionDecl>(Value))
      IdInitialisers[V] = firstThreadIdCallIn(V->getInit());
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

/// True when the kept id \p Use is compared (`==`, `!=`) with the id of
/// the thread running the comparison: a `get_id()` call in the other
/// operand, or a local initialised from one with no suspension between.
bool comparedWithCurrentId(const Use &Use, const UseCollector &Collector,
                           const CoroutineCFG &CFG) {
  const Expr *Other = otherOperandOfEquality(*Use.E, CFG.astContext());
  if (!Other)
    return false;
  if (firstThreadIdCallIn(Other))
    return true;
  const auto *Ref = dyn_cast<DeclRefExpr>(Other->IgnoreImplicit());
  if (const auto *CXXConstruct =
          dyn_cast<CXXConstructExpr>(Other->IgnoreImplicit());
      CXXConstruct && CXXConstruct->getNumArgs() == 1)
    Ref = dyn_cast<DeclRefExpr>(CXXConstruct->getArg(0)->IgnoreImplicit());
  const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!V || V == Use.Alias || !Collector.IdInitialisers.lookup(V))
    return false;
  return !CFG.suspensionBetween(CFG.pointOf(*V), CFG.pointOf(*Use.E));
}

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
    const bool IsThreadId = isa<FunctionDecl>(Value);
    for (const Use &After : Uses) {
      ProgramPoint To = CFG.pointOf(*After.E);
      if (IsThreadId) {
        // A thread's id is a value: only an id kept from before the
        // suspension is stale, and comparing it with the current one is how
        // code asks whether it moved.
        if (!After.Alias)
          continue;
        const CallExpr *Kept = Collector.IdInitialisers.lookup(After.Alias);
        if (!Kept)
          continue;
        SuspensionBetween Between =
            CFG.suspensionBetween(CFG.pointOf(*After.Alias), To);
        if (!Between || comparedWithCurrentId(After, Collector, CFG))
          continue;
        ThreadBoundAcrossSuspension P;
        P.Value.ThreadId = cast<FunctionDecl>(Value);
        P.Before = Kept;
        P.After = After.E;
        P.Alias = After.Alias;
        P.Suspension = Between.Witness;
        Pair = P;
        break;
      }
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
