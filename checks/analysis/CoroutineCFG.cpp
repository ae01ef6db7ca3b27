//===----------------------------------------------------------------------===//
//
// The control-flow graph of one coroutine body, with its suspension points
// placed on it. Sections: construction and index, path queries, lifetimes,
// control dependence.
//
//===----------------------------------------------------------------------===//

#include "CoroutineCFG.h"

#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/Analyses/Dominators.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::corolint::analysis {

//===----------------------------------------------------------------------===//
// Construction and index
//===----------------------------------------------------------------------===//

CoroutineCFG::CoroutineCFG(const FunctionDecl &Coroutine, ASTContext &Ctx)
    : Coroutine(Coroutine), Ctx(Ctx) {
  const auto *CB = dyn_cast_or_null<CoroutineBodyStmt>(Coroutine.getBody());
  if (!CB || !CB->getBody())
    return;
  Body = CB->getBody();
  build(Coroutine);
}

CoroutineCFG::CoroutineCFG(const FunctionDecl &Function, ASTContext &Ctx,
                           AnyBody)
    : Coroutine(Function), Ctx(Ctx) {
  const auto *CB = dyn_cast_or_null<CoroutineBodyStmt>(Function.getBody());
  Body = CB ? CB->getBody() : Function.getBody();
  if (Body)
    build(Function);
}

void CoroutineCFG::build(const FunctionDecl &Coroutine) {
  Suspensions = findSuspensionPoints(*Body);
  if (Coroutine.isDependentContext())
    return;

  // Every evaluated sub-expression becomes an element (so the order inside a
  // full-expression is kept); scope exits end lifetimes explicitly.
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  Options.AddImplicitDtors = true;
  Options.AddLifetime = true;
  Cfg = CFG::buildCFG(&Coroutine, const_cast<Stmt *>(Body), &Ctx, Options);
  if (!Cfg)
    return;
  Parents = std::make_unique<ParentMap>(const_cast<Stmt *>(Body));

  for (const CFGBlock *B : *Cfg) {
    unsigned I = 0;
    for (const CFGElement &Elem : *B) {
      if (std::optional<CFGStmt> CS = Elem.getAs<CFGStmt>()) {
        const Stmt *S = CS->getStmt();
        Stmts.try_emplace(S, ProgramPoint{B, I});
        if (const auto *DS = dyn_cast<DeclStmt>(S))
          for (const Decl *D : DS->decls())
            if (const auto *V = dyn_cast<VarDecl>(D))
              Vars.try_emplace(V, ProgramPoint{B, I});
      }
      ++I;
    }
  }
  for (unsigned I = 0; I < Suspensions.size(); ++I)
    if (ProgramPoint P = pointOf(Suspensions[I]))
      SuspensionElements.try_emplace({P.Block->getBlockID(), P.Index}, I);
}

CoroutineCFG::~CoroutineCFG() = default;

ProgramPoint CoroutineCFG::pointOf(const Stmt &S) const {
  if (!Cfg)
    return {};
  for (const Stmt *Cur = &S; Cur; Cur = Parents->getParent(Cur))
    if (auto It = Stmts.find(Cur); It != Stmts.end())
      return It->second;
  return {};
}

ProgramPoint CoroutineCFG::pointOf(const VarDecl &V) const {
  return Vars.lookup(&V);
}

const SuspensionPoint *CoroutineCFG::suspensionAt(ProgramPoint P) const {
  auto It = SuspensionElements.find({P.Block->getBlockID(), P.Index});
  return It == SuspensionElements.end() ? nullptr : &Suspensions[It->second];
}

bool CoroutineCFG::isWithin(const Stmt &S, const Stmt &Scope) const {
  if (!Parents)
    return false;
  for (const Stmt *Cur = &S; Cur; Cur = Parents->getParent(Cur))
    if (Cur == &Scope)
      return true;
  return false;
}

//===----------------------------------------------------------------------===//
// Path queries
//===----------------------------------------------------------------------===//

namespace {
enum class Walk { Continue, Prune, Stop };
} // namespace

/// \p Visit(P) returns Continue to go on past P, Prune to end this path at P,
/// Stop to end the whole walk. A block is entered at its first element at
/// most once; when the start block is re-entered (a loop), only the points
/// up to and including \p From are new.
template <class Fn>
void CoroutineCFG::forEachReachable(ProgramPoint From, Fn Visit) const {
  if (!Cfg || !From)
    return;
  llvm::BitVector Entered(Cfg->getNumBlockIDs());
  llvm::SmallVector<const CFGBlock *, 16> Work;
  bool Stopped = false;
  auto Scan = [&](const CFGBlock *B, unsigned Begin, unsigned End) {
    for (unsigned I = Begin; I < End; ++I) {
      Walk W = Visit(ProgramPoint{B, I});
      if (W == Walk::Stop)
        Stopped = true;
      if (W != Walk::Continue)
        return false;
    }
    return true;
  };
  auto PushSuccessors = [&](const CFGBlock *B) {
    for (const CFGBlock *Succ : B->succs())
      if (Succ && !Entered.test(Succ->getBlockID())) {
        Entered.set(Succ->getBlockID());
        Work.push_back(Succ);
      }
  };
  if (Scan(From.Block, From.Index + 1, From.Block->size()))
    PushSuccessors(From.Block);
  while (!Work.empty() && !Stopped) {
    const CFGBlock *B = Work.pop_back_val();
    if (B == From.Block) {
      // The tail after From was scanned first (and its successors pushed).
      Scan(B, 0, From.Index + 1);
      continue;
    }
    if (Scan(B, 0, B->size()) && !Stopped)
      PushSuccessors(B);
  }
}

bool CoroutineCFG::reaches(ProgramPoint From, ProgramPoint To) const {
  if (!From || !To)
    return false;
  bool Found = false;
  forEachReachable(From, [&](ProgramPoint P) {
    if (P != To)
      return Walk::Continue;
    Found = true;
    return Walk::Stop;
  });
  return Found;
}

SuspensionBetween CoroutineCFG::suspensionBetween(ProgramPoint From,
                                                  ProgramPoint To) const {
  // Paths from From to To that pass neither again in between: the stretch
  // after one evaluation of From up to the next evaluation of To.
  SuspensionBetween Result;
  if (!From || !To)
    return Result;
  bool Reached = false;
  llvm::SmallVector<unsigned, 4> Passed;
  forEachReachable(From, [&](ProgramPoint P) {
    if (P == To) {
      Reached = true;
      return Walk::Prune;
    }
    if (P == From)
      return Walk::Prune;
    if (const SuspensionPoint *SP = suspensionAt(P))
      Passed.push_back(SP - Suspensions.begin());
    return Walk::Continue;
  });
  if (!Reached)
    return Result;
  llvm::sort(Passed);
  for (unsigned I : Passed) {
    bool Leads = false;
    forEachReachable(pointOf(Suspensions[I]), [&](ProgramPoint P) {
      if (P == To) {
        Leads = true;
        return Walk::Stop;
      }
      return P == From ? Walk::Prune : Walk::Continue;
    });
    if (Leads) {
      Result.Witness = &Suspensions[I];
      break;
    }
  }
  if (!Result.Witness)
    return Result;
  // Every path suspends when To cannot be reached with suspensions removed.
  bool Avoidable = false;
  forEachReachable(From, [&](ProgramPoint P) {
    if (P == To) {
      Avoidable = true;
      return Walk::Stop;
    }
    return suspensionAt(P) || P == From ? Walk::Prune : Walk::Continue;
  });
  Result.K = Avoidable ? SuspensionBetween::OnSomePath
                       : SuspensionBetween::OnEveryPath;
  return Result;
}

//===----------------------------------------------------------------------===//
// Lifetimes
//===----------------------------------------------------------------------===//

bool CoroutineCFG::endsLifetimeOf(ProgramPoint P, const VarDecl &V) const {
  if (!P || P.Index >= P.Block->size())
    return false;
  const CFGElement &Elem = (*P.Block)[P.Index];
  if (std::optional<CFGLifetimeEnds> L = Elem.getAs<CFGLifetimeEnds>())
    return L->getVarDecl() == &V;
  if (std::optional<CFGAutomaticObjDtor> D = Elem.getAs<CFGAutomaticObjDtor>())
    return D->getVarDecl() == &V;
  return false;
}

bool CoroutineCFG::everyPathPassesBeforeEnd(
    ProgramPoint From, const VarDecl &V,
    llvm::function_ref<bool(ProgramPoint)> Gate) const {
  if (!Cfg || !From)
    return false;
  const CFGBlock *Exit = &Cfg->getExit();
  llvm::BitVector Entered(Cfg->getNumBlockIDs());
  llvm::SmallVector<const CFGBlock *, 16> Work;
  // Scans one stretch of a block: Continue past it, Prune at a gate, Stop at
  // the end of V's lifetime.
  auto Scan = [&](const CFGBlock *B, unsigned Begin) {
    for (unsigned I = Begin; I < B->size(); ++I) {
      ProgramPoint P{B, I};
      if (Gate(P))
        return Walk::Prune;
      if (endsLifetimeOf(P, V))
        return Walk::Stop;
    }
    return Walk::Continue;
  };
  auto EndsInThrow = [](const CFGBlock *B) {
    return llvm::any_of(*B, [](const CFGElement &E) {
      std::optional<CFGStmt> S = E.getAs<CFGStmt>();
      return S && isa<CXXThrowExpr>(S->getStmt());
    });
  };
  // Returns false when a successor is the end of the body.
  auto PushSuccessors = [&](const CFGBlock *B) {
    if (EndsInThrow(B))
      return true;
    for (const CFGBlock *Succ : B->succs()) {
      if (Succ == Exit)
        return false;
      if (Succ && !Entered.test(Succ->getBlockID())) {
        Entered.set(Succ->getBlockID());
        Work.push_back(Succ);
      }
    }
    return true;
  };
  auto Visit = [&](const CFGBlock *B, unsigned Begin) {
    switch (Scan(B, Begin)) {
    case Walk::Prune:
      return true;
    case Walk::Stop:
      return false;
    case Walk::Continue:
      return PushSuccessors(B);
    }
    return false;
  };
  if (!Visit(From.Block, From.Index + 1))
    return false;
  while (!Work.empty())
    if (!Visit(Work.pop_back_val(), 0))
      return false;
  return true;
}

llvm::SmallVector<const SuspensionPoint *, 2>
CoroutineCFG::suspensionsWhileAlive(const VarDecl &V) const {
  llvm::SmallVector<const SuspensionPoint *, 2> Found;
  if (!V.hasLocalStorage() || isa<ParmVarDecl>(V))
    return Found;
  ProgramPoint Decl = pointOf(V);
  llvm::SmallPtrSet<const SuspensionPoint *, 4> Seen;
  forEachReachable(Decl, [&](ProgramPoint P) {
    if (endsLifetimeOf(P, V) || P == Decl)
      return Walk::Prune;
    if (const SuspensionPoint *SP = suspensionAt(P); SP && Seen.insert(SP).second)
      Found.push_back(SP);
    return Walk::Continue;
  });
  llvm::sort(Found, [](const SuspensionPoint *A, const SuspensionPoint *B) {
    return A < B; // Suspensions is in source order
  });
  return Found;
}

//===----------------------------------------------------------------------===//
// Control dependence
//===----------------------------------------------------------------------===//

llvm::SmallVector<const CFGBlock *, 4>
CoroutineCFG::directControlDependencies(const CFGBlock &B) const {
  llvm::SmallVector<const CFGBlock *, 4> Direct;
  if (!Cfg)
    return Direct;
  if (!ControlDeps)
    ControlDeps = std::make_unique<ControlDependencyCalculator>(Cfg.get());
  const CFGPostDomTree &PostDom = ControlDeps->getCFGPostDomTree();
  for (const CFGBlock *Dep :
       ControlDeps->getControlDependencies(const_cast<CFGBlock *>(&B))) {
    if (PostDom.properlyDominates(&B, Dep))
      continue;
    if (llvm::any_of(Dep->succs(), [&](const CFGBlock *Succ) {
          return Succ && PostDom.dominates(&B, Succ);
        }))
      Direct.push_back(Dep);
  }
  return Direct;
}

} // namespace clang::tidy::corolint::analysis
