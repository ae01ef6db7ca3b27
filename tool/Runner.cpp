//===----------------------------------------------------------------------===//
//
// Runs the corolint checks over files through clang::tidy::runClangTidy.
//
//===----------------------------------------------------------------------===//

#include "Runner.h"

#include <clang-tidy/ClangTidy.h>
#include <clang-tidy/ClangTidyDiagnosticConsumer.h>
#include <clang-tidy/ClangTidyModuleRegistry.h>
#include <clang-tidy/ClangTidyOptions.h>

#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <mutex>

#include <algorithm>

namespace corolint {

using namespace clang;
using namespace clang::tidy;

std::vector<std::string> enabledChecks(const std::string &Globs) {
  ClangTidyOptions Options = ClangTidyOptions::getDefaults();
  Options.Checks = Globs;
  std::vector<std::string> Names =
      getCheckNames(Options, /*AllowEnablingAnalyzerAlphaCheckers=*/false);
  std::sort(Names.begin(), Names.end());
  return Names;
}

namespace {
/// Turns byte offsets into line:column, reading each file once.
class PositionMapper {
public:
  SourcePosition at(llvm::StringRef File, unsigned Offset) {
    SourcePosition P;
    P.File = File.str();
    auto &Starts = lineStarts(File);
    auto It = std::upper_bound(Starts.begin(), Starts.end(), Offset);
    unsigned LineIndex = unsigned(It - Starts.begin()) - 1;
    P.Line = LineIndex + 1;
    P.Column = Offset - Starts[LineIndex] + 1;
    return P;
  }

private:
  std::vector<unsigned> &lineStarts(llvm::StringRef File) {
    auto &Starts = Cache[File.str()];
    if (!Starts.empty())
      return Starts;
    Starts.push_back(0);
    if (auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/true)) {
      llvm::StringRef Text = (*Buffer)->getBuffer();
      for (size_t I = 0; I < Text.size(); ++I)
        if (Text[I] == '\n')
          Starts.push_back(unsigned(I + 1));
    }
    return Starts;
  }
  std::map<std::string, std::vector<unsigned>> Cache;
};
} // namespace

static Finding toFinding(const ClangTidyError &Error, PositionMapper &Mapper) {
  Finding F;
  F.Check = Error.DiagnosticName;
  F.Level = Error.DiagLevel == ClangTidyError::Error ? Severity::Error
                                                     : Severity::Warning;
  F.Message = Error.Message.Message;
  if (!Error.Message.FilePath.empty())
    F.Where = Mapper.at(Error.Message.FilePath, Error.Message.FileOffset);
  for (const auto &Note : Error.Notes) {
    FindingNote N;
    N.Message = Note.Message;
    if (!Note.FilePath.empty())
      N.Where = Mapper.at(Note.FilePath, Note.FileOffset);
    F.Notes.push_back(std::move(N));
  }
  for (const auto &FileFix : Error.Message.Fix)
    for (const tooling::Replacement &R : FileFix.second)
      F.Fixes.push_back({R.getFilePath().str(), R.getOffset(), R.getLength(),
                         R.getReplacementText().str()});
  return F;
}

std::string contentHash(llvm::StringRef Text) {
  return llvm::utohexstr(llvm::xxh3_64bits(Text), /*LowerCase=*/true);
}

std::unique_ptr<ClangTidyOptionsProvider>
makeOptionsProvider(const RunOptions &Options) {
  ClangTidyOptions Defaults = ClangTidyOptions::getDefaults();
  Defaults.Checks = DefaultChecks;
  ClangTidyOptions Overrides;
  // --checks wins over `.clang-tidy`; the analyzer is never ours to run.
  Overrides.Checks = Options.Checks + ",-clang-analyzer-*";
  Overrides.HeaderFilterRegex = "";
  Overrides.SystemHeaders = false;
  if (!Options.ConfigFile.empty())
    Overrides.CheckOptions["CorolintConfig"] =
        ClangTidyOptions::ClangTidyValue(Options.ConfigFile);
  for (const auto &[Key, Value] : Options.CheckOptions)
    Overrides.CheckOptions[Key] = ClangTidyOptions::ClangTidyValue(Value);
  return std::make_unique<FileOptionsProvider>(
      ClangTidyGlobalOptions(), Defaults, Overrides,
      llvm::vfs::getRealFileSystem());
}

namespace {
/// Records every file the compiler opens: what a result depends on.
class RecordingFileSystem : public llvm::vfs::ProxyFileSystem {
public:
  using ProxyFileSystem::ProxyFileSystem;
  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>>
  openFileForRead(const llvm::Twine &Path) override {
    auto File = ProxyFileSystem::openFileForRead(Path);
    if (File) {
      llvm::SmallString<256> Absolute;
      Path.toVector(Absolute);
      if (Absolute.empty())
        return File;
      makeAbsolute(Absolute);
      llvm::sys::path::remove_dots(Absolute, /*remove_dot_dot=*/true);
      // Hashed now, as the compiler reads it: --fix compares against this.
      std::string Hash;
      if (auto Buffer = llvm::MemoryBuffer::getFile(Absolute, false))
        Hash = contentHash((*Buffer)->getBuffer());
      std::lock_guard<std::mutex> Lock(Mutex);
      Opened.try_emplace(std::string(Absolute), Hash);
    }
    return File;
  }
  /// (path, content hash), sorted by path.
  std::vector<std::pair<std::string, std::string>> opened() const {
    std::lock_guard<std::mutex> Lock(Mutex);
    return {Opened.begin(), Opened.end()};
  }

private:
  mutable std::mutex Mutex;
  std::map<std::string, std::string> Opened;
};
} // namespace

FileResult runOnFile(const std::string &File,
                     const tooling::CompilationDatabase &Database,
                     const RunOptions &Options) {
  FileResult Result;
  Result.File = File;
  if (Database.getCompileCommands(File).empty()) {
    Result.Failure = "no compile command for this file in the compilation "
                     "database (pass -p <build-dir> or flags after --)";
    return Result;
  }

  ClangTidyContext Context(makeOptionsProvider(Options));

  // Wrap the caller's database without taking ownership.
  class Borrowed : public tooling::CompilationDatabase {
  public:
    explicit Borrowed(const tooling::CompilationDatabase &DB) : DB(DB) {}
    std::vector<tooling::CompileCommand>
    getCompileCommands(llvm::StringRef F) const override {
      return DB.getCompileCommands(F);
    }
    std::vector<std::string> getAllFiles() const override {
      return DB.getAllFiles();
    }

  private:
    const tooling::CompilationDatabase &DB;
  };
  tooling::ArgumentsAdjustingCompilations WithResourceDir(
      std::make_unique<Borrowed>(Database));
  // Our renderer draws the snippets; without carets clang also stops
  // printing its "N warnings generated." summary.
  WithResourceDir.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
      "-fno-caret-diagnostics", tooling::ArgumentInsertPosition::END));
  if (!Options.ResourceDir.empty())
    WithResourceDir.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
        ("-resource-dir=" + Options.ResourceDir).c_str(),
        tooling::ArgumentInsertPosition::BEGIN));

  auto Recorder = llvm::makeIntrusiveRefCnt<RecordingFileSystem>(
      llvm::vfs::getRealFileSystem());
  auto Overlay =
      llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(Recorder);
  std::vector<ClangTidyError> Errors =
      runClangTidy(Context, WithResourceDir, {File}, Overlay,
                   /*ApplyAnyFix=*/true);

  PositionMapper Mapper;
  for (const ClangTidyError &E : Errors) {
    Finding F = toFinding(E, Mapper);
    if (F.isCompilerError())
      Result.Errors.push_back(std::move(F));
    else if (F.isConfigurationError())
      Result.ConfigErrors.push_back(std::move(F));
    else if (F.Check.rfind("corolint-", 0) == 0)
      Result.Findings.push_back(std::move(F));
  }
  Result.Inputs = Recorder->opened();
  auto ByPosition = [](const Finding &A, const Finding &B) {
    return std::tie(A.Where.File, A.Where.Line, A.Where.Column, A.Check) <
           std::tie(B.Where.File, B.Where.Line, B.Where.Column, B.Check);
  };
  llvm::sort(Result.Findings, ByPosition);
  return Result;
}

} // namespace corolint
