//===----------------------------------------------------------------------===//
//
// Runs the corolint checks over files: the same check classes the plugin
// registers, driven through clang::tidy::runClangTidy.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_RUNNER_H
#define COROLINT_TOOL_RUNNER_H

#include "Finding.h"

#include "clang/Tooling/CompilationDatabase.h"

#include <map>
#include <string>
#include <vector>

namespace corolint {

struct RunOptions {
  /// clang-tidy check globs, already restricted to corolint-*.
  std::string Checks = "-*,corolint-*";
  /// `.corolint.yaml` to use instead of searching above each file.
  std::string ConfigFile;
  /// Extra CheckOptions (key -> value), over what `.clang-tidy` files say.
  std::map<std::string, std::string> CheckOptions;
  /// Clang resource directory passed to every compilation.
  std::string ResourceDir;
};

/// The outcome for one input file.
struct FileResult {
  std::string File;
  std::vector<Finding> Findings; ///< corolint findings, in source order
  std::vector<Finding> Errors;   ///< compiler errors: the file was not analysed
  std::string Failure;           ///< why it could not be analysed, if not by errors
  bool analysed() const { return Errors.empty() && Failure.empty(); }
};

/// The registered corolint checks that clang-tidy globs \p Globs enable,
/// sorted ("-*,corolint-*" lists them all).
std::vector<std::string> enabledChecks(const std::string &Globs);

/// Analyses \p File with the compile command \p Database has for it.
FileResult runOnFile(const std::string &File,
                     const clang::tooling::CompilationDatabase &Database,
                     const RunOptions &Options);

} // namespace corolint

#endif
