//===----------------------------------------------------------------------===//
//
// corolint-nested-run
//
//===----------------------------------------------------------------------===//

#include "NestedRunCheck.h"

#include "analysis/BlockingCalls.h"
#include "analysis/CallSummaries.h"
#include "analysis/CoroutineBodies.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/StringSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::corolint {

using analysis::BlockingKind;

/// Summaries that look for nested event loops only: a sleep on the way is
/// blocking-call's, and does not hide a runner behind it.
static analysis::CallSummaryOptions runnerOptions() {
  analysis::CallSummaryOptions O;
  O.Runners = analysis::CallSummaryOptions::LoopRunners::Only;
  return O;
}

void NestedRunCheck::registerMatchers(MatchFinder *Finder) {
  CorolintCheck::registerMatchers(Finder);
  // The coroutines of the TU come from the shared analysis: one match per TU.
  Finder->addMatcher(translationUnitDecl(), this);
}

void NestedRunCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  analysis::TranslationUnitAnalysis &TU = analysis(Ctx);
  auto &Facts = TU.fact<analysis::CallSummaryFacts>("nested-run", [&] {
    return std::make_unique<analysis::CallSummaryFacts>(
        Ctx, TU.roles(), llvm::StringSet<>(), runnerOptions());
  });
  for (const FunctionDecl *Coroutine : TU.coroutines()) {
    const Stmt *Body = analysis::userBodyOf(Coroutine);
    if (!Body)
      continue;
    // Calls on the coroutine's thread: not inside callables handed to an
    // offload function, whose private loop runs on another thread.
    analysis::forEachSameThreadCall(*Body, Ctx, TU.roles(), [&](const Expr
                                                                    &Site) {
      if (auto Fact = Facts.Classifier.classify(Site)) {
        if (Fact->Kind == BlockingKind::RunsLoop)
          reportDirect(*Fact, *Coroutine);
        return true; // a call with a role is not followed
      }
      const FunctionDecl *Callee =
          analysis::summarisedCallee(Site, *Coroutine, *Body, Ctx);
      if (!Callee)
        return true;
      if (const auto *Summary = Facts.Summaries.mayBlock(Callee))
        reportTransitive(Site, *Callee, *Summary, *Coroutine);
      return true;
    });
  }
}

/// Where a diagnostic about \p Site goes: the operator of an operator call
/// (`sync_wait(t)` through a function object), else the call's start.
static SourceLocation callLocation(const Expr &Site) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Site))
    return Op->getOperatorLoc();
  return Site.getBeginLoc();
}

void NestedRunCheck::reportDirect(const analysis::BlockingCall &Fact,
                                  const FunctionDecl &Coroutine) {
  diag(callLocation(*Fact.Site),
       "%0 in %1 runs a nested event loop that stalls the running one; "
       "await the task instead")
      << Fact.Description << coroutineLabel(Coroutine)
      << Fact.Site->getSourceRange();
}

void NestedRunCheck::reportTransitive(const Expr &Site,
                                      const FunctionDecl &Callee,
                                      const analysis::MayBlockSummary &Summary,
                                      const FunctionDecl &Coroutine) {
  std::string Via;
  for (const analysis::CallHop &Hop : Summary.Hops)
    Via += functionLabel(*Hop.Callee) + " -> ";
  Via += "'" + Summary.Leaf.Name + "'";
  diag(Site.getBeginLoc(),
       "call to %0 runs a nested event loop in %1 (via %2); await the task "
       "instead")
      << functionLabel(Callee) << coroutineLabel(Coroutine) << Via
      << Site.getSourceRange();
  // One note per hop, then the runner call itself.
  const FunctionDecl *Caller = &Callee;
  for (const analysis::CallHop &Hop : Summary.Hops) {
    diag(Hop.Site->getBeginLoc(), "%0 calls %1 here", DiagnosticIDs::Note)
        << functionLabel(*Caller) << functionLabel(*Hop.Callee)
        << Hop.Site->getSourceRange();
    Caller = Hop.Callee;
  }
  diag(callLocation(*Summary.Leaf.Site), "%0 runs a nested event loop: %1 here",
       DiagnosticIDs::Note)
      << functionLabel(*Caller) << Summary.Leaf.Description
      << Summary.Leaf.Site->getSourceRange();
}

} // namespace clang::tidy::corolint
