//===----------------------------------------------------------------------===//
//
// corolint-unbounded-concurrency
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_UNBOUNDEDCONCURRENCYCHECK_H
#define COROLINT_CHECKS_UNBOUNDEDCONCURRENCYCHECK_H

#include "CorolintCheck.h"
#include "analysis/Loops.h"

#include "llvm/ADT/DenseSet.h"

#include <cstdint>
#include <string>

namespace clang::tidy::corolint {

/// Finds tasks started once per element of a runtime-sized collection with
/// nothing bounding how many run at once.
///
/// A fan-out is a `spawn` call, or a task added to a container that a
/// `co_await`ed call takes whole (a gather), inside loops over a collection
/// whose size only run time knows (or a constant count above
/// `MaxFixedFanOut`) that never suspend. It is bounded when a limiter (role
/// `limiter`, or a class of `LimiterTypes`) is mentioned in the loop or in
/// the task (passed to it, or acquired in the coroutine it runs), when the
/// gather is given a count, or when an enclosing loop suspends (batches).
/// Unbounded loops that spawn (an accept loop: a server) are reported only
/// with `FlagUnboundedLoops`. Syntactic; the facts are analysis/Loops.h.
///
/// For the user-facing documentation see docs/checks/unbounded-concurrency.md.
class UnboundedConcurrencyCheck : public CorolintCheck {
public:
  UnboundedConcurrencyCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onStartOfTranslationUnit() override;

private:
  /// How the loops around a task's start multiply it.
  struct FanOut {
    const Stmt *Loop = nullptr; ///< the loop to name in the note
    analysis::TripCount Count;  ///< that loop's trip count (or the product)
  };
  std::optional<FanOut> fanOutOf(const Stmt &Start, ASTContext &Ctx,
                                 const analysis::LimiterTypes &Limiters);
  void checkSpawn(const CallExpr &Spawn, ASTContext &Ctx);
  void checkGathers(const FunctionDecl &Coroutine, ASTContext &Ctx);
  void reportLoop(const FanOut &F, const CallExpr &Started, ASTContext &Ctx);
  analysis::LimiterTypes limiters(ASTContext &Ctx);

  /// Classes that bound concurrency besides those with role `limiter`
  /// (`;`-separated qualified names or `*` patterns on the class name).
  /// Default: analysis::LimiterTypes::Defaults.
  const std::string LimiterTypeNames;
  /// A loop with a constant trip count up to this many tasks is not
  /// reported (default 32).
  const std::uint64_t MaxFixedFanOut;
  /// Also report spawns in unbounded loops (`for (;;)`, `while`), such as
  /// an accept loop starting one task per connection (default false).
  const bool FlagUnboundedLoops;

  /// Loops already reported (one finding per fan-out loop).
  llvm::DenseSet<const Stmt *> Reported;
};

} // namespace clang::tidy::corolint

#endif
