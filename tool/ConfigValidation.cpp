//===----------------------------------------------------------------------===//
//
// Validation of check option keys.
//
//===----------------------------------------------------------------------===//

#include "ConfigValidation.h"

#include "analysis/Roles.h"

#include <clang-tidy/ClangTidy.h>

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

#include <set>

namespace corolint {

using namespace clang::tidy;
using clang::tidy::corolint::analysis::printable;

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
    // A key can hold any character YAML allows in a scalar, a line break
    // too; the message quotes it on one line.
    return printable(describeSource(Source) + ": unknown check option '" +
                     Key.str() + "' (" + Why + ")");
  }
  return "";
}

/// "LINE:COL" of the first character of \p Text that is neither blank nor
/// in a comment: where the YAML document starts ("1:1" if none does).
static std::string documentStart(llvm::StringRef Text) {
  unsigned Line = 1;
  while (!Text.empty()) {
    llvm::StringRef Rest;
    std::tie(Text, Rest) = Text.split('\n');
    size_t Column = Text.find_first_not_of(" \t\r");
    if (Column != llvm::StringRef::npos && Text[Column] != '#')
      return std::to_string(Line) + ":" + std::to_string(Column + 1);
    Text = Rest;
    ++Line;
  }
  return "1:1";
}

std::string clangTidyFileError(llvm::StringRef Text, llvm::StringRef Path,
                               bool *InheritsParent) {
  std::string First;
  auto Parsed = parseConfigurationWithDiags(
      llvm::MemoryBufferRef(Text, Path), [&](const llvm::SMDiagnostic &D) {
        if (!First.empty() || D.getKind() != llvm::SourceMgr::DK_Error)
          return;
        // Some of the reader's errors carry no location (line 0): the
        // document they are about starts where its text does.
        std::string Position =
            D.getLineNo() > 0 ? std::to_string(D.getLineNo()) + ":" +
                                    std::to_string(D.getColumnNo() + 1)
                              : documentStart(Text);
        First = Path.str() + ":" + Position + ": " + D.getMessage().str();
      });
  if (Parsed) {
    if (InheritsParent)
      *InheritsParent = Parsed->InheritParentConfig.value_or(false);
    return "";
  }
  // The YAML reader can fail without a diagnostic: a stream whose document
  // has no root node (a `%` directive line with no `---` after it). The
  // document is what failed, so its start is the position.
  if (First.empty())
    First = Path.str() + ":" + documentStart(Text) +
            ": not a YAML document clang-tidy can read (" +
            Parsed.getError().message() + ")";
  // One line, whatever the YAML parser quoted.
  return printable(First);
}

/// The first `.clang-tidy` that applies to \p File and does not parse, as
/// clangTidyFileError words it; "" if none. clang-tidy itself prints such a
/// file's error and carries on without it.
static std::string malformedClangTidyFor(llvm::StringRef File,
                                         std::set<std::string> &Seen) {
  llvm::SmallString<256> Dir(File);
  llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_filename(Dir);
  while (!Dir.empty()) {
    llvm::SmallString<256> Candidate(Dir);
    llvm::sys::path::append(Candidate, ".clang-tidy");
    if (!Seen.insert(std::string(Candidate)).second)
      return ""; // this file and those above it were looked at already
    if (auto Buffer = llvm::MemoryBuffer::getFile(Candidate, /*IsText=*/true)) {
      bool InheritsParent = false;
      std::string Error = clangTidyFileError((*Buffer)->getBuffer(),
                                             Candidate, &InheritsParent);
      if (!Error.empty() || !InheritsParent)
        return Error;
    }
    llvm::StringRef Parent = llvm::sys::path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return "";
}

std::string findUnknownOption(const std::vector<std::string> &Files,
                              const RunOptions &Options) {
  std::set<std::string> SeenClangTidy;
  for (const std::string &File : Files)
    if (std::string Error = malformedClangTidyFor(File, SeenClangTidy);
        !Error.empty())
      return Error;
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
