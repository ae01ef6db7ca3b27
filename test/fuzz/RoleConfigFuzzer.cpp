//===----------------------------------------------------------------------===//
//
// Fuzzes the `.corolint.yaml` parser (parseRoleConfig) and model selection
// (resolveModels against a fixed set of models).
//   - a rejected file gets one line "PATH:LINE:COL: ..." (ConfigError);
//   - an accepted file, written back as YAML, parses to the same names,
//     roles and model lists.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "analysis/Roles.h"
#include "analysis/RuntimeModels.h"

#include <yaml-cpp/yaml.h>

#include <map>
#include <set>

using namespace clang::tidy::corolint::analysis;
using corolint::fuzz::requirePosition;
using corolint::fuzz::violated;

static const char *const Path = "fuzz/.corolint.yaml";

/// Roles as the list of their spellings (comparable and printable).
static std::vector<std::string> spellings(RoleSet S) {
  std::vector<std::string> Names;
  for (unsigned I = 0; I < NumRoles; ++I)
    if (S.has(Role(I)))
      Names.push_back(roleName(Role(I)).str());
  return Names;
}

/// Everything parseRoleConfig reads, in a comparable form.
static std::string describe(const RoleConfig &C) {
  std::map<std::string, std::vector<std::string>> Names;
  for (const auto &E : C.Names)
    Names[E.getKey().str()] = spellings(E.getValue());
  std::string S = C.ModelsListed ? "models listed\n" : "";
  for (const auto &[Name, Roles] : Names) {
    S += "name '" + Name + "':";
    for (const std::string &R : Roles)
      S += " " + R;
    S += "\n";
  }
  for (const auto &[Key, List] :
       {std::pair{"models", &C.ListedModels},
        std::pair{"disable_models", &C.DisabledModels},
        std::pair{"model_dirs", &C.ModelDirs}})
    for (const ConfiguredName &N : *List)
      S += std::string(Key) + " '" + N.Name + "'\n";
  return S;
}

/// \p C as a `.corolint.yaml` file.
static std::string write(const RoleConfig &C) {
  YAML::Emitter Out;
  // Escaped, so that what YAML reads as a line break (NEL, U+2028) is not
  // written raw.
  Out.SetOutputCharset(YAML::EscapeNonAscii);
  Out << YAML::BeginMap;
  auto List = [&](const char *Key, const std::vector<ConfiguredName> &Names,
                  bool Always) {
    if (Names.empty() && !Always)
      return;
    Out << YAML::Key << Key << YAML::Value << YAML::BeginSeq;
    for (const ConfiguredName &N : Names)
      Out << YAML::DoubleQuoted << N.Name;
    Out << YAML::EndSeq;
  };
  List("models", C.ListedModels, C.ModelsListed);
  List("disable_models", C.DisabledModels, false);
  List("model_dirs", C.ModelDirs, false);
  if (!C.Names.empty()) {
    Out << YAML::Key << "roles" << YAML::Value << YAML::BeginMap;
    for (const auto &E : C.Names) {
      // The parser drops one leading "::"; write it so that a name that
      // itself starts with "::" survives.
      Out << YAML::Key << YAML::DoubleQuoted << ("::" + E.getKey().str())
          << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (const std::string &R : spellings(E.getValue()))
        Out << R;
      Out << YAML::EndSeq;
    }
    Out << YAML::EndMap;
  }
  Out << YAML::EndMap;
  if (!Out.good())
    return "";
  return Out.c_str();
}

/// The models the fuzzer resolves against (the file system is not its
/// business: model_dirs are dropped before resolving).
static const std::vector<std::shared_ptr<const RuntimeModel>> &models() {
  static const auto Models = [] {
    std::vector<std::shared_ptr<const RuntimeModel>> M;
    for (const char *Text :
         {"model: asio\nruntime: Asio\nversion: '1.28'\nnamespaces: [asio]\n"
          "roles:\n  io_context::run: runner\n",
          "model: cppcoro\nruntime: cppcoro\nversion: '0'\n"
          "namespaces: [cppcoro]\nroles:\n  sync_wait: runner\n"}) {
      auto Parsed = parseRuntimeModel(Text, "fuzz/model.yaml");
      if (auto *Err = std::get_if<ConfigError>(&Parsed))
        violated("the fuzzer's own models parse", Err->str());
      M.push_back(std::make_shared<RuntimeModel>(std::get<RuntimeModel>(Parsed)));
    }
    return M;
  }();
  return Models;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  auto Parsed = parseRoleConfig(Text, Path);
  if (auto *Err = std::get_if<ConfigError>(&Parsed)) {
    requirePosition(Err->str(), Path);
    return 0;
  }
  RoleConfig &Config = std::get<RoleConfig>(Parsed);

  std::string Written = write(Config);
  if (!Written.empty()) {
    auto Again = parseRoleConfig(Written, Path);
    if (auto *Err = std::get_if<ConfigError>(&Again))
      violated("a written configuration parses",
               Err->str() + "\n--- written:\n" + Written);
    if (describe(std::get<RoleConfig>(Again)) != describe(Config))
      violated("a written configuration reads back the same",
               "--- first:\n" + describe(Config) + "--- written:\n" + Written +
                   "--- read back:\n" + describe(std::get<RoleConfig>(Again)));
  }

  Config.ModelDirs.clear();
  if (auto Err = resolveModels(Config, &models()))
    requirePosition(Err->str(), Path);
  return 0;
}
