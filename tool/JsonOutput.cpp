//===----------------------------------------------------------------------===//
//
// The JSON report.
//
//===----------------------------------------------------------------------===//

#include "JsonOutput.h"
#include "Fingerprint.h"
#include "FindingJson.h"

namespace corolint {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

/// A finding with its paths relative to the source root.
static Finding relativised(Finding F, llvm::StringRef Root) {
  F.Where.File = relativeToRoot(F.Where.File, Root);
  for (FindingNote &N : F.Notes)
    N.Where.File = relativeToRoot(N.Where.File, Root);
  for (TextEdit &E : F.Fixes)
    E.File = relativeToRoot(E.File, Root);
  return F;
}

Value reportToJson(const Report &R) {
  Array Findings;
  for (const Finding &F : R.Findings)
    Findings.push_back(toJson(relativised(F, R.SourceRoot)));
  Array Failures;
  for (const FileFailure &Failure : R.Failures) {
    Array Errors;
    for (const Finding &E : Failure.Errors)
      Errors.push_back(toJson(relativised(E, R.SourceRoot)));
    Failures.push_back(
        Object{{"file", relativeToRoot(Failure.File, R.SourceRoot)},
               {"reason", Failure.Reason},
               {"errors", std::move(Errors)}});
  }
  return Object{{"schema", "corolint-report"},
                {"version", JsonReportVersion},
                {"tool", corolintVersion()},
                {"filesAnalysed", R.FilesAnalysed},
                {"findings", std::move(Findings)},
                {"failures", std::move(Failures)}};
}

std::string renderJson(const Report &R) {
  return llvm::formatv("{0:2}", reportToJson(R)).str() + "\n";
}

std::optional<Report> reportFromJson(const Value &V, std::string &Error) {
  const Object *O = V.getAsObject();
  if (!O || O->getString("schema") != std::optional<llvm::StringRef>(
                                          "corolint-report")) {
    Error = "not a corolint JSON report (no \"schema\": \"corolint-report\")";
    return std::nullopt;
  }
  auto Version = O->getInteger("version");
  if (!Version || *Version > JsonReportVersion) {
    Error = "JSON report version " +
            (Version ? std::to_string(*Version) : std::string("(none)")) +
            " is not supported (this corolint reads up to " +
            std::to_string(JsonReportVersion) + ")";
    return std::nullopt;
  }
  Report R;
  const Array *Findings = O->getArray("findings");
  const Array *Failures = O->getArray("failures");
  auto Analysed = O->getInteger("filesAnalysed");
  if (!Findings || !Failures || !Analysed) {
    Error = "JSON report lacks \"findings\", \"failures\" or \"filesAnalysed\"";
    return std::nullopt;
  }
  R.FilesAnalysed = unsigned(*Analysed);
  for (const Value &F : *Findings) {
    auto Parsed = findingFromJson(F);
    if (!Parsed) {
      Error = "JSON report has a malformed finding";
      return std::nullopt;
    }
    R.Findings.push_back(std::move(*Parsed));
  }
  for (const Value &F : *Failures) {
    const Object *FO = F.getAsObject();
    if (!FO || !FO->getString("file") || !FO->getString("reason")) {
      Error = "JSON report has a malformed failure";
      return std::nullopt;
    }
    FileFailure Failure{FO->getString("file")->str(),
                        FO->getString("reason")->str(),
                        {}};
    if (const Array *Errors = FO->getArray("errors"))
      for (const Value &E : *Errors)
        if (auto Parsed = findingFromJson(E))
          Failure.Errors.push_back(std::move(*Parsed));
    R.Failures.push_back(std::move(Failure));
  }
  return R;
}

} // namespace corolint
