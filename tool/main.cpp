//===----------------------------------------------------------------------===//
//
// corolint: run the corolint checks over files or whole projects.
//
//   corolint [options] <files or dirs> [-- <compiler flags>]
//   corolint merge OUT IN...
//
// This file holds the command line only: each option below, then the
// translation into DriverOptions. The work is in Driver.cpp and the files
// it includes, one concern each. Exit status (docs/tool.md, ExitStatus.h):
// 0 no findings, 1 findings, 2 usage or configuration error, 3 a file could
// not be analysed.
//
//===----------------------------------------------------------------------===//

#include "CheckCatalog.h"
#include "Driver.h"
#include "ExitStatus.h"
#include "Merge.h"
#include "Report.h"
#include "Worker.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace corolint;

static cl::OptionCategory Category("corolint options");

// Inputs and configuration.
static cl::list<std::string> Paths(cl::Positional, cl::desc("<files or dirs>"),
                                   cl::cat(Category));
static cl::opt<std::string> BuildPath(
    "p",
    cl::desc("Build directory holding compile_commands.json or "
             "compile_flags.txt"),
    cl::value_desc("build-dir"), cl::cat(Category));
static cl::opt<std::string> ChecksOpt(
    "checks",
    cl::desc("Comma-separated globs of checks to run, '-' to remove; wins "
             "over the Checks of .clang-tidy (default: corolint-*)"),
    cl::init("corolint-*"), cl::cat(Category));
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
static cl::opt<std::string> DocsUrlOpt(
    "docs-url",
    cl::desc("SARIF: rules link their page as <url>/<check>.md (the "
             "docs/checks/ directory of your copy of corolint's repository)"),
    cl::value_desc("url"), cl::cat(Category));

static cl::opt<std::string> SourceRootOpt(
    "source-root",
    cl::desc("Paths in JSON, SARIF, GitHub output and baselines are "
             "relative to this directory (default: the current directory)"),
    cl::value_desc("dir"), cl::cat(Category));

// What to print.
static cl::opt<bool> ListChecks("list-checks",
                                cl::desc("List the enabled checks and exit"),
                                cl::cat(Category));
static cl::opt<std::string>
    ExplainOpt("explain", cl::desc("Print the documentation of a check"),
               cl::value_desc("check"), cl::cat(Category));
static cl::opt<OutputFormat> FormatOpt(
    "format", cl::desc("Output format"),
    cl::values(clEnumValN(OutputFormat::Text, "text", "clang-style text"),
               clEnumValN(OutputFormat::Json, "json",
                          "JSON report (docs/output.md)"),
               clEnumValN(OutputFormat::Sarif, "sarif", "SARIF 2.1.0"),
               clEnumValN(OutputFormat::Github, "github",
                          "GitHub Actions annotations")),
    cl::init(OutputFormat::Text), cl::cat(Category));
static cl::opt<std::string>
    OutputOpt("output", cl::desc("Write the findings to this file (atomically)"),
              cl::value_desc("file"), cl::cat(Category));
static cl::opt<bool> Quiet("quiet", cl::desc("Do not print the summary line"),
                           cl::cat(Category));
static cl::opt<bool> Verbose("verbose", cl::desc("One line per file on stderr"),
                             cl::cat(Category));

// How to run.
static cl::opt<unsigned>
    JobsOpt("j", cl::desc("Files analysed in parallel (default: the cores)"),
            cl::value_desc("N"), cl::init(0), cl::cat(Category));
static cl::opt<std::string> ShardOpt(
    "shard", cl::desc("Analyse only the K-th of N parts of the files"),
    cl::value_desc("K/N"), cl::cat(Category));
static cl::opt<std::string> CacheDirOpt(
    "cache-dir",
    cl::desc("Result cache directory (default: .corolint-cache beside the "
             "compilation database)"),
    cl::value_desc("dir"), cl::cat(Category));
static cl::opt<bool> NoCache("no-cache", cl::desc("Do not use the result cache"),
                             cl::cat(Category));

// The CI gate and fixes.
static cl::opt<std::string> BaselineOpt(
    "baseline", cl::desc("Report (and fail on) only findings not in FILE"),
    cl::value_desc("file"), cl::cat(Category));
static cl::opt<std::string> WriteBaselineOpt(
    "write-baseline", cl::desc("Write every finding to the baseline FILE"),
    cl::value_desc("file"), cl::cat(Category));
static cl::opt<bool> BaselinePrune(
    "baseline-prune",
    cl::desc("Report baseline entries no finding matches and remove them"),
    cl::cat(Category));
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
static cl::opt<bool> DryRun("dry-run",
                            cl::desc("With --fix: print a diff, write nothing"),
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

/// `--color=auto|always|never`. LLVM registers its own boolean `--color`
/// option in every tool, so ours is taken out of argv before parsing.
static bool extractColourOption(std::vector<const char *> &Args,
                                ColourMode &Mode, std::string &Error) {
  std::vector<const char *> Kept;
  for (size_t I = 0; I < Args.size(); ++I) {
    StringRef A = Args[I];
    if (A == "--") {
      Kept.insert(Kept.end(), Args.begin() + I, Args.end());
      break;
    }
    StringRef Value;
    if (A.consume_front("--color=") || A.consume_front("-color="))
      Value = A;
    else if ((A == "--color" || A == "-color") && I + 1 < Args.size())
      Value = Args[++I];
    else {
      Kept.push_back(Args[I]);
      continue;
    }
    if (Value == "auto")
      Mode = ColourMode::Auto;
    else if (Value == "always")
      Mode = ColourMode::Always;
    else if (Value == "never")
      Mode = ColourMode::Never;
    else {
      Error = "--color expects auto, always or never, got '" + Value.str() +
              "'";
      return false;
    }
  }
  Args = std::move(Kept);
  return true;
}

static void printVersion(raw_ostream &OS) {
  OS << "corolint " << corolintVersion() << "\n";
}

int main(int argc, const char **argv) {
  InitLLVM X(argc, argv);
  if (argc == 4 && StringRef(argv[1]) == WorkerFlag)
    return runWorker(argv[2], argv[3]);
  if (argc >= 2 && StringRef(argv[1]) == "merge")
    return runMerge(std::vector<std::string>(argv + 2, argv + argc));

  // Everything after `--` is compiler flags for every file.
  std::string FixedError;
  std::unique_ptr<clang::tooling::CompilationDatabase> Fixed =
      clang::tooling::FixedCompilationDatabase::loadFromCommandLine(
          argc, argv, FixedError);
  if (!FixedError.empty())
    return usageError(StringRef(FixedError).ltrim().starts_with("error: ")
                          ? StringRef(FixedError).ltrim().drop_front(7)
                          : StringRef(FixedError));
  std::vector<const char *> Args(argv, argv + argc);
  ColourMode Colour = ColourMode::Auto;
  std::string Error;
  if (!extractColourOption(Args, Colour, Error))
    return usageError(Error);
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter(printVersion);
  if (!cl::ParseCommandLineOptions(
          int(Args.size()), Args.data(),
          "corolint: finds the classic mistakes of C++20 coroutine code\n\n"
          "  corolint [options] <files or dirs> [-- <compiler flags>]\n"
          "  corolint merge OUT IN...   (JSON reports, SARIF or baselines)\n\n"
          "  --color=auto|always|never  colour in text output (default: "
          "auto, on a terminal)\n\n"
          "Exit status: 0 no findings, 1 findings, 2 usage or configuration "
          "error,\n3 a file could not be analysed.\n",
          &errs()))
    return ExitUsageError;

  if (!ExplainOpt.empty()) {
    const CheckInfo *Info = findCheck(ExplainOpt);
    if (!Info || Info->Page.empty())
      return usageError("unknown check '" + ExplainOpt +
                        "' (corolint --list-checks shows the checks)");
    outs() << Info->Page;
    return ExitClean;
  }

  std::vector<std::string> Known = enabledChecks(DefaultChecks);
  std::string Globs;
  if (!buildCheckGlobs(Known, Globs, Error))
    return usageError(Error);
  std::vector<std::string> Enabled = enabledChecks(Globs);
  if (ListChecks) {
    outs() << "Enabled checks:\n";
    for (const std::string &Name : Enabled) {
      const CheckInfo *Info = findCheck(Name);
      outs() << "    " << Name;
      if (Info)
        outs().indent(Name.size() < 32 ? 32 - Name.size() : 1)
            << Info->Summary;
      outs() << "\n";
    }
    return ExitClean;
  }
  if (Enabled.empty())
    return usageError("--checks='" + ChecksOpt + "' enables no check");

  DriverOptions Options;
  Options.Paths.assign(Paths.begin(), Paths.end());
  Options.BuildPath = BuildPath;
  Options.FlagsDatabase = std::move(Fixed);
  // Without --checks, the Checks of .clang-tidy files apply, as in the plugin.
  Options.Run.Checks = ChecksOpt.getNumOccurrences() ? Globs : "";
  Options.Run.ConfigFile = ConfigOpt;
  Options.Run.ResourceDir = COROLINT_RESOURCE_DIR;
  for (StringRef KV : CheckOptionOpt) {
    auto [Key, Value] = KV.split('=');
    if (Key.empty() || !KV.contains('='))
      return usageError("--check-option expects key=value, got '" + KV + "'");
    Options.Run.CheckOptions[Key.trim().str()] = Value.trim().str();
  }
  Options.Format = FormatOpt;
  Options.OutputFile = OutputOpt;
  Options.Colour = Colour;
  Options.Jobs = JobsOpt;
  Options.SourceRoot = SourceRootOpt;
  Options.DocsUrl = DocsUrlOpt;
  if (!ShardOpt.empty()) {
    Options.ShardSelection = Shard::parse(ShardOpt, Error);
    if (!Options.ShardSelection)
      return usageError(Error);
  }
  Options.BaselineFile = BaselineOpt;
  Options.WriteBaselineFile = WriteBaselineOpt;
  Options.BaselinePrune = BaselinePrune;
  Options.Fix = Fix;
  Options.DryRun = DryRun;
  Options.CacheDir = CacheDirOpt;
  Options.NoCache = NoCache;
  Options.Quiet = Quiet;
  Options.Verbose = Verbose;
  Options.PrintRoles = PrintRolesOpt;
  Options.WarnUnusedRoles = WarnUnusedRoles;
  static int Anchor;
  Options.Executable = sys::fs::getMainExecutable(argv[0], &Anchor);
  return runDriver(Options);
}
