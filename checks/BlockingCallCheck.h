//===----------------------------------------------------------------------===//
//
// corolint-blocking-call
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_BLOCKINGCALLCHECK_H
#define COROLINT_CHECKS_BLOCKINGCALLCHECK_H

#include "CorolintCheck.h"
#include "analysis/BlockingCalls.h"
#include "analysis/CallSummaries.h"
#include "analysis/NonBlockingDescriptors.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <memory>
#include <optional>

namespace clang::tidy::corolint {

/// Finds calls that block the thread inside coroutines.
///
/// A call inside a coroutine body to a *blocking* function (the
/// built-in list, role annotations, `.corolint.yaml`, the option
/// `BlockingFunctions`), or to an ordinary function of the translation unit
/// that reaches a call that waits, is flagged with the call chain as notes.
/// Acquiring a thread mutex is a short critical section, not a wait: it is
/// flagged only with `FlagLocks` (in the coroutine) and `FollowCalleeLocks`
/// (in a callee). Callables handed to an *offload* function are not part of
/// the coroutine; descriptor calls with non-blocking evidence
/// (analysis/NonBlockingDescriptors.h) and functions with the
/// `non_blocking` role never block. A *runner* (a nested event loop) is
/// corolint-nested-run's finding, not this check's.
///
/// For the user-facing documentation see docs/checks/blocking-call.md.
class BlockingCallCheck : public CorolintCheck {
public:
  BlockingCallCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void checkSite(const Expr &Site, const FunctionDecl &Coroutine,
                 const Stmt &Body, ASTContext &Ctx);
  void reportDirect(const analysis::BlockingCall &Fact,
                    const FunctionDecl &Coroutine, ASTContext &Ctx);
  void reportTransitive(const Expr &Site, const FunctionDecl &Callee,
                        const analysis::MayBlockSummary &Summary,
                        const FunctionDecl &Coroutine);
  std::optional<FixItHint> replacementFix(const analysis::BlockingCall &Fact,
                                          const FunctionDecl &Coroutine,
                                          ASTContext &Ctx) const;

  /// `;`-separated qualified names of further blocking functions. Default:
  /// empty.
  const std::string BlockingFunctionsOption;
  /// `;`-separated `qualified::name=replacement prefix` pairs: a blocking
  /// call to `name` gets a fix-it replacing the callee with the prefix.
  /// Default: empty.
  const std::string ReplacementsOption;

  /// Whether acquiring a thread mutex in the coroutine itself is flagged.
  /// Default: false.
  const bool FlagLocks;
  /// Whether acquiring a thread mutex in a called function makes the call
  /// blocking. Default: false.
  const bool FollowCalleeLocks;

  llvm::StringSet<> BlockingFunctions;
  llvm::StringMap<std::string> Replacements;

  /// The TU's blocking facts for this check's options, shared through the
  /// per-TU analysis (set in check()).
  analysis::NonBlockingDescriptors *Descriptors = nullptr;
  analysis::BlockingClassifier *Classifier = nullptr;
  analysis::CallSummaries *Summaries = nullptr;
};

} // namespace clang::tidy::corolint

#endif
