//===----------------------------------------------------------------------===//
//
// Call summaries: per translation unit, "may calling this ordinary function
// block the calling thread?", with the call chain that shows it.
//
// A function may block when its body (as forEachSameThreadCall sees it)
// makes a call that *waits* (BlockingClassifier: sleeping, joining, a
// future, a condition variable, I/O, a nested event loop, ...), or calls a
// *followable* function that may block, to any depth; cycles of mutual
// recursion are handled. Acquiring a thread mutex (BlockingKind::Locks) is a
// short critical section inside a callee, not a wait: it makes a function
// block only with CallSummaryOptions::FollowLocks. A function is followed
// when it is defined in the translation unit outside system headers, is not
// a coroutine (calling a coroutine creates a task; its body runs when the
// task is awaited or spawned, and is checked as a coroutine of its own),
// carries no role (its role already says what it does; `non_blocking` cuts
// every chain through it), and is not implicit. Calls through function pointers and
// unqualified virtual calls are not followed: the callee is not known.
//
// Certainty: "may". The summary is flow-insensitive: a blocking call on any
// path of any reachable body counts, even one behind a condition that is
// never true.
//
// Summaries are computed lazily, on the first question about a function, and
// memoised; one CallSummaries object serves one translation unit.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_CALLSUMMARIES_H
#define COROLINT_CHECKS_ANALYSIS_CALLSUMMARIES_H

#include "BlockingCalls.h"
#include "NonBlockingDescriptors.h"

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/DenseMap.h"

#include <memory>
#include <optional>
#include <vector>

namespace clang::tidy::corolint::analysis {

/// True when \p Site calls a virtual function through dynamic dispatch (an
/// unqualified call of a virtual member that is not final): which function
/// runs is not known, so the call is not followed.
bool isDynamicDispatch(const Expr &Site);

/// One step of a witness chain: \p Site calls \p Callee.
struct CallHop {
  const Expr *Site = nullptr; ///< CallExpr or CXXConstructExpr
  const FunctionDecl *Callee = nullptr;
};

/// "Calling the summarised function may block the calling thread."
struct MayBlockSummary {
  /// The calls from the summarised function's body down to the function
  /// that makes the blocking call: Hops[0].Site is in the summarised
  /// function's body, Hops[I].Site in the body of Hops[I-1].Callee. Empty
  /// when the summarised function makes the blocking call itself.
  std::vector<CallHop> Hops;
  /// The blocking call, in the body of the last function of the chain.
  BlockingCall Leaf;
};

/// Counters, for benchmarks and tests.
struct CallSummaryStats {
  unsigned BodiesScanned = 0; ///< function bodies walked (once each)
  unsigned Queries = 0;       ///< mayBlock() calls
  unsigned Searches = 0;      ///< queries that were not already memoised
};

/// What counts as blocking in a callee.
struct CallSummaryOptions {
  /// Whether acquiring a thread mutex (BlockingKind::Locks) in a callee
  /// makes it block. Default: false (a lock is not a wait).
  bool FollowLocks = false;
  /// Which nested event loops (BlockingKind::RunsLoop) a summary looks
  /// for: with the other blocking calls (Include), not at all (Exclude: the
  /// nested-run check reports them), or only them (Only: every other
  /// blocking call is passed over). Default: Include.
  enum class LoopRunners { Include, Exclude, Only };
  LoopRunners Runners = LoopRunners::Include;

  /// True when a call of kind \p K makes the calling function block.
  bool counts(BlockingKind K) const {
    if (K == BlockingKind::RunsLoop)
      return Runners != LoopRunners::Exclude;
    if (Runners == LoopRunners::Only)
      return false;
    return K != BlockingKind::Locks || FollowLocks;
  }
};

/// The may-block summaries of one translation unit.
class CallSummaries {
public:
  CallSummaries(ASTContext &Ctx, const BlockingClassifier &Classifier,
                CallSummaryOptions Options = {})
      : Ctx(Ctx), Classifier(Classifier), Options(Options) {}

  /// The definition of \p FD that calls to it would run, when calls to it are
  /// followed (see the file comment); nullptr otherwise.
  const FunctionDecl *followableDefinition(const FunctionDecl *FD) const;

  /// The summary of \p FD; nullptr when nothing reachable from its body
  /// through followable functions blocks, or when \p FD is not followable.
  /// The pointer stays valid for the lifetime of this object.
  const MayBlockSummary *mayBlock(const FunctionDecl *FD);

  const CallSummaryStats &stats() const { return Stats; }

private:
  /// What one body does directly: its first blocking call, or else the
  /// followable functions it calls.
  struct DirectFacts {
    std::optional<BlockingCall> Blocking;
    std::vector<CallHop> Calls;
  };
  const DirectFacts &directFacts(const FunctionDecl *Def);

  ASTContext &Ctx;
  const BlockingClassifier &Classifier;
  CallSummaryOptions Options;
  /// Keyed by canonical declaration.
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<DirectFacts>> Direct;
  /// Keyed by canonical declaration; a null value means "does not block".
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<MayBlockSummary>>
      Results;
  CallSummaryStats Stats;
};

/// The function whose summary a call \p Site in the body \p Body of
/// \p Coroutine stands for, or nullptr when the call is not followed: a
/// dynamic dispatch (the callee is not known), a lambda written in the body
/// (its calls were visited as the coroutine's own), or a callable the
/// coroutine was handed as a parameter of template type (generic code such
/// as an executor's bridge runs whatever it is given; the code that chose
/// the callable is judged where it is written; invokesCallableParameter).
const FunctionDecl *summarisedCallee(const Expr &Site,
                                     const FunctionDecl &Coroutine,
                                     const Stmt &Body, ASTContext &Ctx);

/// Everything one set of call-summary questions needs for a TU, kept by the
/// per-TU analysis (TranslationUnitAnalysis::fact) and shared by the checks
/// that ask with the same options: the configured extra names (owned here,
/// since the facts outlive the check that made them), the TU's non-blocking
/// descriptors, the classifier and the memoised summaries.
struct CallSummaryFacts {
  CallSummaryFacts(ASTContext &Ctx, const RoleLookup &Roles,
                   llvm::StringSet<> ExtraNames, CallSummaryOptions Options)
      : Names(std::move(ExtraNames)), Descriptors(Ctx),
        Classifier(Roles, Names, &Descriptors),
        Summaries(Ctx, Classifier, Options) {}

  llvm::StringSet<> Names;
  NonBlockingDescriptors Descriptors;
  BlockingClassifier Classifier;
  CallSummaries Summaries;
};

} // namespace clang::tidy::corolint::analysis

#endif
