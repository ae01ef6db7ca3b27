//===----------------------------------------------------------------------===//
//
// The facts of one translation unit, computed once and shared by every
// corolint check that runs over it.
//
// clang-tidy creates one object per check and per translation unit; each
// check used to build its own role lookup, call-site index and CFGs. One
// TranslationUnitAnalysis per TU holds them instead, each built on the first
// question and kept until the last check of the TU is destroyed:
//   - the role lookup (qualified names and roles computed once per
//     declaration);
//   - the coroutine definitions of the TU, found one way for every check;
//   - the call-site index;
//   - one CFG per coroutine, with its suspension points on it;
//   - any further fact a check asks for by key (call summaries for a set of
//     options, one CFG per coroutine, ...), created on first use.
//
// Checks reach it through CorolintCheck::analysis(). Analyses stay
// independent of it: it only owns and shares them. Not thread-safe within a
// TU (clang-tidy runs the checks of one TU on one thread); different TUs,
// on any threads, get different objects.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_TRANSLATIONUNITANALYSIS_H
#define COROLINT_CHECKS_ANALYSIS_TRANSLATIONUNITANALYSIS_H

#include "CallSites.h"
#include "CoroutineCFG.h"
#include "Roles.h"

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::corolint::analysis {

/// Narrows \p Ctx's traversal scope to the top-level declarations outside
/// system headers (within the scope already in force, which clangd sets to
/// the main file). AST traversals and the parent map then cover the user's
/// code only: building the parent map over every system header costs more
/// than all of corolint's checks together. Nothing outside system headers
/// changes, and diagnostics in system headers are dropped anyway; a
/// declaration nested in a system header's namespace stays reachable
/// through the AST, but is not visited by whole-TU traversals. Returns true
/// when the scope changed.
bool restrictTraversalToUserCode(ASTContext &Ctx);

class TranslationUnitAnalysis {
public:
  TranslationUnitAnalysis(ASTContext &Ctx,
                          std::shared_ptr<const RoleConfig> Config);
  TranslationUnitAnalysis(const TranslationUnitAnalysis &) = delete;
  TranslationUnitAnalysis &operator=(const TranslationUnitAnalysis &) = delete;

  /// The analysis of \p Ctx's TU for the role configuration \p ConfigKey
  /// (the path of the `.corolint.yaml` in force, "" for none): the one that
  /// a check of the same TU already holds, or a new one whose configuration
  /// \p LoadConfig provides. Thread-safe.
  static std::shared_ptr<TranslationUnitAnalysis>
  shared(ASTContext &Ctx, llvm::StringRef ConfigKey,
         llvm::function_ref<std::shared_ptr<const RoleConfig>()> LoadConfig);

  ASTContext &context() const { return Ctx; }
  const RoleLookup &roles() const { return Roles; }

  /// Every coroutine definition of the TU outside system headers that is
  /// not a template pattern: functions, member functions, template
  /// instantiations and coroutine lambdas' call operators, in the order of
  /// the AST.
  llvm::ArrayRef<const FunctionDecl *> coroutines();

  /// The call sites of every function of the TU (one traversal, on first
  /// use).
  const CallSiteIndex &callSites();

  /// The CFG of coroutine \p FD with its suspension points, built on the
  /// first question and shared by every check.
  const CoroutineCFG &coroutineCFG(const FunctionDecl &FD);

  /// A fact of type \p T under \p Key (which should name the fact and every
  /// option it depends on), made by \p Make the first time it is asked for.
  template <class T>
  T &fact(llvm::StringRef Key, llvm::function_ref<std::unique_ptr<T>()> Make) {
    auto [It, Inserted] = FactIndex.try_emplace(Key, unsigned(Facts.size()));
    if (Inserted)
      Facts.push_back(std::shared_ptr<void>(Make()));
    return *static_cast<T *>(Facts[It->second].get());
  }

  ~TranslationUnitAnalysis();

private:
  ASTContext &Ctx;
  RoleLookup Roles;
  std::optional<std::vector<const FunctionDecl *>> Coroutines;
  std::optional<CallSiteIndex> CallSiteIdx;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<CoroutineCFG>> CFGs;
  /// Facts in order of creation, destroyed in reverse (a later fact may
  /// refer to an earlier one); FactIndex maps keys to positions.
  std::vector<std::shared_ptr<void>> Facts;
  llvm::StringMap<unsigned> FactIndex;
};

} // namespace clang::tidy::corolint::analysis

#endif
