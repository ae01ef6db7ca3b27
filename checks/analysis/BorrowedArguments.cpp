//===----------------------------------------------------------------------===//
//
// Borrowed arguments.
//
//===----------------------------------------------------------------------===//

#include "BorrowedArguments.h"

#include "CoroutineBodies.h"
#include "ExceptionSinks.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseSet.h"

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

llvm::SmallVector<LateBorrow, 2>
lateBorrows(const FunctionDecl &Coroutine,
            llvm::function_ref<const CoroutineCFG &()> GraphOf,
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
    auto [Use, After] = firstUseAfterSuspension(Uses.Uses, GraphOf(), Ctx);
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

/// True when \p Call waits for its object to finish: `join()` on anything,
/// `get()` or `wait()` on an object that is not a lazy task (a future-like
/// result, whose work was started when it was returned).
static bool isWaitCall(const CXXMemberCallExpr &Call) {
  const CXXMethodDecl *Method = Call.getMethodDecl();
  const Expr *Object = Call.getImplicitObjectArgument();
  if (!Method || !Method->getIdentifier() || !Object)
    return false;
  llvm::StringRef Name = Method->getName();
  if (Name == "join")
    return true;
  if (Name != "get" && Name != "wait")
    return false;
  QualType T = Object->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return taskStart(T, Method->getASTContext()) != TaskStart::Lazy;
}

/// True when \p S is the unbraced body of a loop or a branch of an `if`
/// (`for (...) spawn(f(x));`): a statement whose value nobody receives.
static bool isBodyOf(const DynTypedNode &Parent, const Stmt &S) {
  if (const auto *For = Parent.get<ForStmt>())
    return For->getBody() == &S;
  if (const auto *Range = Parent.get<CXXForRangeStmt>())
    return Range->getBody() == &S;
  if (const auto *While = Parent.get<WhileStmt>())
    return While->getBody() == &S;
  if (const auto *Do = Parent.get<DoStmt>())
    return Do->getBody() == &S;
  if (const auto *If = Parent.get<IfStmt>())
    return If->getThen() == &S || If->getElse() == &S;
  return false;
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
        P.get<AttributedStmt>() || isBodyOf(P, *Current)) {
      if (Container) {
        TaskFate F = Kept(TaskFate::Stored, Container,
                          keeperOf(Container->getImplicitObjectArgument()));
        F.Holder = Container->getImplicitObjectArgument();
        return F;
      }
      if (Spawn)
        return {TaskFate::Spawned, Spawn, nullptr, false};
      return {TaskFate::Discarded, nullptr, nullptr, false};
    }
    const auto *Parent = P.get<Expr>();
    if (!Parent)
      return {};
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Parent);
        Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
        Op->getArg(0) != Current) {
      TaskFate F = Kept(TaskFate::Stored, Op, keeperOf(Op->getArg(0)));
      F.Holder = Op->getArg(0);
      return F;
    }
    if (const auto *Assign = dyn_cast<BinaryOperator>(Parent);
        Assign && Assign->isAssignmentOp()) {
      TaskFate F = Kept(TaskFate::Stored, Assign, keeperOf(Assign->getLHS()));
      F.Holder = Assign->getLHS();
      return F;
    }
    if (const auto *Member = dyn_cast<MemberExpr>(Parent);
        Member && Member->getBase()->IgnoreParenImpCasts() ==
                      Current->IgnoreParenImpCasts()) {
      // A member called on the task itself: a wait finishes it here
      // (`f(x).get()` on an eager result); any other member call gives the
      // value whose fate is followed (`f(x).run()`).
      DynTypedNodeList Up = Ctx.getParents(*Member);
      const auto *Called = Up.empty() ? nullptr : Up[0].get<CXXMemberCallExpr>();
      if (Called && isWaitCall(*Called))
        return {TaskFate::AwaitedHere, nullptr, nullptr, false};
      if (!Called)
        return {};
      Current = Called;
      continue;
    }
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

//===----------------------------------------------------------------------===//
// Waits in the caller
//===----------------------------------------------------------------------===//

/// The object an expression names, as a path: a root (a variable, or the
/// object `this` points to) and the members selected from it; Element when
/// the expression selects an element of that object (`v[i]`, `v.at(i)`,
/// `v.front()`, the variable of a range-for over it).
struct ObjectPath {
  const VarDecl *Root = nullptr;
  bool This = false;
  llvm::SmallVector<const ValueDecl *, 2> Members;
  bool Element = false;
  explicit operator bool() const { return Root || This; }
  /// Same object, elements aside.
  bool sameObject(const ObjectPath &O) const {
    return Root == O.Root && This == O.This && Members == O.Members;
  }
  /// \p Prefix names this object or one it is a member of.
  bool within(const ObjectPath &Prefix) const {
    return Root == Prefix.Root && This == Prefix.This &&
           Members.size() >= Prefix.Members.size() &&
           std::equal(Prefix.Members.begin(), Prefix.Members.end(),
                      Members.begin());
  }
};

/// \p E without wrappers and `std::move`/`std::forward` calls.
static const Expr *withoutMoves(const Expr *E) {
  while (E) {
    E = ignoreWrappers(E);
    const auto *Call = dyn_cast<CallExpr>(E);
    if (!Call || Call->getNumArgs() != 1 ||
        !(isStdFunction(Call->getDirectCallee(), "move") ||
          isStdFunction(Call->getDirectCallee(), "forward")))
      return E;
    E = Call->getArg(0);
  }
  return E;
}

static bool isElementAccess(const CXXMemberCallExpr &Call) {
  const CXXMethodDecl *Method = Call.getMethodDecl();
  if (!Method)
    return false;
  if (Method->getOverloadedOperator() == OO_Subscript)
    return true;
  if (!Method->getIdentifier())
    return false;
  llvm::StringRef Name = Method->getName();
  return Name == "at" || Name == "front" || Name == "back";
}

static ObjectPath pathOf(const Expr *E, ASTContext &Ctx) {
  E = withoutMoves(E);
  if (!E)
    return {};
  if (isa<CXXThisExpr>(E)) {
    ObjectPath P;
    P.This = true;
    return P;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var)
      return {};
    // The variable of a range-for stands for an element of its range.
    DynTypedNodeList Up = Ctx.getParents(*Var);
    if (const auto *DS = Up.empty() ? nullptr : Up[0].get<DeclStmt>()) {
      DynTypedNodeList Loop = Ctx.getParents(*DS);
      if (const auto *For = Loop.empty() ? nullptr : Loop[0].get<CXXForRangeStmt>();
          For && For->getLoopVariable() == Var) {
        ObjectPath P = pathOf(For->getRangeInit(), Ctx);
        P.Element = true;
        return P;
      }
    }
    ObjectPath P;
    P.Root = Var;
    return P;
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    ObjectPath P = pathOf(Member->getBase(), Ctx);
    if (!P || P.Element)
      return {};
    P.Members.push_back(Member->getMemberDecl());
    return P;
  }
  const Expr *Object = nullptr;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2)
    Object = Op->getArg(0);
  else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
           Call && isElementAccess(*Call))
    Object = Call->getImplicitObjectArgument();
  else if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
    Object = Subscript->getBase();
  if (!Object)
    return {};
  ObjectPath P = pathOf(Object, Ctx);
  if (!P || P.Element)
    return {};
  P.Element = true;
  return P;
}

/// The objects whose completion statement \p S waits for: the operand of a
/// `co_await`, the arguments of a `runner` call, the object of a wait call
/// (isWaitCall); through calls that return an awaitable (`when_all(std::move(
/// tasks))`, `t.when_ready()`): their arguments and object are awaited too.
static void collectWaited(const Expr *E, ASTContext &Ctx,
                          llvm::SmallVectorImpl<const Expr *> &Out) {
  E = withoutMoves(E);
  if (!E)
    return;
  Out.push_back(E);
  const auto *Call = dyn_cast<CallExpr>(E);
  // Only a call that makes a new awaitable (a combinator) awaits what it is
  // given; one that selects an existing object (`v[0]`, `v.front()`, any
  // call returning a reference) names that object, handled as an element.
  if (!Call || Call->isGLValue() || isa<CXXOperatorCallExpr>(Call) ||
      !isAwaitableType(Call->getType(), Ctx))
    return;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    collectWaited(Member->getImplicitObjectArgument(), Ctx, Out);
  for (const Expr *Arg : Call->arguments())
    collectWaited(Arg, Ctx, Out);
}

static llvm::SmallVector<const Expr *, 2>
waitedBy(const Stmt *S, const RoleLookup &Roles, ASTContext &Ctx) {
  llvm::SmallVector<const Expr *, 2> Waited;
  if (const auto *Await = dyn_cast<CoawaitExpr>(S)) {
    if (!Await->isImplicit())
      collectWaited(Await->getOperand(), Ctx, Waited);
  } else if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S);
             Member && isWaitCall(*Member)) {
    collectWaited(Member->getImplicitObjectArgument(), Ctx, Waited);
  } else if (const auto *Call = dyn_cast<CallExpr>(S);
             Call && Roles.has(Call->getDirectCallee(), Role::Runner)) {
    for (const Expr *Arg : Call->arguments())
      collectWaited(Arg, Ctx, Waited);
  }
  return Waited;
}

namespace {
/// The points of a caller's graph that finish a kept task: the waits of its
/// holder, loops that wait for each element of the holder, awaits of an
/// awaitable the task was handed, and (for a spawned task) a runner call.
/// Collected by one walk of the caller's body (lambdas skipped: they run
/// later, if at all), each at the point where the graph evaluates it.
class TaskWaits : public RecursiveASTVisitor<TaskWaits> {
public:
  TaskWaits(const CallExpr &Call, const TaskFate &Fate,
            const RoleLookup &Roles, const CoroutineCFG &Graph)
      : Fate(Fate), Roles(Roles), Graph(Graph), Ctx(Graph.astContext()) {
    if (Fate.K == TaskFate::Stored) {
      if (Fate.Holder)
        Holder = pathOf(Fate.Holder, Ctx);
      else if (Fate.Keeper)
        Holder.Root = Fate.Keeper;
      Holder.Element = false; // `v[i] = f(x)`: v holds it
    }
    for (const Expr *Arg : Call.arguments())
      if (ObjectPath P = pathOf(Arg, Ctx); P && !P.Element)
        Handed.push_back(std::move(P));
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call))
      if (ObjectPath P = pathOf(Member->getImplicitObjectArgument(), Ctx);
          P && !P.Element)
        Handed.push_back(std::move(P));
    if (Graph.body())
      TraverseStmt(const_cast<Stmt *>(Graph.body()));
  }

  bool isWait(ProgramPoint P) const {
    return Points.count({P.Block->getBlockID(), P.Index});
  }

  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitStmt(Stmt *S) {
    if (finishes(S))
      add(*S);
    // A loop whose body waits for an element of the holder: passing its
    // condition is taken as waiting for every element.
    const Expr *Cond = nullptr;
    const Stmt *Body = nullptr;
    if (auto *For = dyn_cast<ForStmt>(S))
      Cond = For->getCond(), Body = For->getBody();
    else if (auto *Range = dyn_cast<CXXForRangeStmt>(S))
      Cond = Range->getCond(), Body = Range->getBody();
    else if (auto *While = dyn_cast<WhileStmt>(S))
      Cond = While->getCond(), Body = While->getBody();
    else if (auto *Do = dyn_cast<DoStmt>(S))
      Cond = Do->getCond(), Body = Do->getBody();
    if (Cond && Body && Holder && waitsForAnElement(Body))
      add(*Cond);
    return true;
  }

private:
  void add(const Stmt &S) {
    if (ProgramPoint P = Graph.pointOf(S))
      Points.insert({P.Block->getBlockID(), P.Index});
  }

  /// True when \p S finishes the task: it waits for the holder or awaits an
  /// awaitable handed to the task; for a spawned task, any runner call.
  bool finishes(const Stmt *S) const {
    if (Fate.K == TaskFate::Spawned && isa<CallExpr>(S) &&
        Roles.has(cast<CallExpr>(S)->getDirectCallee(), Role::Runner))
      return true; // the loop the task was spawned on runs to completion
    for (const Expr *W : waitedBy(S, Roles, Ctx)) {
      ObjectPath Path = pathOf(W, Ctx);
      if (!Path || Path.Element)
        continue;
      if (Holder && Path.sameObject(Holder))
        return true;
      if (isa<CoawaitExpr>(S) && isAwaitableType(W->getType(), Ctx) &&
          llvm::any_of(Handed,
                       [&](const ObjectPath &H) { return Path.within(H); }))
        return true;
    }
    return false;
  }

  bool waitsForAnElement(const Stmt *S) const {
    if (!S || isa<LambdaExpr>(S))
      return false;
    for (const Expr *W : waitedBy(S, Roles, Ctx))
      if (ObjectPath Path = pathOf(W, Ctx);
          Path && Path.Element && Path.sameObject(Holder))
        return true;
    for (const Stmt *Child : S->children())
      if (waitsForAnElement(Child))
        return true;
    return false;
  }

  const TaskFate &Fate;
  const RoleLookup &Roles;
  const CoroutineCFG &Graph;
  ASTContext &Ctx;
  ObjectPath Holder;
  llvm::SmallVector<ObjectPath, 4> Handed;
  llvm::DenseSet<std::pair<unsigned, unsigned>> Points;
};
} // namespace

const CoroutineCFG &CallerGraphs::of(const FunctionDecl &Caller) {
  std::unique_ptr<CoroutineCFG> &Slot = Graphs[&Caller];
  if (!Slot)
    Slot = std::make_unique<CoroutineCFG>(Caller, Ctx, CoroutineCFG::AnyBody{});
  return *Slot;
}

bool waitedBeforeLenderDies(const CallExpr &Call, const TaskFate &Fate,
                            const VarDecl &Var, const RoleLookup &Roles,
                            const CoroutineCFG &CallerGraph) {
  if (!CallerGraph.isValid() || !Fate.Where ||
      (Fate.K != TaskFate::Stored && Fate.K != TaskFate::Spawned))
    return false;
  ProgramPoint Store = CallerGraph.pointOf(*Fate.Where);
  if (!Store)
    return false;
  TaskWaits Waits(Call, Fate, Roles, CallerGraph);
  return CallerGraph.everyPathPassesBeforeEnd(
      Store, Var, [&](ProgramPoint P) { return Waits.isWait(P); });
}

/// True when the task kept as \p Fate is a lazy task held by a local that is
/// not named after \p After: nobody can start it once \p After has passed.
static bool lazyKeeperUnusedAfter(const TaskFate &Fate, SourceLocation After,
                                  ASTContext &Ctx) {
  // An implicit keeper (a range-for's range) is used implicitly, by the
  // loop: the source order of its uses says nothing.
  if (Fate.K != TaskFate::Stored || !Fate.Keeper || Fate.KeeperEscapes ||
      Fate.Keeper->isImplicit() ||
      taskStart(Fate.Keeper->getType(), Ctx) != TaskStart::Lazy)
    return false;
  const Stmt *KeeperScope = scopeOf(*Fate.Keeper, Ctx);
  return KeeperScope &&
         !usedAfter(KeeperScope, *Fate.Keeper, After, Ctx.getSourceManager());
}

bool mayOutlive(const CallExpr &Call, const TaskFate &Fate,
                const Lender &Lent, const RoleLookup &Roles, ASTContext &Ctx,
                const CoroutineCFG *CallerGraph) {
  if (Fate.K != TaskFate::Stored && Fate.K != TaskFate::Spawned &&
      Fate.K != TaskFate::Returned)
    return false;
  if (Fate.K == TaskFate::Returned)
    return true;
  if (Lent.K == Lender::Temporary)
    return !(Fate.Where &&
             lazyKeeperUnusedAfter(Fate, Fate.Where->getEndLoc(), Ctx));
  if (Lent.K != Lender::Local || !Lent.Var)
    return false;
  const VarDecl &Var = *Lent.Var;
  if (CallerGraph && waitedBeforeLenderDies(Call, Fate, Var, Roles, *CallerGraph))
    return false;
  const Stmt *Scope = scopeOf(Var, Ctx);
  const SourceManager &SM = Ctx.getSourceManager();
  bool OnGraph = CallerGraph && CallerGraph->isValid() && Fate.Where &&
                 CallerGraph->pointOf(*Fate.Where);
  if (Fate.K == TaskFate::Spawned)
    // Off the graph: a runner later in the lender's scope, by source order.
    return OnGraph || !(Scope && Fate.Where &&
                        runsLoopAfter(Scope, Fate.Where->getEndLoc(), Roles, SM));
  if (Fate.KeeperEscapes || !Fate.Keeper ||
      taskStart(Call.getType(), Ctx) == TaskStart::Eager)
    return true;
  // A local keeper that is not named after the lender's scope ends dies
  // with the lender or before it, and nobody resumes the task it holds (an
  // eager task runs on without its keeper).
  const Stmt *KeeperScope = scopeOf(*Fate.Keeper, Ctx);
  if (!Scope || !KeeperScope)
    return false;
  return usedAfter(KeeperScope, *Fate.Keeper, Scope->getEndLoc(), SM);
}

} // namespace clang::tidy::corolint::analysis
