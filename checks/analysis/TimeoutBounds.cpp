//===----------------------------------------------------------------------===//
//
// Timeout bounds: is an awaited operation bounded in time, and by what.
//
//===----------------------------------------------------------------------===//

#include "TimeoutBounds.h"

#include "CoroutineBodies.h"
#include "ScopedObjects.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

#include <limits>

namespace clang::tidy::corolint::analysis {

//===----------------------------------------------------------------------===//
// Bounding types (rule 1)
//===----------------------------------------------------------------------===//

/// `*` matches any run of characters; everything else matches itself.
static bool wildcardMatch(llvm::StringRef Pattern, llvm::StringRef Text) {
  if (Pattern.empty())
    return Text.empty();
  if (Pattern.front() == '*') {
    for (size_t I = 0; I <= Text.size(); ++I)
      if (wildcardMatch(Pattern.drop_front(), Text.drop_front(I)))
        return true;
    return false;
  }
  return !Text.empty() && Pattern.front() == Text.front() &&
         wildcardMatch(Pattern.drop_front(), Text.drop_front());
}

BoundingTypes::BoundingTypes(llvm::ArrayRef<llvm::StringRef> Names) {
  for (llvm::StringRef Name : Names) {
    Name = Name.trim();
    if (Name.empty())
      continue;
    if (Name.contains('*'))
      Patterns.push_back(Name.lower());
    else
      Exact.push_back(Name.str());
  }
}

bool BoundingTypes::matches(QualType T) const {
  if (T.isNull())
    return false;
  const CXXRecordDecl *RD =
      T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  if (!RD)
    return false;
  if (!Exact.empty()) {
    std::string Qualified = roleQualifiedName(RD);
    if (llvm::is_contained(Exact, Qualified))
      return true;
  }
  if (!RD->getIdentifier())
    return false;
  std::string Plain = RD->getName().lower();
  return llvm::any_of(Patterns, [&](const std::string &P) {
    return wildcardMatch(P, Plain);
  });
}

//===----------------------------------------------------------------------===//
// Evaluation state (rule 4)
//
// Rule 4 asks for the greatest fixpoint of "every call is bounded" that still
// has a bounded entry: a recursion entered only from a timeout is bounded, a
// recursion nobody enters from outside is not. While a function is being
// evaluated it sits on a stack; a call site that leads back to it is
// *neutral* (it neither bounds nor unbounds) and remembers the stack depth it
// depended on. A function whose sites are all bounded or neutral is bounded
// if at least one site is bounded; if all are neutral and the dependency is
// the function itself, the cycle has no entry and is unbounded. A result that
// depends on a function deeper in the stack is conditional and not memoized.
//===----------------------------------------------------------------------===//

namespace {
constexpr unsigned NoDependency = std::numeric_limits<unsigned>::max();
constexpr unsigned MaxDepth = 48;
} // namespace

struct TimeoutBoundsAnalysis::Evaluation {
  enum Status { Bounded, Unbounded, Neutral } S = Unbounded;
  /// The lowest stack index of an in-progress function this relied on.
  unsigned DependsOn = NoDependency;
  TimeoutBound Fact;

  static Evaluation unbounded(UnboundedReason Why, const FunctionDecl *FD) {
    Evaluation E;
    E.Fact.Reason = Why;
    E.Fact.Outermost = FD;
    return E;
  }
  static Evaluation bounded(BoundKind Kind, const Expr *Witness = nullptr,
                            const VarDecl *Scope = nullptr) {
    Evaluation E;
    E.S = Bounded;
    E.Fact.Kind = Kind;
    E.Fact.Witness = Witness;
    E.Fact.Scope = Scope;
    return E;
  }
};

struct TimeoutBoundsAnalysis::Memo {
  llvm::DenseMap<const FunctionDecl *, TimeoutBound> Done;
  llvm::SmallVector<const FunctionDecl *, 8> Stack;
};

TimeoutBoundsAnalysis::TimeoutBoundsAnalysis(
    ASTContext &Ctx, const RoleLookup &Roles, BoundingTypes Types,
    std::function<const CallSiteIndex &()> CallSites)
    : Ctx(Ctx), Roles(Roles), Types(std::move(Types)),
      SharedCallSites(std::move(CallSites)),
      Memoized(std::make_unique<Memo>()) {}

TimeoutBoundsAnalysis::~TimeoutBoundsAnalysis() = default;

const CallSiteIndex &TimeoutBoundsAnalysis::callSites() {
  Stats.CallSitesIndexed = true;
  if (SharedCallSites)
    return SharedCallSites();
  if (!Index)
    Index.emplace(Ctx);
  return *Index;
}

//===----------------------------------------------------------------------===//
// Classification helpers
//===----------------------------------------------------------------------===//

/// A node that passes its operand's value on unchanged for our purpose (the
/// awaitable is the same object, or wraps it).
static bool passesValueOn(const Expr &E) {
  return isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
             CXXBindTemporaryExpr, ExprWithCleanups, OpaqueValueExpr,
             CXXFunctionalCastExpr, CXXStaticCastExpr, CXXConstructExpr,
             ConditionalOperator>(E);
}

/// The local variable \p Ref names, when it is one whose initialiser the
/// analysis can follow.
static const VarDecl *followableLocal(const DeclRefExpr &Ref) {
  const auto *Var = dyn_cast<VarDecl>(Ref.getDecl());
  if (!Var || !Var->hasLocalStorage() || isa<ParmVarDecl>(Var) ||
      !Var->getInit() || Var->getType()->isReferenceType())
    return nullptr;
  return Var;
}

const Expr *TimeoutBoundsAnalysis::boundingArgument(const CallExpr &Call) const {
  const FunctionDecl *Callee = Call.getDirectCallee();
  unsigned First = isa<CXXOperatorCallExpr>(Call) &&
                           isa_and_nonnull<CXXMethodDecl>(Callee)
                       ? 1
                       : 0; // skip the object of a member operator call
  for (unsigned I = First; I < Call.getNumArgs(); ++I) {
    const Expr *Arg = Call.getArg(I);
    if (isa<CXXDefaultArgExpr>(Arg))
      continue; // only what the caller passes counts
    if (Types.matches(Arg->getType()))
      return Arg;
    // A completion token that carries a deadline (`asio::cancel_after(5s)`):
    // an object of a class with role `timeout`.
    if (Roles.rolesOfType(Arg->getType()).has(Role::Timeout))
      return Arg;
    unsigned Param = I - First;
    if (Callee && Param < Callee->getNumParams() &&
        Types.matches(Callee->getParamDecl(Param)->getType()))
      return Arg;
  }
  return nullptr;
}

/// A constructor call that builds a timeout wrapper around its arguments.
static bool isTimeoutConstruction(const CXXConstructExpr &Construct,
                                  const RoleLookup &Roles) {
  return Roles.has(Construct.getConstructor(), Role::Timeout) ||
         Roles.rolesOfType(Construct.getType()).has(Role::Timeout);
}

//===----------------------------------------------------------------------===//
// Finding the awaited operations
//===----------------------------------------------------------------------===//

namespace {
class OperationFinder {
public:
  OperationFinder(const RoleLookup &Roles, const CoroutineSuspendExpr &Await,
                  llvm::SmallVectorImpl<AwaitedOperation> &Out)
      : Roles(Roles), Await(Await), Out(Out) {}

  void find(const Expr *E, unsigned Depth) {
    if (!E || Depth > 12)
      return;
    while (true) {
      E = E->IgnoreParens();
      if (const auto *W = dyn_cast<OpaqueValueExpr>(E); W && W->getSourceExpr())
        E = W->getSourceExpr();
      else if (const auto *Cast = dyn_cast<CastExpr>(E))
        E = Cast->getSubExpr();
      else if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
        E = EWC->getSubExpr();
      else if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(E))
        E = MTE->getSubExpr();
      else if (const auto *BTE = dyn_cast<CXXBindTemporaryExpr>(E))
        E = BTE->getSubExpr();
      else if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
               CE && CE->getNumArgs() == 1)
        E = CE->getArg(0);
      else
        break;
    }
    if (const auto *C = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *Callee = C->getDirectCallee();
      if (Callee && Roles.has(Callee, Role::NeedsTimeout)) {
        if (llvm::none_of(Out, [&](const AwaitedOperation &Op) {
              return Op.Call == C;
            }))
          Out.push_back({C, Callee, &Await, Via});
        return;
      }
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C))
        find(MC->getImplicitObjectArgument(), Depth + 1);
      for (const Expr *Arg : C->arguments())
        if (!isa<CXXDefaultArgExpr>(Arg))
          find(Arg, Depth + 1);
      return;
    }
    if (const auto *Cond = dyn_cast<ConditionalOperator>(E)) {
      find(Cond->getTrueExpr(), Depth + 1);
      find(Cond->getFalseExpr(), Depth + 1);
      return;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      if (const VarDecl *Var = followableLocal(*Ref)) {
        if (llvm::any_of(Via, [&](const DeclRefExpr *R) {
              return R->getDecl() == Var;
            }))
          return;
        Via.push_back(Ref);
        find(Var->getInit(), Depth + 1);
        Via.pop_back();
      }
  }

private:
  const RoleLookup &Roles;
  const CoroutineSuspendExpr &Await;
  llvm::SmallVectorImpl<AwaitedOperation> &Out;
  llvm::SmallVector<const DeclRefExpr *, 1> Via;
};
} // namespace

llvm::SmallVector<AwaitedOperation, 1>
TimeoutBoundsAnalysis::awaitedOperations(const CoroutineSuspendExpr &Await) {
  llvm::SmallVector<AwaitedOperation, 1> Ops;
  OperationFinder(Roles, Await, Ops).find(Await.getOperand(), 0);
  return Ops;
}

//===----------------------------------------------------------------------===//
// Following a value to where it is awaited (rules 2, 3, and into rule 4)
//===----------------------------------------------------------------------===//

TimeoutBoundsAnalysis::Evaluation
TimeoutBoundsAnalysis::evaluateValue(const Expr &Value,
                                     llvm::ArrayRef<const DeclRefExpr *> Via,
                                     unsigned Depth) {
  const FunctionDecl *Where = enclosingFunction(Value, Ctx);
  if (Depth > MaxDepth)
    return Evaluation::unbounded(UnboundedReason::TooDeep, Where);
  auto NotAwaited = [&] {
    return Evaluation::unbounded(UnboundedReason::NotAwaited, Where);
  };

  DynTypedNode Child = DynTypedNode::create(Value);
  DynTypedNodeList Parents = Ctx.getParents(Value);
  while (!Parents.empty()) {
    const DynTypedNode P = Parents[0];
    const Expr *ChildExpr = Child.get<Expr>();

    if (const auto *Suspend = P.get<CoroutineSuspendExpr>()) {
      if (isa<CoyieldExpr>(Suspend))
        return NotAwaited(); // handed to the consumer, not awaited here
      if (const VarDecl *Scope =
              liveScopedObjectWithRole(*Suspend, Role::Timeout, Ctx, Roles))
        return Evaluation::bounded(BoundKind::TimeoutScope, nullptr, Scope);
      return evaluateFunction(enclosingFunction(*Suspend, Ctx), Depth + 1);
    }

    if (const auto *Call = P.get<CallExpr>()) {
      bool IsArgument = llvm::is_contained(Call->arguments(), ChildExpr);
      if (!IsArgument)
        return NotAwaited(); // the callee position: not our value
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (Callee && Roles.has(Callee, Role::Timeout))
        return Evaluation::bounded(BoundKind::TimeoutArgument, Call);
      // A spawned task runs on its own: a timeout on whoever awaits the
      // handle does not stop it.
      if (Callee && Roles.has(Callee, Role::Spawn))
        return NotAwaited();
      // std::move, or a combinator (when_all, ...): its result carries the
      // operation on.
    } else if (const auto *Member = P.get<MemberExpr>()) {
      if (Member->getBase() != ChildExpr)
        return NotAwaited();
      DynTypedNodeList Up = Ctx.getParents(*Member);
      const auto *MC = Up.empty() ? nullptr : Up[0].get<CXXMemberCallExpr>();
      if (!MC || MC->getCallee() != Member)
        return NotAwaited(); // a data member: not the awaitable any more
      if (const CXXMethodDecl *Method = MC->getMethodDecl();
          Method && Roles.has(Method, Role::Timeout))
        return Evaluation::bounded(BoundKind::TimeoutArgument, MC);
      Child = Up[0];
      Parents = Ctx.getParents(*MC);
      continue;
    } else if (const auto *Construct = P.get<CXXConstructExpr>();
               Construct && isTimeoutConstruction(*Construct, Roles)) {
      // `aio::timed{5s, sock.read(buf)}`: an object of a timeout class.
      return Evaluation::bounded(BoundKind::TimeoutArgument, Construct);
    } else if (const auto *E = P.get<Expr>()) {
      if (!passesValueOn(*E))
        return NotAwaited();
      if (const auto *Cond = dyn_cast<ConditionalOperator>(E);
          Cond && Cond->getCond() == ChildExpr)
        return NotAwaited();
    } else if (const auto *Var = P.get<VarDecl>()) {
      if (Var->getInit() != ChildExpr)
        return NotAwaited();
      if (!Var->hasLocalStorage())
        return NotAwaited(); // a global or static: anyone may await it
      // Awaited through this local: follow the use the co_await names, or
      // else every use.
      const DeclRefExpr *const *Use = llvm::find_if(
          Via, [&](const DeclRefExpr *R) { return R->getDecl() == Var; });
      if (Use == Via.end())
        return evaluateLocal(*Var, Depth + 1);
      Child = DynTypedNode::create(**Use);
      Parents = Ctx.getParents(**Use);
      continue;
    } else if (const auto *Return = P.get<ReturnStmt>()) {
      // `return fetch(url);` from a plain function that hands the task to its
      // caller: bounded where that function's calls are.
      const FunctionDecl *FD = enclosingFunction(*Return, Ctx);
      if (!FD || isCoroutine(FD))
        return NotAwaited();
      return evaluateFunction(FD, Depth + 1);
    } else {
      return NotAwaited();
    }
    Child = P;
    Parents = Ctx.getParents(P);
  }
  return NotAwaited();
}

namespace {
class LocalUses : public RecursiveASTVisitor<LocalUses> {
public:
  explicit LocalUses(const VarDecl &Var) : Var(Var) {}
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (Ref->getDecl() == &Var)
      Uses.push_back(Ref);
    return true;
  }
  llvm::SmallVector<const DeclRefExpr *, 2> Uses;

private:
  const VarDecl &Var;
};
} // namespace

TimeoutBoundsAnalysis::Evaluation
TimeoutBoundsAnalysis::evaluateLocal(const VarDecl &Var, unsigned Depth) {
  const FunctionDecl *FD = nullptr;
  if (const auto *DC = dyn_cast<FunctionDecl>(Var.getDeclContext()))
    FD = DC;
  if (!FD || !FD->getBody() || Depth > MaxDepth)
    return Evaluation::unbounded(UnboundedReason::NotAwaited, FD);
  LocalUses Finder(Var);
  Finder.TraverseStmt(FD->getBody());
  if (Finder.Uses.empty())
    return Evaluation::unbounded(UnboundedReason::NotAwaited, FD);
  // Bounded when every use is: the same join as over a function's calls.
  std::optional<Evaluation> FirstBounded;
  unsigned MinDep = NoDependency;
  for (const DeclRefExpr *Use : Finder.Uses) {
    Evaluation E = evaluateValue(*Use, {}, Depth);
    if (E.S == Evaluation::Unbounded)
      return E;
    MinDep = std::min(MinDep, E.DependsOn);
    if (E.S == Evaluation::Bounded && !FirstBounded)
      FirstBounded = E;
  }
  Evaluation Result;
  if (FirstBounded)
    Result = *FirstBounded;
  else
    Result.S = Evaluation::Neutral;
  Result.DependsOn = MinDep;
  return Result;
}

//===----------------------------------------------------------------------===//
// Rule 4: every call of a function is bounded
//===----------------------------------------------------------------------===//

TimeoutBoundsAnalysis::Evaluation
TimeoutBoundsAnalysis::evaluateFunction(const FunctionDecl *FD,
                                        unsigned Depth) {
  if (!FD)
    return Evaluation::unbounded(UnboundedReason::NotAwaited, nullptr);
  FD = FD->getCanonicalDecl();
  Memo &M = *Memoized;
  if (auto It = M.Done.find(FD); It != M.Done.end()) {
    Evaluation E;
    E.S = It->second.isBounded() ? Evaluation::Bounded : Evaluation::Unbounded;
    E.Fact = It->second;
    return E;
  }
  if (const auto *OnStack = llvm::find(M.Stack, FD); OnStack != M.Stack.end()) {
    Evaluation E;
    E.S = Evaluation::Neutral;
    E.DependsOn = unsigned(OnStack - M.Stack.begin());
    return E;
  }
  if (Depth > MaxDepth || M.Stack.size() > MaxDepth)
    return Evaluation::unbounded(UnboundedReason::TooDeep, FD);
  ++Stats.FunctionsEvaluated;

  auto Finish = [&](Evaluation E) {
    M.Done[FD] = E.Fact;
    return E;
  };
  const CallSiteIndex &Sites = callSites();
  if (llvm::ArrayRef<const Expr *> Escapes = Sites.escapesOf(FD);
      !Escapes.empty()) {
    Evaluation E = Evaluation::unbounded(UnboundedReason::Escapes, FD);
    E.Fact.EscapeRef = Escapes.front();
    return Finish(E);
  }
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD); MD && MD->isVirtual())
    return Finish(Evaluation::unbounded(UnboundedReason::Virtual, FD));
  llvm::ArrayRef<CallSite> Calls = Sites.callersOf(FD);
  if (Calls.empty())
    return Finish(Evaluation::unbounded(UnboundedReason::NoCallers, FD));

  M.Stack.push_back(FD);
  unsigned Level = M.Stack.size() - 1;
  std::optional<Evaluation> FirstBounded;
  unsigned MinDep = NoDependency;
  for (const CallSite &Site : Calls) {
    Evaluation E;
    if (const Expr *Arg = boundingArgument(*Site.Call))
      E = Evaluation::bounded(BoundKind::BoundingArgument, Arg);
    else
      E = evaluateValue(*Site.Call, {}, Depth + 1);
    if (E.S == Evaluation::Unbounded) {
      M.Stack.pop_back();
      // Unbounded never rests on an assumption (in-progress functions only
      // ever count as neutral), so it is memoized.
      E.Fact.Chain.insert(E.Fact.Chain.begin(), UnboundedCall{Site.Call, FD});
      E.DependsOn = NoDependency;
      return Finish(E);
    }
    MinDep = std::min(MinDep, E.DependsOn);
    if (E.S == Evaluation::Bounded && !FirstBounded)
      FirstBounded = E;
  }
  M.Stack.pop_back();

  if (MinDep < Level) {
    // Conditional on a function still being evaluated further out.
    Evaluation E = FirstBounded ? Evaluation::bounded(BoundKind::BoundedCallers)
                                : Evaluation();
    if (!FirstBounded)
      E.S = Evaluation::Neutral;
    E.DependsOn = MinDep;
    return E;
  }
  if (!FirstBounded) {
    // Only called from a recursion that nothing enters from outside.
    Evaluation E = Evaluation::unbounded(UnboundedReason::Cycle, FD);
    E.Fact.Chain.push_back(UnboundedCall{Calls.front().Call, FD});
    return Finish(E);
  }
  return Finish(Evaluation::bounded(BoundKind::BoundedCallers));
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

TimeoutBound TimeoutBoundsAnalysis::boundOf(const AwaitedOperation &Op) {
  if (const Expr *Arg = boundingArgument(*Op.Call)) {
    TimeoutBound B;
    B.Kind = BoundKind::BoundingArgument;
    B.Witness = Arg;
    return B;
  }
  return evaluateValue(*Op.Call, Op.Via, 0).Fact;
}

TimeoutBound TimeoutBoundsAnalysis::callersBound(const FunctionDecl *FD) {
  return evaluateFunction(FD, 0).Fact;
}

} // namespace clang::tidy::corolint::analysis
