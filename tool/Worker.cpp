//===----------------------------------------------------------------------===//
//
// The worker protocol.
//
//===----------------------------------------------------------------------===//

#include "Worker.h"
#include "AtomicFile.h"
#include "ExitStatus.h"
#include "FindingJson.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

namespace corolint {

using llvm::json::Array;
using llvm::json::Object;

namespace {
/// The one compile command of a request, for every file asked about.
class SingleCommandDatabase : public clang::tooling::CompilationDatabase {
public:
  explicit SingleCommandDatabase(clang::tooling::CompileCommand Command)
      : Command(std::move(Command)) {}
  std::vector<clang::tooling::CompileCommand>
  getCompileCommands(llvm::StringRef) const override {
    return {Command};
  }

private:
  clang::tooling::CompileCommand Command;
};
} // namespace

static llvm::json::Value requestJson(const std::string &File,
                                     const clang::tooling::CompileCommand &C,
                                     const RunOptions &Options) {
  Object CheckOptions;
  for (const auto &[Key, Value] : Options.CheckOptions)
    CheckOptions[Key] = Value;
  Array Arguments;
  for (const std::string &A : C.CommandLine)
    Arguments.push_back(A);
  return Object{{"file", File},
                {"directory", C.Directory},
                {"filename", C.Filename},
                {"arguments", std::move(Arguments)},
                {"checks", Options.Checks},
                {"config", Options.ConfigFile},
                {"resourceDir", Options.ResourceDir},
                {"checkOptions", std::move(CheckOptions)}};
}

int runWorker(llvm::StringRef RequestPath, llvm::StringRef ResultPath) {
  std::string Error;
  auto Request = readJsonFile(RequestPath, Error);
  const Object *O = Request ? Request->getAsObject() : nullptr;
  if (!O || !O->getString("file") || !O->getArray("arguments")) {
    llvm::errs() << "corolint worker: bad request: " << Error << "\n";
    return ExitUsageError;
  }
  clang::tooling::CompileCommand Command;
  Command.Directory = O->getString("directory").value_or("").str();
  Command.Filename = O->getString("filename").value_or("").str();
  for (const llvm::json::Value &A : *O->getArray("arguments"))
    Command.CommandLine.push_back(A.getAsString().value_or("").str());
  RunOptions Options;
  Options.Checks = O->getString("checks").value_or("").str();
  Options.ConfigFile = O->getString("config").value_or("").str();
  Options.ResourceDir = O->getString("resourceDir").value_or("").str();
  if (const Object *CO = O->getObject("checkOptions"))
    for (const auto &[Key, Value] : *CO)
      Options.CheckOptions[Key.str()] = Value.getAsString().value_or("").str();
  std::string File = O->getString("file")->str();
  FileResult Result =
      runOnFile(File, SingleCommandDatabase(std::move(Command)), Options);
  std::string Problem = writeFileAtomically(
      ResultPath.str(), llvm::formatv("{0}", toJson(Result)).str());
  if (!Problem.empty()) {
    llvm::errs() << "corolint worker: " << Problem << "\n";
    return ExitAnalysisError;
  }
  return 0;
}

/// The first line of the worker's stderr \p Path that says something about
/// the file (not LLVM's crash banner, stack dump or program arguments).
static std::string firstLine(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return "";
  llvm::SmallVector<llvm::StringRef, 16> Lines;
  (*Buffer)->getBuffer().split(Lines, '\n', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Line : Lines) {
    Line = Line.trim();
    if (Line.empty() || Line.starts_with("PLEASE submit") ||
        Line.starts_with("Stack dump") || Line.starts_with("#") ||
        Line.starts_with("0.\tProgram arguments") ||
        Line.starts_with("0.	Program arguments"))
      continue;
    return Line.str();
  }
  return "";
}

FileResult analyseInChild(const std::string &Executable,
                          const std::string &File,
                          const clang::tooling::CompileCommand &Command,
                          const RunOptions &Options) {
  FileResult Result;
  Result.File = File;
  llvm::SmallString<128> RequestPath, ResultPath, StderrPath;
  if (llvm::sys::fs::createTemporaryFile("corolint-request", "json",
                                         RequestPath) ||
      llvm::sys::fs::createTemporaryFile("corolint-result", "json",
                                         ResultPath) ||
      llvm::sys::fs::createTemporaryFile("corolint-stderr", "txt",
                                         StderrPath)) {
    Result.Failure = "cannot create temporary files for the worker";
    return Result;
  }
  auto Cleanup = llvm::make_scope_exit([&] {
    llvm::sys::fs::remove(RequestPath);
    llvm::sys::fs::remove(ResultPath);
    llvm::sys::fs::remove(StderrPath);
  });
  llvm::sys::fs::remove(ResultPath); // the worker creates it when done
  std::string Problem = writeFileAtomically(
      std::string(RequestPath),
      llvm::formatv("{0}", requestJson(File, Command, Options)).str());
  if (!Problem.empty()) {
    Result.Failure = Problem;
    return Result;
  }
  llvm::StringRef Args[] = {Executable, WorkerFlag, RequestPath, ResultPath};
  std::optional<llvm::StringRef> Redirects[] = {llvm::StringRef(""),
                                                llvm::StringRef(""),
                                                llvm::StringRef(StderrPath)};
  std::string ErrorMessage;
  int Status = llvm::sys::ExecuteAndWait(Executable, Args, std::nullopt,
                                         Redirects, 0, 0, &ErrorMessage);
  std::string Error;
  auto Parsed = Status == 0 ? readJsonFile(ResultPath, Error) : std::nullopt;
  auto Read = Parsed ? fileResultFromJson(*Parsed) : std::nullopt;
  if (!Read) {
    std::string Detail = firstLine(StderrPath);
    Result.Failure =
        (Status < 0 ? "the analysis crashed (" + ErrorMessage + ")"
                    : "the analysis failed (status " + std::to_string(Status) +
                          ")") +
        (Detail.empty() ? std::string() : ": " + Detail);
    return Result;
  }
  return std::move(*Read);
}

} // namespace corolint
