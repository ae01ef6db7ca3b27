//===----------------------------------------------------------------------===//
//
// The base every corolint check derives from: C++20 only, and the role
// vocabulary (docs/roles.md) for the translation unit being analysed.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_COROLINTCHECK_H
#define COROLINT_CHECKS_COROLINTCHECK_H

#include "analysis/Roles.h"
#include "analysis/TranslationUnitAnalysis.h"

#include <clang-tidy/ClangTidyCheck.h>
#include <clang/ASTMatchers/ASTMatchFinder.h>

#include <optional>

namespace clang::tidy::corolint {

/// A clang-tidy check that understands runtimes through roles, and shares
/// the facts of a translation unit with the other corolint checks.
///
/// Roles come from annotations, the built-in table and a `.corolint.yaml`
/// file: the one named by the option `CorolintConfig` (check-local or
/// global), else the nearest one above the analysed file. A malformed file
/// is reported once, as an error naming file:line:col, and the check then
/// runs with annotations and built-ins only.
class CorolintCheck : public ClangTidyCheck {
public:
  CorolintCheck(StringRef Name, ClangTidyContext *Context);

  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }
  void onStartOfTranslationUnit() override { Shared.reset(); }

  /// Every corolint check calls this first from its registerMatchers: at
  /// the start of each translation unit it narrows the AST traversal to
  /// code outside system headers (analysis::restrictTraversalToUserCode),
  /// unless clang-tidy was asked to report in system headers.
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;

protected:
  /// The facts of the translation unit of \p Ctx, shared by every corolint
  /// check of the run (analysis/TranslationUnitAnalysis.h).
  analysis::TranslationUnitAnalysis &analysis(ASTContext &Ctx);
  /// The role lookup of the translation unit of \p Ctx.
  const analysis::RoleLookup &roles(ASTContext &Ctx) {
    return analysis(Ctx).roles();
  }

  /// \p D as messages name it: qualified as users write it, without
  /// template arguments, in quotes (`'asio::basic_socket::async_connect'`).
  static std::string quotedName(const NamedDecl *D) {
    return "'" + analysis::roleQualifiedName(D) + "'";
  }
  /// Coroutine \p FD as messages name it: "coroutine 'f'", or "a coroutine
  /// lambda" (whose call operator has no name a user wrote).
  static std::string coroutineName(const FunctionDecl &FD) {
    if (const auto *MD = dyn_cast<CXXMethodDecl>(&FD))
      if (MD->getParent()->isLambda())
        return "a coroutine lambda";
    return "coroutine " + quotedName(&FD);
  }

  /// True when \p FD is a lambda's call operator, which messages call "the
  /// coroutine lambda" (it has no name a user wrote).
  static bool isLambdaOperator(const FunctionDecl &FD) {
    const auto *MD = dyn_cast<CXXMethodDecl>(&FD);
    return MD && MD->getParent()->isLambda();
  }
  /// The note that ends every message about a lost exception: where one
  /// can leave \p Coroutine (analysis::firstLostErrorPoint).
  void noteExceptionLeaves(const Stmt &Throws, const FunctionDecl &Coroutine) {
    diag(Throws.getBeginLoc(),
         "an exception can leave %select{%1|the lambda}0 here",
         DiagnosticIDs::Note)
        << isLambdaOperator(Coroutine) << quotedName(&Coroutine);
  }

  /// "coroutine 'handler'" or "a coroutine lambda", for messages.
  static std::string coroutineLabel(const FunctionDecl &Coroutine);
  /// "'read_config'" (qualified as users write it), "'registry'
  /// constructor" or "a lambda", for messages about callees.
  static std::string functionLabel(const FunctionDecl &FD);

private:
  /// Runs on the TranslationUnitDecl, the first node of the traversal,
  /// before any matcher or check could have built the parent map.
  class TranslationUnitStart : public ast_matchers::MatchFinder::MatchCallback {
  public:
    void run(const ast_matchers::MatchFinder::MatchResult &Result) override;
  };

  /// Path of an explicit `.corolint.yaml`; "" to search above the file.
  const std::string ConfigFile;
  std::shared_ptr<analysis::TranslationUnitAnalysis> Shared;
  /// clang-tidy's SystemHeaders option: diagnostics there are wanted.
  const bool SystemHeaders;
  TranslationUnitStart Start;
};

} // namespace clang::tidy::corolint

#endif
