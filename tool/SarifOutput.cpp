//===----------------------------------------------------------------------===//
//
// SARIF 2.1.0 rendering and merging.
//
//===----------------------------------------------------------------------===//

#include "SarifOutput.h"
#include "CheckCatalog.h"
#include "Fingerprint.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <map>
#include <set>

#ifndef COROLINT_DOCS_URL
#define COROLINT_DOCS_URL ""
#endif

namespace corolint {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

static const char *SchemaUri =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
    "sarif-schema-2.1.0.json";

/// Percent-encodes what may not appear in a URI path.
static std::string uriPath(llvm::StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-._~+").contains(C))
      Out += char(C);
    else
      Out += "%" + llvm::utohexstr(C, false, 2);
  }
  return Out;
}

static Object artifactLocation(llvm::StringRef File, llvm::StringRef Root) {
  std::string Relative = relativeToRoot(File, Root);
  if (Relative != File || !llvm::StringRef(File).starts_with("/"))
    return Object{{"uri", uriPath(Relative)}, {"uriBaseId", "%SRCROOT%"}};
  return Object{{"uri", "file://" + uriPath(File)}};
}

static Object physicalLocation(const SourcePosition &P, llvm::StringRef Root) {
  Object Region{{"startLine", std::max(1u, P.Line)}};
  if (P.Column)
    Region["startColumn"] = P.Column;
  return Object{
      {"physicalLocation",
       Object{{"artifactLocation", artifactLocation(P.File, Root)},
              {"region", std::move(Region)}}}};
}

static Object rule(const CheckInfo &Info, llvm::StringRef DocsUrl) {
  Object Rule{{"id", Info.Name},
              {"shortDescription", Object{{"text", Info.Summary}}},
              {"defaultConfiguration", Object{{"level", "warning"}}}};
  if (!Info.WhatItDoes.empty())
    Rule["fullDescription"] = Object{{"text", Info.WhatItDoes}};
  if (!Info.Page.empty())
    Rule["help"] = Object{{"text", Info.Page}, {"markdown", Info.Page}};
  if (!DocsUrl.empty())
    Rule["helpUri"] = DocsUrl.rtrim('/').str() + "/" +
                      llvm::StringRef(Info.Name).drop_front(9).str() + ".md";
  return Rule;
}

static Object result(const Finding &F, llvm::StringRef Root,
                     const std::map<std::string, unsigned> &RuleIndex) {
  Object Result{{"ruleId", F.Check},
                {"level", F.Level == Severity::Error ? "error" : "warning"},
                {"message", Object{{"text", F.Message}}},
                {"locations", Array{physicalLocation(F.Where, Root)}}};
  if (auto It = RuleIndex.find(F.Check); It != RuleIndex.end())
    Result["ruleIndex"] = It->second;
  if (!F.Fingerprint.empty())
    Result["partialFingerprints"] = Object{{"corolint/v1", F.Fingerprint}};
  Array Related;
  for (size_t I = 0; I < F.Notes.size(); ++I) {
    Object Location = physicalLocation(F.Notes[I].Where, Root);
    Location["id"] = int64_t(I);
    Location["message"] = Object{{"text", F.Notes[I].Message}};
    Related.push_back(std::move(Location));
  }
  if (!Related.empty())
    Result["relatedLocations"] = std::move(Related);
  if (!F.Fixes.empty()) {
    std::map<std::string, Array> ByFile;
    for (const TextEdit &E : F.Fixes)
      ByFile[E.File].push_back(Object{
          {"deletedRegion",
           Object{{"byteOffset", E.Offset}, {"byteLength", E.Length}}},
          {"insertedContent", Object{{"text", E.Replacement}}}});
    Array Changes;
    for (auto &[File, Replacements] : ByFile)
      Changes.push_back(
          Object{{"artifactLocation", artifactLocation(File, Root)},
                 {"replacements", std::move(Replacements)}});
    Result["fixes"] = Array{
        Object{{"description", Object{{"text", "apply the fix-it"}}},
               {"artifactChanges", std::move(Changes)}}};
  }
  return Result;
}

Value reportToSarif(const Report &R) {
  Array Rules;
  std::map<std::string, unsigned> RuleIndex;
  for (const CheckInfo &Info : checkCatalog()) {
    RuleIndex[Info.Name] = unsigned(Rules.size());
    Rules.push_back(rule(Info, R.DocsUrl));
  }
  Array Results;
  for (const Finding &F : R.Findings)
    Results.push_back(result(F, R.SourceRoot, RuleIndex));
  Array Notifications;
  for (const FileFailure &Failure : R.Failures) {
    Object Notification{
        {"level", "error"},
        {"message", Object{{"text", relativeToRoot(Failure.File,
                                                   R.SourceRoot) +
                                        ": " + Failure.Reason}}}};
    if (!Failure.Errors.empty())
      Notification["locations"] =
          Array{physicalLocation(Failure.Errors.front().Where, R.SourceRoot)};
    Notifications.push_back(std::move(Notification));
  }
  std::string Root = R.SourceRoot;
  if (!llvm::StringRef(Root).ends_with("/"))
    Root += "/";
  Object Driver{{"name", "corolint"},
                {"version", corolintVersion()},
                {"rules", std::move(Rules)}};
  Object Run{
      {"tool", Object{{"driver", std::move(Driver)}}},
      {"originalUriBaseIds",
       Object{{"%SRCROOT%", Object{{"uri", "file://" + uriPath(Root)}}}}},
      {"invocations",
       Array{Object{{"executionSuccessful", R.Failures.empty()},
                    {"toolExecutionNotifications",
                     std::move(Notifications)}}}},
      {"results", std::move(Results)}};
  return Object{{"$schema", SchemaUri},
                {"version", "2.1.0"},
                {"runs", Array{std::move(Run)}}};
}

std::string renderSarif(const Report &R) {
  return llvm::formatv("{0:2}", reportToSarif(R)).str() + "\n";
}

bool isSarifLog(const Value &V) {
  const Object *O = V.getAsObject();
  return O && O->getArray("runs") &&
         O->getString("version") == std::optional<llvm::StringRef>("2.1.0");
}

std::optional<Value> mergeSarif(const std::vector<Value> &Logs,
                                std::string &Error) {
  std::optional<Object> Merged;
  std::map<std::string, Value> Rules;
  std::map<std::string, Value> Results; // keyed by their serialisation
  Array Notifications;
  bool Successful = true;
  for (const Value &Log : Logs) {
    const Array *Runs = Log.getAsObject()->getArray("runs");
    if (Runs->size() != 1 || !(*Runs)[0].getAsObject()) {
      Error = "SARIF log has " + std::to_string(Runs->size()) +
              " runs; corolint merges logs of one run";
      return std::nullopt;
    }
    const Object &Run = *(*Runs)[0].getAsObject();
    if (!Merged)
      Merged = Run;
    if (const Object *Tool = Run.getObject("tool"))
      if (const Object *Driver = Tool->getObject("driver"))
        if (const Array *RuleList = Driver->getArray("rules"))
          for (const Value &Rule : *RuleList) {
            const Object *R = Rule.getAsObject();
            if (!R) {
              Error = "SARIF log has a rule that is not an object";
              return std::nullopt;
            }
            if (auto Id = R->getString("id"))
              Rules.try_emplace(Id->str(), Rule);
          }
    if (const Array *List = Run.getArray("results"))
      for (const Value &Result : *List) {
        if (!Result.getAsObject()) {
          Error = "SARIF log has a result that is not an object";
          return std::nullopt;
        }
        std::string Key = llvm::formatv("{0}", Result).str();
        Results.try_emplace(Key, Result);
      }
    if (const Array *Invocations = Run.getArray("invocations"))
      for (const Value &Invocation : *Invocations) {
        const Object *I = Invocation.getAsObject();
        if (!I)
          continue;
        if (auto Ok = I->getBoolean("executionSuccessful"))
          Successful &= *Ok;
        if (const Array *N = I->getArray("toolExecutionNotifications"))
          for (const Value &V : *N)
            Notifications.push_back(V);
      }
  }
  if (!Merged) {
    Error = "nothing to merge";
    return std::nullopt;
  }
  Array RuleList;
  std::map<std::string, unsigned> RuleIndex;
  for (auto &[Id, Rule] : Rules) {
    RuleIndex[Id] = unsigned(RuleList.size());
    RuleList.push_back(Rule);
  }
  // Sort results by location, then rule: the order of a single run.
  std::vector<Value> Sorted;
  for (auto &[Key, Result] : Results)
    Sorted.push_back(Result);
  auto SortKey = [](const Value &V) {
    const Object &O = *V.getAsObject();
    std::string Uri;
    int64_t Line = 0, Column = 0;
    if (const Array *Locations = O.getArray("locations"))
      if (const Object *L = Locations->empty()
                                ? nullptr
                                : (*Locations)[0].getAsObject())
        if (const Object *P = L->getObject("physicalLocation")) {
          if (const Object *A = P->getObject("artifactLocation"))
            Uri = A->getString("uri").value_or("").str();
          if (const Object *Region = P->getObject("region")) {
            Line = Region->getInteger("startLine").value_or(0);
            Column = Region->getInteger("startColumn").value_or(0);
          }
        }
    return std::make_tuple(Uri, Line, Column,
                           O.getString("ruleId").value_or("").str(),
                           llvm::formatv("{0}", V).str());
  };
  std::sort(Sorted.begin(), Sorted.end(),
            [&](const Value &A, const Value &B) {
              return SortKey(A) < SortKey(B);
            });
  Array ResultList;
  for (Value &V : Sorted) {
    Object O = *V.getAsObject();
    if (auto Id = O.getString("ruleId"); Id && RuleIndex.count(Id->str()))
      O["ruleIndex"] = RuleIndex[Id->str()];
    ResultList.push_back(std::move(O));
  }
  Object &Run = *Merged;
  if (Object *Tool = Run.getObject("tool"))
    if (Object *Driver = Tool->getObject("driver"))
      (*Driver)["rules"] = std::move(RuleList);
  Run["results"] = std::move(ResultList);
  Run["invocations"] =
      Array{Object{{"executionSuccessful", Successful},
                   {"toolExecutionNotifications", std::move(Notifications)}}};
  return Value(Object{{"$schema", SchemaUri},
                      {"version", "2.1.0"},
                      {"runs", Array{std::move(Run)}}});
}

} // namespace corolint
