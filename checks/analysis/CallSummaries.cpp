//===----------------------------------------------------------------------===//
//
// Call summaries: the may-block fact of ordinary functions, with a witness.
//
//===----------------------------------------------------------------------===//

#include "CallSummaries.h"

#include "CallSites.h"
#include "CoroutineBodies.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"

#include <deque>

namespace clang::tidy::corolint::analysis {

//===----------------------------------------------------------------------===//
// Which callees are followed
//===----------------------------------------------------------------------===//

const FunctionDecl *
CallSummaries::followableDefinition(const FunctionDecl *FD) const {
  if (!FD)
    return nullptr;
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || !Def || Def->isImplicit() ||
      Def->isDependentContext() || isa<CXXDestructorDecl>(Def))
    return nullptr;
  if (Ctx.getSourceManager().isInSystemHeader(Def->getLocation()))
    return nullptr;
  if (!Classifier.roles().rolesOf(Def).empty() || isCoroutine(Def))
    return nullptr;
  return Def;
}

bool isDynamicDispatch(const Expr &Site) {
  const auto *Member = dyn_cast<CXXMemberCallExpr>(&Site);
  if (!Member)
    return false;
  const CXXMethodDecl *MD = Member->getMethodDecl();
  if (!MD || !MD->isVirtual())
    return false;
  const auto *ME =
      dyn_cast<MemberExpr>(Member->getCallee()->IgnoreParenImpCasts());
  return !(ME && ME->hasQualifier()) && !MD->hasAttr<FinalAttr>() &&
         !MD->getParent()->hasAttr<FinalAttr>();
}

//===----------------------------------------------------------------------===//
// Direct facts: one walk per body
//===----------------------------------------------------------------------===//

const CallSummaries::DirectFacts &
CallSummaries::directFacts(const FunctionDecl *Def) {
  auto &Slot = Direct[Def->getCanonicalDecl()];
  if (Slot)
    return *Slot;
  Slot = std::make_unique<DirectFacts>();
  DirectFacts &Facts = *Slot;
  ++Stats.BodiesScanned;
  auto Visit = [&](const Expr &Site) {
    if (auto Fact = Classifier.classify(Site)) {
      if (!Options.counts(Fact->Kind))
        return true; // a short critical section, or a kind not asked for
      Facts.Blocking = std::move(Fact);
      return false; // the first blocking call is the witness
    }
    if (isDynamicDispatch(Site))
      return true;
    if (const FunctionDecl *Callee = followableDefinition(directCallee(Site)))
      Facts.Calls.push_back({&Site, Callee});
    return true;
  };
  bool Stopped = false;
  auto VisitUntilBlocking = [&](const Expr &Site) {
    return !(Stopped = !Visit(Site));
  };
  // A constructor also runs its member and base initialisers.
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (!Stopped && Init->isWritten() && Init->getInit())
        forEachSameThreadCall(*Init->getInit(), Ctx, Classifier.roles(),
                              VisitUntilBlocking);
  if (!Stopped)
    forEachSameThreadCall(*Def->getBody(), Ctx, Classifier.roles(),
                          VisitUntilBlocking);
  if (Facts.Blocking)
    Facts.Calls.clear(); // never needed: the function blocks directly
  return Facts;
}

//===----------------------------------------------------------------------===//
// The search: breadth first over followable calls, memoised
//===----------------------------------------------------------------------===//

const MayBlockSummary *CallSummaries::mayBlock(const FunctionDecl *FD) {
  ++Stats.Queries;
  const FunctionDecl *Root = followableDefinition(FD);
  if (!Root)
    return nullptr;
  const FunctionDecl *RootKey = Root->getCanonicalDecl();
  if (auto It = Results.find(RootKey); It != Results.end())
    return It->second.get();
  ++Stats.Searches;

  // Breadth first, so the witness is a shortest chain. Each node remembers
  // how it was reached; a memoised node ends the search (a positive one) or
  // is not expanded (a negative one: nothing below it blocks).
  struct Reached {
    const FunctionDecl *Def;
    int Pred;     ///< index of the caller in Order; -1 for the root
    CallHop Step; ///< the call in the caller that reached Def
  };
  std::vector<Reached> Order{{Root, -1, {}}};
  llvm::DenseSet<const FunctionDecl *> Seen{RootKey};
  int Found = -1;
  const MayBlockSummary *FoundTail = nullptr; // a memoised suffix, if any
  for (size_t I = 0; I < Order.size() && Found < 0; ++I) {
    const FunctionDecl *Def = Order[I].Def;
    if (I != 0) {
      if (auto It = Results.find(Def->getCanonicalDecl());
          It != Results.end()) {
        if (It->second) {
          Found = int(I);
          FoundTail = It->second.get();
        }
        continue;
      }
    }
    const DirectFacts &Facts = directFacts(Def);
    if (Facts.Blocking) {
      Found = int(I);
      break;
    }
    for (const CallHop &Call : Facts.Calls) {
      const FunctionDecl *Key = Call.Callee->getCanonicalDecl();
      if (!Seen.insert(Key).second)
        continue;
      Order.push_back({Call.Callee, int(I), Call});
    }
  }

  if (Found < 0) {
    // Everything reachable from the root was walked (or is memoised as not
    // blocking) and nothing blocks: all of it is negative.
    for (const Reached &R : Order)
      Results.try_emplace(R.Def->getCanonicalDecl(), nullptr);
    return nullptr;
  }

  // The path root -> ... -> Order[Found], then the memoised tail or the
  // direct blocking call. Memoise every node on the path with its suffix.
  std::vector<unsigned> Path;
  for (int I = Found; I >= 0; I = Order[I].Pred)
    Path.push_back(unsigned(I));
  std::reverse(Path.begin(), Path.end()); // Path[0] is the root

  MayBlockSummary Tail;
  if (FoundTail)
    Tail = *FoundTail;
  else
    Tail.Leaf = *directFacts(Order[Found].Def).Blocking;
  // Walk back from the found node to the root, prepending one hop each time.
  for (size_t K = Path.size(); K-- > 0;) {
    const Reached &Node = Order[Path[K]];
    const FunctionDecl *Key = Node.Def->getCanonicalDecl();
    if (!Results.count(Key))
      Results[Key] = std::make_unique<MayBlockSummary>(Tail);
    if (K > 0)
      Tail.Hops.insert(Tail.Hops.begin(), Node.Step);
  }
  return Results[RootKey].get();
}

const FunctionDecl *summarisedCallee(const Expr &Site,
                                     const FunctionDecl &Coroutine,
                                     const Stmt &Body, ASTContext &Ctx) {
  if (isDynamicDispatch(Site) || invokesCallableParameter(Site, Coroutine))
    return nullptr;
  const FunctionDecl *Callee = directCallee(Site);
  if (!Callee || isLambdaWrittenIn(*Callee, Body, Ctx.getSourceManager()))
    return nullptr;
  return Callee;
}

} // namespace clang::tidy::corolint::analysis
