//===----------------------------------------------------------------------===//
//
// Configuration errors found before any analysis: an option key of a
// corolint check that no corolint check has (`FlagVoidCst`), wherever it is
// set (a `.clang-tidy` file or --check-option). Invalid option values are
// reported by the checks themselves (clang-tidy's `clang-tidy-config`
// diagnostic), which the driver also treats as configuration errors.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_CONFIGVALIDATION_H
#define COROLINT_TOOL_CONFIGVALIDATION_H

#include "Runner.h"

#include <clang-tidy/ClangTidy.h>

#include <string>
#include <vector>

namespace corolint {

/// The first `.clang-tidy` of \p Files that does not parse, or else the
/// first unknown corolint option key in the configuration of any of them, as
/// one line naming the file (and line) or the key and where it is set; ""
/// if none.
std::string findUnknownOption(const std::vector<std::string> &Files,
                              const RunOptions &Options);

/// The error of a `.clang-tidy` file's text \p Text (read from \p Path) as
/// one line "PATH:LINE:COL: message"; "" when it parses, and then
/// \p InheritsParent (if given) says whether it sets InheritParentConfig.
std::string clangTidyFileError(llvm::StringRef Text, llvm::StringRef Path,
                               bool *InheritsParent = nullptr);

/// The first option key of \p Opts (read from \p Source, a file name or
/// "command-line ...") that names a corolint check or option \p Known does
/// not have, as findUnknownOption words it; "" if none.
std::string unknownOptionIn(const clang::tidy::ClangTidyOptions &Opts,
                            llvm::StringRef Source,
                            const clang::tidy::NamesAndOptions &Known);

} // namespace corolint

#endif
