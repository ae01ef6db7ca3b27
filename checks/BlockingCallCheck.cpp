//===----------------------------------------------------------------------===//
//
// corolint-blocking-call
//
//===----------------------------------------------------------------------===//

#include "BlockingCallCheck.h"

#include "analysis/CoroutineBodies.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

#include <clang-tidy/utils/OptionsUtils.h>

using namespace clang::ast_matchers;

namespace clang::tidy::corolint {

using analysis::BlockingCall;
using analysis::BlockingKind;

BlockingCallCheck::BlockingCallCheck(StringRef Name, ClangTidyContext *Context)
    : CorolintCheck(Name, Context),
      BlockingFunctionsOption(Options.get("BlockingFunctions", "").str()),
      ReplacementsOption(Options.get("Replacements", "").str()),
      FlagLocks(Options.get("FlagLocks", false)),
      FollowCalleeLocks(Options.get("FollowCalleeLocks", false)) {
  for (StringRef Entry :
       utils::options::parseStringList(BlockingFunctionsOption)) {
    Entry = Entry.trim();
    Entry.consume_front("::");
    if (!Entry.empty())
      BlockingFunctions.insert(Entry);
  }
  for (StringRef Entry : utils::options::parseStringList(ReplacementsOption)) {
    auto [Callee, Replacement] = Entry.split('=');
    Callee = Callee.trim();
    Callee.consume_front("::");
    if (Callee.empty() || !Entry.contains('=') || Replacement.trim().empty()) {
      configurationDiag("invalid entry '%0' in option '%1.Replacements': "
                        "expected 'qualified::name=replacement'")
          << Entry << Name;
      continue;
    }
    Replacements[Callee] = Replacement.trim().str();
  }
}

void BlockingCallCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "BlockingFunctions", BlockingFunctionsOption);
  Options.store(Opts, "Replacements", ReplacementsOption);
  Options.store(Opts, "FlagLocks", FlagLocks);
  Options.store(Opts, "FollowCalleeLocks", FollowCalleeLocks);
}

namespace {
/// The call-summary options of this check: a nested event loop is
/// corolint-nested-run's finding, directly and through callees, so each call
/// is reported under one name.
static analysis::CallSummaryOptions summaryOptions(bool FollowLocks) {
  analysis::CallSummaryOptions O;
  O.FollowLocks = FollowLocks;
  O.Runners = analysis::CallSummaryOptions::LoopRunners::Exclude;
  return O;
}
} // namespace

void BlockingCallCheck::registerMatchers(MatchFinder *Finder) {
  CorolintCheck::registerMatchers(Finder);
  // The coroutines of the TU come from the shared analysis (functions,
  // lambdas, instantiations; no system headers): one match per TU.
  Finder->addMatcher(translationUnitDecl(), this);
}

void BlockingCallCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  analysis::TranslationUnitAnalysis &TU = analysis(Ctx);
  auto &Facts = TU.fact<analysis::CallSummaryFacts>(
      "blocking:" + BlockingFunctionsOption +
          (FollowCalleeLocks ? ":follow-locks" : ""),
      [&] {
        return std::make_unique<analysis::CallSummaryFacts>(
            Ctx, TU.roles(), BlockingFunctions,
            summaryOptions(FollowCalleeLocks));
      });
  Descriptors = &Facts.Descriptors;
  Classifier = &Facts.Classifier;
  Summaries = &Facts.Summaries;
  for (const FunctionDecl *Coroutine : TU.coroutines()) {
    const Stmt *Body = analysis::userBodyOf(Coroutine);
    if (!Body)
      continue;
    analysis::forEachSameThreadCall(*Body, Ctx, TU.roles(),
                                    [&](const Expr &Site) {
                                      checkSite(Site, *Coroutine, *Body, Ctx);
                                      return true;
                                    });
  }
}

void BlockingCallCheck::checkSite(const Expr &Site,
                                  const FunctionDecl &Coroutine,
                                  const Stmt &Body, ASTContext &Ctx) {
  if (auto Fact = Classifier->classify(Site)) {
    // A nested event loop is corolint-nested-run's finding.
    if (Fact->Kind == BlockingKind::RunsLoop)
      return;
    // A lock taken in the coroutine is a short critical section unless it
    // is held across a suspension point, which is another check's finding.
    if (Fact->Kind != BlockingKind::Locks || FlagLocks)
      reportDirect(*Fact, Coroutine, Ctx);
    return;
  }
  const FunctionDecl *Callee =
      analysis::summarisedCallee(Site, Coroutine, Body, Ctx);
  if (!Callee)
    return;
  const analysis::MayBlockSummary *Summary = Summaries->mayBlock(Callee);
  if (!Summary)
    return;
  // A descriptor call in a callee on the coroutine's own object, whose
  // readiness the coroutine awaits (`co_await poll(op); recv(buf);`).
  if (const Expr *Descriptor = analysis::descriptorArgument(Summary->Leaf)) {
    llvm::SmallVector<const Expr *, 4> Calls{&Site};
    for (const analysis::CallHop &Hop : Summary->Hops)
      Calls.push_back(Hop.Site);
    if (Descriptors->evidenceThrough(Calls, *Descriptor))
      return;
  }
  reportTransitive(Site, *Callee, *Summary, Coroutine);
}

//===----------------------------------------------------------------------===//
// Wording
//===----------------------------------------------------------------------===//

void BlockingCallCheck::reportDirect(const BlockingCall &Fact,
                                     const FunctionDecl &Coroutine,
                                     ASTContext &Ctx) {
  std::string Where = coroutineLabel(Coroutine);
  SourceLocation Loc = Fact.Site->getBeginLoc();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Fact.Site))
    Loc = Op->getOperatorLoc();
  const char *Format = nullptr;
  switch (Fact.Kind) {
  case BlockingKind::Blocks:
    Format = "blocking %0 in %1 stalls the event loop; await an asynchronous "
             "equivalent or move it to a thread with an offload function";
    break;
  case BlockingKind::Locks:
    Format = "blocking %0 in %1 stalls the event loop while it waits for the "
             "mutex; use an asynchronous lock, or move the critical section "
             "to a thread with an offload function";
    break;
  case BlockingKind::ReadsStdin:
    Format = "blocking %0 in %1 stalls the event loop until input arrives; "
             "read it asynchronously or move it to a thread with an offload "
             "function";
    break;
  case BlockingKind::RunsLoop:
    llvm_unreachable("nested event loops are reported by corolint-nested-run");
  }
  auto Diag = diag(Loc, Format) << Fact.Description << Where
                                << Fact.Site->getSourceRange();
  if (auto Fix = replacementFix(Fact, Coroutine, Ctx))
    Diag << *Fix;
}

void BlockingCallCheck::reportTransitive(
    const Expr &Site, const FunctionDecl &Callee,
    const analysis::MayBlockSummary &Summary, const FunctionDecl &Coroutine) {
  std::string Via;
  for (const analysis::CallHop &Hop : Summary.Hops)
    Via += functionLabel(*Hop.Callee) + " -> ";
  Via += "'" + Summary.Leaf.Name + "'";
  diag(Site.getBeginLoc(),
       "call to %0 blocks the event loop in %1 (via %2)")
      << functionLabel(Callee) << coroutineLabel(Coroutine) << Via
      << Site.getSourceRange();
  // One note per hop, then the blocking call itself.
  const FunctionDecl *Caller = &Callee;
  for (const analysis::CallHop &Hop : Summary.Hops) {
    diag(Hop.Site->getBeginLoc(), "%0 calls %1 here", DiagnosticIDs::Note)
        << functionLabel(*Caller) << functionLabel(*Hop.Callee)
        << Hop.Site->getSourceRange();
    Caller = Hop.Callee;
  }
  SourceLocation LeafLoc = Summary.Leaf.Site->getBeginLoc();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Summary.Leaf.Site))
    LeafLoc = Op->getOperatorLoc();
  diag(LeafLoc, "%0 blocks: %1 here", DiagnosticIDs::Note)
      << functionLabel(*Caller) << Summary.Leaf.Description
      << Summary.Leaf.Site->getSourceRange();
}

//===----------------------------------------------------------------------===//
// Fix-it: the configured asynchronous replacement
//===----------------------------------------------------------------------===//

/// True when \p E sits, within its function, inside a catch handler, where
/// `co_await` is not allowed.
static bool isInCatchHandler(const Expr &E, ASTContext &Ctx) {
  for (DynTypedNodeList Parents = Ctx.getParents(E); !Parents.empty();
       Parents = Ctx.getParents(Parents[0])) {
    if (Parents[0].get<CXXCatchStmt>())
      return true;
    if (Parents[0].get<FunctionDecl>() || Parents[0].get<LambdaExpr>())
      return false;
  }
  return false;
}

/// True when a prefix operator written before \p Call would bind to
/// something else than the call's result (`f(x).member`, `f(x)[i]`).
static bool isPostfixOperand(const Expr &Call, ASTContext &Ctx) {
  const Stmt *Child = &Call;
  for (DynTypedNodeList Parents = Ctx.getParents(Call); !Parents.empty();
       Parents = Ctx.getParents(Parents[0])) {
    const auto *Parent = Parents[0].get<Expr>();
    if (!Parent)
      return false;
    if (isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr>(
            Parent)) {
      Child = Parent;
      continue;
    }
    if (const auto *Member = dyn_cast<MemberExpr>(Parent))
      return Member->getBase() == Child;
    if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(Parent))
      return Subscript->getBase() == Child;
    if (const auto *Outer = dyn_cast<CallExpr>(Parent))
      return Outer->getCallee() == Child;
    return false;
  }
  return false;
}

std::optional<FixItHint>
BlockingCallCheck::replacementFix(const BlockingCall &Fact,
                                  const FunctionDecl &Coroutine,
                                  ASTContext &Ctx) const {
  if (Replacements.empty())
    return std::nullopt;
  const auto *Call = dyn_cast<CallExpr>(Fact.Site);
  if (!Call || isa<CXXMemberCallExpr, CXXOperatorCallExpr>(Call))
    return std::nullopt;
  auto It = Replacements.find(analysis::roleQualifiedName(Fact.Callee));
  if (It == Replacements.end())
    return std::nullopt;
  // `co_await` is only allowed directly in the coroutine (not in a nested
  // lambda), and not in a catch handler.
  if (analysis::enclosingFunction(*Call, Ctx) != &Coroutine ||
      isInCatchHandler(*Call, Ctx) || isPostfixOperand(*Call, Ctx))
    return std::nullopt;
  // The callee as written, from the call's start to its argument list.
  SourceRange Callee = Call->getCallee()->IgnoreImplicit()->getSourceRange();
  if (Callee.isInvalid() || Callee.getBegin().isMacroID() ||
      Callee.getEnd().isMacroID() || Call->getRParenLoc().isMacroID())
    return std::nullopt;
  CharSourceRange Range = CharSourceRange::getTokenRange(Callee);
  // The next token must open the argument list (no macro, no comment trick).
  const SourceManager &SM = Ctx.getSourceManager();
  std::optional<Token> Next = Lexer::findNextToken(Callee.getEnd(), SM,
                                                   Ctx.getLangOpts());
  if (!Next || !Next->is(tok::l_paren))
    return std::nullopt;
  return FixItHint::CreateReplacement(Range, It->second);
}

} // namespace clang::tidy::corolint
