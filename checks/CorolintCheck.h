//===----------------------------------------------------------------------===//
//
// The base every corolint check derives from: C++20 only, and the role
// vocabulary (docs/roles.md) for the translation unit being analysed.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_COROLINTCHECK_H
#define COROLINT_CHECKS_COROLINTCHECK_H

#include "analysis/Roles.h"

#include <clang-tidy/ClangTidyCheck.h>

#include <optional>

namespace clang::tidy::corolint {

/// A clang-tidy check that understands runtimes through roles.
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
  void onStartOfTranslationUnit() override { Roles.reset(); }

protected:
  /// The role lookup for the translation unit that \p SM belongs to.
  const analysis::RoleLookup &roles(const SourceManager &SM);

private:
  /// Path of an explicit `.corolint.yaml`; "" to search above the file.
  const std::string ConfigFile;
  std::optional<analysis::RoleLookup> Roles;
};

} // namespace clang::tidy::corolint

#endif
