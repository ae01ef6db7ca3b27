//===----------------------------------------------------------------------===//
//
// corolint-loop-without-suspension
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_LOOPWITHOUTSUSPENSIONCHECK_H
#define COROLINT_CHECKS_LOOPWITHOUTSUSPENSIONCHECK_H

#include "CorolintCheck.h"
#include "analysis/Loops.h"

#include "llvm/Support/GlobPattern.h"

#include <string>
#include <vector>

namespace clang::tidy::corolint {

/// Finds loops in coroutines that can run long without a suspension point.
///
/// Two shapes: a loop whose every exit depends only on state that nothing
/// in the loop changes and no other thread can (it spins forever: no other
/// coroutine runs while it waits), and a loop over a runtime-sized range
/// that calls a function of `HeavyFunctions`. Loops with a constant trip
/// count, loops of cheap work, loops on an atomic or volatile, and loops in
/// lambdas (they run where they are called, maybe on another thread) are
/// not reported. Syntactic; the facts are analysis/Loops.h.
///
/// For the user-facing documentation see docs/checks/loop-without-suspension.md.
class LoopWithoutSuspensionCheck : public CorolintCheck {
public:
  LoopWithoutSuspensionCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void checkCoroutine(const FunctionDecl &Coroutine, ASTContext &Ctx);
  bool checkSpin(const Stmt &Loop, const FunctionDecl &Coroutine,
                 ASTContext &Ctx);
  bool checkHeavy(const Stmt &Loop, const FunctionDecl &Coroutine,
                  ASTContext &Ctx);

  /// Functions that take long enough per call that a loop of them over a
  /// runtime-sized range should not run on the event loop (`;`-separated
  /// qualified names; `*` and `?` are glob patterns on the qualified name).
  /// Default: the regex algorithms of the standard library.
  const std::string HeavyFunctionNames;
  std::vector<llvm::GlobPattern> HeavyFunctions;
};

} // namespace clang::tidy::corolint

#endif
