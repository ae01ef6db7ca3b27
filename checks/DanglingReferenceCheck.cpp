//===----------------------------------------------------------------------===//
//
// corolint-dangling-reference
//
//===----------------------------------------------------------------------===//

#include "DanglingReferenceCheck.h"

#include "analysis/CoroutineBodies.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::corolint {

void DanglingReferenceCheck::registerMatchers(MatchFinder *Finder) {
  CorolintCheck::registerMatchers(Finder);
  // The coroutines and their call sites come from the shared analysis.
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void DanglingReferenceCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  analysis::TranslationUnitAnalysis &TU = analysis(Ctx);
  Reported.clear();
  for (const FunctionDecl *Coroutine : TU.coroutines()) {
    // Only a call can lend an argument: a coroutine nobody in the TU calls
    // is not looked into.
    auto Sites = TU.callSites().callersOf(Coroutine);
    if (Sites.empty())
      continue;
    auto Borrows = analysis::lateBorrows(
        *Coroutine,
        [&]() -> const analysis::CoroutineCFG & {
          return TU.coroutineCFG(*Coroutine);
        },
        Ctx);
    for (const analysis::CallSite &Site : Sites)
      for (const analysis::LateBorrow &Borrow : Borrows)
        checkCall(*Site.Call, *Coroutine, Borrow, Ctx);
  }
}

void DanglingReferenceCheck::checkCall(const CallExpr &Call,
                                       const FunctionDecl &Coroutine,
                                       const analysis::LateBorrow &Borrow,
                                       ASTContext &Ctx) {
  // The argument that initialises the parameter, or the closure object.
  const auto *Method = dyn_cast<CXXMethodDecl>(&Coroutine);
  unsigned Offset =
      isa<CXXOperatorCallExpr>(Call) && Method && !Method->isStatic() ? 1 : 0;
  const Expr *Arg = nullptr;
  QualType BorrowType;
  if (Borrow.Param) {
    unsigned Index = Borrow.Param->getFunctionScopeIndex() + Offset;
    if (Index >= Call.getNumArgs())
      return;
    Arg = Call.getArg(Index);
    BorrowType = Borrow.Param->getType();
  } else {
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call))
      Arg = Member->getImplicitObjectArgument();
    else if (Offset == 1)
      Arg = Call.getArg(0);
    if (!Arg || !Method)
      return;
    BorrowType = Ctx.getRecordType(Method->getParent());
  }
  if (!Arg || isa<CXXDefaultArgExpr>(Arg))
    return;
  analysis::Lender Lent = analysis::lenderOf(*Arg, BorrowType);
  if (Lent.K == analysis::Lender::None)
    return;
  analysis::TaskFate Fate = analysis::taskFateOf(Call, roles(Ctx), Ctx);
  unsigned FateIndex;
  switch (Fate.K) {
  case analysis::TaskFate::Stored:
    FateIndex = 0;
    break;
  case analysis::TaskFate::Returned:
    FateIndex = 1;
    break;
  case analysis::TaskFate::Spawned:
    FateIndex = 2;
    break;
  default:
    return;
  }
  const analysis::CoroutineCFG *CallerGraph = nullptr;
  if (Lent.K == analysis::Lender::Local)
    if (const FunctionDecl *Caller = analysis::enclosingFunction(Call, Ctx))
      CallerGraph = &analysis(Ctx)
                         .fact<analysis::CallerGraphs>(
                             "borrowed-arguments.caller-graphs",
                             [&Ctx] {
                               return std::make_unique<analysis::CallerGraphs>(
                                   Ctx);
                             })
                         .of(*Caller);
  if (!analysis::mayOutlive(Call, Fate, Lent, roles(Ctx), Ctx, CallerGraph))
    return;
  SourceLocation At = Borrow.Param ? Arg->getBeginLoc() : Call.getBeginLoc();
  if (!Reported.insert(At.getRawEncoding()).second)
    return;

  bool Temporary = Lent.K == analysis::Lender::Temporary;
  std::string LocalName =
      Lent.Var ? "'" + Lent.Var->getName().str() + "'" : std::string();
  if (Borrow.Param) {
    unsigned Kind = BorrowType->isReferenceType() ? 0
                    : BorrowType->isPointerType() ? 1
                                                  : 2;
    diag(At, "%select{reference|pointer|view}0 parameter %1 of coroutine %2 "
             "is bound to %select{a temporary that is destroyed at the end of "
             "the full-expression|local %5, which is destroyed}3 while the "
             "%select{stored|returned|spawned}4 task may still use it; pass "
             "the argument by value, or await the task in the same "
             "full-expression")
        << Kind << Borrow.Param << quotedName(&Coroutine) << !Temporary
        << FateIndex << LocalName << Arg->getSourceRange();
    diag(Borrow.Param->getLocation(), "parameter declared here",
         DiagnosticIDs::Note);
  } else {
    diag(At, "the closure of this lambda coroutine is %select{a temporary "
             "destroyed at the end of the full-expression|local %2, which is "
             "destroyed}0 while the %select{stored|returned|spawned}1 task may "
             "still use its captures; pass what the lambda needs as "
             "parameters by value, or keep the closure alive until the task "
             "finishes")
        << !Temporary << FateIndex << LocalName << Call.getSourceRange();
  }
  if (Borrow.After) {
    diag(Borrow.Use->getBeginLoc(),
         "used here, after the coroutine may have suspended",
         DiagnosticIDs::Note);
    diag(Borrow.After->getBeginLoc(), "the coroutine may suspend here",
         DiagnosticIDs::Note);
  } else {
    diag(Borrow.Use->getBeginLoc(),
         "used here; the task starts suspended, so its body runs only when "
         "it is awaited",
         DiagnosticIDs::Note);
  }
  if (Fate.Where)
    diag(Fate.Where->getBeginLoc(),
         "the task is %select{stored|returned|spawned}0 here",
         DiagnosticIDs::Note)
        << FateIndex;
}

} // namespace clang::tidy::corolint
