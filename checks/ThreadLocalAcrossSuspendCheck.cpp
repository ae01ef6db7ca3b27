//===----------------------------------------------------------------------===//
//
// corolint-thread-local-across-suspend
//
//===----------------------------------------------------------------------===//

#include "ThreadLocalAcrossSuspendCheck.h"

#include "analysis/ThreadBoundUses.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::corolint {

void ThreadLocalAcrossSuspendCheck::registerMatchers(MatchFinder *Finder) {
  CorolintCheck::registerMatchers(Finder);
  // The coroutines of the TU come from the shared analysis: one match per TU.
  Finder->addMatcher(translationUnitDecl(), this);
}

void ThreadLocalAcrossSuspendCheck::check(
    const MatchFinder::MatchResult &Result) {
  analysis::TranslationUnitAnalysis &TU = analysis(*Result.Context);
  for (const FunctionDecl *Coroutine : TU.coroutines()) {
    const analysis::CoroutineCFG &CFG = TU.coroutineCFG(*Coroutine);
    for (const analysis::ThreadBoundAcrossSuspension &Fact :
         analysis::threadBoundAcrossSuspensions(CFG)) {
      bool IsId = Fact.Value.ThreadId != nullptr;
      std::string Value =
          IsId ? "the thread id from 'std::this_thread::get_id'"
               : "thread_local " + quotedName(Fact.Value.ThreadLocal);
      std::string Through =
          Fact.Alias ? " (through '" + Fact.Alias->getNameAsString() + "')"
                     : "";
      diag(Fact.After->getBeginLoc(),
           "%0 is used%1 on both sides of a suspension point in %2: the "
           "coroutine may resume on another thread, where %select{it denotes "
           "another thread's object|the thread has another id}3; pass the "
           "value explicitly, or read it again after resuming and do not keep "
           "it across")
          << Value << Through << coroutineLabel(*Coroutine) << IsId
          << Fact.After->getSourceRange();
      diag(Fact.Before->getBeginLoc(), "used here before the suspension",
           DiagnosticIDs::Note)
          << Fact.Before->getSourceRange();
      if (Fact.Suspension && Fact.Suspension->E)
        diag(Fact.Suspension->E->getBeginLoc(), "suspension point is here",
             DiagnosticIDs::Note);
    }
  }
}

} // namespace clang::tidy::corolint
