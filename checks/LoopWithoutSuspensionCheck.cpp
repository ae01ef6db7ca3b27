//===----------------------------------------------------------------------===//
//
// corolint-loop-without-suspension
//
//===----------------------------------------------------------------------===//

#include "LoopWithoutSuspensionCheck.h"

#include "analysis/CoroutineBodies.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

#include <clang-tidy/utils/OptionsUtils.h>

using namespace clang::ast_matchers;

namespace clang::tidy::corolint {

using analysis::TripCount;

static constexpr const char *DefaultHeavyFunctions =
    "std::regex_match;std::regex_search;std::regex_replace";

LoopWithoutSuspensionCheck::LoopWithoutSuspensionCheck(
    StringRef Name, ClangTidyContext *Context)
    : CorolintCheck(Name, Context),
      HeavyFunctionNames(
          Options.get("HeavyFunctions", DefaultHeavyFunctions).str()) {
  for (StringRef Name : utils::options::parseStringList(HeavyFunctionNames)) {
    Name = Name.trim().ltrim(':');
    if (Name.empty())
      continue;
    if (auto Pattern = llvm::GlobPattern::create(Name))
      HeavyFunctions.push_back(std::move(*Pattern));
    else {
      llvm::consumeError(Pattern.takeError());
      configurationDiag("invalid pattern '%0' in option "
                        "'corolint-loop-without-suspension.HeavyFunctions'")
          << Name;
    }
  }
}

void LoopWithoutSuspensionCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "HeavyFunctions", HeavyFunctionNames);
}

void LoopWithoutSuspensionCheck::registerMatchers(MatchFinder *Finder) {
  CorolintCheck::registerMatchers(Finder);
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void LoopWithoutSuspensionCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  for (const FunctionDecl *Coroutine : analysis(Ctx).coroutines())
    checkCoroutine(*Coroutine, Ctx);
}

void LoopWithoutSuspensionCheck::checkCoroutine(const FunctionDecl &Coroutine,
                                                ASTContext &Ctx) {
  const Stmt *Body = analysis::userBodyOf(&Coroutine);
  if (!Body)
    return;
  // Outer loops first: once a loop is reported, the loops inside it are
  // part of the same finding.
  llvm::SmallVector<const Stmt *, 4> ReportedLoops;
  for (const Stmt *Loop : analysis::loopsIn(*Body)) {
    if (llvm::any_of(ReportedLoops, [&](const Stmt *Outer) {
          return Outer->getSourceRange().fullyContains(Loop->getSourceRange());
        }))
      continue;
    if (!analysis::suspensionPointsIn(*Loop).empty())
      continue;
    if (checkSpin(*Loop, Coroutine, Ctx) || checkHeavy(*Loop, Coroutine, Ctx))
      ReportedLoops.push_back(Loop);
  }
}

/// The innermost `if` around \p Exit inside \p Loop: the condition under
/// which the exit is taken (nullptr when the exit is unconditional).
static const IfStmt *guardOf(const Stmt &Exit, const Stmt &Loop,
                             ASTContext &Ctx) {
  DynTypedNodeList Parents = Ctx.getParents(Exit);
  while (!Parents.empty()) {
    const auto *S = Parents[0].get<Stmt>();
    if (!S || S == &Loop)
      return nullptr;
    if (const auto *If = dyn_cast<IfStmt>(S))
      return If;
    Parents = Ctx.getParents(*S);
  }
  return nullptr;
}

/// True when the value of \p Cond can change while \p Loop runs without
/// suspending: it calls a function, or reads something the loop changes,
/// something declared in the loop, or something another thread may change
/// (an atomic, a volatile).
static bool canChange(const Expr &Cond, const Stmt &Loop,
                      const analysis::Modifications &Mods) {
  analysis::References Refs = analysis::referencesIn(Cond);
  if (Refs.Calls)
    return true;
  if (!analysis::modificationsIn(Cond).Variables.empty())
    return true; // `while (n--)`
  for (const VarDecl *V : Refs.Variables) {
    if (Mods.modifies(V) || analysis::isAtomicOrVolatile(V->getType()) ||
        Loop.getSourceRange().fullyContains(V->getSourceRange()))
      return true;
    // A global or static may change in any function the loop calls.
    if (!V->hasLocalStorage() && Mods.OpaqueCall)
      return true;
    if (V->getType()->isReferenceType() || V->getType()->isPointerType())
      if (Mods.OpaqueCall)
        return true;
  }
  for (const FieldDecl *F : Refs.Fields)
    if (Mods.Fields.contains(F) || Mods.ThisState ||
        analysis::isAtomicOrVolatile(F->getType()) || Mods.OpaqueCall)
      return true;
  return false;
}

/// True for `;` and `{}`.
static bool isEmptyBody(const Stmt *Body) {
  if (!Body || isa<NullStmt>(Body))
    return true;
  const auto *Block = dyn_cast<CompoundStmt>(Body);
  return Block && Block->body_empty();
}

bool LoopWithoutSuspensionCheck::checkSpin(const Stmt &Loop,
                                           const FunctionDecl &Coroutine,
                                           ASTContext &Ctx) {
  if (analysis::tripCount(Loop, Ctx).K != TripCount::Unbounded)
    return false;
  analysis::Modifications Mods = analysis::modificationsIn(Loop);
  // Every way out: the condition, and the conditions of the exits.
  llvm::SmallVector<const Expr *, 4> Conditions;
  const Expr *Cond = analysis::loopCondition(Loop);
  bool Constant = false;
  if (Cond && !Cond->isValueDependent() &&
      Cond->EvaluateAsBooleanCondition(Constant, Ctx))
    Cond = nullptr; // `while (true)`: no way out here
  if (Cond)
    Conditions.push_back(Cond);
  for (const Stmt *Exit : analysis::loopExits(Loop)) {
    const IfStmt *Guard = guardOf(*Exit, Loop, Ctx);
    if (!Guard || !Guard->getCond())
      return false; // an exit that is always taken (or under a switch)
    Conditions.push_back(Guard->getCond());
  }
  // With no condition at all, a loop that calls functions may still end by
  // an exception (a parser reaching the end of its input): not reported.
  if (Conditions.empty() && Mods.OpaqueCall)
    return false;
  // `for (;;) {}`: nothing to wait for and nothing to do. It is written to
  // halt on purpose, or to mark code that is never reached (after an await
  // that never resumes), not a wait that forgot to suspend.
  if (Conditions.empty() && isEmptyBody(analysis::loopBody(Loop)))
    return false;
  for (const Expr *C : Conditions)
    if (canChange(*C, Loop, Mods))
      return false;
  // Name the state it spins on.
  std::string What;
  for (const Expr *C : Conditions) {
    analysis::References Refs = analysis::referencesIn(*C);
    if (!Refs.Fields.empty())
      What = (*Refs.Fields.begin())->getName().str();
    else if (!Refs.Variables.empty())
      What = (*Refs.Variables.begin())->getName().str();
    if (!What.empty())
      break;
  }
  if (What.empty())
    diag(Loop.getBeginLoc(),
         "loop in %0 never suspends and has no way out; it holds "
         "the thread forever and no other coroutine runs; await something "
         "in it or end it")
        << coroutineName(Coroutine);
  else
    diag(Loop.getBeginLoc(),
         "loop in %0 waits for '%1' without suspending; nothing "
         "can change it while the loop holds the thread, so it spins "
         "forever; await an event that is set where '%1' changes")
        << coroutineName(Coroutine) << What;
  return true;
}

namespace {
/// The first call in a loop (nested loops included, lambdas not entered)
/// to a function that matches.
class HeavyCallFinder : public RecursiveASTVisitor<HeavyCallFinder> {
public:
  explicit HeavyCallFinder(llvm::ArrayRef<llvm::GlobPattern> Patterns)
      : Patterns(Patterns) {}
  const CallExpr *Found = nullptr;
  bool shouldVisitLambdaBody() const { return false; }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return true;
    std::string Name = analysis::roleQualifiedName(Callee);
    if (llvm::any_of(Patterns, [&](const llvm::GlobPattern &P) {
          return P.match(Name);
        })) {
      Found = Call;
      return false;
    }
    return true;
  }

private:
  llvm::ArrayRef<llvm::GlobPattern> Patterns;
};
} // namespace

bool LoopWithoutSuspensionCheck::checkHeavy(const Stmt &Loop,
                                            const FunctionDecl &Coroutine,
                                            ASTContext &Ctx) {
  if (HeavyFunctions.empty() ||
      !analysis::tripCount(Loop, Ctx).isRuntimeSized())
    return false;
  HeavyCallFinder Finder(HeavyFunctions);
  Finder.TraverseStmt(const_cast<Stmt *>(&Loop));
  if (!Finder.Found)
    return false;
  diag(Loop.getBeginLoc(),
       "loop over a runtime-sized range in %0 calls %1 in each "
       "iteration and never suspends; it holds the event loop for the whole "
       "range; run it through an offload function (to_thread) or yield "
       "every few iterations")
      << coroutineName(Coroutine) << quotedName(Finder.Found->getDirectCallee());
  diag(Finder.Found->getBeginLoc(), "%0 is listed in HeavyFunctions",
       DiagnosticIDs::Note)
      << quotedName(Finder.Found->getDirectCallee())
      << Finder.Found->getSourceRange();
  return true;
}

} // namespace clang::tidy::corolint
