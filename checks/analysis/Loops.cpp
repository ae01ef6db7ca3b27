//===----------------------------------------------------------------------===//
//
// Loops: trip counts, exits, modifications and references (Loops.h).
//
//===----------------------------------------------------------------------===//

#include "Loops.h"

#include "CoroutineBodies.h"
#include "Roles.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::corolint::analysis {

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

bool isLoop(const Stmt &S) {
  return isa<ForStmt, CXXForRangeStmt, WhileStmt, DoStmt>(S);
}

const Stmt *loopBody(const Stmt &Loop) {
  if (const auto *F = dyn_cast<ForStmt>(&Loop))
    return F->getBody();
  if (const auto *R = dyn_cast<CXXForRangeStmt>(&Loop))
    return R->getBody();
  if (const auto *W = dyn_cast<WhileStmt>(&Loop))
    return W->getBody();
  if (const auto *D = dyn_cast<DoStmt>(&Loop))
    return D->getBody();
  return nullptr;
}

const Expr *loopCondition(const Stmt &Loop) {
  if (const auto *F = dyn_cast<ForStmt>(&Loop))
    return F->getCond();
  if (const auto *W = dyn_cast<WhileStmt>(&Loop))
    return W->getCond();
  if (const auto *D = dyn_cast<DoStmt>(&Loop))
    return D->getCond();
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Trip counts
//===----------------------------------------------------------------------===//

/// The extent of a constant-size range: a constant array, a `std::array`,
/// a braced list (std::initializer_list).
static std::optional<std::uint64_t> constantRangeSize(const Expr *Init,
                                                      ASTContext &Ctx) {
  if (!Init)
    return std::nullopt;
  const Expr *E = Init->IgnoreParenImpCasts();
  if (const auto *ILE = dyn_cast<CXXStdInitializerListExpr>(E))
    E = ILE->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(E))
    E = MTE->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *List = dyn_cast<InitListExpr>(E))
    return List->getNumInits();
  QualType T = E->getType().getNonReferenceType().getCanonicalType();
  if (const auto *CA = Ctx.getAsConstantArrayType(T))
    return CA->getSize().getZExtValue();
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          T->getAsCXXRecordDecl()))
    if (roleQualifiedName(Spec) == "std::array" &&
        Spec->getTemplateArgs().size() == 2 &&
        Spec->getTemplateArgs()[1].getKind() == TemplateArgument::Integral)
      return Spec->getTemplateArgs()[1].getAsIntegral().getZExtValue();
  return std::nullopt;
}

static const VarDecl *referencedVar(const Expr *E) {
  if (!E)
    return nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    return dyn_cast<VarDecl>(Ref->getDecl());
  return nullptr;
}

/// The variable a `for` increment steps (`++i`, `i++`, `i += k`, `--i`).
static const VarDecl *steppedVar(const Expr *Inc) {
  if (!Inc)
    return nullptr;
  Inc = Inc->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(Inc))
    return U->isIncrementDecrementOp() ? referencedVar(U->getSubExpr())
                                       : nullptr;
  if (const auto *B = dyn_cast<BinaryOperator>(Inc))
    return B->isCompoundAssignmentOp() ? referencedVar(B->getLHS()) : nullptr;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Inc)) // iterators
    if (Op->getOperator() == OO_PlusPlus || Op->getOperator() == OO_MinusMinus)
      return Op->getNumArgs() > 0 ? referencedVar(Op->getArg(0)) : nullptr;
  return nullptr;
}

/// The counter of a counted `for`, the bound it is compared with and the
/// counter's initial value.
struct CountedFor {
  const VarDecl *Counter = nullptr;
  const Expr *Bound = nullptr;
  const Expr *Start = nullptr;
};

static std::optional<CountedFor> countedFor(const ForStmt &F) {
  const VarDecl *Counter = steppedVar(F.getInc());
  if (!Counter || !F.getCond())
    return std::nullopt;
  const Expr *Cond = F.getCond()->IgnoreParenImpCasts();
  const Expr *LHS = nullptr, *RHS = nullptr;
  if (const auto *B = dyn_cast<BinaryOperator>(Cond)) {
    if (!B->isComparisonOp())
      return std::nullopt;
    LHS = B->getLHS();
    RHS = B->getRHS();
  } else if (const auto *Rewritten =
                 dyn_cast<CXXRewrittenBinaryOperator>(Cond)) {
    // C++20: `it != end` rewritten to `!(it == end)`.
    if (!Rewritten->isComparisonOp())
      return std::nullopt;
    LHS = Rewritten->getLHS();
    RHS = Rewritten->getRHS();
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Cond)) {
    if (!Op->isComparisonOp() || Op->getNumArgs() != 2)
      return std::nullopt;
    LHS = Op->getArg(0);
    RHS = Op->getArg(1);
  } else {
    return std::nullopt;
  }
  CountedFor Result;
  Result.Counter = Counter;
  if (referencedVar(LHS) == Counter)
    Result.Bound = RHS;
  else if (referencedVar(RHS) == Counter)
    Result.Bound = LHS;
  else
    return std::nullopt;
  if (Counter->getInit() && Counter->isLocalVarDecl())
    Result.Start = Counter->getInit();
  return Result;
}

TripCount tripCount(const Stmt &Loop, ASTContext &Ctx) {
  TripCount Result;
  if (const auto *R = dyn_cast<CXXForRangeStmt>(&Loop)) {
    const Expr *Init = R->getRangeInit();
    if (auto Size = constantRangeSize(Init, Ctx)) {
      Result.K = TripCount::Constant;
      Result.Count = *Size;
    } else {
      Result.K = TripCount::Collection;
    }
    Result.Range = Init;
    return Result;
  }
  if (isa<WhileStmt, DoStmt>(Loop)) {
    const Expr *Cond = loopCondition(Loop);
    bool Value = true;
    if (Cond && !Cond->isValueDependent() &&
        Cond->EvaluateAsBooleanCondition(Value, Ctx) && !Value) {
      Result.K = TripCount::Constant;
      Result.Count = isa<DoStmt>(Loop) ? 1 : 0;
    }
    return Result;
  }
  const auto *F = dyn_cast<ForStmt>(&Loop);
  if (!F)
    return Result;
  std::optional<CountedFor> Counted = countedFor(*F);
  if (!Counted)
    return Result;
  Result.Range = Counted->Bound;
  Expr::EvalResult Bound, Start;
  if (!Counted->Bound->isValueDependent() && Counted->Start &&
      !Counted->Start->isValueDependent() &&
      Counted->Bound->EvaluateAsInt(Bound, Ctx) &&
      Counted->Start->EvaluateAsInt(Start, Ctx)) {
    llvm::APSInt B = Bound.Val.getInt(), S = Start.Val.getInt();
    int64_t Diff = B.getExtValue() - S.getExtValue();
    Result.K = TripCount::Constant;
    Result.Count = std::uint64_t(Diff < 0 ? -Diff : Diff);
    return Result;
  }
  const Expr *BoundExpr = Counted->Bound->IgnoreParenImpCasts();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(BoundExpr))
    if (Construct->getNumArgs() == 1)
      BoundExpr = Construct->getArg(0)->IgnoreParenImpCasts();
  bool IsIterator = Counted->Counter->getType()->isRecordType() ||
                    Counted->Counter->getType()->isPointerType();
  Result.K = IsIterator || isa<CallExpr>(BoundExpr) ? TripCount::Collection
                                                      : TripCount::RuntimeBound;
  return Result;
}

llvm::SmallVector<const VarDecl *, 2> inductionVariables(const Stmt &Loop) {
  llvm::SmallVector<const VarDecl *, 2> Vars;
  if (const auto *R = dyn_cast<CXXForRangeStmt>(&Loop)) {
    Vars.push_back(R->getLoopVariable());
    // Structured bindings: `for (auto& [k, v] : m)` refers to the holding
    // variables of the decomposition.
    if (const auto *DD = dyn_cast<DecompositionDecl>(R->getLoopVariable()))
      for (const BindingDecl *B : DD->bindings())
        if (const VarDecl *Holding = B->getHoldingVar())
          Vars.push_back(Holding);
  } else if (const auto *F = dyn_cast<ForStmt>(&Loop)) {
    if (const VarDecl *Counter = steppedVar(F->getInc()))
      Vars.push_back(Counter);
  }
  return Vars;
}

//===----------------------------------------------------------------------===//
// Exits and suspension points
//===----------------------------------------------------------------------===//

namespace {

/// Walks a statement without entering lambdas, tracking how many loops and
/// switches enclose the current node (for `break`/`continue`).
class ExitFinder : public RecursiveASTVisitor<ExitFinder> {
public:
  llvm::SmallVector<const Stmt *, 2> Exits;

  bool shouldVisitLambdaBody() const { return false; }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }

  bool TraverseStmt(Stmt *S) {
    if (!S)
      return true;
    bool Nests = isLoop(*S) || isa<SwitchStmt>(S);
    Depth += Nests;
    bool Result = RecursiveASTVisitor::TraverseStmt(S);
    Depth -= Nests;
    return Result;
  }
  bool VisitBreakStmt(BreakStmt *S) {
    if (Depth == 0)
      Exits.push_back(S);
    return true;
  }
  bool VisitReturnStmt(ReturnStmt *S) {
    Exits.push_back(S);
    return true;
  }
  bool VisitCoreturnStmt(CoreturnStmt *S) {
    Exits.push_back(S);
    return true;
  }
  bool VisitGotoStmt(GotoStmt *S) {
    Exits.push_back(S);
    return true;
  }
  bool VisitCXXThrowExpr(CXXThrowExpr *S) {
    Exits.push_back(S);
    return true;
  }

private:
  unsigned Depth = 0;
};

} // namespace

llvm::SmallVector<const Stmt *, 2> loopExits(const Stmt &Loop) {
  ExitFinder Finder;
  for (const Stmt *Part : {static_cast<const Stmt *>(loopCondition(Loop)),
                           loopBody(Loop)})
    if (Part)
      Finder.TraverseStmt(const_cast<Stmt *>(Part));
  return Finder.Exits;
}

llvm::SmallVector<SuspensionPoint, 4> suspensionPointsIn(const Stmt &Loop) {
  llvm::SmallVector<SuspensionPoint, 4> Points;
  const Stmt *Parts[] = {nullptr, nullptr, nullptr};
  if (const auto *F = dyn_cast<ForStmt>(&Loop)) {
    Parts[0] = F->getCond();
    Parts[1] = F->getInc();
  } else if (const auto *R = dyn_cast<CXXForRangeStmt>(&Loop)) {
    Parts[0] = R->getInc();
  } else {
    Parts[0] = loopCondition(Loop);
  }
  Parts[2] = loopBody(Loop);
  for (const Stmt *Part : Parts)
    if (Part)
      Points.append(findSuspensionPoints(*Part));
  return Points;
}

//===----------------------------------------------------------------------===//
// Modifications and references
//===----------------------------------------------------------------------===//

namespace {

/// The object a modifying expression changes: a variable, a field, or
/// `this`'s state, behind member accesses, subscripts and dereferences
/// (`a.b[i]->c = x` changes `a`).
struct ModifiedObject {
  const VarDecl *Var = nullptr;
  const FieldDecl *Field = nullptr;
  bool This = false;
};

ModifiedObject objectOf(const Expr *E) {
  ModifiedObject Result;
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      Result.Var = dyn_cast<VarDecl>(Ref->getDecl());
      if (const auto *Binding = dyn_cast<BindingDecl>(Ref->getDecl()))
        Result.Var = Binding->getHoldingVar();
      return Result;
    }
    if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      const Expr *Base = Member->getBase()->IgnoreParenImpCasts();
      if (isa<CXXThisExpr>(Base)) {
        Result.Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
        Result.This = !Result.Field;
        return Result;
      }
      E = Base;
      continue;
    }
    if (isa<CXXThisExpr>(E)) {
      Result.This = true;
      return Result;
    }
    if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E)) {
      E = Sub->getBase();
      continue;
    }
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      if (U->getOpcode() == UO_Deref || U->getOpcode() == UO_AddrOf) {
        E = U->getSubExpr();
        continue;
      }
      return Result;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      // `v[i] = x`, `*it = x`, `p->m = x`: the container, the iterator's
      // range, the pointer's target.
      if ((Op->getOperator() == OO_Subscript || Op->getOperator() == OO_Star ||
           Op->getOperator() == OO_Arrow) &&
          Op->getNumArgs() > 0) {
        E = Op->getArg(0);
        continue;
      }
      return Result;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      E = MC->getImplicitObjectArgument();
      continue;
    }
    return Result;
  }
  return Result;
}

bool isConstMethod(const FunctionDecl *FD) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
  return MD && (MD->isConst() || MD->isStatic());
}

bool isNonConstReferenceOrPointer(QualType T) {
  if (T.isNull())
    return false;
  if (const auto *Ref = T->getAs<ReferenceType>())
    return !Ref->getPointeeType().isConstQualified();
  if (const auto *Ptr = T->getAs<PointerType>())
    return !Ptr->getPointeeType().isConstQualified();
  return false;
}

class ModificationFinder : public RecursiveASTVisitor<ModificationFinder> {
public:
  Modifications Result;

  bool shouldVisitLambdaBody() const { return false; }
  bool TraverseLambdaExpr(LambdaExpr *L) {
    // A lambda that captures by reference may change what it captures when
    // it is called, which the loop may do: count the captured variables.
    for (const LambdaCapture &C : L->captures()) {
      if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef) {
        if (const auto *V = dyn_cast<VarDecl>(C.getCapturedVar()))
          Result.Variables.insert(V->getCanonicalDecl());
      } else if (C.capturesThis()) {
        Result.ThisState = true;
      }
    }
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->isAssignmentOp())
      note(B->getLHS());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->isIncrementDecrementOp())
      note(U->getSubExpr());
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
      if (Op->isAssignmentOp() || Op->getOperator() == OO_PlusPlus ||
          Op->getOperator() == OO_MinusMinus)
        if (Op->getNumArgs() > 0)
          note(Op->getArg(0));
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
      if (!isConstMethod(MC->getMethodDecl()))
        note(MC->getImplicitObjectArgument());
    } else if (isa<CXXOperatorCallExpr>(Call) && Callee &&
               isa<CXXMethodDecl>(Callee) && Call->getNumArgs() > 0 &&
               !isConstMethod(Callee)) {
      note(Call->getArg(0)); // the object of a member operator
    }
    if (Callee && !isConstMethod(Callee) && !Callee->isConstexpr())
      Result.OpaqueCall = true;
    if (!Callee)
      Result.OpaqueCall = true;
    // Arguments bound to non-const references or pointers.
    unsigned First = isa<CXXOperatorCallExpr>(Call) && Callee &&
                             isa<CXXMethodDecl>(Callee)
                         ? 1
                         : 0;
    for (unsigned I = First; I < Call->getNumArgs(); ++I) {
      unsigned Param = I - First;
      QualType T;
      if (Callee && Param < Callee->getNumParams())
        T = Callee->getParamDecl(Param)->getType();
      if (T.isNull() || isNonConstReferenceOrPointer(T) ||
          T->isDependentType())
        noteArgument(Call->getArg(I));
    }
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    for (unsigned I = 0; I < Construct->getNumArgs(); ++I)
      if (Ctor && I < Ctor->getNumParams() &&
          isNonConstReferenceOrPointer(Ctor->getParamDecl(I)->getType()))
        noteArgument(Construct->getArg(I));
    return true;
  }

private:
  /// An argument bound to a non-const reference (the object itself) or a
  /// pointer (`&x`, or a pointer variable whose target changes).
  void noteArgument(const Expr *Arg) {
    const Expr *E = Arg->IgnoreParenImpCasts();
    if (isa<CXXThisExpr>(E)) {
      Result.ThisState = true;
      return;
    }
    // A prvalue (a temporary, a literal, a call result) is nobody's state.
    if (E->isPRValue() && !E->getType()->isPointerType() &&
        !isa<UnaryOperator>(E))
      return;
    note(E);
  }
  void note(const Expr *E) {
    ModifiedObject Object = objectOf(E);
    if (Object.Var)
      Result.Variables.insert(Object.Var->getCanonicalDecl());
    if (Object.Field)
      Result.Fields.insert(Object.Field);
    if (Object.This)
      Result.ThisState = true;
  }
};

class ReferenceFinder : public RecursiveASTVisitor<ReferenceFinder> {
public:
  References Result;

  bool shouldVisitLambdaBody() const { return false; }
  bool TraverseLambdaExpr(LambdaExpr *L) {
    for (const LambdaCapture &C : L->captures()) {
      if (C.capturesVariable()) {
        if (const auto *V = dyn_cast<VarDecl>(C.getCapturedVar()))
          Result.Variables.insert(V->getCanonicalDecl());
      } else if (C.capturesThis()) {
        Result.This = true;
      }
    }
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()))
      Result.Variables.insert(V->getCanonicalDecl());
    else if (const auto *B = dyn_cast<BindingDecl>(Ref->getDecl()))
      if (const VarDecl *Holding = B->getHoldingVar())
        Result.Variables.insert(Holding->getCanonicalDecl());
    return true;
  }
  bool VisitMemberExpr(MemberExpr *Member) {
    if (const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl()))
      Result.Fields.insert(Field);
    return true;
  }
  bool VisitCXXThisExpr(CXXThisExpr *) {
    Result.This = true;
    return true;
  }
  bool VisitCallExpr(CallExpr *) {
    Result.Calls = true;
    return true;
  }
};

} // namespace

Modifications modificationsIn(const Stmt &Scope) {
  ModificationFinder Finder;
  Finder.TraverseStmt(const_cast<Stmt *>(&Scope));
  return std::move(Finder.Result);
}

References referencesIn(const Stmt &S) {
  ReferenceFinder Finder;
  Finder.TraverseStmt(const_cast<Stmt *>(&S));
  return std::move(Finder.Result);
}

//===----------------------------------------------------------------------===//
// Context and types
//===----------------------------------------------------------------------===//

namespace {
class LoopFinder : public RecursiveASTVisitor<LoopFinder> {
public:
  llvm::SmallVector<const Stmt *, 8> Loops;
  bool shouldVisitLambdaBody() const { return false; }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitStmt(Stmt *S) {
    if (isLoop(*S))
      Loops.push_back(S);
    return true;
  }
};
} // namespace

llvm::SmallVector<const Stmt *, 8> loopsIn(const Stmt &Body) {
  LoopFinder Finder;
  Finder.TraverseStmt(const_cast<Stmt *>(&Body));
  return std::move(Finder.Loops);
}

const Stmt *enclosingLoop(const Stmt &S, ASTContext &Ctx) {
  DynTypedNodeList Parents = Ctx.getParents(S);
  while (!Parents.empty()) {
    const DynTypedNode &P = Parents[0];
    if (P.get<LambdaExpr>() || P.get<FunctionDecl>() || P.get<BlockExpr>())
      return nullptr;
    if (const auto *Parent = P.get<Stmt>())
      if (isLoop(*Parent))
        return Parent;
    Parents = Ctx.getParents(P);
  }
  return nullptr;
}

static const CXXRecordDecl *classOf(QualType T) {
  if (T.isNull())
    return nullptr;
  return T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
}

bool isDurationOrTimePoint(QualType T) {
  const CXXRecordDecl *RD = classOf(T);
  if (!RD)
    return false;
  std::string Name = roleQualifiedName(RD);
  return Name == "std::chrono::duration" || Name == "std::chrono::time_point";
}

bool isAtomicOrVolatile(QualType T) {
  if (T.isNull())
    return false;
  QualType NonRef = T.getNonReferenceType();
  if (NonRef.isVolatileQualified() || NonRef->isAtomicType())
    return true;
  const CXXRecordDecl *RD = classOf(T);
  if (!RD)
    return false;
  std::string Name = roleQualifiedName(RD);
  return Name == "std::atomic" || Name == "std::atomic_flag" ||
         Name == "std::atomic_ref";
}

//===----------------------------------------------------------------------===//
// Awaits that pace a loop
//===----------------------------------------------------------------------===//

/// \p E without wrappers and `std::move`/`std::forward` calls.
static const Expr *withoutMoves(const Expr *E) {
  while (E) {
    E = ignoreWrappers(E);
    const auto *Call = dyn_cast<CallExpr>(E);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (!Callee || Call->getNumArgs() != 1 || !Callee->isInStdNamespace() ||
        !Callee->getIdentifier() ||
        (Callee->getName() != "move" && Callee->getName() != "forward"))
      return E;
    E = Call->getArg(0);
  }
  return E;
}

const CallExpr *awaitedCall(const SuspensionPoint &SP) {
  const Expr *Operand = SP.operand();
  if (!Operand)
    return nullptr;
  const Expr *E = withoutMoves(Operand);
  // `co_await op` where op is a std::move()d variable: not a new call.
  if (E != ignoreWrappers(Operand) && !isa<CallExpr>(E))
    return nullptr;
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call || isa<CXXOperatorCallExpr>(Call))
    return nullptr; // a variable, a member, `handles[i]`, `*it`
  return Call;
}

/// The declaration an object expression names (a variable or a field).
static const Decl *objectDecl(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl()->getCanonicalDecl();
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return Member->getMemberDecl()->getCanonicalDecl();
  return nullptr;
}

static bool hasDurationArgument(const CallExpr &Call) {
  return llvm::any_of(Call.arguments(), [](const Expr *Arg) {
    return !isa<CXXDefaultArgExpr>(Arg) && isDurationOrTimePoint(Arg->getType());
  });
}

namespace {
class TimerFinder : public RecursiveASTVisitor<TimerFinder> {
public:
  llvm::SmallPtrSet<const Decl *, 4> Timers;
  bool shouldVisitLambdaBody() const { return false; }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    if (hasDurationArgument(*Call))
      if (const Decl *D = objectDecl(Call->getImplicitObjectArgument()))
        Timers.insert(D);
    return true;
  }
};
} // namespace

llvm::SmallPtrSet<const Decl *, 4> armedTimers(const Stmt &Scope) {
  TimerFinder Finder;
  Finder.TraverseStmt(const_cast<Stmt *>(&Scope));
  return std::move(Finder.Timers);
}

bool isSleepCall(const CallExpr &Call, const RoleLookup &Roles,
                 ASTContext &Ctx,
                 const llvm::SmallPtrSet<const Decl *, 4> *Armed) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (Callee && Roles.has(Callee, Role::Sleep))
    return true;
  if (Callee && Roles.has(Callee, Role::Timeout))
    return false;
  for (const Expr *Arg : Call.arguments())
    if (!isa<CXXDefaultArgExpr>(Arg) && isAwaitableType(Arg->getType(), Ctx))
      return false; // `timeout(1s, ev.wait())`: something else is awaited
  if (hasDurationArgument(Call))
    return true;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(&Call))
    if (Armed)
      if (const Decl *D = objectDecl(MC->getImplicitObjectArgument()))
        return Armed->contains(D);
  return false;
}

LimiterTypes::LimiterTypes(const RoleLookup &Roles,
                           llvm::ArrayRef<llvm::StringRef> Names)
    : Roles(Roles), Names(Names) {}

bool LimiterTypes::matches(QualType T) const {
  if (T.isNull() || T->isDependentType())
    return false;
  return Roles.rolesOfType(T).has(Role::Limiter) || Names.matches(T);
}

namespace {
class LimiterFinder : public RecursiveASTVisitor<LimiterFinder> {
public:
  explicit LimiterFinder(const LimiterTypes &Types) : Types(Types) {}
  bool Found = false;
  llvm::SmallVector<const FunctionDecl *, 4> Callees;

  bool VisitExpr(Expr *E) {
    if (Types.matches(E->getType()))
      Found = true;
    if (const auto *Call = dyn_cast<CallExpr>(E))
      if (const FunctionDecl *Callee = Call->getDirectCallee())
        Callees.push_back(Callee);
    return !Found;
  }
  bool VisitVarDecl(VarDecl *V) {
    if (Types.matches(V->getType()))
      Found = true;
    return !Found;
  }

private:
  const LimiterTypes &Types;
};
} // namespace

bool LimiterTypes::mentionedIn(const Stmt &S) const {
  return mentionedIn(S, 0);
}

bool LimiterTypes::mentionedIn(const Stmt &S, unsigned Depth) const {
  LimiterFinder Finder(*this);
  Finder.TraverseStmt(const_cast<Stmt *>(&S));
  if (Finder.Found)
    return true;
  if (Depth > 0)
    return false;
  // One level into the coroutines called: `spawn(fetch(sem, u))` passes
  // the limiter, `spawn(fetch(u))` may acquire a member or global one.
  for (const FunctionDecl *Callee : Finder.Callees) {
    const FunctionDecl *Def = Callee->getDefinition();
    if (!Def || !isCoroutine(Def))
      continue;
    if (const Stmt *Body = userBodyOf(Def))
      if (mentionedIn(*Body, Depth + 1))
        return true;
  }
  return false;
}

bool LimiterTypes::acquiredBy(const SuspensionPoint &SP) const {
  if (SP.E && matches(SP.E->getType()))
    return true;
  const CallExpr *Call = awaitedCall(SP);
  if (const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(Call))
    return matches(MC->getImplicitObjectArgument()->getType());
  return false;
}

} // namespace clang::tidy::corolint::analysis
