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

#include <clang-tidy/ClangTidyOptions.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace corolint {

struct RunOptions {
  /// clang-tidy check globs from --checks ("-*,..."), which win over the
  /// `Checks:` of `.clang-tidy` files; "" to use those files (over the
  /// default, every corolint check).
  std::string Checks;
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
  /// Invalid option values the checks rejected (clang-tidy-config).
  std::vector<Finding> ConfigErrors;
  /// Every file the compiler read (absolute path, content hash): what the
  /// result depends on (the cache) and what --fix must find unchanged.
  std::vector<std::pair<std::string, std::string>> Inputs;
  bool analysed() const { return Errors.empty() && Failure.empty(); }
};

/// Checks enabled by default when neither --checks nor `.clang-tidy` says.
inline constexpr const char *DefaultChecks = "-*,corolint-*";

/// The clang-tidy options provider of a run: defaults, `.clang-tidy` files
/// above each file, then the command line (the same order as clang-tidy).
std::unique_ptr<clang::tidy::ClangTidyOptionsProvider>
makeOptionsProvider(const RunOptions &Options);

/// The content hash used for Inputs (hex).
std::string contentHash(llvm::StringRef Text);

/// The registered corolint checks that clang-tidy globs \p Globs enable,
/// sorted ("-*,corolint-*" lists them all).
std::vector<std::string> enabledChecks(const std::string &Globs);

/// Analyses \p File with the compile command \p Database has for it.
FileResult runOnFile(const std::string &File,
                     const clang::tooling::CompilationDatabase &Database,
                     const RunOptions &Options);

} // namespace corolint

#endif
