//===----------------------------------------------------------------------===//
//
// Parallel, cached analysis of files.
//
//===----------------------------------------------------------------------===//

#include "ParallelAnalysis.h"
#include "Fingerprint.h"
#include "Worker.h"

#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <mutex>

namespace corolint {

AnalysisOutcome analyseFiles(const AnalysisPlan &Plan) {
  AnalysisOutcome Outcome;
  Outcome.Results.resize(Plan.Files.size());
  std::mutex Mutex;
  unsigned Done = 0;
  std::atomic<unsigned> Hits{0};

  auto Report = [&](size_t Index, llvm::StringRef How) {
    std::lock_guard<std::mutex> Lock(Mutex);
    ++Done;
    std::string Name = relativeToRoot(Plan.Files[Index], Plan.SourceRoot);
    if (Plan.Verbose)
      llvm::errs() << "corolint: [" << Done << "/" << Plan.Files.size()
                   << "] " << Name << " (" << How << ")\n";
    else if (Plan.ProgressLine)
      llvm::errs() << "\r\033[K[" << Done << "/" << Plan.Files.size() << "] "
                   << Name;
    llvm::errs().flush();
  };

  auto AnalyseOne = [&](size_t Index) {
    const std::string &File = Plan.Files[Index];
    FileResult &Result = Outcome.Results[Index];
    auto Commands = Plan.Database->getCompileCommands(File);
    if (Commands.empty()) {
      Result.File = File;
      Result.Failure = "no compile command for this file in the compilation "
                       "database (pass -p <build-dir> or flags after --)";
      Report(Index, "no compile command");
      return;
    }
    std::string Key;
    if (Plan.Cache) {
      Key = Plan.Cache->key(File, Commands.front(), Plan.Options);
      if (auto Cached = Plan.Cache->lookup(Key)) {
        Result = std::move(*Cached);
        Result.File = File;
        ++Hits;
        Report(Index, "cached");
        return;
      }
    }
    Result = analyseInChild(Plan.Executable, File, Commands.front(),
                            Plan.Options);
    Result.File = File;
    if (Plan.Cache)
      Plan.Cache->store(Key, Result);
    Report(Index, Result.analysed() ? "analysed" : "not analysed");
  };

  unsigned Jobs = Plan.Jobs ? Plan.Jobs : llvm::hardware_concurrency().compute_thread_count();
  if (Jobs <= 1 || Plan.Files.size() <= 1) {
    for (size_t I = 0; I < Plan.Files.size(); ++I)
      AnalyseOne(I);
  } else {
    llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Jobs));
    for (size_t I = 0; I < Plan.Files.size(); ++I)
      Pool.async([&AnalyseOne, I] { AnalyseOne(I); });
    Pool.wait();
  }
  if (Plan.ProgressLine && !Plan.Verbose)
    llvm::errs() << "\r\033[K";
  Outcome.CacheHits = Hits;
  return Outcome;
}

} // namespace corolint
