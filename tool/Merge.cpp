//===----------------------------------------------------------------------===//
//
// Merging shard outputs.
//
//===----------------------------------------------------------------------===//

#include "Merge.h"
#include "AtomicFile.h"
#include "Baseline.h"
#include "ExitStatus.h"
#include "FindingJson.h"
#include "JsonOutput.h"
#include "SarifOutput.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <set>
#include <tuple>

namespace corolint {

static int fail(const std::string &Message) {
  llvm::errs() << "corolint merge: error: " << Message << "\n";
  return ExitUsageError;
}

enum class Kind { Report, Sarif, Baseline };

static std::optional<Kind> kindOf(const llvm::json::Value &V) {
  if (isSarifLog(V))
    return Kind::Sarif;
  const llvm::json::Object *O = V.getAsObject();
  if (!O)
    return std::nullopt;
  auto Schema = O->getString("schema");
  if (Schema == std::optional<llvm::StringRef>("corolint-report"))
    return Kind::Report;
  if (Schema == std::optional<llvm::StringRef>("corolint-baseline"))
    return Kind::Baseline;
  return std::nullopt;
}

std::optional<std::string> mergeDocuments(const std::vector<MergeInput> &Inputs,
                                          std::string &Error) {
  if (Inputs.empty()) {
    Error = "nothing to merge";
    return std::nullopt;
  }
  std::optional<Kind> Common;
  for (const MergeInput &In : Inputs) {
    auto K = kindOf(In.Document);
    if (!K) {
      Error = "'" + In.Path +
              "' is not a corolint JSON report, SARIF log or baseline";
      return std::nullopt;
    }
    if (Common && *Common != *K) {
      Error = "'" + In.Path + "' is not of the same kind as '" +
              Inputs.front().Path + "'";
      return std::nullopt;
    }
    Common = K;
  }

  switch (*Common) {
  case Kind::Sarif: {
    std::vector<llvm::json::Value> Logs;
    for (const MergeInput &In : Inputs) {
      // Each log alone first, so that an error names its file.
      if (!mergeSarif({In.Document}, Error)) {
        Error = "'" + In.Path + "': " + Error;
        return std::nullopt;
      }
      Logs.push_back(In.Document);
    }
    auto Merged = mergeSarif(Logs, Error);
    if (!Merged)
      return std::nullopt;
    return llvm::formatv("{0:2}", *Merged).str() + "\n";
  }
  case Kind::Report: {
    Report All;
    std::set<std::string> Seen;
    for (const MergeInput &In : Inputs) {
      auto R = reportFromJson(In.Document, Error);
      if (!R) {
        Error = "'" + In.Path + "': " + Error;
        return std::nullopt;
      }
      All.FilesAnalysed += R->FilesAnalysed;
      for (Finding &F : R->Findings)
        if (Seen.insert(llvm::formatv("{0}", toJson(F)).str()).second)
          All.Findings.push_back(std::move(F));
      for (FileFailure &F : R->Failures)
        All.Failures.push_back(std::move(F));
    }
    llvm::sort(All.Findings, reportOrder);
    // By file, then reason: the order never depends on the order of the
    // inputs.
    llvm::sort(All.Failures, [](const FileFailure &A, const FileFailure &B) {
      return std::tie(A.File, A.Reason) < std::tie(B.File, B.Reason);
    });
    // Paths are already relative to each shard's source root.
    return renderJson(All);
  }
  case Kind::Baseline: {
    Baseline All;
    for (const MergeInput &In : Inputs) {
      auto B = Baseline::fromJson(In.Document, In.Path, Error);
      if (!B)
        return std::nullopt;
      for (BaselineEntry &E : B->Entries)
        All.Entries.push_back(std::move(E));
    }
    All.sort();
    return All.render();
  }
  }
  return std::nullopt;
}

int runMerge(const std::vector<std::string> &Args) {
  if (Args.size() < 2)
    return fail("usage: corolint merge OUT IN... (JSON reports, SARIF logs "
                "or baselines, all of one kind)");
  const std::string &Out = Args.front();
  if (std::string Problem = checkWritableDestination(Out); !Problem.empty())
    return fail(Problem);
  std::vector<MergeInput> Inputs;
  for (size_t I = 1; I < Args.size(); ++I) {
    std::string Error;
    auto V = readJsonFile(Args[I], Error);
    if (!V)
      return fail(Error);
    Inputs.push_back({Args[I], std::move(*V)});
  }
  std::string Error;
  auto Text = mergeDocuments(Inputs, Error);
  if (!Text)
    return fail(Error);
  if (std::string Problem = writeFileAtomically(Out, *Text); !Problem.empty())
    return fail(Problem);
  return ExitClean;
}

} // namespace corolint
