//===----------------------------------------------------------------------===//
//
// Held locks at suspension points. Sections: lock types, the index of
// tracked locks, transfer functions, the fixpoint.
//
//===----------------------------------------------------------------------===//

#include "HeldLocks.h"

#include "clang/AST/RecursiveASTVisitor.h"

#include "BlockingCalls.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <optional>

namespace clang::tidy::corolint::analysis {

//===----------------------------------------------------------------------===//
// Lock types
//===----------------------------------------------------------------------===//

static const CXXRecordDecl *recordOf(QualType T) {
  if (T.isNull() || T->isDependentType() || T->isReferenceType() ||
      T->isPointerType())
    return nullptr;
  return T->getAsCXXRecordDecl();
}

static bool hasScopedLockable(const CXXRecordDecl &RD) {
  if (RD.hasAttr<ScopedLockableAttr>())
    return true;
  const CXXRecordDecl *Pattern = RD.getTemplateInstantiationPattern();
  return Pattern && Pattern->hasAttr<ScopedLockableAttr>();
}

bool isThreadLockType(QualType T, const RoleLookup &Roles,
                      const llvm::StringSet<> &Extra) {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD)
    return false;
  RoleSet Set = Roles.rolesOfType(T);
  if (Set.has(Role::AsyncLock))
    return false;
  return Set.has(Role::ThreadLock) || hasScopedLockable(*RD) ||
         Extra.contains(roleQualifiedName(RD));
}

/// The standard's owning wrappers, which can be constructed owning nothing.
static bool isStdWrapper(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD)
    return false;
  std::string Name = roleQualifiedName(RD);
  return Name == "std::lock_guard" || Name == "std::unique_lock" ||
         Name == "std::scoped_lock" || Name == "std::shared_lock";
}

static bool isTagType(const Expr *E, llvm::StringRef Name) {
  const CXXRecordDecl *RD =
      E ? E->getType().getNonReferenceType()->getAsCXXRecordDecl() : nullptr;
  return RD && roleQualifiedName(RD) == Name;
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

/// \p E without parentheses, implicit casts, temporaries and cleanups.
static const Expr *strip(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *C = dyn_cast<ExprWithCleanups>(E))
      E = C->getSubExpr();
    else if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else
      return E;
  }
  return E;
}

/// The argument of `std::move(x)`; nullptr for any other expression.
static const Expr *movedFrom(const Expr *E) {
  const auto *Call = dyn_cast_or_null<CallExpr>(strip(E));
  if (!Call || Call->getNumArgs() != 1)
    return nullptr;
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->isInStdNamespace() || !FD->getIdentifier() ||
      FD->getName() != "move")
    return nullptr;
  return Call->getArg(0);
}

/// A mutex object named by a variable or a member chain: its key (the
/// declarations along the chain) and its name as written.
struct MutexName {
  std::string Key;
  std::string Name;
};

static std::optional<MutexName> mutexName(const Expr *E) {
  E = strip(E);
  if (const auto *U = dyn_cast_or_null<UnaryOperator>(E);
      U && U->getOpcode() == UO_AddrOf)
    E = strip(U->getSubExpr());
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
    if (!V || V->getType()->isReferenceType() || V->getType()->isPointerType())
      return std::nullopt; // an alias: which object it names is not known
    return MutexName{std::to_string(reinterpret_cast<uintptr_t>(V)),
                     V->getNameAsString()};
  }
  if (const auto *Member = dyn_cast_or_null<MemberExpr>(E)) {
    const Expr *Base = strip(Member->getBase());
    std::string BaseKey = "this";
    if (!isa<CXXThisExpr>(Base)) {
      auto Outer = mutexName(Base);
      if (!Outer)
        return std::nullopt;
      BaseKey = Outer->Key;
    }
    return MutexName{
        BaseKey + "." +
            std::to_string(reinterpret_cast<uintptr_t>(Member->getMemberDecl())),
        Member->getMemberDecl()->getNameAsString()};
  }
  return std::nullopt;
}

namespace {

/// What one call does to the locks, before the index is consulted.
struct LockEffect {
  enum Kind { None, Lock, Unlock } K = None;
  llvm::SmallVector<const Expr *, 2> Objects; ///< the mutexes or guards
};

} // namespace

static bool isNamed(const FunctionDecl *FD,
                    std::initializer_list<llvm::StringRef> Names) {
  if (!FD || !FD->getIdentifier())
    return false;
  return llvm::is_contained(Names, FD->getName());
}

/// A call that locks or unlocks a mutex object (not a guard's member:
/// those are guard operations).
static LockEffect lockEffect(const CallExpr &Call,
                             const BlockingClassifier &Classifier) {
  LockEffect Effect;
  const FunctionDecl *FD = Call.getDirectCallee();
  if (!FD)
    return Effect;
  const Expr *Object = nullptr;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call))
    Object = Member->getImplicitObjectArgument();
  bool Acquires = FD->hasAttr<AcquireCapabilityAttr>();
  if (!Acquires)
    if (auto Fact = Classifier.classify(Call))
      Acquires = Fact->Kind == BlockingKind::Locks;
  if (Acquires) {
    Effect.K = LockEffect::Lock;
    if (Object)
      Effect.Objects.push_back(Object);
    else if (isNamed(FD, {"lock"})) // std::lock(a, b, ...)
      for (const Expr *Arg : Call.arguments())
        Effect.Objects.push_back(Arg);
    else if (Call.getNumArgs() > 0) // pthread_mutex_lock(&m)
      Effect.Objects.push_back(Call.getArg(0));
    return Effect;
  }
  bool Releases = FD->hasAttr<ReleaseCapabilityAttr>() ||
                  (Object && isNamed(FD, {"unlock", "unlock_shared"})) ||
                  (!Object && Call.getNumArgs() == 1 &&
                   FD->isExternC() &&
                   isNamed(FD, {"pthread_mutex_unlock", "pthread_rwlock_unlock"}));
  if (Releases) {
    Effect.K = LockEffect::Unlock;
    Effect.Objects.push_back(Object ? Object : Call.getArg(0));
  }
  return Effect;
}

//===----------------------------------------------------------------------===//
// The analysis
//===----------------------------------------------------------------------===//

namespace {

/// The lattice: one bit per tracked lock, "may be held"; Pending holds, for
/// a guard just moved from (`std::move(g)`), whether it held its lock, for
/// the guard that receives it. Join: bitwise OR of both.
struct LockState {
  llvm::BitVector Held, Pending;
  explicit LockState(unsigned N = 0) : Held(N), Pending(N) {}
  bool join(const LockState &O) {
    LockState Before = *this;
    Held |= O.Held;
    Pending |= O.Pending;
    return Held != Before.Held || Pending != Before.Pending;
  }
};

class HeldLockAnalysis {
public:
  HeldLockAnalysis(const CoroutineCFG &CFG, const RoleLookup &Roles,
                   const HeldLockOptions &Options,
                   std::vector<TrackedLock> &Locks)
      : CFG(CFG), Roles(Roles), Options(Options), Locks(Locks),
        Classifier(Roles, NoNames) {}

  void index();
  void run(std::vector<LockedSuspension> &Out);

private:
  std::optional<unsigned> guardIndex(const Expr *E) const {
    const auto *Ref = dyn_cast_or_null<DeclRefExpr>(strip(E));
    if (!Ref)
      return std::nullopt;
    auto It = Guards.find(Ref->getDecl());
    if (It == Guards.end())
      return std::nullopt;
    return It->second;
  }
  std::optional<unsigned> manualIndex(const Expr *E) const {
    auto Name = mutexName(E);
    if (!Name)
      return std::nullopt;
    auto It = Manual.find(Name->Key);
    if (It == Manual.end())
      return std::nullopt;
    return It->second;
  }
  void clearHandedToAwaiter(const SuspensionPoint &SP, LockState &S) const;
  bool constructionHolds(const CXXConstructExpr &CE, const LockState &S) const;
  bool initHolds(const VarDecl &V, const LockState &S) const;
  void transfer(const CFGElement &Elem, LockState &S) const;
  void transferCall(const CallExpr &Call, LockState &S) const;

  const CoroutineCFG &CFG;
  const RoleLookup &Roles;
  const HeldLockOptions &Options;
  std::vector<TrackedLock> &Locks;
  llvm::StringSet<> NoNames;
  BlockingClassifier Classifier;
  llvm::DenseMap<const Decl *, unsigned> Guards;
  llvm::StringMap<unsigned> Manual;
};

} // namespace

void HeldLockAnalysis::index() {
  const SourceManager &SM = CFG.astContext().getSourceManager();
  for (const CFGBlock *B : CFG.cfg()) {
    for (const CFGElement &Elem : *B) {
      std::optional<CFGStmt> CS = Elem.getAs<CFGStmt>();
      if (!CS)
        continue;
      if (const auto *DS = dyn_cast<DeclStmt>(CS->getStmt())) {
        for (const Decl *D : DS->decls())
          if (const auto *V = dyn_cast<VarDecl>(D);
              V && V->hasLocalStorage() && !isa<ParmVarDecl>(V) &&
              isThreadLockType(V->getType(), Roles, Options.ExtraLockTypes) &&
              !Guards.count(V)) {
            Guards[V] = Locks.size();
            TrackedLock L;
            L.K = TrackedLock::Guard;
            L.Var = V;
            L.Name = V->getNameAsString();
            L.Loc = V->getLocation();
            Locks.push_back(std::move(L));
          }
        continue;
      }
      const auto *Call = dyn_cast<CallExpr>(CS->getStmt());
      if (!Call)
        continue;
      LockEffect Effect = lockEffect(*Call, Classifier);
      if (Effect.K != LockEffect::Lock)
        continue;
      for (const Expr *Object : Effect.Objects) {
        if (guardIndex(Object))
          continue;
        auto Name = mutexName(Object);
        if (!Name)
          continue;
        auto [It, New] = Manual.try_emplace(Name->Key, Locks.size());
        if (New) {
          TrackedLock L;
          L.K = TrackedLock::Manual;
          L.Name = Name->Name;
          Locks.push_back(std::move(L));
        }
        TrackedLock &L = Locks[It->second];
        SourceLocation Loc = Call->getBeginLoc();
        if (!L.Acquire || SM.isBeforeInTranslationUnit(Loc, L.Loc)) {
          L.Acquire = Call;
          L.Loc = Loc;
        }
      }
    }
  }
}

//===----------------------------------------------------------------------===//
// Transfer functions
//===----------------------------------------------------------------------===//

bool HeldLockAnalysis::constructionHolds(const CXXConstructExpr &CE,
                                         const LockState &S) const {
  bool Wrapper = isStdWrapper(CE.getType());
  if (CE.getNumArgs() == 0)
    return !Wrapper; // an empty std wrapper owns nothing
  if (const CXXConstructorDecl *Ctor = CE.getConstructor();
      Ctor && Ctor->isCopyOrMoveConstructor()) {
    const Expr *Source = CE.getArg(0);
    if (const Expr *From = movedFrom(Source))
      if (auto G = guardIndex(From))
        return S.Pending.test(*G);
    if (auto G = guardIndex(Source))
      return S.Held.test(*G);
    if (const auto *Temp = dyn_cast<CXXConstructExpr>(strip(Source)))
      return constructionHolds(*Temp, S);
    return true; // a guard returned by a function: it owns its lock
  }
  if (Wrapper)
    for (const Expr *Arg : CE.arguments())
      if (isTagType(Arg, "std::defer_lock_t"))
        return false;
  return true;
}

bool HeldLockAnalysis::initHolds(const VarDecl &V, const LockState &S) const {
  const Expr *Init = strip(V.getInit());
  if (!Init)
    return !isStdWrapper(V.getType());
  if (const auto *CE = dyn_cast<CXXConstructExpr>(Init))
    return constructionHolds(*CE, S);
  return true; // `auto g = make_guard();`: returned by value, owning
}

void HeldLockAnalysis::transferCall(const CallExpr &Call, LockState &S) const {
  // `std::move(g)`: the guard hands its lock to whoever receives the value.
  if (const Expr *From = movedFrom(&Call)) {
    if (auto G = guardIndex(From)) {
      S.Pending[*G] = S.Held.test(*G);
      S.Held.reset(*G);
    }
    return;
  }
  const FunctionDecl *FD = Call.getDirectCallee();
  // Operations of a guard.
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call)) {
    if (auto G = guardIndex(Member->getImplicitObjectArgument())) {
      if (isNamed(FD, {"unlock", "release", "unlock_shared"}) ||
          FD->hasAttr<ReleaseCapabilityAttr>())
        S.Held.reset(*G);
      else if (isNamed(FD, {"lock", "try_lock", "try_lock_for",
                            "try_lock_until", "lock_shared"}) ||
               FD->hasAttr<AcquireCapabilityAttr>())
        S.Held.set(*G);
      else if (isNamed(FD, {"swap"}) && Call.getNumArgs() == 1)
        if (auto Other = guardIndex(Call.getArg(0))) {
          bool Mine = S.Held.test(*G), Theirs = S.Held.test(*Other);
          S.Held[*G] = Theirs;
          S.Held[*Other] = Mine;
        }
      return;
    }
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call);
      Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
    if (auto G = guardIndex(Op->getArg(0))) {
      const Expr *Source = Op->getArg(1);
      bool Holds = true;
      if (const Expr *From = movedFrom(Source)) {
        if (auto Other = guardIndex(From))
          Holds = S.Pending.test(*Other);
      } else if (const auto *CE = dyn_cast<CXXConstructExpr>(strip(Source))) {
        Holds = constructionHolds(*CE, S);
      }
      S.Held[*G] = Holds;
      return;
    }
  }
  // Manual locks (and std::lock on guards).
  LockEffect Effect = lockEffect(Call, Classifier);
  if (Effect.K == LockEffect::None)
    return;
  for (const Expr *Object : Effect.Objects) {
    std::optional<unsigned> I = guardIndex(Object);
    if (!I)
      I = manualIndex(Object);
    if (!I)
      continue;
    S.Held[*I] = Effect.K == LockEffect::Lock;
  }
}

void HeldLockAnalysis::transfer(const CFGElement &Elem, LockState &S) const {
  if (std::optional<CFGLifetimeEnds> L = Elem.getAs<CFGLifetimeEnds>()) {
    if (auto It = Guards.find(L->getVarDecl()); It != Guards.end()) {
      S.Held.reset(It->second);
      S.Pending.reset(It->second);
    }
    return;
  }
  if (std::optional<CFGAutomaticObjDtor> D = Elem.getAs<CFGAutomaticObjDtor>()) {
    if (auto It = Guards.find(D->getVarDecl()); It != Guards.end()) {
      S.Held.reset(It->second);
      S.Pending.reset(It->second);
    }
    return;
  }
  std::optional<CFGStmt> CS = Elem.getAs<CFGStmt>();
  if (!CS)
    return;
  const Stmt *St = CS->getStmt();
  if (const auto *DS = dyn_cast<DeclStmt>(St)) {
    for (const Decl *D : DS->decls()) {
      const auto *V = dyn_cast<VarDecl>(D);
      if (!V)
        continue;
      auto It = Guards.find(V);
      if (It == Guards.end())
        continue;
      S.Held[It->second] = initHolds(*V, S);
      // A wrapper that adopts a mutex locked by hand takes over its lock.
      if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(strip(V->getInit())))
        if (llvm::any_of(CE->arguments(), [](const Expr *Arg) {
              return isTagType(Arg, "std::adopt_lock_t");
            }))
          for (const Expr *Arg : CE->arguments())
            if (auto M = manualIndex(Arg))
              S.Held.reset(*M);
    }
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(St))
    transferCall(*Call, S);
}

/// True when \p Param takes its argument by non-const reference: the
/// callee can move from it or unlock it.
static bool takesByMutableReference(const ParmVarDecl *Param) {
  if (!Param)
    return false;
  QualType T = Param->getType();
  return T->isRValueReferenceType() ||
         (T->isLValueReferenceType() &&
          !T.getNonReferenceType().isConstQualified());
}

/// Clears, in \p S, the guards that the awaited operand of \p SP takes by
/// non-const reference (`co_await lock_awaiter(*this, lock)`): the awaiter
/// owns the lock from then on and releases it in `await_suspend`, the
/// condition-variable pattern. Only for this suspension: after resuming the
/// guard may hold again, so later suspensions still count it.
void HeldLockAnalysis::clearHandedToAwaiter(const SuspensionPoint &SP,
                                            LockState &S) const {
  const Expr *Operand = SP.operand();
  if (!Operand)
    return;
  struct Finder : RecursiveASTVisitor<Finder> {
    const HeldLockAnalysis &A;
    LockState &S;
    Finder(const HeldLockAnalysis &A, LockState &S) : A(A), S(S) {}
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
    void handOver(const Expr *Arg, const ParmVarDecl *Param) {
      if (takesByMutableReference(Param))
        if (auto G = A.guardIndex(Arg))
          S.Held.reset(*G);
    }
    bool VisitCallExpr(CallExpr *Call) {
      const FunctionDecl *FD = Call->getDirectCallee();
      if (!FD)
        return true;
      unsigned Shift = isa<CXXOperatorCallExpr>(Call) &&
                               isa<CXXMethodDecl>(FD) &&
                               !cast<CXXMethodDecl>(FD)->isStatic()
                           ? 1
                           : 0;
      for (unsigned I = Shift; I < Call->getNumArgs(); ++I)
        if (I - Shift < FD->getNumParams())
          handOver(Call->getArg(I), FD->getParamDecl(I - Shift));
      return true;
    }
    bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
      const CXXConstructorDecl *Ctor = CE->getConstructor();
      if (!Ctor || Ctor->isCopyOrMoveConstructor())
        return true;
      for (unsigned I = 0; I < CE->getNumArgs() && I < Ctor->getNumParams();
           ++I)
        handOver(CE->getArg(I), Ctor->getParamDecl(I));
      return true;
    }
  } F(*this, S);
  F.TraverseStmt(const_cast<Expr *>(Operand));
}

//===----------------------------------------------------------------------===//
// The fixpoint
//===----------------------------------------------------------------------===//

void HeldLockAnalysis::run(std::vector<LockedSuspension> &Out) {
  unsigned N = Locks.size();
  if (N == 0)
    return;
  const clang::CFG &G = CFG.cfg();
  std::vector<std::optional<LockState>> Entry(G.getNumBlockIDs());
  llvm::SmallVector<const CFGBlock *, 16> Work;
  Entry[G.getEntry().getBlockID()] = LockState(N);
  Work.push_back(&G.getEntry());
  while (!Work.empty()) {
    const CFGBlock *B = Work.pop_back_val();
    LockState S = *Entry[B->getBlockID()];
    for (const CFGElement &Elem : *B)
      transfer(Elem, S);
    for (const CFGBlock *Succ : B->succs()) {
      if (!Succ)
        continue;
      auto &In = Entry[Succ->getBlockID()];
      if (!In) {
        In = S;
        Work.push_back(Succ);
      } else if (In->join(S)) {
        Work.push_back(Succ);
      }
    }
  }

  // The state just before each suspension point.
  llvm::DenseMap<std::pair<unsigned, unsigned>, const SuspensionPoint *> At;
  for (const SuspensionPoint &SP : CFG.suspensionPoints())
    if (ProgramPoint P = CFG.pointOf(SP))
      At.try_emplace({P.Block->getBlockID(), P.Index}, &SP);
  std::vector<std::pair<const SuspensionPoint *, LockState>> Found;
  for (const CFGBlock *B : G) {
    if (!Entry[B->getBlockID()])
      continue; // unreachable
    LockState S = *Entry[B->getBlockID()];
    unsigned I = 0;
    for (const CFGElement &Elem : *B) {
      if (auto It = At.find({B->getBlockID(), I}); It != At.end()) {
        LockState Suspending = S;
        clearHandedToAwaiter(*It->second, Suspending);
        if (Suspending.Held.any())
          Found.push_back({It->second, Suspending});
      }
      transfer(Elem, S);
      ++I;
    }
  }
  llvm::sort(Found, [](const auto &A, const auto &B) {
    return A.first < B.first; // suspensionPoints() is in source order
  });
  const SourceManager &SM = CFG.astContext().getSourceManager();
  for (auto &[SP, S] : Found) {
    LockedSuspension LS;
    LS.Suspension = SP;
    for (unsigned I : S.Held.set_bits())
      LS.Held.push_back(I);
    llvm::sort(LS.Held, [&](unsigned A, unsigned B) {
      return SM.isBeforeInTranslationUnit(Locks[A].Loc, Locks[B].Loc);
    });
    Out.push_back(std::move(LS));
  }
}

HeldLocks::HeldLocks(const CoroutineCFG &CFG, const RoleLookup &Roles,
                     const HeldLockOptions &Options) {
  if (!CFG.isValid())
    return;
  HeldLockAnalysis Analysis(CFG, Roles, Options, Locks);
  Analysis.index();
  Analysis.run(Suspensions);
}

} // namespace clang::tidy::corolint::analysis
