//===----------------------------------------------------------------------===//
//
// corolint: run the corolint checks over files or whole projects.
//
//   corolint [options] <files or dirs> [-- <compiler flags>]
//
// Exit status (docs/tool.md): 0 no findings, 1 findings, 2 usage or
// configuration error, 3 a file could not be analysed.
//
//===----------------------------------------------------------------------===//

#include "ExitStatus.h"
#include "FixApplier.h"
#include "Inputs.h"
#include "RoleReport.h"
#include "Runner.h"
#include "TextOutput.h"

#include "analysis/Roles.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace corolint;

static cl::OptionCategory Category("corolint options");

static cl::list<std::string> Paths(cl::Positional, cl::desc("<files or dirs>"),
                                   cl::cat(Category));
static cl::opt<std::string>
    BuildPath("p", cl::desc("Build directory holding compile_commands.json"),
              cl::value_desc("build-dir"), cl::cat(Category));
static cl::opt<std::string> ChecksOpt(
    "checks",
    cl::desc("Comma-separated globs of checks to run, '-' to remove "
             "(default: corolint-*)"),
    cl::init("corolint-*"), cl::cat(Category));
static cl::opt<bool> ListChecks("list-checks",
                                cl::desc("List the enabled checks and exit"),
                                cl::cat(Category));
static cl::opt<std::string>
    ConfigOpt("config",
              cl::desc("Role configuration file (default: the nearest "
                       ".corolint.yaml above each file)"),
              cl::value_desc("file"), cl::cat(Category));
static cl::list<std::string> CheckOptionOpt(
    "check-option",
    cl::desc("Set a check option, e.g. "
             "corolint-unawaited-task.FlagVoidCast=true (repeatable)"),
    cl::value_desc("key=value"), cl::cat(Category));
static cl::opt<bool> Fix("fix", cl::desc("Apply the fix-its of the findings"),
                         cl::cat(Category));
static cl::opt<bool> PrintRolesOpt(
    "print-roles",
    cl::desc("List every call, construction and type in the files that "
             "resolves to a role, and through which source; analyse nothing"),
    cl::cat(Category));
static cl::opt<bool> WarnUnusedRoles(
    "warn-unused-roles",
    cl::desc("Report names of .corolint.yaml and of the project's own models "
             "that match no declaration in the analysed files (exit status 2)"),
    cl::cat(Category));
static cl::opt<bool> Quiet("quiet",
                           cl::desc("Do not print the summary line"),
                           cl::cat(Category));

static int usageError(const Twine &Message) {
  errs() << "corolint: error: " << Message << "\n";
  return ExitUsageError;
}

/// Builds the clang-tidy glob list from --checks and rejects names that
/// match no corolint check (a typo would otherwise silently run nothing).
static bool buildCheckGlobs(const std::vector<std::string> &Known,
                            std::string &Globs, std::string &Error) {
  Globs = "-*";
  SmallVector<StringRef, 8> Parts;
  StringRef(ChecksOpt).split(Parts, ',', -1, /*KeepEmpty=*/false);
  for (StringRef Part : Parts) {
    Part = Part.trim();
    StringRef Pattern = Part;
    bool Negative = Pattern.consume_front("-");
    if (Pattern == "*") {
      Globs += Negative ? ",-*" : ",corolint-*";
      continue;
    }
    auto Glob = GlobPattern::create(Pattern);
    if (!Glob) {
      Error = "invalid check glob '" + Part.str() + "'";
      consumeError(Glob.takeError());
      return false;
    }
    bool Matches = false;
    for (const std::string &Name : Known)
      Matches |= Glob->match(Name);
    if (!Matches && !Negative) {
      Error = "unknown check '" + Pattern.str() +
              "' (corolint --list-checks shows the checks)";
      return false;
    }
    Globs += "," + Part.str();
  }
  return true;
}

int main(int argc, const char **argv) {
  InitLLVM X(argc, argv);
  // Everything after `--` is compiler flags for every file.
  std::string FixedError;
  std::unique_ptr<clang::tooling::CompilationDatabase> Fixed =
      clang::tooling::FixedCompilationDatabase::loadFromCommandLine(
          argc, argv, FixedError);
  if (!FixedError.empty())
    return usageError(llvm::StringRef(FixedError).ltrim().starts_with("error: ")
                          ? llvm::StringRef(FixedError).ltrim().drop_front(7)
                          : llvm::StringRef(FixedError));
  cl::HideUnrelatedOptions(Category);
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "corolint: finds the classic mistakes of C++20 coroutine code\n\n"
          "  corolint [options] <files or dirs> [-- <compiler flags>]\n\n"
          "Exit status: 0 no findings, 1 findings, 2 usage or configuration "
          "error,\n3 a file could not be analysed.\n",
          &errs()))
    return ExitUsageError;

  std::vector<std::string> Known = enabledChecks("-*,corolint-*");
  std::string Globs, Error;
  if (!buildCheckGlobs(Known, Globs, Error))
    return usageError(Error);
  std::vector<std::string> Enabled = enabledChecks(Globs);
  if (ListChecks) {
    outs() << "Enabled checks:\n";
    for (const std::string &Name : Enabled)
      outs() << "    " << Name << "\n";
    return ExitClean;
  }
  if (Enabled.empty())
    return usageError("--checks='" + ChecksOpt + "' enables no check");

  RunOptions Options;
  Options.Checks = Globs;
  Options.ConfigFile = ConfigOpt;
  Options.ResourceDir = COROLINT_RESOURCE_DIR;
  for (StringRef KV : CheckOptionOpt) {
    auto [Key, Value] = KV.split('=');
    if (Key.empty() || !KV.contains('='))
      return usageError("--check-option expects key=value, got '" + KV + "'");
    Options.CheckOptions[Key.trim().str()] = Value.trim().str();
  }

  std::vector<std::string> PathList(Paths.begin(), Paths.end());
  Inputs In = resolveInputs(PathList, BuildPath, std::move(Fixed), Error);
  if (!In.Database)
    return usageError(Error);

  // A malformed role configuration is a usage error: report it before any
  // analysis, with file:line:col, instead of five checks each failing.
  for (const std::string &File : In.Files) {
    auto Config = clang::tidy::corolint::analysis::configForFile(ConfigOpt, File);
    if (const auto *ConfigError =
            std::get_if<clang::tidy::corolint::analysis::ConfigError>(
                Config.get()))
      return usageError("invalid configuration: " + ConfigError->str());
  }

  RoleReportOptions ReportOptions{ConfigOpt, COROLINT_RESOURCE_DIR};
  if (PrintRolesOpt) {
    bool AllParsed = true;
    for (const std::string &File : In.Files) {
      std::string ReportError;
      if (!printRoles(File, *In.Database, ReportOptions, outs(), ReportError)) {
        errs() << "corolint: error: " << File << ": " << ReportError << "\n";
        AllParsed = false;
      }
    }
    return AllParsed ? ExitClean : ExitAnalysisError;
  }

  TextOutput Text(outs());
  std::vector<Finding> All;
  unsigned Failed = 0;
  for (const std::string &File : In.Files) {
    FileResult R = runOnFile(File, *In.Database, Options);
    for (const Finding &E : R.Errors)
      Text.print(E);
    if (!R.Failure.empty())
      errs() << "corolint: error: " << File << ": " << R.Failure << "\n";
    if (!R.analysed()) {
      errs() << "corolint: error: " << File
             << ": could not be analysed (see the errors above)\n";
      ++Failed;
      continue;
    }
    for (Finding &F : R.Findings) {
      Text.print(F);
      All.push_back(std::move(F));
    }
  }
  outs().flush();

  if (Fix && !All.empty()) {
    FixSummary S = applyFixes(All);
    for (const std::string &P : S.Problems)
      errs() << "corolint: error: " << P << "\n";
    errs() << "corolint: applied " << S.EditsApplied << " fix-it(s) in "
           << S.FilesChanged << " file(s)\n";
  }
  if (!Quiet)
    errs() << "corolint: " << All.size() << " finding(s) in "
           << (In.Files.size() - Failed) << " file(s)"
           << (Failed ? ", " + std::to_string(Failed) + " file(s) not analysed"
                      : std::string())
           << "\n";
  if (Failed)
    return ExitAnalysisError;
  if (WarnUnusedRoles) {
    RoleUsage Usage;
    for (const std::string &File : In.Files) {
      std::string ReportError;
      if (!Usage.addFile(File, *In.Database, ReportOptions, ReportError)) {
        errs() << "corolint: error: " << File << ": " << ReportError << "\n";
        return ExitAnalysisError;
      }
    }
    auto Unused = Usage.unused();
    for (const UnusedRoleName &U : Unused)
      errs() << U.Where << ": warning: '" << U.Name
             << "' matches no declaration in the analysed files "
                "[unused-role]\n";
    if (!Unused.empty())
      return ExitUsageError;
  }
  return All.empty() ? ExitClean : ExitFindings;
}
