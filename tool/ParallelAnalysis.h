//===----------------------------------------------------------------------===//
//
// Analyses many files, -j at a time, each in its own worker process
// (Worker.h), through the result cache when there is one. Results come back
// in the order of the input files whatever -j is. Progress goes to stderr:
// a progress line that rewrites itself when stderr is a terminal, one line
// per file with Verbose, nothing otherwise.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_PARALLELANALYSIS_H
#define COROLINT_TOOL_PARALLELANALYSIS_H

#include "ResultCache.h"
#include "Runner.h"

namespace corolint {

struct AnalysisPlan {
  std::vector<std::string> Files;
  const clang::tooling::CompilationDatabase *Database = nullptr;
  RunOptions Options;
  unsigned Jobs = 0;             ///< 0: the number of cores
  ResultCache *Cache = nullptr;  ///< nullptr: --no-cache
  std::string Executable;        ///< this corolint, to start workers
  std::string SourceRoot;        ///< for the progress line's paths
  bool Verbose = false;
  bool ProgressLine = false;
};

struct AnalysisOutcome {
  std::vector<FileResult> Results; ///< in the order of Plan.Files
  unsigned CacheHits = 0;
};

AnalysisOutcome analyseFiles(const AnalysisPlan &Plan);

} // namespace corolint

#endif
