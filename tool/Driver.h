//===----------------------------------------------------------------------===//
//
// One run of `corolint` over files, once main.cpp has parsed the command
// line: inputs, configuration checks, parallel cached analysis, baseline,
// fixes and output, returning the documented exit status (ExitStatus.h).
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_DRIVER_H
#define COROLINT_TOOL_DRIVER_H

#include "Runner.h"
#include "Shard.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace corolint {

enum class OutputFormat { Text, Json, Sarif, Github };
enum class ColourMode { Auto, Always, Never };

struct DriverOptions {
  std::vector<std::string> Paths;
  std::string BuildPath;
  std::unique_ptr<clang::tooling::CompilationDatabase> FlagsDatabase;
  RunOptions Run;
  OutputFormat Format = OutputFormat::Text;
  std::string OutputFile;
  ColourMode Colour = ColourMode::Auto;
  unsigned Jobs = 0;
  std::string SourceRoot; ///< "" for the current directory
  /// Base URL of docs/checks/ for SARIF helpUri ("": the build's default).
  std::string DocsUrl;
  std::optional<Shard> ShardSelection;
  std::string BaselineFile, WriteBaselineFile;
  bool BaselinePrune = false;
  bool Fix = false, DryRun = false;
  std::string CacheDir;
  bool NoCache = false;
  bool Quiet = false, Verbose = false;
  /// `--print-roles`: list what resolves to a role, analyse nothing.
  bool PrintRoles = false;
  /// `--warn-unused-roles`: after the analysis, report configured names
  /// that match no declaration (exit status 2).
  bool WarnUnusedRoles = false;
  std::string Executable; ///< this program, to start workers
};

int runDriver(DriverOptions &Options);

} // namespace corolint

#endif
