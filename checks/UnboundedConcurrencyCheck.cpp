//===----------------------------------------------------------------------===//
//
// corolint-unbounded-concurrency
//
//===----------------------------------------------------------------------===//

#include "UnboundedConcurrencyCheck.h"

#include "analysis/CoroutineBodies.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

#include <clang-tidy/utils/OptionsUtils.h>

using namespace clang::ast_matchers;

namespace clang::tidy::corolint {

using analysis::TripCount;

UnboundedConcurrencyCheck::UnboundedConcurrencyCheck(StringRef Name,
                                                     ClangTidyContext *Context)
    : CorolintCheck(Name, Context),
      LimiterTypeNames(
          Options.get("LimiterTypes", analysis::LimiterTypes::Defaults).str()),
      MaxFixedFanOut(Options.get("MaxFixedFanOut", 32U)),
      FlagUnboundedLoops(Options.get("FlagUnboundedLoops", false)) {}

void UnboundedConcurrencyCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "LimiterTypes", LimiterTypeNames);
  Options.store(Opts, "MaxFixedFanOut", MaxFixedFanOut);
  Options.store(Opts, "FlagUnboundedLoops", FlagUnboundedLoops);
}

void UnboundedConcurrencyCheck::onStartOfTranslationUnit() {
  CorolintCheck::onStartOfTranslationUnit();
  Reported.clear();
}

void UnboundedConcurrencyCheck::registerMatchers(MatchFinder *Finder) {
  CorolintCheck::registerMatchers(Finder);
  // Spawns anywhere (a plain function may fan out too); gathers are awaited,
  // so they are looked for in the TU's coroutines.
  Finder->addMatcher(callExpr(unless(isExpansionInSystemHeader())).bind("call"),
                     this);
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

analysis::LimiterTypes UnboundedConcurrencyCheck::limiters(ASTContext &Ctx) {
  return analysis::LimiterTypes(
      roles(Ctx), utils::options::parseStringList(LimiterTypeNames));
}

void UnboundedConcurrencyCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call")) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && roles(Ctx).has(Callee, analysis::Role::Spawn))
      checkSpawn(*Call, Ctx);
    return;
  }
  for (const FunctionDecl *Coroutine : analysis(Ctx).coroutines())
    checkGathers(*Coroutine, Ctx);
}

/// True when a suspension point of \p Loop paces it: a permit acquired, or a
/// sleep (rate limiting), each iteration.
static bool isPacedByLimitOrSleep(const Stmt &Loop, ASTContext &Ctx,
                                  const analysis::RoleLookup &Roles,
                                  const analysis::LimiterTypes &Limiters) {
  auto Timers = analysis::armedTimers(Loop);
  for (const analysis::SuspensionPoint &SP :
       analysis::suspensionPointsIn(Loop)) {
    if (Limiters.acquiredBy(SP))
      return true;
    if (const CallExpr *Call = analysis::awaitedCall(SP))
      if (analysis::isSleepCall(*Call, Roles, Ctx, &Timers))
        return true;
  }
  return false;
}

std::optional<UnboundedConcurrencyCheck::FanOut>
UnboundedConcurrencyCheck::fanOutOf(const Stmt &Start, ASTContext &Ctx,
                                    const analysis::LimiterTypes &Limiters) {
  const Stmt *Inner = analysis::enclosingLoop(Start, Ctx);
  if (!Inner)
    return std::nullopt;
  // A loop that suspends each iteration is paced by what it awaits: the
  // next connection or message (a server, a consumer), a permit, a sleep,
  // the previous batch. Only unbounded loops are worth reporting then, and
  // only on request.
  if (!analysis::suspensionPointsIn(*Inner).empty()) {
    if (FlagUnboundedLoops &&
        analysis::tripCount(*Inner, Ctx).K == TripCount::Unbounded &&
        !isPacedByLimitOrSleep(*Inner, Ctx, roles(Ctx), Limiters))
      return FanOut{Inner, TripCount{}};
    return std::nullopt;
  }
  // The loops around the start, inner to outer: any that suspends makes
  // the inner ones a batch.
  std::optional<FanOut> Sized, Unbounded;
  std::uint64_t Product = 1;
  for (const Stmt *Loop = Inner; Loop;
       Loop = analysis::enclosingLoop(*Loop, Ctx)) {
    if (!analysis::suspensionPointsIn(*Loop).empty())
      return std::nullopt;
    TripCount Count = analysis::tripCount(*Loop, Ctx);
    switch (Count.K) {
    case TripCount::Constant:
      Product = Count.Count && Product > UINT64_MAX / Count.Count
                    ? UINT64_MAX
                    : Product * Count.Count;
      break;
    case TripCount::Collection:
      // A range of awaitables holds operations the caller created: a
      // combinator that wraps each (when_any over a range) leaves the
      // limit to whoever made them.
      if (llvm::any_of(analysis::inductionVariables(*Loop),
                       [&](const VarDecl *V) {
                         return analysis::isAwaitableType(V->getType(), Ctx);
                       }))
        return std::nullopt;
      if (!Sized)
        Sized = FanOut{Loop, Count};
      break;
    case TripCount::RuntimeBound: // a pool of N workers
      break;
    case TripCount::Unbounded:
      if (!Unbounded)
        Unbounded = FanOut{Loop, Count};
      break;
    }
  }
  if (Product == 0)
    return std::nullopt;
  if (Sized)
    return Sized;
  if (Unbounded)
    return FlagUnboundedLoops ? Unbounded : std::nullopt;
  if (Product > MaxFixedFanOut) {
    TripCount Count;
    Count.K = TripCount::Constant;
    Count.Count = Product;
    return FanOut{Inner, Count};
  }
  return std::nullopt;
}

/// The coroutine a started task runs, when a call of the argument makes it
/// (`spawn(crawl(link))` runs 'crawl').
static const FunctionDecl *startedCoroutine(const CallExpr &Started) {
  for (const Expr *Arg : Started.arguments())
    for (const CallExpr *Producer : analysis::producingCalls(Arg))
      if (const FunctionDecl *Callee = Producer->getDirectCallee())
        if (const FunctionDecl *Def = Callee->getDefinition())
          if (analysis::isCoroutine(Def))
            return Def;
  return nullptr;
}

void UnboundedConcurrencyCheck::reportLoop(const FanOut &F,
                                           const CallExpr &Started,
                                           ASTContext &Ctx) {
  switch (F.Count.K) {
  case TripCount::Constant:
    diag(F.Loop->getBeginLoc(), "the loop runs %0 times and nothing waits "
                                "in between",
         DiagnosticIDs::Note)
        << static_cast<unsigned>(std::min<std::uint64_t>(F.Count.Count,
                                                         UINT32_MAX));
    break;
  case TripCount::Unbounded:
    diag(F.Loop->getBeginLoc(),
         "the loop starts one task per iteration for as long as it runs",
         DiagnosticIDs::Note);
    break;
  default:
    diag(F.Loop->getBeginLoc(),
         "the loop runs once per element of a range whose size only run time "
         "knows, and nothing waits in between",
         DiagnosticIDs::Note)
        << (F.Count.Range ? F.Count.Range->getSourceRange() : SourceRange());
    break;
  }
  // A crawler: each task runs the coroutine that started it.
  const FunctionDecl *Runs = startedCoroutine(Started);
  const FunctionDecl *Here = analysis::enclosingFunction(Started, Ctx);
  if (Runs && Here &&
      Runs->getCanonicalDecl() == Here->getCanonicalDecl())
    diag(Started.getBeginLoc(),
         "each task runs %0 again, which starts more tasks in turn",
         DiagnosticIDs::Note)
        << quotedName(Runs);
}

void UnboundedConcurrencyCheck::checkSpawn(const CallExpr &Spawn,
                                           ASTContext &Ctx) {
  const FunctionDecl *Caller = analysis::enclosingFunction(Spawn, Ctx);
  if (!Caller || Caller->isDependentContext())
    return; // checked in the instantiation
  analysis::LimiterTypes Limiters = limiters(Ctx);
  std::optional<FanOut> F = fanOutOf(Spawn, Ctx, Limiters);
  if (!F || Reported.contains(F->Loop))
    return;
  // A limiter in the loop or in the task bounds it (one permit taken
  // outside the loop bounds nothing: it is not mentioned in the loop).
  if (Limiters.mentionedIn(*F->Loop) || Limiters.mentionedIn(Spawn))
    return;
  Reported.insert(F->Loop);
  const FunctionDecl *Callee = Spawn.getDirectCallee();
  if (F->Count.K == TripCount::Unbounded)
    diag(Spawn.getBeginLoc(),
         "%0 starts a task in each iteration of an unbounded loop with no "
         "limit on how many run at once; acquire a semaphore permit per task "
         "to bound them")
        << quotedName(Callee) << Spawn.getSourceRange();
  else if (F->Count.K == TripCount::Constant)
    diag(Spawn.getBeginLoc(),
         "%0 starts %1 tasks at once with no limit on how many run at "
         "once; acquire a semaphore permit in each task, or start them in "
         "bounded batches")
        << quotedName(Callee)
        << static_cast<unsigned>(
               std::min<std::uint64_t>(F->Count.Count, UINT32_MAX))
        << Spawn.getSourceRange();
  else
    diag(Spawn.getBeginLoc(),
         "%0 starts a task per element with no limit on how many run at "
         "once; acquire a semaphore permit in each task, or start them in "
         "bounded batches")
        << quotedName(Callee) << Spawn.getSourceRange();
  reportLoop(*F, Spawn, Ctx);
}

/// The element type of a container class (`std::vector<task<int>>`): its
/// first template argument.
static QualType elementType(QualType Container) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Container.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return QualType();
  return Spec->getTemplateArgs()[0].getAsType();
}

namespace {
/// The calls that add an element to one container variable.
class FillFinder : public RecursiveASTVisitor<FillFinder> {
public:
  explicit FillFinder(const VarDecl &Container) : Container(Container) {}
  llvm::SmallVector<const CXXMemberCallExpr *, 2> Fills;
  bool shouldVisitLambdaBody() const { return false; }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    const auto *Object = dyn_cast<DeclRefExpr>(
        Call->getImplicitObjectArgument()->IgnoreParenImpCasts());
    if (!Method || !Method->getIdentifier() || !Object ||
        Object->getDecl()->getCanonicalDecl() != Container.getCanonicalDecl())
      return true;
    if (llvm::is_contained({"push_back", "emplace_back", "push_front",
                            "emplace_front", "emplace", "insert"},
                           Method->getName()))
      Fills.push_back(Call);
    return true;
  }

private:
  const VarDecl &Container;
};
} // namespace

void UnboundedConcurrencyCheck::checkGathers(const FunctionDecl &Coroutine,
                                             ASTContext &Ctx) {
  const Stmt *Body = analysis::userBodyOf(&Coroutine);
  if (!Body)
    return;
  analysis::LimiterTypes Limiters = limiters(Ctx);
  for (const analysis::SuspensionPoint &SP :
       analysis::findSuspensionPoints(*Body)) {
    const CallExpr *Gather = analysis::awaitedCall(SP);
    if (!Gather || !Gather->getDirectCallee())
      continue;
    // The argument that is a container of tasks, and any count beside it
    // (a concurrency limit).
    const VarDecl *Tasks = nullptr;
    bool HasCount = false;
    for (const Expr *Arg : Gather->arguments()) {
      if (isa<CXXDefaultArgExpr>(Arg))
        continue;
      if (Arg->getType()->isIntegralOrEnumerationType())
        HasCount = true;
      const Expr *E = analysis::ignoreWrappers(Arg);
      if (const auto *Move = dyn_cast<CallExpr>(E))
        if (Move->getNumArgs() == 1 && Move->getDirectCallee() &&
            Move->getDirectCallee()->isInStdNamespace())
          E = analysis::ignoreWrappers(Move->getArg(0));
      const auto *Ref = dyn_cast<DeclRefExpr>(E);
      const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
      if (!Var || !Var->hasLocalStorage())
        continue;
      QualType Element = elementType(Var->getType());
      if (!Element.isNull() && analysis::isAwaitableType(Element, Ctx))
        Tasks = Var;
    }
    if (!Tasks || HasCount)
      continue;
    FillFinder Finder(*Tasks);
    Finder.TraverseStmt(const_cast<Stmt *>(Body));
    for (const CXXMemberCallExpr *Fill : Finder.Fills) {
      std::optional<FanOut> F = fanOutOf(*Fill, Ctx, Limiters);
      if (!F || F->Count.K == TripCount::Unbounded ||
          Reported.contains(F->Loop))
        continue;
      if (Limiters.mentionedIn(*F->Loop) || Limiters.mentionedIn(*Fill))
        continue;
      Reported.insert(F->Loop);
      diag(Gather->getBeginLoc(),
           "%0 runs every task of '%1' at once, one per element, with no "
           "limit on how many run at once; pass a limit, acquire a semaphore "
           "permit in each task, or gather in bounded batches")
          << quotedName(Gather->getDirectCallee()) << Tasks->getName()
          << Gather->getSourceRange();
      diag(Fill->getBeginLoc(), "a task is added here", DiagnosticIDs::Note)
          << Fill->getSourceRange();
      reportLoop(*F, *Fill, Ctx);
      break;
    }
  }
}

} // namespace clang::tidy::corolint
