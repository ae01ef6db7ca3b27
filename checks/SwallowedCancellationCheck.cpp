//===----------------------------------------------------------------------===//
//
// corolint-swallowed-cancellation
//
//===----------------------------------------------------------------------===//

#include "SwallowedCancellationCheck.h"

#include "analysis/CancellationHandlers.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::corolint {

void SwallowedCancellationCheck::registerMatchers(MatchFinder *Finder) {
  CorolintCheck::registerMatchers(Finder);
  // The coroutines of the TU come from the shared analysis: one match per TU.
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void SwallowedCancellationCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  analysis::TranslationUnitAnalysis &TU = analysis(Ctx);
  Reported.clear();
  // The TU is walked for cancellation classes only when some coroutine
  // has a try block.
  auto Classes = [&]() -> llvm::ArrayRef<const CXXRecordDecl *> {
    return TU
        .fact<analysis::CancellationClasses>(
            "cancellation-classes",
            [&] {
              return std::make_unique<analysis::CancellationClasses>(
                  Ctx, TU.roles());
            })
        .classes();
  };
  for (const FunctionDecl *Coroutine : TU.coroutines()) {
    auto Handlers = analysis::swallowingHandlers(*Coroutine, Classes,
                                                 TU.roles(), Ctx);
    // Nothing above an entry coroutine can cancel it or time it out.
    if (Handlers.empty() || analysis::isEntryCoroutine(*Coroutine,
                                                       TU.callSites(),
                                                       TU.roles(), Ctx))
      continue;
    const SourceManager &SM = Ctx.getSourceManager();
    for (const analysis::SwallowingHandler &H : Handlers) {
      if (!Reported.insert(H.Handler).second)
        continue;
      // A handler a macro from a header wrote (a test framework's
      // assertion, which reports any exception as a failed test) is the
      // macro's policy, not a mistake of the code it wraps.
      SourceLocation Catch = H.Handler->getCatchLoc();
      if (Catch.isMacroID() &&
          !SM.isWrittenInMainFile(SM.getSpellingLoc(Catch)))
        continue;
      bool CatchAll = H.Handler->getExceptionDecl() == nullptr;
      diag(H.Handler->getCatchLoc(),
           "%select{'catch (...)'|this handler}0 catches the cancellation %1 "
           "thrown by a suspension point of its try block and does not "
           "rethrow it: the task can no longer be cancelled or timed out; "
           "rethrow it with 'throw;', or catch %1 first and rethrow it")
          << !CatchAll << quotedName(H.Cancellation)
          << SourceRange(H.Handler->getCatchLoc(),
                         H.Handler->getHandlerBlock()->getBeginLoc());
      diag(H.Suspension->getBeginLoc(), "the cancellation can be thrown here",
           DiagnosticIDs::Note);
      if (H.Outcome.Exit == analysis::HandlerExit::Returns)
        diag(H.Outcome.Witness->getBeginLoc(),
             "the handler leaves here without rethrowing it",
             DiagnosticIDs::Note);
      else
        diag(H.Handler->getHandlerBlock()->getEndLoc(),
             "the handler ends here without rethrowing it",
             DiagnosticIDs::Note);
    }
  }
}

} // namespace clang::tidy::corolint
