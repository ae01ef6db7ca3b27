//===----------------------------------------------------------------------===//
//
// Validation of check option keys.
//
//===----------------------------------------------------------------------===//

#include "ConfigValidation.h"

#include <clang-tidy/ClangTidy.h>

#include "llvm/Support/Path.h"

#include <set>

namespace corolint {

using namespace clang::tidy;

/// "the command line" or the file an option source names.
static std::string describeSource(llvm::StringRef Source) {
  if (Source.starts_with("command-line"))
    return "--check-option";
  return Source.str();
}

std::string unknownOptionIn(const ClangTidyOptions &Opts,
                            llvm::StringRef Source,
                            const NamesAndOptions &Known) {
  for (const auto &Entry : Opts.CheckOptions) {
    llvm::StringRef Key = Entry.getKey();
    auto [Check, Option] = Key.split('.');
    if (!Check.starts_with("corolint-") || Option.empty())
      continue;
    if (Known.Options.count(Key))
      continue;
    std::string Why = Known.Names.count(Check)
                          ? "'" + Check.str() + "' has no option '" +
                                Option.str() + "'"
                          : "there is no check '" + Check.str() + "'";
    return describeSource(Source) + ": unknown check option '" + Key.str() +
           "' (" + Why + ")";
  }
  return "";
}

std::string findUnknownOption(const std::vector<std::string> &Files,
                              const RunOptions &Options) {
  NamesAndOptions Known =
      getAllChecksAndOptions(/*AllowEnablingAnalyzerAlphaCheckers=*/false);
  auto Provider = makeOptionsProvider(Options);
  std::set<std::string> SeenDirectories;
  for (const std::string &File : Files) {
    // Options come from directories: one look per directory is enough.
    if (!SeenDirectories.insert(llvm::sys::path::parent_path(File).str())
             .second)
      continue;
    for (const auto &[Opts, Source] : Provider->getRawOptions(File))
      if (std::string Problem = unknownOptionIn(Opts, Source, Known);
          !Problem.empty())
        return Problem;
  }
  return "";
}

} // namespace corolint
