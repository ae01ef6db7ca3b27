//===----------------------------------------------------------------------===//
//
// corolint-unawaited-task
//
//===----------------------------------------------------------------------===//

#include "UnawaitedTaskCheck.h"

#include "analysis/CoroutineBodies.h"
#include "analysis/DiscardedValues.h"
#include "analysis/ExceptionEscape.h"
#include "analysis/LocalUses.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

#include <optional>

using namespace clang::ast_matchers;

namespace clang::tidy::corolint {

using analysis::AwaitableKind;

UnawaitedTaskCheck::UnawaitedTaskCheck(StringRef Name,
                                       ClangTidyContext *Context)
    : CorolintCheck(Name, Context),
      FlagVoidCast(Options.get("FlagVoidCast", false)) {}

void UnawaitedTaskCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "FlagVoidCast", FlagVoidCast);
}

void UnawaitedTaskCheck::registerMatchers(MatchFinder *Finder) {
  CorolintCheck::registerMatchers(Finder);
  // Statements whose values are discarded.
  analysis::addDiscardingStatementMatchers(*Finder, this, "holder");

  // A local variable initialised with a value (a task, maybe).
  // (Not the implicit copies of a coroutine's parameters.)
  auto Local = varDecl(hasLocalStorage(), unless(parmVarDecl()),
                       unless(isImplicit()),
                       hasInitializer(anything()),
                       unless(isExpansionInSystemHeader()))
                   .bind("local");
  Finder->addMatcher(Local, this);
}

static StringRef kindWord(AwaitableKind Kind) {
  return Kind == AwaitableKind::Task ? "task" : "awaitable";
}

void UnawaitedTaskCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  if (const auto *Holder = Result.Nodes.getNodeAs<Stmt>("holder")) {
    for (const analysis::DiscardedValue &Discarded :
         analysis::discardedValues(*Holder, Ctx))
      checkDiscarded(Discarded, Ctx);
    return;
  }
  if (const auto *Var = Result.Nodes.getNodeAs<VarDecl>("local"))
    checkLocal(*Var, Ctx);
}

/// The kind of the new task or awaitable \p Call returns when nothing but
/// awaiting it runs it; None when its value is not one, or is eager (the
/// work runs anyway), or when \p Call is a spawn, whose handle another check
/// owns (corolint-fire-and-forget).
static AwaitableKind lostKind(const CallExpr &Call, ASTContext &Ctx,
                              const analysis::RoleLookup &Roles) {
  AwaitableKind Kind = analysis::awaitableKind(Call.getType(), Ctx);
  if (Kind == AwaitableKind::None ||
      analysis::taskStart(Call.getType(), Ctx) == analysis::TaskStart::Eager)
    return AwaitableKind::None;
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (Callee && Roles.has(Callee, analysis::Role::Spawn))
    return AwaitableKind::None;
  return Kind;
}

/// The function a message names: none for a lambda's call operator or a
/// call through a pointer.
static const FunctionDecl *namedCallee(const CallExpr &Call) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee);
      Method && Method->getParent()->isLambda())
    return nullptr;
  return Callee;
}

/// True when `co_await` may be written at \p S: directly in the body of the
/// coroutine (not in a nested lambda that is not one) and outside a
/// `catch` handler.
static bool mayAwaitAt(const Stmt &S, ASTContext &Ctx) {
  if (!analysis::isCoroutine(analysis::enclosingFunction(S, Ctx)))
    return false;
  for (DynTypedNodeList Parents = Ctx.getParents(S); !Parents.empty();
       Parents = Ctx.getParents(Parents[0])) {
    if (Parents[0].get<CXXCatchStmt>())
      return false;
    if (Parents[0].get<FunctionDecl>() || Parents[0].get<LambdaExpr>())
      return true;
  }
  return true;
}

/// The fix that awaits the discarded \p Call, when it is certainly valid.
static std::optional<FixItHint> awaitFix(const analysis::DiscardedValue &D,
                                         const CallExpr &Call,
                                         ASTContext &Ctx,
                                         const analysis::RoleLookup &Roles) {
  if (D.CastToVoid || !mayAwaitAt(*D.Statement, Ctx))
    return std::nullopt;
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  // Await the whole conditional, once, when both branches are new tasks of
  // one type: `co_await (ok ? f() : g())`. Branches of different types, or
  // one that is not a new task, have no such fix.
  if (D.Conditional) {
    const Expr *True = analysis::ignoreWrappers(D.Conditional->getTrueExpr());
    const Expr *False =
        analysis::ignoreWrappers(D.Conditional->getFalseExpr());
    if (True != &Call)
      return std::nullopt;
    auto FalseCalls = analysis::producingCalls(False);
    if (FalseCalls.size() != 1 || FalseCalls[0] != False ||
        lostKind(*FalseCalls[0], Ctx, Roles) == AwaitableKind::None ||
        !Ctx.hasSameUnqualifiedType(True->getType(), False->getType()) ||
        !Ctx.hasSameUnqualifiedType(True->getType(),
                                    D.Conditional->getType()))
      return std::nullopt;
    SourceRange Range = D.Conditional->getSourceRange();
    if (Range.getBegin().isMacroID() || Range.getEnd().isMacroID())
      return std::nullopt;
    SourceLocation After =
        Lexer::getLocForEndOfToken(Range.getEnd(), 0, SM, LO);
    if (After.isInvalid())
      return std::nullopt;
    // Two edits make one fix: a single hint cannot both open and close.
    return FixItHint::CreateReplacement(
        CharSourceRange::getCharRange(Range.getBegin(), After),
        ("co_await (" +
         Lexer::getSourceText(
             CharSourceRange::getCharRange(Range.getBegin(), After), SM, LO) +
         ")")
            .str());
  }
  SourceLocation Begin = Call.getBeginLoc();
  if (Begin.isMacroID() || Call.getEndLoc().isMacroID())
    return std::nullopt;
  // A call written as an operator (`a + b`) binds less tightly than
  // `co_await`: parenthesise it.
  if (isa<CXXOperatorCallExpr>(Call)) {
    SourceLocation After =
        Lexer::getLocForEndOfToken(Call.getEndLoc(), 0, SM, LO);
    if (After.isInvalid())
      return std::nullopt;
    CharSourceRange Range = CharSourceRange::getCharRange(Begin, After);
    return FixItHint::CreateReplacement(
        Range,
        ("co_await (" + Lexer::getSourceText(Range, SM, LO) + ")").str());
  }
  return FixItHint::CreateInsertion(Begin, "co_await ");
}

void UnawaitedTaskCheck::checkDiscarded(const analysis::DiscardedValue &D,
                                        ASTContext &Ctx) {
  if (D.CastToVoid && !FlagVoidCast)
    return;
  auto Calls = analysis::producingCalls(D.Value);
  if (Calls.size() != 1)
    return;
  const CallExpr &Call = *Calls.front();
  const analysis::RoleLookup &Roles = roles(Ctx);
  AwaitableKind Kind = lostKind(Call, Ctx, Roles);
  if (Kind == AwaitableKind::None)
    return;
  // In a lambda handed to something that expects it to throw (a test's
  // assert_throws<E>), the call is meant to fail before a task exists.
  if (const LambdaExpr *Lambda = analysis::enclosingLambda(*D.Statement, Ctx);
      Lambda && analysis::isCalledExpectingException(*Lambda, Ctx))
    return;
  const FunctionDecl *Callee = namedCallee(Call);
  SourceLocation Loc = Call.getBeginLoc();
  auto Diag =
      Callee ? diag(Loc, "%0 returned by %1 is discarded without being "
                         "awaited")
                   << kindWord(Kind) << quotedName(Callee)
             : diag(Loc, "%0 is discarded without being awaited")
                   << kindWord(Kind);
  Diag << Call.getSourceRange();
  if (std::optional<FixItHint> Fix = awaitFix(D, Call, Ctx, Roles))
    Diag << *Fix;
}

/// The move construction that initialises a local from another object
/// (`auto t = std::move(other);`): the local owns that task now.
static const CXXConstructExpr *moveInto(const VarDecl &Var) {
  const Expr *Init = Var.getInit();
  while (Init && !isa<CXXConstructExpr>(Init)) {
    const Expr *Next = analysis::wrappedExpr(Init);
    if (!Next)
      break;
    Init = Next;
  }
  const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Init);
  if (!Construct || Construct->getNumArgs() != 1 ||
      !Construct->getConstructor()->isMoveConstructor() ||
      !Construct->getArg(0)->isXValue())
    return nullptr;
  return Construct;
}

void UnawaitedTaskCheck::checkLocal(const VarDecl &Var, ASTContext &Ctx) {
  if (Var.getType()->isReferenceType() || Var.getType()->isDependentType() ||
      Var.isStaticLocal())
    return;
  auto Calls = analysis::producingCalls(Var.getInit());
  const CXXConstructExpr *Move = Calls.empty() ? moveInto(Var) : nullptr;
  if (Calls.empty() && !Move)
    return;
  AwaitableKind Kind = analysis::awaitableKind(Var.getType(), Ctx);
  if (Kind == AwaitableKind::None ||
      analysis::taskStart(Var.getType(), Ctx) == analysis::TaskStart::Eager)
    return;
  const analysis::RoleLookup &Roles = roles(Ctx);
  llvm::SmallVector<const CallExpr *, 2> Created;
  for (const CallExpr *Call : Calls)
    if (lostKind(*Call, Ctx, Roles) != AwaitableKind::None)
      Created.push_back(Call);
  if (Created.empty() && !Move)
    return;
  const Stmt *Body = analysis::declaringBody(Var, Ctx);
  if (!Body || analysis::isLocalConsumed(Var, *Body, Ctx))
    return;
  diag(Var.getLocation(), "%0 %1 is never awaited, returned or passed on")
      << kindWord(Kind) << &Var;
  for (const CallExpr *Call : Created)
    diag(Call->getBeginLoc(), "%0 created here", DiagnosticIDs::Note)
        << kindWord(Kind) << Call->getSourceRange();
  if (Move)
    diag(Move->getArg(0)->getBeginLoc(), "%0 moved in here",
         DiagnosticIDs::Note)
        << kindWord(Kind) << Move->getArg(0)->getSourceRange();
}

} // namespace clang::tidy::corolint
