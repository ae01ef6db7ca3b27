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

int runMerge(const std::vector<std::string> &Args) {
  if (Args.size() < 2)
    return fail("usage: corolint merge OUT IN... (JSON reports, SARIF logs "
                "or baselines, all of one kind)");
  const std::string &Out = Args.front();
  if (std::string Problem = checkWritableDestination(Out); !Problem.empty())
    return fail(Problem);
  std::vector<llvm::json::Value> Inputs;
  std::optional<Kind> Common;
  for (size_t I = 1; I < Args.size(); ++I) {
    std::string Error;
    auto V = readJsonFile(Args[I], Error);
    if (!V)
      return fail(Error);
    auto K = kindOf(*V);
    if (!K)
      return fail("'" + Args[I] +
                  "' is not a corolint JSON report, SARIF log or baseline");
    if (Common && *Common != *K)
      return fail("'" + Args[I] + "' is not of the same kind as '" + Args[1] +
                  "'");
    Common = K;
    Inputs.push_back(std::move(*V));
  }

  std::string Text;
  std::string Error;
  switch (*Common) {
  case Kind::Sarif: {
    auto Merged = mergeSarif(Inputs, Error);
    if (!Merged)
      return fail(Error);
    Text = llvm::formatv("{0:2}", *Merged).str() + "\n";
    break;
  }
  case Kind::Report: {
    Report All;
    std::set<std::string> Seen;
    for (size_t I = 0; I < Inputs.size(); ++I) {
      auto R = reportFromJson(Inputs[I], Error);
      if (!R)
        return fail("'" + Args[I + 1] + "': " + Error);
      All.FilesAnalysed += R->FilesAnalysed;
      for (Finding &F : R->Findings)
        if (Seen.insert(llvm::formatv("{0}", toJson(F)).str()).second)
          All.Findings.push_back(std::move(F));
      for (FileFailure &F : R->Failures)
        All.Failures.push_back(std::move(F));
    }
    llvm::sort(All.Findings, reportOrder);
    llvm::sort(All.Failures, [](const FileFailure &A, const FileFailure &B) {
      return A.File < B.File;
    });
    // Paths are already relative to each shard's source root.
    Text = renderJson(All);
    break;
  }
  case Kind::Baseline: {
    Baseline All;
    for (size_t I = 0; I < Inputs.size(); ++I) {
      auto B = Baseline::fromJson(Inputs[I], Args[I + 1], Error);
      if (!B)
        return fail(Error);
      for (BaselineEntry &E : B->Entries)
        All.Entries.push_back(std::move(E));
    }
    All.sort();
    Text = All.render();
    break;
  }
  }
  if (std::string Problem = writeFileAtomically(Out, Text); !Problem.empty())
    return fail(Problem);
  return ExitClean;
}

} // namespace corolint
