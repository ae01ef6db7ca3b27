//===----------------------------------------------------------------------===//
//
// The run of `corolint` over files.
//
//===----------------------------------------------------------------------===//

#include "Driver.h"
#include "AtomicFile.h"
#include "Baseline.h"
#include "ConfigValidation.h"
#include "ExitStatus.h"
#include "FindingJson.h"
#include "Fingerprint.h"
#include "FixApplier.h"
#include "GithubOutput.h"
#include "Inputs.h"
#include "JsonOutput.h"
#include "ParallelAnalysis.h"
#include "Report.h"
#include "RoleReport.h"
#include "ResultCache.h"
#include "SarifOutput.h"
#include "TextOutput.h"

#include "analysis/Roles.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <set>

namespace corolint {

static int fail(const llvm::Twine &Message) {
  llvm::errs() << "corolint: error: " << Message << "\n";
  return ExitUsageError;
}

static std::string renderText(const Report &R, bool Colour) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  TextOutput Out(OS, Colour);
  for (const Finding &F : R.Findings)
    Out.print(F);
  return Text;
}

static std::string render(const Report &R, OutputFormat Format, bool Colour) {
  switch (Format) {
  case OutputFormat::Text:
    return renderText(R, Colour);
  case OutputFormat::Json:
    return renderJson(R);
  case OutputFormat::Sarif:
    return renderSarif(R);
  case OutputFormat::Github:
    return renderGithub(R);
  }
  return "";
}

static bool useColour(ColourMode Mode, llvm::raw_ostream &OS) {
  if (Mode == ColourMode::Auto) {
    const char *Term = std::getenv("TERM");
    return OS.is_displayed() && !std::getenv("NO_COLOR") &&
           !(Term && llvm::StringRef(Term) == "dumb");
  }
  return Mode == ColourMode::Always;
}

/// Checks the destinations and the baseline before anything runs, so a bad
/// path costs nothing and leaves nothing behind.
static int checkDestinations(const DriverOptions &O,
                             std::optional<Baseline> &Accepted) {
  for (const std::string *Path : {&O.OutputFile, &O.WriteBaselineFile})
    if (!Path->empty())
      if (std::string Problem = checkWritableDestination(*Path);
          !Problem.empty())
        return fail(Problem);
  if (O.BaselinePrune && O.BaselineFile.empty())
    return fail("--baseline-prune needs --baseline FILE");
  if (O.DryRun && !O.Fix)
    return fail("--dry-run is only meaningful with --fix");
  if (!O.BaselineFile.empty()) {
    std::string Error;
    Accepted = Baseline::load(O.BaselineFile, Error);
    if (!Accepted)
      return fail(Error);
  }
  return ExitClean;
}

/// `--warn-unused-roles`: one warning per configured name that no analysed
/// file declares; ExitUsageError when there is one.
static int reportUnusedRoles(const std::vector<std::string> &Files,
                             const clang::tooling::CompilationDatabase &DB,
                             const RoleReportOptions &Options) {
  RoleUsage Usage;
  for (const std::string &File : Files) {
    std::string Error;
    if (!Usage.addFile(File, DB, Options, Error)) {
      llvm::errs() << "corolint: error: " << File << ": " << Error << "\n";
      return ExitAnalysisError;
    }
  }
  auto Unused = Usage.unused();
  for (const UnusedRoleName &U : Unused)
    llvm::errs() << U.Where << ": warning: '" << U.Name
                 << "' matches no declaration in the analysed files "
                    "[unused-role]\n";
  return Unused.empty() ? ExitClean : ExitUsageError;
}

int runDriver(DriverOptions &O) {
  std::optional<Baseline> Accepted;
  if (int Status = checkDestinations(O, Accepted))
    return Status;

  std::string Error;
  Inputs In = resolveInputs(O.Paths, O.BuildPath, std::move(O.FlagsDatabase),
                            Error);
  if (!In.Database)
    return fail(Error);

  llvm::SmallString<256> Root(O.SourceRoot.empty() ? "." : O.SourceRoot);
  llvm::sys::fs::make_absolute(Root);
  llvm::sys::path::remove_dots(Root, /*remove_dot_dot=*/true);
  std::string SourceRoot(Root);

  for (const std::string &Header : In.SkippedHeaders)
    llvm::errs() << "corolint: note: skipping header '"
                 << relativeToRoot(Header, SourceRoot)
                 << "': headers are analysed through the sources that "
                    "include them\n";
  if (!In.NotInDatabase.empty()) {
    if (O.Verbose)
      for (const std::string &F : In.NotInDatabase)
        llvm::errs() << "corolint: note: skipping '"
                     << relativeToRoot(F, SourceRoot)
                     << "': not in the compilation database\n";
    else
      llvm::errs() << "corolint: note: skipped " << In.NotInDatabase.size()
                   << " C++ file(s) under the given directories that "
                   << In.DatabaseDescription
                   << " does not list (--verbose names them)\n";
  }
  if (In.Files.empty() && !In.SkippedHeaders.empty()) {
    if (!O.Quiet)
      llvm::errs() << "corolint: 0 finding(s) in 0 file(s)\n";
    return ExitClean;
  }

  // Configuration errors stop the run before any analysis.
  for (const std::string &File : In.Files) {
    auto Config = clang::tidy::corolint::analysis::configForFile(
        O.Run.ConfigFile, File);
    if (const auto *ConfigError =
            std::get_if<clang::tidy::corolint::analysis::ConfigError>(
                Config.get()))
      return fail("invalid configuration: " + ConfigError->str());
  }
  if (std::string Unknown = findUnknownOption(In.Files, O.Run);
      !Unknown.empty())
    return fail("invalid configuration: " + Unknown);

  std::vector<std::string> Files = In.Files;
  if (O.ShardSelection)
    Files = filesInShard(Files, *O.ShardSelection, SourceRoot);

  RoleReportOptions ReportOptions{O.Run.ConfigFile, O.Run.ResourceDir};
  if (O.PrintRoles) {
    bool AllParsed = true;
    for (const std::string &File : Files) {
      std::string ReportError;
      if (!printRoles(File, *In.Database, ReportOptions, llvm::outs(),
                      ReportError)) {
        llvm::errs() << "corolint: error: " << File << ": " << ReportError
                     << "\n";
        AllParsed = false;
      }
    }
    return AllParsed ? ExitClean : ExitAnalysisError;
  }

  std::optional<ResultCache> Cache;
  if (!O.NoCache) {
    std::string Dir = O.CacheDir;
    if (Dir.empty() && !In.DatabaseFile.empty()) {
      llvm::SmallString<256> P(llvm::sys::path::parent_path(In.DatabaseFile));
      llvm::sys::path::append(P, ".corolint-cache");
      Dir = std::string(P);
    }
    if (!Dir.empty())
      Cache.emplace(Dir);
  }

  AnalysisPlan Plan;
  Plan.Files = Files;
  Plan.Database = In.Database.get();
  Plan.Options = O.Run;
  Plan.Jobs = O.Jobs;
  Plan.Cache = Cache ? &*Cache : nullptr;
  Plan.Executable = O.Executable;
  Plan.SourceRoot = SourceRoot;
  Plan.Verbose = O.Verbose;
  Plan.ProgressLine = !O.Quiet && llvm::errs().is_displayed();
  AnalysisOutcome Outcome = analyseFiles(Plan);

  // Invalid option values: configuration errors, one line each.
  std::set<std::string> ConfigMessages;
  for (const FileResult &R : Outcome.Results)
    for (const Finding &E : R.ConfigErrors)
      ConfigMessages.insert(E.Message);
  if (!ConfigMessages.empty()) {
    for (const std::string &M : ConfigMessages)
      llvm::errs() << "corolint: error: invalid configuration: " << M << "\n";
    return ExitUsageError;
  }

  Report Rep;
  Rep.SourceRoot = SourceRoot;
  Rep.DocsUrl = O.DocsUrl.empty() ? std::string(COROLINT_DOCS_URL) : O.DocsUrl;
  std::vector<Finding> All;
  FixRequest Fixes;
  Fixes.DryRun = O.DryRun;
  TextOutput Errors(llvm::errs(), useColour(O.Colour, llvm::errs()));
  for (FileResult &R : Outcome.Results) {
    for (const Finding &E : R.Errors)
      Errors.print(E);
    if (!R.analysed()) {
      std::string Reason = R.Failure.empty()
                               ? "could not be analysed (it does not compile)"
                               : R.Failure;
      llvm::errs() << "corolint: error: " << R.File << ": " << Reason << "\n";
      Rep.Failures.push_back({R.File, Reason, R.Errors});
      continue;
    }
    ++Rep.FilesAnalysed;
    for (const auto &[Path, Hash] : R.Inputs)
      Fixes.AnalysedHashes[Path] = Hash;
    for (Finding &F : R.Findings)
      All.push_back(std::move(F));
  }
  llvm::sort(All, reportOrder);
  assignFingerprints(All, SourceRoot);

  unsigned Baselined = 0;
  if (Accepted) {
    BaselineMatch Match = matchBaseline(*Accepted, All);
    Baselined = Match.Baselined;
    Rep.Findings = std::move(Match.New);
    if (O.BaselinePrune) {
      for (const BaselineEntry &E : Match.Stale)
        llvm::errs() << "corolint: stale baseline entry: " << E.File << ": "
                     << E.Message << " [" << E.Check << "]\n";
      if (!Match.Stale.empty()) {
        // Keep the entries that matched: the baseline minus the stale ones.
        Baseline Pruned;
        std::multiset<std::string> Stale;
        for (const BaselineEntry &E : Match.Stale)
          Stale.insert(E.Fingerprint);
        for (const BaselineEntry &E : Accepted->Entries) {
          auto It = Stale.find(E.Fingerprint);
          if (It != Stale.end()) {
            Stale.erase(It);
            continue;
          }
          Pruned.Entries.push_back(E);
        }
        Pruned.sort();
        if (std::string Problem =
                writeFileAtomically(O.BaselineFile, Pruned.render());
            !Problem.empty())
          return fail(Problem);
        llvm::errs() << "corolint: removed " << Match.Stale.size()
                     << " stale entr" << (Match.Stale.size() == 1 ? "y" : "ies")
                     << " from " << O.BaselineFile << "\n";
      }
    } else if (!Match.Stale.empty() && !O.Quiet) {
      llvm::errs() << "corolint: note: " << Match.Stale.size()
                   << " baseline entr"
                   << (Match.Stale.size() == 1 ? "y is" : "ies are")
                   << " stale (fixed); --baseline-prune removes them\n";
    }
  } else {
    Rep.Findings = All;
  }

  if (!O.WriteBaselineFile.empty()) {
    std::string Problem = writeFileAtomically(
        O.WriteBaselineFile, Baseline::fromFindings(All, SourceRoot).render());
    if (!Problem.empty())
      return fail(Problem);
    llvm::errs() << "corolint: wrote " << All.size()
                 << " finding(s) to the baseline " << O.WriteBaselineFile
                 << "\n";
  }

  bool Colour = O.OutputFile.empty() && O.Format == OutputFormat::Text &&
                useColour(O.Colour, llvm::outs());
  if (O.Colour == ColourMode::Always && O.Format == OutputFormat::Text)
    Colour = true;
  std::string Rendered = render(Rep, O.Format, Colour);
  if (O.OutputFile.empty()) {
    llvm::outs() << Rendered;
    llvm::outs().flush();
  } else if (std::string Problem = writeFileAtomically(O.OutputFile, Rendered);
             !Problem.empty()) {
    return fail(Problem);
  }

  if (O.Fix && !Rep.Findings.empty()) {
    FixSummary S = applyFixes(Rep.Findings, Fixes);
    if (O.DryRun)
      llvm::outs() << S.Diff;
    for (const std::string &P : S.Problems)
      llvm::errs() << "corolint: error: " << P << "\n";
    llvm::errs() << "corolint: " << (O.DryRun ? "would fix " : "fixed ")
                 << S.FindingsFixed << " of " << Rep.Findings.size()
                 << " finding(s) (" << S.EditsApplied << " edit(s) in "
                 << S.FilesChanged << " file(s)); "
                 << Rep.Findings.size() - S.FindingsFixed << " remain"
                 << (O.DryRun ? "; nothing was written" : "") << "\n";
  }
  if (!O.Quiet) {
    llvm::errs() << "corolint: " << Rep.Findings.size()
                 << (Accepted ? " new" : "") << " finding(s) in "
                 << Rep.FilesAnalysed << " file(s)";
    if (Accepted)
      llvm::errs() << ", " << Baselined << " in the baseline";
    if (!Rep.Failures.empty())
      llvm::errs() << ", " << Rep.Failures.size() << " file(s) not analysed";
    if (Outcome.CacheHits)
      llvm::errs() << " (" << Outcome.CacheHits << " from the cache)";
    llvm::errs() << "\n";
  }
  if (!Rep.Failures.empty())
    return ExitAnalysisError;
  if (O.WarnUnusedRoles)
    if (int Status = reportUnusedRoles(Files, *In.Database, ReportOptions);
        Status != ExitClean)
      return Status;
  if (!O.WriteBaselineFile.empty())
    return ExitClean;
  return Rep.Findings.empty() ? ExitClean : ExitFindings;
}

} // namespace corolint
