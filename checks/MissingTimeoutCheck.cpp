//===----------------------------------------------------------------------===//
//
// corolint-missing-timeout
//
//===----------------------------------------------------------------------===//

#include "MissingTimeoutCheck.h"

#include "analysis/CoroutineBodies.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

#include <clang-tidy/utils/OptionsUtils.h>

using namespace clang::ast_matchers;

namespace clang::tidy::corolint {

using analysis::UnboundedReason;

MissingTimeoutCheck::MissingTimeoutCheck(StringRef Name,
                                         ClangTidyContext *Context)
    : CorolintCheck(Name, Context),
      BoundingTypeNames(
          Options.get("BoundingTypes", analysis::BoundingTypes::Defaults)
              .str()) {}

void MissingTimeoutCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "BoundingTypes", BoundingTypeNames);
}

void MissingTimeoutCheck::onStartOfTranslationUnit() {
  CorolintCheck::onStartOfTranslationUnit();
  Checked.clear();
}

void MissingTimeoutCheck::registerMatchers(MatchFinder *Finder) {
  CorolintCheck::registerMatchers(Finder);
  Finder->addMatcher(coawaitExpr().bind("await"), this);
}

analysis::TimeoutBoundsAnalysis &
MissingTimeoutCheck::analysisFor(ASTContext &Ctx) {
  analysis::TranslationUnitAnalysis &TU = analysis(Ctx);
  return TU.fact<analysis::TimeoutBoundsAnalysis>(
      "timeout-bounds:" + BoundingTypeNames, [&] {
        return std::make_unique<analysis::TimeoutBoundsAnalysis>(
            Ctx, TU.roles(),
            analysis::BoundingTypes(
                utils::options::parseStringList(BoundingTypeNames)),
            [&TU]() -> const analysis::CallSiteIndex & {
              return TU.callSites();
            });
      });
}

void MissingTimeoutCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Await = Result.Nodes.getNodeAs<CoawaitExpr>("await");
  if (Await->isImplicit() || // initial_suspend/final_suspend
      !Checked.insert(Await).second)
    return;
  ASTContext &Ctx = *Result.Context;
  // Template patterns are checked in their instantiations, where calls and
  // callers are resolved.
  const FunctionDecl *Coroutine = analysis::enclosingFunction(*Await, Ctx);
  if (!Coroutine || Coroutine->isDependentContext())
    return;
  analysis::TimeoutBoundsAnalysis &A = analysisFor(Ctx);
  for (const analysis::AwaitedOperation &Op : A.awaitedOperations(*Await)) {
    analysis::TimeoutBound Bound = A.boundOf(Op);
    if (!Bound.isBounded())
      report(Op, Bound);
  }
}

static bool isLambdaCallOperator(const FunctionDecl *FD) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
  return MD && MD->getParent()->isLambda();
}

void MissingTimeoutCheck::report(const analysis::AwaitedOperation &Op,
                                 const analysis::TimeoutBound &Bound) {
  diag(Op.Await->getBeginLoc(),
       "%0 waits on an external resource with no timeout; wrap it in a "
       "timeout or pass a deadline")
      << quotedName(Op.Callee) << Op.Call->getSourceRange();

  // One note per unbounded hop, from the awaiting coroutine outwards.
  for (const analysis::UnboundedCall &Hop : Bound.Chain) {
    if (isLambdaCallOperator(Hop.Callee))
      diag(Hop.Call->getBeginLoc(),
           "the coroutine lambda is called here without a timeout",
           DiagnosticIDs::Note)
          << Hop.Call->getSourceRange();
    else
      diag(Hop.Call->getBeginLoc(), "%0 is called here without a timeout",
           DiagnosticIDs::Note)
          << quotedName(Hop.Callee) << Hop.Call->getSourceRange();
  }
  // What ends the chain, when it is not a call site.
  const FunctionDecl *Outer = Bound.Outermost;
  if (!Outer)
    return;
  if (Bound.Reason == UnboundedReason::Escapes && Bound.EscapeRef) {
    if (isLambdaCallOperator(Outer))
      diag(Bound.EscapeRef->getBeginLoc(),
           "the coroutine lambda is passed on here and may be called without "
           "a timeout",
           DiagnosticIDs::Note);
    else
      diag(Bound.EscapeRef->getBeginLoc(),
           "%0 is referenced here and may be called without a timeout",
           DiagnosticIDs::Note)
          << quotedName(Outer);
  } else if (Bound.Reason == UnboundedReason::Virtual) {
    diag(Outer->getLocation(),
         "%0 is virtual; calls through a base class are not tracked",
         DiagnosticIDs::Note)
        << quotedName(Outer);
  }
}

} // namespace clang::tidy::corolint
