//===----------------------------------------------------------------------===//
//
// Unguarded spans: shared state read before a suspension point and written
// after it. Sections, in the order they run:
//   Classification  one AST pass: reads, writes, local definitions, guards
//   Lattice         what the dataflow knows at a program point
//   Transfer        how reads, suspensions and local definitions change it
//   Findings        writes checked against the fixpoint; guards; witnesses
//
//===----------------------------------------------------------------------===//

#include "UnguardedSpans.h"

#include "CoroutineBodies.h"
#include "SuspensionPoints.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/FoldingSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSwitch.h"

#include <deque>
#include <memory>
#include <optional>
#include <tuple>

namespace clang::tidy::corolint::analysis {

//===----------------------------------------------------------------------===//
// Classification: one AST pass over the user body
//===----------------------------------------------------------------------===//

namespace {

/// What a write does to its location, which decides whether it can act on a
/// stale check (see UnguardedSpan::CheckThenAct).
enum class WriteKind {
  /// Replaces the value (`x = v`, `x.reset()`, passed as an out-argument):
  /// correct whatever the location held before, so a stale check does not
  /// make it wrong.
  Store,
  /// Stores into an element selected by key or index (`m[k] = v`).
  ElementStore,
  /// Inserts or removes elements (`insert`, `erase`, `push_back`, `pop`).
  InsertErase,
  /// Updates the value from its current value (`x -= n`, `++x`,
  /// `x = x - n`, `x.fetch_sub(n)`).
  Update,
};

/// A write to shared state: the target location expression (maximal), the
/// writing expression, and the operands its written value is computed from.
struct WriteAccess {
  const Expr *Target = nullptr;
  const Expr *At = nullptr; ///< assignment, ++/--, call
  SharedLocation Loc;
  bool AlsoReads = false; ///< compound assignment, ++/--
  WriteKind K = WriteKind::Store;
  /// The key or index of the element written, inserted or erased, when
  /// there is one.
  const Expr *Key = nullptr;
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

/// Atomic read-modify-write members: updates of the current value.
static bool isAtomicUpdate(const CXXMethodDecl *MD) {
  if (!MD->getIdentifier())
    return false;
  return llvm::StringSwitch<bool>(MD->getName())
      .Cases("fetch_add", "fetch_sub", "fetch_and", "fetch_or", "fetch_xor",
             true)
      .Default(false);
}

/// Atomic compare-exchange: it writes only when the location still holds
/// the expected value, so a stale expected value makes it fail instead of
/// losing an update. Not a write in the sense of this analysis.
static bool isCompareExchange(const CXXMethodDecl *MD) {
  if (!MD->getIdentifier())
    return false;
  return MD->getName() == "compare_exchange_strong" ||
         MD->getName() == "compare_exchange_weak";
}

/// Members that insert or erase by key (their first argument): the others
/// (`push_back`, `pop_front`, ...) work at a position, not a key.
static bool isKeyedInsertErase(const CXXMethodDecl *MD) {
  return llvm::StringSwitch<bool>(MD->getName())
      .Cases("insert", "emplace", "try_emplace", "insert_or_assign", true)
      .Cases("erase", "extract", true)
      .Default(false);
}

/// The key an insert/erase argument names: `k` in `k`, `{k, v}`,
/// `std::pair(k, v)`.
static const Expr *keyOfArgument(const Expr *Arg) {
  Arg = ignoreWrappers(Arg);
  if (const auto *IL = dyn_cast<InitListExpr>(Arg))
    return IL->getNumInits() >= 2 ? ignoreWrappers(IL->getInit(0)) : Arg;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(Arg))
    return CE->getNumArgs() >= 2 ? ignoreWrappers(CE->getArg(0)) : Arg;
  return Arg;
}

class AccessCollector : public RecursiveASTVisitor<AccessCollector> {
public:
  AccessCollector(const FunctionDecl &FD, IsAsyncLockGuardFn IsGuard)
      : FD(FD), IsGuard(IsGuard) {}

  llvm::MapVector<const Expr *, SharedAccess> Locations;
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
    if (std::optional<SharedAccess> A = locateShared(*E, FD)) {
      if (A->Object)
        NotMaximal.insert(A->Object);
      Locations.insert({E, std::move(*A)});
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
    addWrite(LHS, BO, Compound, Compound ? WriteKind::Update : WriteKind::Store,
             nullptr, {BO->getRHS()});
    if (const VarDecl *V = localVar(LHS))
      Defs.push_back({V, BO, {BO->getRHS()}, Compound});
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (UO->isIncrementDecrementOp())
      addWrite(UO->getSubExpr()->IgnoreParenImpCasts(), UO, true,
               WriteKind::Update, nullptr, {});
    return true;
  }

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *MD = Call->getMethodDecl();
    if (!MD || MD->isStatic())
      return true;
    llvm::SmallVector<const Expr *, 4> Args(Call->arg_begin(),
                                            Call->arg_end());
    const Expr *Object =
        Call->getImplicitObjectArgument()->IgnoreParenImpCasts();
    if (isMutatingMember(MD) && !isCompareExchange(MD)) {
      WriteKind K = WriteKind::Store;
      const Expr *Key = nullptr;
      if (isElementInsertOrErase(MD)) {
        K = WriteKind::InsertErase;
        if (isKeyedInsertErase(MD) && !Args.empty())
          Key = keyOfArgument(Args[0]);
      } else if (isAtomicUpdate(MD)) {
        K = WriteKind::Update;
      }
      addWrite(Object, Call, false, K, Key, Args);
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
    if (isMutatingMember(MD)) {
      OverloadedOperatorKind Op = Call->getOperator();
      bool AlsoReads = Op != OO_Equal && Op != OO_Call;
      const Expr *Object = Args[0]->IgnoreParenImpCasts();
      addWrite(Object, Call, AlsoReads,
               AlsoReads ? WriteKind::Update : WriteKind::Store, nullptr,
               Operands);
      if (const VarDecl *V = localVar(Object))
        Defs.push_back(
            {V, Call, {Operands.begin(), Operands.end()}, Op != OO_Equal});
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
                WriteKind K, const Expr *Key,
                llvm::ArrayRef<const Expr *> Sources) {
    std::optional<SharedAccess> A = locateShared(*Target, FD);
    if (!A)
      return;
    WriteAccess W;
    W.Target = Target;
    W.At = At;
    W.Loc = std::move(A->Location);
    W.AlsoReads = AlsoReads;
    W.K = K;
    W.Key = Key;
    // A store through an element access writes the element it selects.
    if (A->IsElement && K == WriteKind::Store) {
      W.K = WriteKind::ElementStore;
      if (!A->Keys.empty())
        W.Key = ignoreWrappers(A->Keys.front());
    }
    W.Sources.append(Sources.begin(), Sources.end());
    W.Sources.append(A->Keys.begin(), A->Keys.end());
    Writes.insert({Target, std::move(W)});
  }

  /// Shared state passed to a non-const lvalue reference parameter may be
  /// written by the call (an out-argument: a buffer read into, an error
  /// code). What the callee stores is its own result, not a function of the
  /// call's other arguments, so the write has no sources: it never loses an
  /// update, and it replaces rather than acts on a checked fact.
  void addReferenceArguments(const Expr *Call, const FunctionDecl *Callee,
                             llvm::ArrayRef<const Expr *> Args) {
    for (unsigned I = 0; I < Args.size() && I < Callee->getNumParams(); ++I) {
      QualType T = Callee->getParamDecl(I)->getType();
      if (!T->isLValueReferenceType() ||
          T.getNonReferenceType().isConstQualified())
        continue;
      addWrite(Args[I]->IgnoreParenImpCasts(), Call, false, WriteKind::Store,
               nullptr, {});
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
               const CoroutineCFG *Graph, CoroutineCFGProvider GraphOf,
               IsAsyncLockGuardFn IsGuard, UnguardedSpanStats &Stats)
      : FD(FD), Body(Body), Ctx(Ctx), Graph(Graph), GraphOf(GraphOf),
        IsGuard(IsGuard), Stats(Stats) {}

  std::vector<UnguardedSpan> run();

private:
  bool classify();
  void findHolders(const AccessCollector &Access);
  void buildEvents();
  void solve();
  void transfer(FlowState &State, const Event &E) const;
  void checkWrite(unsigned W, const CFGBlock *Block, const FlowState &State);
  const llvm::SmallVector<unsigned, 4> &conditionReads(const CFGBlock *B);
  bool actsOnCheckedFact(const WriteAccess &W, unsigned Read) const;
  const Expr *keyOfRead(unsigned Read) const;
  bool sameKey(const Expr *A, const Expr *B) const;
  bool guarded(const Expr *Read, const Expr *Suspension,
               const Expr *Write) const;
  Uses usesOf(llvm::ArrayRef<const Expr *> Sources) const;

  const FunctionDecl &FD;
  const Stmt &Body;
  ASTContext &Ctx;
  const CoroutineCFG *Graph; ///< given, from GraphOf, or built into Owned
  CoroutineCFGProvider GraphOf;
  std::unique_ptr<CoroutineCFG> Owned;
  IsAsyncLockGuardFn IsGuard;
  UnguardedSpanStats &Stats;

  llvm::ArrayRef<SuspensionPoint> Suspensions;
  llvm::SmallVector<SuspensionPoint, 4> OwnSuspensions;
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

  std::vector<llvm::SmallVector<Event, 8>> BlockEvents; // by block id
  std::vector<FlowState> Out;                          // by block id
  std::vector<bool> Reached;                           // by block id
  llvm::DenseMap<const CFGBlock *, llvm::SmallVector<unsigned, 4>> CondReads;
  std::vector<ProgramPoint> ReadPoints, WritePoints;
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

  for (auto &[E, A] : Access.Locations) {
    if (Access.NotMaximal.contains(E) || Access.AwaitedOperands.contains(E))
      continue;
    if (auto W = Access.Writes.find(E);
        W != Access.Writes.end() && !W->second.AlsoReads)
      continue; // a pure write target, not an evaluation of the old value
    bool Written = llvm::any_of(Writes, [&, &A = A](const WriteAccess &W) {
      return W.Loc.overlaps(A.Location);
    });
    if (!Written)
      continue;
    ReadIds[E] = Reads.size();
    Reads.push_back(E);
    ReadLocs.push_back(A.Location);
  }
  if (Reads.empty())
    return false;

  Guards = std::move(Access.Guards);
  findHolders(Access);
  for (const WriteAccess &W : Writes)
    WriteUses.push_back(usesOf(W.Sources));
  // A plain store whose value reads the location itself (`x = x - n`)
  // updates it from its current value.
  for (unsigned W = 0; W < Writes.size(); ++W)
    if (Writes[W].K == WriteKind::Store &&
        llvm::any_of(WriteUses[W].Reads, [&](unsigned R) {
          return ReadLocs[R].overlaps(Writes[W].Loc);
        }))
      Writes[W].K = WriteKind::Update;
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
  BlockEvents.assign(Graph->cfg().getNumBlockIDs(), {});
  auto Add = [&](ProgramPoint P, Event::Kind K, unsigned Id) {
    if (P)
      BlockEvents[P.Block->getBlockID()].push_back({P.Index, K, Id});
  };
  for (unsigned I = 0; I < Reads.size(); ++I) {
    ReadPoints.push_back(Graph->pointOf(*Reads[I]));
    Add(ReadPoints.back(), Event::Read, I);
  }
  for (unsigned I = 0; I < Suspensions.size(); ++I)
    Add(Graph->pointOf(Suspensions[I]), Event::Suspend, I);
  for (unsigned I = 0; I < Defs.size(); ++I)
    Add(Defs[I].At ? Graph->pointOf(*Defs[I].At) : Graph->pointOf(*Defs[I].Var),
        Event::Def, I);
  for (unsigned I = 0; I < Writes.size(); ++I) {
    WritePoints.push_back(Graph->pointOf(*Writes[I].At));
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
  const CFG &Cfg = Graph->cfg();
  unsigned NumBlocks = Cfg.getNumBlockIDs();
  FlowState Bottom(Holders.size() + 1, Reads.size());
  Out.assign(NumBlocks, Bottom);
  Reached.assign(NumBlocks, false);
  std::deque<const CFGBlock *> Work{&Cfg.getEntry()};
  llvm::BitVector Queued(NumBlocks);
  Queued.set(Cfg.getEntry().getBlockID());
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

/// The key a read examined: the index of an element access (`cache[k]`), or
/// the first argument of the call made on the read (`cache.contains(k)`,
/// `cache.find(k)`); nullptr for key-less checks (`cache.empty()`, `n > 0`).
const Expr *FlowAnalysis::keyOfRead(unsigned Read) const {
  const Expr *E = Reads[Read];
  if (std::optional<SharedAccess> A = locateShared(*E, FD);
      A && A->IsElement && !A->Keys.empty())
    return ignoreWrappers(A->Keys.front());
  const ParentMap &Parents = Graph->parents();
  const Stmt *Parent = Parents.getParentIgnoreParenImpCasts(const_cast<Expr *>(E));
  // `cache.contains(k)`: the read is the base of the callee's MemberExpr.
  if (const auto *Callee = dyn_cast_or_null<MemberExpr>(Parent);
      Callee && Callee->getBase()->IgnoreParenImpCasts() == E)
    if (const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(
            Parents.getParentIgnoreParenImpCasts(const_cast<MemberExpr *>(Callee)));
        Call && Call->getNumArgs() > 0)
      return ignoreWrappers(Call->getArg(0));
  if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(Parent);
      Op && Op->getNumArgs() > 1 && Op->getArg(0)->IgnoreParenImpCasts() == E)
    return ignoreWrappers(Op->getArg(1));
  return nullptr;
}

bool FlowAnalysis::sameKey(const Expr *A, const Expr *B) const {
  llvm::FoldingSetNodeID IA, IB;
  A->Profile(IA, Ctx, /*Canonical=*/true);
  B->Profile(IB, Ctx, /*Canonical=*/true);
  return IA == IB;
}

/// Whether write \p W acts on the fact that the condition reading \p Read
/// checked: it updates the checked value from its current value, or it
/// inserts, erases or stores an element of the checked container (at the
/// checked key, when both name one). A store of a value that does not
/// depend on the old one is correct whatever the check found.
bool FlowAnalysis::actsOnCheckedFact(const WriteAccess &W,
                                     unsigned Read) const {
  switch (W.K) {
  case WriteKind::Store:
    return false;
  case WriteKind::Update:
    return true;
  case WriteKind::ElementStore:
  case WriteKind::InsertErase: {
    const Expr *Checked = keyOfRead(Read);
    return !Checked || !W.Key || sameKey(Checked, W.Key);
  }
  }
  return false;
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
  // a read which has gone stale since, and acts on what it checked. Control
  // dependence is followed outwards (a write nested in an inner `if` is
  // still under the outer condition) but not past a condition that
  // re-checked the location after the last suspension: that fresh check is
  // the one the write relies on.
  if (!Best && Write.K != WriteKind::Store) {
    llvm::SmallPtrSet<const CFGBlock *, 8> Seen{Block};
    llvm::SmallVector<const CFGBlock *, 8> Work{Block};
    while (!Work.empty()) {
      const CFGBlock *B = Work.pop_back_val();
      for (const CFGBlock *Dep : Graph->directControlDependencies(*B)) {
        if (!Seen.insert(Dep).second)
          continue;
        bool Rechecked = false;
        for (unsigned R : conditionReads(Dep)) {
          if (!Matches(R))
            continue;
          if (State.Stale[0][R]) {
            if (actsOnCheckedFact(Write, R))
              Consider(R, State.Fresh[0][R]);
          } else if (State.Fresh[0][R]) {
            Rechecked = true;
          }
        }
        if (!Rechecked)
          Work.push_back(Dep);
      }
    }
    Kind = UnguardedSpan::CheckThenAct;
  }
  if (!Best)
    return;

  SuspensionBetween Between =
      Graph->suspensionBetween(ReadPoints[*Best], WritePoints[W]);
  if (!Between || guarded(Reads[*Best], Between.Witness->E, Write.At))
    return;
  UnguardedSpan Span;
  Span.Location = Write.Loc;
  Span.ReadLocation = ReadLocs[*Best];
  Span.Read = Reads[*Best];
  Span.Suspension = Between.Witness->E;
  Span.Write = Write.At;
  Span.K = Kind;
  Span.C = BestFresh ? UnguardedSpan::OnSomePath : UnguardedSpan::Always;
  Found[W] = std::move(Span);
}

/// A guard declared before the read, in a scope enclosing read, suspension
/// and write, is alive across the whole span.
bool FlowAnalysis::guarded(const Expr *Read, const Expr *Suspension,
                           const Expr *Write) const {
  const ParentMap &Parents = Graph->parents();
  for (const auto &[Guard, DS] : Guards) {
    const Stmt *Scope = Parents.getParent(DS);
    if (!Scope || !Graph->isWithin(*Read, *Scope) ||
        !Graph->isWithin(*Suspension, *Scope) ||
        !Graph->isWithin(*Write, *Scope) || Graph->isWithin(*Read, *DS))
      continue;
    const auto *Block = dyn_cast<CompoundStmt>(Scope);
    if (!Block)
      return true; // an if/for/switch init-statement: runs before the rest
    // The guard's statement must come before the one holding the read.
    for (const Stmt *Child : Block->body()) {
      if (Child == DS)
        return true;
      if (Graph->isWithin(*Read, *Child))
        break;
    }
  }
  return false;
}

std::vector<UnguardedSpan> FlowAnalysis::run() {
  ++Stats.Coroutines;
  if (Graph) {
    Suspensions = Graph->suspensionPoints();
  } else {
    OwnSuspensions = findSuspensionPoints(Body);
    Suspensions = OwnSuspensions;
  }
  if (Suspensions.empty() || !classify())
    return {};
  Stats.SharedReads += Reads.size();
  Stats.SharedWrites += Writes.size();

  if (!Graph) {
    if (GraphOf) {
      Graph = &GraphOf(FD);
    } else {
      Owned = std::make_unique<CoroutineCFG>(FD, Ctx);
      Graph = Owned.get();
    }
    Suspensions = Graph->suspensionPoints();
  }
  if (!Graph->isValid())
    return {};
  ++Stats.CFGsBuilt;
  buildEvents();
  solve();

  // Replay each reached block from its entry state and check its writes.
  Found.assign(Writes.size(), std::nullopt);
  FlowState Bottom(Holders.size() + 1, Reads.size());
  for (const CFGBlock *B : Graph->cfg()) {
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
                   UnguardedSpanStats *Stats, CoroutineCFGProvider GraphOf) {
  UnguardedSpanStats Ignored;
  if (Coroutine.isDependentContext())
    return {};
  const auto *CB = dyn_cast_or_null<CoroutineBodyStmt>(Coroutine.getBody());
  if (!CB || !CB->getBody())
    return {};
  return FlowAnalysis(Coroutine, *CB->getBody(), Ctx, nullptr, GraphOf,
                      IsAsyncLockGuard, Stats ? *Stats : Ignored)
      .run();
}

std::vector<UnguardedSpan>
findUnguardedSpans(const CoroutineCFG &Graph,
                   IsAsyncLockGuardFn IsAsyncLockGuard,
                   UnguardedSpanStats *Stats) {
  UnguardedSpanStats Ignored;
  if (!Graph.body() || Graph.coroutine().isDependentContext())
    return {};
  return FlowAnalysis(Graph.coroutine(), *Graph.body(), Graph.astContext(),
                      &Graph, nullptr, IsAsyncLockGuard,
                      Stats ? *Stats : Ignored)
      .run();
}

} // namespace clang::tidy::corolint::analysis
