//===----------------------------------------------------------------------===//
//
// Baselines: writing, reading and matching.
//
//===----------------------------------------------------------------------===//

#include "Baseline.h"
#include "FindingJson.h"
#include "Fingerprint.h"

#include "llvm/Support/FormatVariadic.h"

#include <map>
#include <tuple>

namespace corolint {

using llvm::json::Array;
using llvm::json::Object;

void Baseline::sort() {
  llvm::sort(Entries, [](const BaselineEntry &A, const BaselineEntry &B) {
    return std::tie(A.File, A.Check, A.Fingerprint, A.Message) <
           std::tie(B.File, B.Check, B.Fingerprint, B.Message);
  });
}

Baseline Baseline::fromFindings(const std::vector<Finding> &Findings,
                                llvm::StringRef SourceRoot) {
  Baseline B;
  for (const Finding &F : Findings)
    B.Entries.push_back({F.Fingerprint, F.Check,
                         relativeToRoot(F.Where.File, SourceRoot), F.Message});
  B.sort();
  return B;
}

std::string Baseline::render() const {
  Array List;
  for (const BaselineEntry &E : Entries)
    List.push_back(Object{{"fingerprint", E.Fingerprint},
                          {"check", E.Check},
                          {"file", E.File},
                          {"message", E.Message}});
  Object Root{{"schema", "corolint-baseline"},
              {"version", BaselineVersion},
              {"findings", std::move(List)}};
  return llvm::formatv("{0:2}", llvm::json::Value(std::move(Root))).str() +
         "\n";
}

std::optional<Baseline> Baseline::fromJson(const llvm::json::Value &V,
                                           llvm::StringRef Path,
                                           std::string &Error) {
  const Object *O = V.getAsObject();
  if (!O || O->getString("schema") !=
                std::optional<llvm::StringRef>("corolint-baseline")) {
    Error = Path.str() +
            ": not a corolint baseline (no \"schema\": \"corolint-baseline\")";
    return std::nullopt;
  }
  auto Version = O->getInteger("version");
  if (!Version) {
    Error = Path.str() + ": baseline has no \"version\"";
    return std::nullopt;
  }
  if (*Version > BaselineVersion) {
    Error = Path.str() + ": baseline version " + std::to_string(*Version) +
            " is newer than this corolint reads (" +
            std::to_string(BaselineVersion) + "); upgrade corolint";
    return std::nullopt;
  }
  const Array *List = O->getArray("findings");
  if (!List) {
    Error = Path.str() + ": baseline has no \"findings\" array";
    return std::nullopt;
  }
  Baseline B;
  for (size_t I = 0; I < List->size(); ++I) {
    const Object *E = (*List)[I].getAsObject();
    auto Fingerprint = E ? E->getString("fingerprint") : std::nullopt;
    auto Check = E ? E->getString("check") : std::nullopt;
    auto File = E ? E->getString("file") : std::nullopt;
    auto Message = E ? E->getString("message") : std::nullopt;
    if (!Fingerprint || !Check || !File || !Message) {
      Error = Path.str() + ": baseline entry " + std::to_string(I + 1) +
              " lacks \"fingerprint\", \"check\", \"file\" or \"message\"";
      return std::nullopt;
    }
    B.Entries.push_back(
        {Fingerprint->str(), Check->str(), File->str(), Message->str()});
  }
  B.sort();
  return B;
}

std::optional<Baseline> Baseline::load(const std::string &Path,
                                       std::string &Error) {
  auto V = readJsonFile(Path, Error);
  if (!V)
    return std::nullopt;
  return fromJson(*V, Path, Error);
}

BaselineMatch matchBaseline(const Baseline &B,
                            const std::vector<Finding> &Findings) {
  std::map<std::string, std::vector<const BaselineEntry *>> Available;
  for (const BaselineEntry &E : B.Entries)
    Available[E.Fingerprint].push_back(&E);
  BaselineMatch M;
  for (const Finding &F : Findings) {
    auto It = Available.find(F.Fingerprint);
    if (It == Available.end() || It->second.empty()) {
      M.New.push_back(F);
      continue;
    }
    It->second.pop_back();
    ++M.Baselined;
  }
  for (const BaselineEntry &E : B.Entries) {
    auto &Left = Available[E.Fingerprint];
    // Entries are consumed from the back; the survivors are the first ones.
    if (!Left.empty() && Left.front() == &E) {
      M.Stale.push_back(E);
      Left.erase(Left.begin());
    }
  }
  return M;
}

} // namespace corolint
