//===----------------------------------------------------------------------===//
//
// Suspension flow: shared state read before a suspension point and written
// after it. Sections, in the order they run:
//   Locations       which expressions denote shared state
//   Classification  one AST pass: reads, writes, local definitions, guards
//   CFG index       where each of those sits in the CFG (block, element)
//   Lattice         what the dataflow knows at a program point
//   Transfer        how reads, suspensions and local definitions change it
//   Findings        writes checked against the fixpoint; guards; witnesses
//
//===----------------------------------------------------------------------===//

#include "SuspensionFlow.h"

#include "SuspensionPoints.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/Analyses/Dominators.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <deque>
#include <memory>
#include <tuple>

namespace clang::tidy::corolint::analysis {

bool SharedLocation::overlaps(const SharedLocation &Other) const {
  if (Base != Other.Base)
    return false;
  size_t N = std::min(Path.size(), Other.Path.size());
  for (size_t I = 0; I < N; ++I)
    if (Path[I]->getCanonicalDecl() != Other.Path[I]->getCanonicalDecl())
      return false;
  return true;
}

//===----------------------------------------------------------------------===//
// Locations
//===----------------------------------------------------------------------===//

/// Methods that hand out an element of the object (`v[i]`, `m.at(k)`,
/// `opt.value()`, `*ptr`, `ptr->`): the result is the same location, and
/// what happens to it decides between read and write.
static bool isElementAccessor(const CXXMethodDecl *MD) {
  if (!MD || MD->isStatic())
    return false;
  QualType R = MD->getReturnType();
  switch (MD->getOverloadedOperator()) {
  case OO_Subscript:
  case OO_Star:
    return R->isLValueReferenceType();
  case OO_Arrow:
    return R->isPointerType();
  case OO_None:
    break;
  default:
    return false;
  }
  if (!MD->getIdentifier() || !R->isLValueReferenceType())
    return false;
  return llvm::StringSwitch<bool>(MD->getName())
      .Cases("at", "front", "back", "value", true)
      .Default(false);
}

/// Non-const lookups that do not change the container (a non-const `map`
/// picks the non-const `find`): reads, not writes.
static bool isLookupOnly(const CXXMethodDecl *MD) {
  if (!MD->getIdentifier())
    return false;
  return llvm::StringSwitch<bool>(MD->getName())
      .Cases("find", "begin", "end", "rbegin", "rend", true)
      .Cases("lower_bound", "upper_bound", "equal_range", "data", true)
      .Default(false);
}

/// The closure class when \p FD is a lambda's call operator.
static const CXXRecordDecl *lambdaClassOf(const FunctionDecl &FD) {
  const auto *MD = dyn_cast<CXXMethodDecl>(&FD);
  return MD && MD->getParent()->isLambda() ? MD->getParent() : nullptr;
}

namespace {
enum class Sharing { None, Shared, PointerToShared };
} // namespace

static Sharing sharingOf(const VarDecl &V, const DeclRefExpr &Ref,
                         const FunctionDecl &FD) {
  if (V.hasGlobalStorage())
    return Sharing::Shared;
  if (const CXXRecordDecl *Closure = lambdaClassOf(FD);
      Closure && Ref.refersToEnclosingVariableOrCapture()) {
    for (const LambdaCapture &C : Closure->captures())
      if (C.capturesVariable() && C.getCapturedVar() == &V)
        return C.getCaptureKind() == LCK_ByRef ? Sharing::Shared
                                               : Sharing::None;
    return Sharing::None;
  }
  if (isa<ParmVarDecl>(V) && V.getDeclContext() == &FD) {
    if (V.getType()->isReferenceType())
      return Sharing::Shared;
    if (V.getType()->isPointerType())
      return Sharing::PointerToShared;
  }
  return Sharing::None;
}

/// A pointer parameter dereferenced by its user: `p` in `p->x`, `*p`, `p[i]`.
static const VarDecl *pointerParameter(const Expr *E, const FunctionDecl &FD) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return V && sharingOf(*V, *Ref, FD) == Sharing::PointerToShared ? V
                                                                  : nullptr;
}

namespace {
/// A location expression: the location, the location expression it extends
/// (not maximal itself), and the index or key operands used on the way.
struct Located {
  SharedLocation Loc;
  const Expr *Inner = nullptr;
  llvm::SmallVector<const Expr *, 2> Indices;
};
} // namespace

static Located rootedAt(const ValueDecl *Base, std::string Name) {
  Located L;
  L.Loc.Base = Base;
  L.Loc.Name = std::move(Name);
  return L;
}

/// The location \p E denotes when \p E itself is a location-forming node
/// (no implicit nodes are stripped from \p E; they are from its operands).
static std::optional<Located> locate(const Expr *E, const FunctionDecl &FD) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
    if (!V || sharingOf(*V, *Ref, FD) != Sharing::Shared)
      return std::nullopt;
    return rootedAt(V, V->getName().str());
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (const auto *Static = dyn_cast<VarDecl>(ME->getMemberDecl()))
      return Static->hasGlobalStorage()
                 ? std::optional(rootedAt(Static, Static->getName().str()))
                 : std::nullopt;
    const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!Field)
      return std::nullopt;
    const Expr *Base = ME->getBase()->IgnoreParenImpCasts();
    std::optional<Located> L;
    if (isa<CXXThisExpr>(Base)) {
      L = rootedAt(nullptr, "");
    } else if (const VarDecl *P = ME->isArrow() ? pointerParameter(Base, FD)
                                                : nullptr) {
      L = rootedAt(P, P->getName().str());
    } else if ((L = locate(Base, FD))) {
      L->Inner = Base;
      L->Indices.clear();
    } else {
      return std::nullopt;
    }
    if (!L->Loc.Name.empty())
      L->Loc.Name += ME->isArrow() ? "->" : ".";
    L->Loc.Name += Field->getName();
    L->Loc.Path.push_back(Field);
    return L;
  }
  // Element-forming nodes keep the location of their object.
  const Expr *Object = nullptr;
  llvm::SmallVector<const Expr *, 2> Indices;
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() != UO_Deref)
      return std::nullopt;
    Object = UO->getSubExpr()->IgnoreParenImpCasts();
  } else if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
    Object = ASE->getBase()->IgnoreParenImpCasts();
    Indices.push_back(ASE->getIdx());
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (!isElementAccessor(
            dyn_cast_or_null<CXXMethodDecl>(Op->getCalleeDecl())) ||
        Op->getNumArgs() == 0)
      return std::nullopt;
    Object = Op->getArg(0)->IgnoreParenImpCasts();
    for (unsigned I = 1; I < Op->getNumArgs(); ++I)
      Indices.push_back(Op->getArg(I));
  } else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    if (!isElementAccessor(Call->getMethodDecl()))
      return std::nullopt;
    Object = Call->getImplicitObjectArgument()->IgnoreParenImpCasts();
    Indices.append(Call->arg_begin(), Call->arg_end());
  } else {
    return std::nullopt;
  }
  if (const VarDecl *P = pointerParameter(Object, FD)) {
    Located L = rootedAt(P, P->getName().str());
    L.Indices = std::move(Indices);
    return L;
  }
  std::optional<Located> L = locate(Object, FD);
  if (!L)
    return std::nullopt;
  L->Inner = Object;
  L->Indices = std::move(Indices);
  return L;
}

std::optional<SharedLocation> sharedLocationOf(const Expr &E,
                                               const FunctionDecl &Coroutine) {
  const Expr *Stripped = E.IgnoreParenImpCasts();
  if (std::optional<Located> L = locate(Stripped, Coroutine))
    return std::move(L->Loc);
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Classification: one AST pass over the user body
//===----------------------------------------------------------------------===//

namespace {

/// A write to shared state: the target location expression (maximal), the
/// writing expression, and the operands its written value is computed from.
struct WriteAccess {
  const Expr *Target = nullptr;
  const Expr *At = nullptr; ///< assignment, ++/--, call
  SharedLocation Loc;
  bool AlsoReads = false; ///< compound assignment, ++/--
  llvm::SmallVector<const Expr *, 4> Sources;
};

/// A (re)definition of a local: `T v = e;`, `v = e;`, `v += e;`,
/// `v.push_back(e);`. \p Accumulate when the old value survives.
struct LocalDef {
  const VarDecl *Var = nullptr;
  const Stmt *At = nullptr; ///< the VarDecl's DeclStmt (null) or expression
  llvm::SmallVector<const Expr *, 2> Sources;
  bool Accumulate = false;
};

class AccessCollector : public RecursiveASTVisitor<AccessCollector> {
public:
  AccessCollector(const FunctionDecl &FD, IsAsyncLockGuardFn IsGuard)
      : FD(FD), IsGuard(IsGuard) {}

  llvm::MapVector<const Expr *, Located> Locations;
  llvm::DenseSet<const Expr *> NotMaximal;
  llvm::DenseSet<const Expr *> AwaitedOperands;
  llvm::MapVector<const Expr *, WriteAccess> Writes; ///< by target
  std::vector<LocalDef> Defs;
  std::vector<std::pair<const VarDecl *, const DeclStmt *>> Guards;

  // Nested lambdas are separate callables.
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }

  bool VisitExpr(Expr *E) {
    if (!isa<DeclRefExpr, MemberExpr, UnaryOperator, ArraySubscriptExpr,
             CXXOperatorCallExpr, CXXMemberCallExpr>(E))
      return true;
    if (std::optional<Located> L = locate(E, FD)) {
      if (L->Inner)
        NotMaximal.insert(L->Inner);
      Locations.insert({E, std::move(*L)});
    }
    return true;
  }

  bool VisitCoawaitExpr(CoawaitExpr *E) {
    // Awaiting a shared awaitable (`co_await this->event`) neither reads
    // nor writes state in the sense of this analysis.
    AwaitedOperands.insert(E->getOperand()->IgnoreParenImpCasts());
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (!BO->isAssignmentOp())
      return true;
    const Expr *LHS = BO->getLHS()->IgnoreParenImpCasts();
    bool Compound = BO->isCompoundAssignmentOp();
    addWrite(LHS, BO, Compound, {BO->getRHS()});
    if (const VarDecl *V = localVar(LHS))
      Defs.push_back({V, BO, {BO->getRHS()}, Compound});
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (UO->isIncrementDecrementOp())
      addWrite(UO->getSubExpr()->IgnoreParenImpCasts(), UO, true, {});
    return true;
  }

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *MD = Call->getMethodDecl();
    if (!MD || MD->isStatic())
      return true;
    llvm::SmallVector<const Expr *, 4> Args(Call->arg_begin(),
                                            Call->arg_end());
    const Expr *Object = Call->getImplicitObjectArgument()->IgnoreParenImpCasts();
    if (isMutating(MD)) {
      addWrite(Object, Call, false, Args);
      if (const VarDecl *V = localVar(Object))
        Defs.push_back({V, Call, {Args.begin(), Args.end()}, true});
    }
    addReferenceArguments(Call, MD, Args);
    return true;
  }

  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Call) {
    const auto *Callee = dyn_cast_or_null<FunctionDecl>(Call->getCalleeDecl());
    if (!Callee)
      return true;
    llvm::SmallVector<const Expr *, 4> Args(Call->arg_begin(),
                                            Call->arg_end());
    const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
    if (!MD || MD->isStatic() || Args.empty()) {
      addReferenceArguments(Call, Callee, Args);
      return true;
    }
    llvm::SmallVector<const Expr *, 4> Operands(Args.begin() + 1, Args.end());
    if (isMutating(MD)) {
      OverloadedOperatorKind Op = Call->getOperator();
      bool AlsoReads = Op != OO_Equal && Op != OO_Call;
      const Expr *Object = Args[0]->IgnoreParenImpCasts();
      addWrite(Object, Call, AlsoReads, Operands);
      if (const VarDecl *V = localVar(Object))
        Defs.push_back({V, Call, {Operands.begin(), Operands.end()},
                        Op != OO_Equal});
    }
    addReferenceArguments(Call, MD, Operands);
    return true;
  }

  bool VisitCallExpr(CallExpr *Call) {
    // Member and operator calls are handled above.
    if (Call->getStmtClass() != Stmt::CallExprClass)
      return true;
    llvm::SmallVector<const Expr *, 4> Args(Call->arg_begin(),
                                            Call->arg_end());
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      addReferenceArguments(Call, Callee, Args);
    return true;
  }

  bool VisitVarDecl(VarDecl *V) {
    if (isa<ParmVarDecl>(V) || !V->hasLocalStorage() ||
        V->getType()->isReferenceType() || !V->getInit())
      return true;
    Defs.push_back({V, nullptr, {V->getInit()}, false});
    return true;
  }

  bool VisitDeclStmt(DeclStmt *DS) {
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D);
          V && V->hasLocalStorage() && IsGuard(*V))
        Guards.push_back({V, DS});
    return true;
  }

private:
  static bool isMutating(const CXXMethodDecl *MD) {
    return !MD->isConst() && !isElementAccessor(MD) && !isLookupOnly(MD) &&
           !isa<CXXConversionDecl>(MD);
  }

  /// A local of this coroutine call (including by-value parameters) that
  /// holds a value: the carrier of data dependence.
  const VarDecl *localVar(const Expr *E) const {
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!V || !V->hasLocalStorage() || V->getType()->isReferenceType() ||
        Ref->refersToEnclosingVariableOrCapture())
      return nullptr;
    return V;
  }

  void addWrite(const Expr *Target, const Expr *At, bool AlsoReads,
                llvm::ArrayRef<const Expr *> Sources) {
    std::optional<Located> L = locate(Target, FD);
    if (!L)
      return;
    WriteAccess W;
    W.Target = Target;
    W.At = At;
    W.Loc = std::move(L->Loc);
    W.AlsoReads = AlsoReads;
    W.Sources.append(Sources.begin(), Sources.end());
    W.Sources.append(L->Indices.begin(), L->Indices.end());
    Writes.insert({Target, std::move(W)});
  }

  /// Shared state passed to a non-const lvalue reference parameter is
  /// written by the call, from the call's other arguments.
  void addReferenceArguments(const Expr *Call, const FunctionDecl *Callee,
                             llvm::ArrayRef<const Expr *> Args) {
    for (unsigned I = 0; I < Args.size() && I < Callee->getNumParams(); ++I) {
      QualType T = Callee->getParamDecl(I)->getType();
      if (!T->isLValueReferenceType() ||
          T.getNonReferenceType().isConstQualified())
        continue;
      llvm::SmallVector<const Expr *, 4> Others;
      for (unsigned J = 0; J < Args.size(); ++J)
        if (J != I)
          Others.push_back(Args[J]);
      addWrite(Args[I]->IgnoreParenImpCasts(), Call, false, Others);
    }
  }

  const FunctionDecl &FD;
  IsAsyncLockGuardFn IsGuard;
};

/// Reads and locals used by an expression: a walk of the evaluated operands
/// (the operand of a co_await, not the compiler's await_* calls).
class UseCollector {
public:
  UseCollector(const llvm::DenseMap<const Expr *, unsigned> &ReadIds,
               const llvm::DenseMap<const VarDecl *, unsigned> &Holders)
      : ReadIds(ReadIds), Holders(Holders) {}

  void collect(const Stmt *S, llvm::SmallVectorImpl<unsigned> &Reads,
               llvm::SmallVectorImpl<unsigned> &Locals) const {
    if (!S || isa<LambdaExpr>(S))
      return;
    if (const auto *E = dyn_cast<Expr>(S)) {
      if (auto It = ReadIds.find(E); It != ReadIds.end())
        Reads.push_back(It->second);
      if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
        if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()))
          if (auto It = Holders.find(V); It != Holders.end())
            Locals.push_back(It->second);
    }
    if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(S)) {
      collect(Suspend->getOperand(), Reads, Locals);
      return;
    }
    for (const Stmt *Child : S->children())
      collect(Child, Reads, Locals);
  }

private:
  const llvm::DenseMap<const Expr *, unsigned> &ReadIds;
  const llvm::DenseMap<const VarDecl *, unsigned> &Holders;
};

//===----------------------------------------------------------------------===//
// CFG index
//===----------------------------------------------------------------------===//

/// A program point: an element of a CFG block.
struct Point {
  const CFGBlock *Block = nullptr;
  unsigned Index = 0;
  explicit operator bool() const { return Block != nullptr; }
};

/// Where statements and local declarations sit in the CFG. A statement that
/// is not an element itself (parentheses, a DeclStmt's original) is found
/// through its nearest ancestor that is.
class CFGIndex {
public:
  CFGIndex(const CFG &Cfg, const ParentMap &Parents) : Parents(Parents) {
    for (const CFGBlock *B : Cfg) {
      unsigned I = 0;
      for (const CFGElement &Elem : *B) {
        if (std::optional<CFGStmt> CS = Elem.getAs<CFGStmt>()) {
          const Stmt *S = CS->getStmt();
          Stmts.try_emplace(S, Point{B, I});
          if (const auto *DS = dyn_cast<DeclStmt>(S))
            for (const Decl *D : DS->decls())
              if (const auto *V = dyn_cast<VarDecl>(D))
                Vars.try_emplace(V, Point{B, I});
        }
        ++I;
      }
    }
  }

  Point of(const Stmt *S) const {
    for (; S; S = Parents.getParent(S))
      if (auto It = Stmts.find(S); It != Stmts.end())
        return It->second;
    return {};
  }
  Point of(const VarDecl *V) const { return Vars.lookup(V); }

private:
  const ParentMap &Parents;
  llvm::DenseMap<const Stmt *, Point> Stmts;
  llvm::DenseMap<const VarDecl *, Point> Vars;
};

} // namespace

/// True when some CFG path leads from \p From to \p To.
static bool reaches(Point From, Point To) {
  if (From.Block == To.Block && From.Index < To.Index)
    return true;
  llvm::DenseSet<const CFGBlock *> Seen;
  llvm::SmallVector<const CFGBlock *, 16> Work;
  auto Push = [&](const CFGBlock *B) {
    for (const CFGBlock *Succ : B->succs())
      if (Succ && Seen.insert(Succ).second)
        Work.push_back(Succ);
  };
  Push(From.Block);
  while (!Work.empty()) {
    const CFGBlock *B = Work.pop_back_val();
    if (B == To.Block)
      return true;
    Push(B);
  }
  return false;
}

namespace {

//===----------------------------------------------------------------------===//
// Lattice
//===----------------------------------------------------------------------===//

/// For every holder (0: the reads themselves; 1..: locals that can carry a
/// read value) and every tracked read R:
///   Fresh[h][R]  h's value comes from R, and no suspension happened since
///                R was evaluated, on some path;
///   Stale[h][R]  h's value comes from R, and a suspension happened since,
///                on some path.
/// For holder 0, "comes from R" means "R has been evaluated". The join is
/// bitwise OR of both vectors (a may-analysis), and every transfer function
/// is monotone, so the fixpoint iteration terminates.
struct FlowState {
  llvm::SmallVector<llvm::BitVector, 4> Fresh, Stale;

  FlowState() = default;
  FlowState(unsigned Holders, unsigned Reads)
      : Fresh(Holders, llvm::BitVector(Reads)),
        Stale(Holders, llvm::BitVector(Reads)) {}

  void join(const FlowState &O) {
    for (unsigned H = 0; H < Fresh.size(); ++H) {
      Fresh[H] |= O.Fresh[H];
      Stale[H] |= O.Stale[H];
    }
  }
  bool operator==(const FlowState &O) const {
    return Fresh == O.Fresh && Stale == O.Stale;
  }
};

//===----------------------------------------------------------------------===//
// Transfer
//===----------------------------------------------------------------------===//

/// What happens at a program point, in element order within a block.
struct Event {
  enum Kind { Write, Def, Read, Suspend }; // order at one element
  unsigned Index;
  Kind K;
  unsigned Id;
  bool operator<(const Event &O) const {
    return std::tie(Index, K, Id) < std::tie(O.Index, O.K, O.Id);
  }
};

/// Reads and holders an expression's value is computed from.
struct Uses {
  llvm::SmallVector<unsigned, 4> Reads;
  llvm::SmallVector<unsigned, 2> Locals; ///< holder indices (>= 1)
};

/// The findings pass over one coroutine body.
class FlowAnalysis {
public:
  FlowAnalysis(const FunctionDecl &FD, const Stmt &Body, ASTContext &Ctx,
               IsAsyncLockGuardFn IsGuard, SuspensionFlowStats &Stats)
      : FD(FD), Body(Body), Ctx(Ctx), IsGuard(IsGuard), Stats(Stats) {}

  std::vector<UnguardedSpan> run();

private:
  bool classify();
  void findHolders(const AccessCollector &Access);
  void buildEvents();
  void solve();
  void transfer(FlowState &State, const Event &E) const;
  void checkWrite(unsigned W, const CFGBlock *Block, const FlowState &State);
  const llvm::SmallVector<unsigned, 4> &conditionReads(const CFGBlock *B);
  llvm::SmallVector<const CFGBlock *, 4>
  directControlDependencies(const CFGBlock *B);
  const Expr *witness(Point Read, Point Write) const;
  bool guarded(const Expr *Read, const Expr *Suspension,
               const Expr *Write) const;
  bool within(const Stmt *S, const Stmt *Scope) const;
  Uses usesOf(llvm::ArrayRef<const Expr *> Sources) const;

  const FunctionDecl &FD;
  const Stmt &Body;
  ASTContext &Ctx;
  IsAsyncLockGuardFn IsGuard;
  SuspensionFlowStats &Stats;

  llvm::SmallVector<SuspensionPoint, 4> Suspensions;
  // Tracked reads (in source order), their ids, and their locations.
  std::vector<const Expr *> Reads;
  std::vector<SharedLocation> ReadLocs;
  llvm::DenseMap<const Expr *, unsigned> ReadIds;
  // Writes to shared state, with the uses of their value operands.
  std::vector<WriteAccess> Writes;
  std::vector<Uses> WriteUses;
  // Definitions of holder locals, with the uses of their sources.
  llvm::DenseMap<const VarDecl *, unsigned> Holders; // -> holder index >= 1
  std::vector<LocalDef> Defs;
  std::vector<Uses> DefUses;
  std::vector<std::pair<const VarDecl *, const DeclStmt *>> Guards;

  std::unique_ptr<CFG> Cfg;
  std::unique_ptr<ParentMap> Parents;
  std::unique_ptr<CFGIndex> Index;
  std::unique_ptr<ControlDependencyCalculator> ControlDeps;
  std::vector<llvm::SmallVector<Event, 8>> BlockEvents; // by block id
  std::vector<FlowState> Out;                          // by block id
  std::vector<bool> Reached;                           // by block id
  llvm::DenseMap<const CFGBlock *, llvm::SmallVector<unsigned, 4>> CondReads;
  std::vector<Point> ReadPoints, SuspensionPoints, WritePoints;
  std::vector<std::optional<UnguardedSpan>> Found; // by write
};

} // namespace

/// The AST pass. Returns false when there is nothing to analyse: no write to
/// shared state, or no read of a written location (no CFG is built then).
bool FlowAnalysis::classify() {
  AccessCollector Access(FD, IsGuard);
  Access.TraverseStmt(const_cast<Stmt *>(&Body));
  if (Access.Writes.empty())
    return false;
  for (auto &Entry : Access.Writes)
    Writes.push_back(std::move(Entry.second));

  for (auto &[E, L] : Access.Locations) {
    if (Access.NotMaximal.contains(E) || Access.AwaitedOperands.contains(E))
      continue;
    if (auto W = Access.Writes.find(E);
        W != Access.Writes.end() && !W->second.AlsoReads)
      continue; // a pure write target, not an evaluation of the old value
    bool Written = llvm::any_of(Writes, [&, &L = L](const WriteAccess &W) {
      return W.Loc.overlaps(L.Loc);
    });
    if (!Written)
      continue;
    ReadIds[E] = Reads.size();
    Reads.push_back(E);
    ReadLocs.push_back(L.Loc);
  }
  if (Reads.empty())
    return false;

  Guards = std::move(Access.Guards);
  findHolders(Access);
  for (const WriteAccess &W : Writes)
    WriteUses.push_back(usesOf(W.Sources));
  return true;
}

/// Locals that can carry a read value: a flow-insensitive pre-pass (a local
/// defined from a read or from such a local), so the dataflow tracks only
/// those.
void FlowAnalysis::findHolders(const AccessCollector &Access) {
  llvm::DenseMap<const VarDecl *, unsigned> AllLocals;
  for (const LocalDef &D : Access.Defs)
    AllLocals.try_emplace(D.Var, AllLocals.size() + 1);
  UseCollector Collect(ReadIds, AllLocals);
  std::vector<Uses> AllUses;
  for (const LocalDef &D : Access.Defs) {
    Uses U;
    for (const Expr *S : D.Sources)
      Collect.collect(S, U.Reads, U.Locals);
    AllUses.push_back(std::move(U));
  }
  llvm::DenseSet<const VarDecl *> Carrying;
  llvm::DenseMap<unsigned, const VarDecl *> ById;
  for (auto &[V, Id] : AllLocals)
    ById[Id] = V;
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (size_t I = 0; I < Access.Defs.size(); ++I) {
      const VarDecl *V = Access.Defs[I].Var;
      if (Carrying.contains(V))
        continue;
      bool Carries = !AllUses[I].Reads.empty() ||
                     llvm::any_of(AllUses[I].Locals, [&](unsigned Id) {
                       return Carrying.contains(ById[Id]);
                     });
      if (Carries)
        Changed = Carrying.insert(V).second || Changed;
    }
  }
  for (const LocalDef &D : Access.Defs)
    if (Carrying.contains(D.Var))
      Holders.try_emplace(D.Var, Holders.size() + 1);
  for (const LocalDef &D : Access.Defs) {
    if (!Holders.count(D.Var))
      continue;
    Defs.push_back(D);
    DefUses.push_back(usesOf(D.Sources));
  }
}

Uses FlowAnalysis::usesOf(llvm::ArrayRef<const Expr *> Sources) const {
  UseCollector Collect(ReadIds, Holders);
  Uses U;
  for (const Expr *S : Sources)
    Collect.collect(S, U.Reads, U.Locals);
  return U;
}

void FlowAnalysis::buildEvents() {
  BlockEvents.assign(Cfg->getNumBlockIDs(), {});
  auto Add = [&](Point P, Event::Kind K, unsigned Id) {
    if (P)
      BlockEvents[P.Block->getBlockID()].push_back({P.Index, K, Id});
  };
  for (unsigned I = 0; I < Reads.size(); ++I) {
    ReadPoints.push_back(Index->of(Reads[I]));
    Add(ReadPoints.back(), Event::Read, I);
  }
  for (unsigned I = 0; I < Suspensions.size(); ++I) {
    SuspensionPoints.push_back(Index->of(Suspensions[I].E));
    Add(SuspensionPoints.back(), Event::Suspend, I);
  }
  for (unsigned I = 0; I < Defs.size(); ++I)
    Add(Defs[I].At ? Index->of(Defs[I].At) : Index->of(Defs[I].Var),
        Event::Def, I);
  for (unsigned I = 0; I < Writes.size(); ++I) {
    WritePoints.push_back(Index->of(Writes[I].At));
    Add(WritePoints.back(), Event::Write, I);
  }
  for (auto &Events : BlockEvents)
    llvm::sort(Events);
}

void FlowAnalysis::transfer(FlowState &State, const Event &E) const {
  switch (E.K) {
  case Event::Read:
    State.Fresh[0].set(E.Id);
    State.Stale[0].reset(E.Id);
    return;
  case Event::Suspend:
    for (unsigned H = 0; H < State.Fresh.size(); ++H) {
      State.Stale[H] |= State.Fresh[H];
      State.Fresh[H].reset();
    }
    return;
  case Event::Def: {
    unsigned H = Holders.lookup(Defs[E.Id].Var);
    llvm::BitVector Fresh(Reads.size()), Stale(Reads.size());
    const Uses &U = DefUses[E.Id];
    for (unsigned R : U.Reads) {
      if (State.Fresh[0][R])
        Fresh.set(R);
      if (State.Stale[0][R])
        Stale.set(R);
    }
    for (unsigned L : U.Locals) {
      Fresh |= State.Fresh[L];
      Stale |= State.Stale[L];
    }
    if (Defs[E.Id].Accumulate) {
      State.Fresh[H] |= Fresh;
      State.Stale[H] |= Stale;
    } else {
      State.Fresh[H] = std::move(Fresh);
      State.Stale[H] = std::move(Stale);
    }
    return;
  }
  case Event::Write:
    return;
  }
}

/// Forward worklist iteration to the fixpoint of the block-exit states.
void FlowAnalysis::solve() {
  unsigned NumBlocks = Cfg->getNumBlockIDs();
  FlowState Bottom(Holders.size() + 1, Reads.size());
  Out.assign(NumBlocks, Bottom);
  Reached.assign(NumBlocks, false);
  std::deque<const CFGBlock *> Work{&Cfg->getEntry()};
  llvm::BitVector Queued(NumBlocks);
  Queued.set(Cfg->getEntry().getBlockID());
  while (!Work.empty()) {
    const CFGBlock *B = Work.front();
    Work.pop_front();
    Queued.reset(B->getBlockID());
    ++Stats.BlockVisits;
    FlowState State = Bottom;
    for (const CFGBlock *Pred : B->preds())
      if (Pred && Reached[Pred->getBlockID()])
        State.join(Out[Pred->getBlockID()]);
    for (const Event &E : BlockEvents[B->getBlockID()])
      transfer(State, E);
    unsigned Id = B->getBlockID();
    if (Reached[Id] && State == Out[Id])
      continue;
    Reached[Id] = true;
    Out[Id] = std::move(State);
    for (const CFGBlock *Succ : B->succs())
      if (Succ && !Queued.test(Succ->getBlockID())) {
        Queued.set(Succ->getBlockID());
        Work.push_back(Succ);
      }
  }
}

//===----------------------------------------------------------------------===//
// Findings
//===----------------------------------------------------------------------===//

/// Reads a block's branch condition depends on: read directly in the
/// condition, or carried into it by a local (as the local stands when the
/// condition is evaluated, at the end of the block).
const llvm::SmallVector<unsigned, 4> &
FlowAnalysis::conditionReads(const CFGBlock *B) {
  auto [It, Inserted] = CondReads.try_emplace(B);
  if (!Inserted)
    return It->second;
  const Stmt *Cond = B->getTerminatorCondition();
  if (!Cond)
    return It->second;
  Uses U;
  UseCollector(ReadIds, Holders).collect(Cond, U.Reads, U.Locals);
  llvm::BitVector Set(Reads.size());
  for (unsigned R : U.Reads)
    Set.set(R);
  const FlowState &State = Out[B->getBlockID()];
  for (unsigned L : U.Locals) {
    Set |= State.Fresh[L];
    Set |= State.Stale[L];
  }
  for (unsigned R : Set.set_bits())
    It->second.push_back(R);
  return It->second;
}

void FlowAnalysis::checkWrite(unsigned W, const CFGBlock *Block,
                              const FlowState &State) {
  if (Found[W])
    return;
  const WriteAccess &Write = Writes[W];
  auto Matches = [&](unsigned R) { return ReadLocs[R].overlaps(Write.Loc); };
  std::optional<unsigned> Best;
  bool BestFresh = false;
  auto Consider = [&](unsigned R, bool AlsoFresh) {
    if (!Best || R < *Best) {
      Best = R;
      BestFresh = AlsoFresh;
    }
  };

  // Lost update: the written value is computed from a stale read.
  const Uses &U = WriteUses[W];
  for (unsigned R : U.Reads)
    if (State.Stale[0][R] && Matches(R))
      Consider(R, State.Fresh[0][R]);
  for (unsigned L : U.Locals)
    for (unsigned R : State.Stale[L].set_bits())
      if (Matches(R))
        Consider(R, State.Fresh[L][R]);
  UnguardedSpan::Kind Kind = UnguardedSpan::LostUpdate;

  // Check-then-act: the write is control-dependent on a condition that used
  // a read which has gone stale since. Control dependence is followed
  // outwards (a write nested in an inner `if` is still under the outer
  // condition) but not past a condition that re-checked the location after
  // the last suspension: that fresh check is the one the write relies on.
  if (!Best) {
    llvm::SmallPtrSet<const CFGBlock *, 8> Seen{Block};
    llvm::SmallVector<const CFGBlock *, 8> Work{Block};
    while (!Work.empty()) {
      const CFGBlock *B = Work.pop_back_val();
      for (const CFGBlock *Dep : directControlDependencies(B)) {
        if (!Seen.insert(Dep).second)
          continue;
        bool Rechecked = false;
        for (unsigned R : conditionReads(Dep)) {
          if (!Matches(R))
            continue;
          if (State.Stale[0][R])
            Consider(R, State.Fresh[0][R]);
          else if (State.Fresh[0][R])
            Rechecked = true;
        }
        if (!Rechecked)
          Work.push_back(Dep);
      }
    }
    Kind = UnguardedSpan::CheckThenAct;
  }
  if (!Best)
    return;

  const Expr *Suspension = witness(ReadPoints[*Best], WritePoints[W]);
  if (!Suspension || guarded(Reads[*Best], Suspension, Write.At))
    return;
  UnguardedSpan Span;
  Span.Location = Write.Loc;
  Span.ReadLocation = ReadLocs[*Best];
  Span.Read = Reads[*Best];
  Span.Suspension = Suspension;
  Span.Write = Write.At;
  Span.K = Kind;
  Span.C = BestFresh ? UnguardedSpan::OnSomePath : UnguardedSpan::Always;
  Found[W] = std::move(Span);
}

/// The branches that decide directly whether \p B runs: \p B post-dominates
/// one of their successors but not the branch itself. (The calculator's own
/// answer is the iterated frontier, which also holds the branches around
/// those.)
llvm::SmallVector<const CFGBlock *, 4>
FlowAnalysis::directControlDependencies(const CFGBlock *B) {
  if (!ControlDeps)
    ControlDeps = std::make_unique<ControlDependencyCalculator>(Cfg.get());
  const CFGPostDomTree &PostDom = ControlDeps->getCFGPostDomTree();
  llvm::SmallVector<const CFGBlock *, 4> Direct;
  for (const CFGBlock *Dep :
       ControlDeps->getControlDependencies(const_cast<CFGBlock *>(B))) {
    if (PostDom.properlyDominates(B, Dep))
      continue;
    if (llvm::any_of(Dep->succs(), [&](const CFGBlock *Succ) {
          return Succ && PostDom.dominates(B, Succ);
        }))
      Direct.push_back(Dep);
  }
  return Direct;
}

/// A suspension point on a path from the read to the write (the first in
/// source order), for the note.
const Expr *FlowAnalysis::witness(Point Read, Point Write) const {
  for (unsigned I = 0; I < Suspensions.size(); ++I)
    if (SuspensionPoints[I] && reaches(Read, SuspensionPoints[I]) &&
        reaches(SuspensionPoints[I], Write))
      return Suspensions[I].E;
  return nullptr;
}

bool FlowAnalysis::within(const Stmt *S, const Stmt *Scope) const {
  for (; S; S = Parents->getParent(S))
    if (S == Scope)
      return true;
  return false;
}

/// A guard declared before the read, in a scope enclosing read, suspension
/// and write, is alive across the whole span.
bool FlowAnalysis::guarded(const Expr *Read, const Expr *Suspension,
                           const Expr *Write) const {
  for (const auto &[Guard, DS] : Guards) {
    const Stmt *Scope = Parents->getParent(DS);
    if (!Scope || !within(Read, Scope) || !within(Suspension, Scope) ||
        !within(Write, Scope) || within(Read, DS))
      continue;
    const auto *Block = dyn_cast<CompoundStmt>(Scope);
    if (!Block)
      return true; // an if/for/switch init-statement: runs before the rest
    // The guard's statement must come before the one holding the read.
    for (const Stmt *Child : Block->body()) {
      if (Child == DS)
        return true;
      if (within(Read, Child))
        break;
    }
  }
  return false;
}

std::vector<UnguardedSpan> FlowAnalysis::run() {
  ++Stats.Coroutines;
  Suspensions = findSuspensionPoints(Body);
  if (Suspensions.empty() || !classify())
    return {};
  Stats.SharedReads += Reads.size();
  Stats.SharedWrites += Writes.size();

  // Every evaluated sub-expression becomes an element, so reads, awaits and
  // writes inside one full-expression are ordered as they are evaluated.
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  Cfg = CFG::buildCFG(&FD, const_cast<Stmt *>(&Body), &Ctx, Options);
  if (!Cfg)
    return {};
  ++Stats.CFGsBuilt;
  Parents = std::make_unique<ParentMap>(const_cast<Stmt *>(&Body));
  Index = std::make_unique<CFGIndex>(*Cfg, *Parents);
  buildEvents();
  solve();

  // Replay each reached block from its entry state and check its writes.
  Found.assign(Writes.size(), std::nullopt);
  FlowState Bottom(Holders.size() + 1, Reads.size());
  for (const CFGBlock *B : *Cfg) {
    if (!Reached[B->getBlockID()])
      continue;
    FlowState State = Bottom;
    for (const CFGBlock *Pred : B->preds())
      if (Pred && Reached[Pred->getBlockID()])
        State.join(Out[Pred->getBlockID()]);
    for (const Event &E : BlockEvents[B->getBlockID()]) {
      if (E.K == Event::Write)
        checkWrite(E.Id, B, State);
      transfer(State, E);
    }
  }

  std::vector<UnguardedSpan> Spans;
  for (std::optional<UnguardedSpan> &Span : Found)
    if (Span)
      Spans.push_back(std::move(*Span));
  Stats.Spans += Spans.size();
  return Spans;
}

std::vector<UnguardedSpan>
findUnguardedSpans(const FunctionDecl &Coroutine, ASTContext &Ctx,
                   IsAsyncLockGuardFn IsAsyncLockGuard,
                   SuspensionFlowStats *Stats) {
  SuspensionFlowStats Ignored;
  if (Coroutine.isDependentContext())
    return {};
  const auto *CB = dyn_cast_or_null<CoroutineBodyStmt>(Coroutine.getBody());
  if (!CB || !CB->getBody())
    return {};
  return FlowAnalysis(Coroutine, *CB->getBody(), Ctx, IsAsyncLockGuard,
                      Stats ? *Stats : Ignored)
      .run();
}

} // namespace clang::tidy::corolint::analysis
