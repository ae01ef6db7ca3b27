//===----------------------------------------------------------------------===//
//
// Fuzzes the runtime model parser (parseRuntimeModel).
//   - a rejected model gets one line "PATH:LINE:COL: ..." (ConfigError);
//   - an accepted model, written back as YAML, parses to the same model.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "analysis/RuntimeModels.h"

#include <yaml-cpp/yaml.h>

using namespace clang::tidy::corolint::analysis;
using corolint::fuzz::requirePosition;
using corolint::fuzz::violated;

static const char *const Path = "fuzz/models/model.yaml";

/// Everything parseRuntimeModel reads, in a comparable form.
static std::string describe(const RuntimeModel &M) {
  std::string S = "model '" + M.Name + "'\nruntime '" + M.Runtime +
                  "'\nversion '" + M.Version + "'\n";
  for (const std::string &NS : M.Namespaces)
    S += "namespace '" + NS + "'\n";
  for (const RuntimeModel::Entry &E : M.Entries) {
    S += std::string(E.Absolute ? "absolute" : "relative") + " '" +
         E.RelativeName + "':";
    for (unsigned I = 0; I < NumRoles; ++I)
      if (E.Roles.has(Role(I)))
        S += " " + roleName(Role(I)).str();
    S += "\n";
  }
  return S;
}

/// \p M as a model file.
static std::string write(const RuntimeModel &M) {
  YAML::Emitter Out;
  // Escaped, so that what YAML reads as a line break (NEL, U+2028) is not
  // written raw.
  Out.SetOutputCharset(YAML::EscapeNonAscii);
  Out << YAML::BeginMap;
  Out << YAML::Key << "model" << YAML::Value << YAML::DoubleQuoted << M.Name;
  Out << YAML::Key << "runtime" << YAML::Value << YAML::DoubleQuoted
      << M.Runtime;
  Out << YAML::Key << "version" << YAML::Value << YAML::DoubleQuoted
      << M.Version;
  Out << YAML::Key << "namespaces" << YAML::Value << YAML::BeginSeq;
  for (const std::string &NS : M.Namespaces)
    Out << YAML::DoubleQuoted << NS;
  Out << YAML::EndSeq;
  Out << YAML::Key << "roles" << YAML::Value << YAML::BeginMap;
  for (const RuntimeModel::Entry &E : M.Entries) {
    Out << YAML::Key << YAML::DoubleQuoted
        << ((E.Absolute ? "::" : "") + E.RelativeName) << YAML::Value
        << YAML::Flow << YAML::BeginSeq;
    for (unsigned I = 0; I < NumRoles; ++I)
      if (E.Roles.has(Role(I)))
        Out << roleName(Role(I)).str();
    Out << YAML::EndSeq;
  }
  Out << YAML::EndMap << YAML::EndMap;
  if (!Out.good())
    return "";
  return Out.c_str();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  auto Parsed = parseRuntimeModel(Text, Path);
  if (auto *Err = std::get_if<ConfigError>(&Parsed)) {
    requirePosition(Err->str(), Path);
    return 0;
  }
  const RuntimeModel &Model = std::get<RuntimeModel>(Parsed);
  std::string Written = write(Model);
  if (Written.empty())
    return 0;
  auto Again = parseRuntimeModel(Written, Path);
  if (auto *Err = std::get_if<ConfigError>(&Again))
    violated("a written model parses",
             Err->str() + "\n--- written:\n" + Written);
  if (describe(std::get<RuntimeModel>(Again)) != describe(Model))
    violated("a written model reads back the same",
             "--- first:\n" + describe(Model) + "--- written:\n" + Written +
                 "--- read back:\n" + describe(std::get<RuntimeModel>(Again)));
  return 0;
}
