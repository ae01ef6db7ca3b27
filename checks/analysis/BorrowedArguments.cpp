//===----------------------------------------------------------------------===//
//
// Borrowed arguments.
//
//===----------------------------------------------------------------------===//

#include "BorrowedArguments.h"

#include "CoroutineBodies.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::corolint::analysis {

//===----------------------------------------------------------------------===//
// Borrowing types and late uses
//===----------------------------------------------------------------------===//

/// True when \p T is a view class: `std::basic_string_view`, `std::span`,
/// or a class (template) named `string_view`, `span` or `basic_string_view`.
static bool isViewClass(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier())
    return false;
  llvm::StringRef Name = RD->getName();
  return Name == "basic_string_view" || Name == "string_view" ||
         Name == "span";
}

bool isBorrowingType(QualType T) {
  if (T.isNull() || T->isDependentType())
    return false;
  if (T->isReferenceType())
    return true;
  if (T->isPointerType())
    return !T->getPointeeType()->isFunctionType();
  return isViewClass(T);
}

namespace {
/// The uses of one parameter or of the closure's captures in a body, in
/// source order (nested lambdas entered: they run later, if at all).
struct UseCollector {
  const ParmVarDecl *Param = nullptr; // nullptr: captures and `this`
  llvm::SmallVector<const Expr *, 4> Uses;
  void collect(const Stmt *S) {
    if (!S)
      return;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
      if (Param ? Ref->getDecl() == Param
                : Ref->refersToEnclosingVariableOrCapture())
        Uses.push_back(Ref);
    } else if (isa<CXXThisExpr>(S) && !Param) {
      Uses.push_back(cast<CXXThisExpr>(S)); // `this` the closure captured
    }
    for (const Stmt *Child : S->children())
      collect(Child);
  }
};
} // namespace

/// The first of \p Uses that some suspension point of \p Graph reaches, with
/// that suspension point.
static std::pair<const Expr *, const Expr *>
firstUseAfterSuspension(llvm::ArrayRef<const Expr *> Uses,
                        const CoroutineCFG &Graph, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  for (const Expr *Use : Uses) {
    ProgramPoint At = Graph.isValid() ? Graph.pointOf(*Use) : ProgramPoint{};
    for (const SuspensionPoint &SP : Graph.suspensionPoints()) {
      if (!SP.E)
        continue;
      if (At) {
        ProgramPoint From = Graph.pointOf(SP);
        if (From && Graph.reaches(From, At))
          return {Use, SP.E};
      } else if (SM.isBeforeInTranslationUnit(SP.E->getEndLoc(),
                                              Use->getBeginLoc())) {
        // Not on the graph (a nested lambda, an invalid graph): by source
        // order.
        return {Use, SP.E};
      }
    }
  }
  return {nullptr, nullptr};
}

llvm::SmallVector<LateBorrow, 2> lateBorrows(const FunctionDecl &Coroutine,
                                              const CoroutineCFG &Graph,
                                              ASTContext &Ctx) {
  llvm::SmallVector<LateBorrow, 2> Found;
  const Stmt *Body = userBodyOf(&Coroutine);
  if (!Body)
    return Found;
  bool Lazy =
      taskStart(Coroutine.getReturnType(), Ctx) == TaskStart::Lazy;
  auto Judge = [&](const ParmVarDecl *Param) {
    UseCollector Uses;
    Uses.Param = Param;
    Uses.collect(Body);
    if (Uses.Uses.empty())
      return;
    if (Lazy) {
      Found.push_back({Param, Uses.Uses.front(), nullptr});
      return;
    }
    auto [Use, After] = firstUseAfterSuspension(Uses.Uses, Graph, Ctx);
    if (Use)
      Found.push_back({Param, Use, After});
  };
  for (const ParmVarDecl *Param : Coroutine.parameters())
    if (isBorrowingType(Param->getType()))
      Judge(Param);
  // The closure of a lambda coroutine that captures something.
  if (const auto *Method = dyn_cast<CXXMethodDecl>(&Coroutine);
      Method && Method->getParent()->isLambda() &&
      !Method->getParent()->captures().empty())
    Judge(nullptr);
  return Found;
}

//===----------------------------------------------------------------------===//
// Lenders
//===----------------------------------------------------------------------===//

/// A local variable or by-value parameter with automatic storage, owning
/// its object (not a reference, pointer or view).
static const VarDecl *owningLocal(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->hasLocalStorage() || Var->isStaticLocal() ||
      Ref->refersToEnclosingVariableOrCapture() ||
      isBorrowingType(Var->getType()))
    return nullptr;
  return Var;
}

/// What the object \p E names lends: a temporary or a local.
static Lender objectLender(const Expr *E) {
  while (true) {
    E = E->IgnoreParens();
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(E);
        Cast && (Cast->getCastKind() == CK_NoOp ||
                 Cast->getCastKind() == CK_DerivedToBase ||
                 Cast->getCastKind() == CK_UncheckedDerivedToBase)) {
      E = Cast->getSubExpr();
      continue;
    }
    break;
  }
  if (isa<MaterializeTemporaryExpr, CXXBindTemporaryExpr>(E))
    return {Lender::Temporary, E, nullptr};
  if (const VarDecl *Var = owningLocal(E))
    return {Lender::Local, E, Var};
  return {};
}

static bool isCopyOrMove(const CXXConstructExpr &Construct) {
  const CXXConstructorDecl *Ctor = Construct.getConstructor();
  return Ctor && (Ctor->isCopyOrMoveConstructor());
}

/// What a pointer or view value \p E points into.
static Lender viewLender(const Expr *E) {
  E = E->IgnoreParens();
  if (const auto *Cast = dyn_cast<CastExpr>(E)) {
    switch (Cast->getCastKind()) {
    case CK_LValueToRValue:
      return {}; // the value of a pointer or view variable: not known
    case CK_ArrayToPointerDecay:
      return objectLender(Cast->getSubExpr());
    default:
      return viewLender(Cast->getSubExpr());
    }
  }
  if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(E))
    return viewLender(Bind->getSubExpr());
  if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(E)) {
    if (isBorrowingType(Temp->getType()))
      return viewLender(Temp->getSubExpr());
    return {Lender::Temporary, Temp, nullptr};
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    if (Construct->getNumArgs() == 0)
      return {};
    const Expr *Arg = Construct->getArg(0);
    if (isCopyOrMove(*Construct))
      return viewLender(Arg);
    // A view made from an object: `std::span(vec)`, `string_view(str)`.
    if (isBorrowingType(Arg->IgnoreParenImpCasts()->getType()) &&
        !Arg->IgnoreParenImpCasts()->getType()->isReferenceType() &&
        Arg->IgnoreParenImpCasts()->isPRValue())
      return viewLender(Arg);
    return objectLender(Arg);
  }
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (!Method || !Member->getImplicitObjectArgument())
      return {};
    bool Views = isa<CXXConversionDecl>(Method) ||
                 (Method->getIdentifier() &&
                  (Method->getName() == "c_str" || Method->getName() == "data"));
    if (!Views)
      return {};
    return objectLender(Member->getImplicitObjectArgument());
  }
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_AddrOf)
    return objectLender(Unary->getSubExpr());
  return {};
}

Lender lenderOf(const Expr &Arg, QualType ParamType) {
  if (ParamType->isReferenceType() ||
      (ParamType->getAsCXXRecordDecl() &&
       ParamType->getAsCXXRecordDecl()->isLambda()))
    return objectLender(&Arg);
  return viewLender(&Arg);
}

//===----------------------------------------------------------------------===//
// Where a task goes
//===----------------------------------------------------------------------===//

/// The variable \p E names, and whether it is not a local (a member, a
/// global, a reference).
static std::pair<const VarDecl *, bool> keeperOf(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      return {Var, !Var->hasLocalStorage() || Var->getType()->isReferenceType() ||
                       Ref->refersToEnclosingVariableOrCapture()};
  // A member, an element, what a pointer points to: beyond the caller.
  return {nullptr, true};
}

TaskFate taskFateOf(const CallExpr &Call, const RoleLookup &Roles,
                    ASTContext &Ctx) {
  const Expr *Current = &outermostWrapper(Call, Ctx);
  const CallExpr *Spawn = nullptr;
  // A member call the task is an argument of (`tasks.push_back(t)`).
  const CXXMemberCallExpr *Container = nullptr;
  auto Kept = [&](TaskFate::Kind K, const Stmt *Where,
                  std::pair<const VarDecl *, bool> Keeper) {
    if (Spawn && K != TaskFate::Returned)
      return TaskFate{Keeper.first || Keeper.second ? TaskFate::Stored
                                                    : TaskFate::Spawned,
                      Spawn, Keeper.first, Keeper.second};
    return TaskFate{K, Where, Keeper.first, Keeper.second};
  };
  for (int Steps = 0; Steps < 32; ++Steps) {
    if (isAwaitedOperand(*Current, Ctx)) {
      DynTypedNodeList Ps = Ctx.getParents(*Current);
      if (!Ps.empty() && Ps[0].get<CoreturnStmt>())
        return Kept(TaskFate::Returned, Ps[0].get<CoreturnStmt>(), {nullptr, true});
      return {TaskFate::AwaitedHere, nullptr, nullptr, false};
    }
    DynTypedNodeList Parents = Ctx.getParents(*Current);
    if (Parents.empty())
      return {};
    const DynTypedNode &P = Parents[0];
    if (const auto *Var = P.get<VarDecl>())
      return Kept(TaskFate::Stored, Var->getInit(),
                  {Var, !Var->hasLocalStorage()});
    if (const auto *Return = P.get<ReturnStmt>())
      return Kept(TaskFate::Returned, Return, {nullptr, true});
    if (P.get<CompoundStmt>() || P.get<CaseStmt>() || P.get<DefaultStmt>() ||
        P.get<AttributedStmt>()) {
      if (Container)
        return Kept(TaskFate::Stored, Container,
                    keeperOf(Container->getImplicitObjectArgument()));
      if (Spawn)
        return {TaskFate::Spawned, Spawn, nullptr, false};
      return {TaskFate::Discarded, nullptr, nullptr, false};
    }
    const auto *Parent = P.get<Expr>();
    if (!Parent)
      return {};
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Parent);
        Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
        Op->getArg(0) != Current)
      return Kept(TaskFate::Stored, Op, keeperOf(Op->getArg(0)));
    if (const auto *Assign = dyn_cast<BinaryOperator>(Parent);
        Assign && Assign->isAssignmentOp())
      return Kept(TaskFate::Stored, Assign, keeperOf(Assign->getLHS()));
    if (const auto *Outer = dyn_cast<CallExpr>(Parent)) {
      const FunctionDecl *Callee = Outer->getDirectCallee();
      if (Callee && Roles.has(Callee, Role::Runner))
        return {TaskFate::AwaitedHere, nullptr, nullptr, false};
      if (Callee && (Roles.has(Callee, Role::Spawn) ||
                     Roles.has(Callee, Role::Detached)))
        Spawn = Outer;
      else if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Outer);
               Member && Member->getImplicitObjectArgument() != Current &&
               Callee &&
               (Callee->getReturnType()->isVoidType() ||
                Callee->getReturnType()->isReferenceType()))
        Container = Member; // push_back, emplace_back: the object keeps it
    }
    Current = Parent;
  }
  return {};
}

/// The statement whose end ends the lifetime of \p Var: its block (the body
/// of its function for a parameter).
static const Stmt *scopeOf(const VarDecl &Var, ASTContext &Ctx) {
  if (const auto *Param = dyn_cast<ParmVarDecl>(&Var)) {
    const auto *FD = dyn_cast_or_null<FunctionDecl>(Param->getDeclContext());
    return FD ? FD->getBody() : nullptr;
  }
  DynTypedNodeList Parents = Ctx.getParents(Var);
  const Stmt *S = Parents.empty() ? nullptr : Parents[0].get<DeclStmt>();
  while (S) {
    DynTypedNodeList Up = Ctx.getParents(*S);
    if (Up.empty())
      return nullptr;
    if (const auto *Block = Up[0].get<CompoundStmt>())
      return Block;
    S = Up[0].get<Stmt>();
  }
  return nullptr;
}

static bool usedAfter(const Stmt *S, const VarDecl &Var, SourceLocation End,
                      const SourceManager &SM) {
  if (!S)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
      Ref && Ref->getDecl() == &Var &&
      SM.isBeforeInTranslationUnit(End, Ref->getBeginLoc()))
    return true;
  for (const Stmt *Child : S->children())
    if (usedAfter(Child, Var, End, SM))
      return true;
  return false;
}

/// True when \p S holds a call of a `runner` that starts after \p After.
static bool runsLoopAfter(const Stmt *S, SourceLocation After,
                          const RoleLookup &Roles, const SourceManager &SM) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(S);
      Call && Roles.has(Call->getDirectCallee(), Role::Runner) &&
      SM.isBeforeInTranslationUnit(After, Call->getBeginLoc()))
    return true;
  for (const Stmt *Child : S->children())
    if (runsLoopAfter(Child, After, Roles, SM))
      return true;
  return false;
}

bool mayOutlive(const TaskFate &Fate, const VarDecl &Var,
                const RoleLookup &Roles, ASTContext &Ctx) {
  switch (Fate.K) {
  case TaskFate::Returned:
    return true;
  case TaskFate::Spawned: {
    const Stmt *Scope = scopeOf(Var, Ctx);
    return !(Scope && Fate.Where &&
             runsLoopAfter(Scope, Fate.Where->getEndLoc(), Roles,
                           Ctx.getSourceManager()));
  }
  case TaskFate::Stored:
    break;
  default:
    return false;
  }
  if (Fate.KeeperEscapes || !Fate.Keeper)
    return true;
  const Stmt *Scope = scopeOf(Var, Ctx);
  const Stmt *KeeperScope = scopeOf(*Fate.Keeper, Ctx);
  if (!Scope || !KeeperScope)
    return false;
  return usedAfter(KeeperScope, *Fate.Keeper, Scope->getEndLoc(),
                   Ctx.getSourceManager());
}

} // namespace clang::tidy::corolint::analysis
