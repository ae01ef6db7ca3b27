//===----------------------------------------------------------------------===//
//
// Runtime models: reading model files, finding the shipped ones, and choosing
// those that apply to a translation unit.
//
//===----------------------------------------------------------------------===//

#include "RuntimeModels.h"
#include "RoleYaml.h"

#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <dlfcn.h>

namespace clang::tidy::corolint::analysis {

//===----------------------------------------------------------------------===//
// Model files
//===----------------------------------------------------------------------===//

static ConfigError modelError(llvm::StringRef Path, const YAML::Mark &M,
                              std::string Message) {
  return yamlError(Path, M, std::move(Message));
}

/// A model name or namespace: identifiers joined by "::".
static bool isQualifiedIdentifier(llvm::StringRef S, bool AllowDash) {
  if (S.empty())
    return false;
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  S.split(Parts, "::");
  for (llvm::StringRef P : Parts) {
    if (P.empty() || std::isdigit(static_cast<unsigned char>(P.front())))
      return false;
    for (char C : P)
      if (!(std::isalnum(static_cast<unsigned char>(C)) || C == '_' ||
            (AllowDash && C == '-')))
        return false;
  }
  return true;
}

std::variant<RuntimeModel, ConfigError> parseRuntimeModel(llvm::StringRef Text,
                                                          llvm::StringRef Path) {
  RuntimeModel Model;
  Model.Path = Path.str();
  auto Loaded = loadYaml(Text, Path);
  if (auto *Err = std::get_if<ConfigError>(&Loaded))
    return *Err;
  const YAML::Node &Root = std::get<YAML::Node>(Loaded);
  if (!Root.IsMap())
    return modelError(Path, Root.Mark(),
                      "a model is a mapping with the keys 'model', "
                      "'runtime', 'version', 'namespaces' and 'roles'");
  auto Scalar = [&](const YAML::Node &N, llvm::StringRef Key,
                    std::string &Into) -> std::optional<ConfigError> {
    if (!N.IsScalar() || N.Scalar().empty())
      return modelError(Path, N.Mark(),
                        "'" + Key.str() + "' must be a non-empty string");
    Into = N.Scalar();
    return std::nullopt;
  };
  bool SawRoles = false;
  for (const auto &Item : Root) {
    const std::string Key = Item.first.as<std::string>("");
    const YAML::Node &Value = Item.second;
    if (Key == "model" || Key == "runtime" || Key == "version") {
      std::string &Into = Key == "model"     ? Model.Name
                          : Key == "runtime" ? Model.Runtime
                                             : Model.Version;
      if (auto Err = Scalar(Value, Key, Into))
        return *Err;
      if (Key == "model" && !isQualifiedIdentifier(Model.Name, true))
        return modelError(Path, Value.Mark(),
                          "model name '" + Model.Name +
                              "' must be letters, digits, '_' and '-'");
    } else if (Key == "namespaces") {
      if (!Value.IsSequence() || Value.size() == 0)
        return modelError(Path, Value.Mark(),
                          "'namespaces' must be a list of namespaces, e.g. "
                          "[asio, boost::asio]");
      for (const auto &NS : Value) {
        std::string Name;
        if (auto Err = Scalar(NS, "namespaces", Name))
          return *Err;
        llvm::StringRef Trimmed(Name);
        Trimmed.consume_front("::");
        if (!isQualifiedIdentifier(Trimmed, false))
          return modelError(Path, NS.Mark(),
                            "'" + Name + "' is not a namespace name");
        Model.Namespaces.push_back(Trimmed.str());
      }
    } else if (Key == "roles") {
      SawRoles = true;
      if (!Value.IsMap())
        return modelError(Path, Value.Mark(),
                          "'roles' must map names to roles, e.g. "
                          "'io_context::run: runner'");
      // Reuse the `.corolint.yaml` grammar for one row: name -> role(s).
      for (const auto &Row : Value) {
        if (!Row.first.IsScalar() || Row.first.Scalar().empty())
          return modelError(Path, Row.first.Mark(),
                            "expected a name such as 'io_context::run'");
        RuntimeModel::Entry E;
        E.RelativeName = Row.first.Scalar();
        E.Line = unsigned(Row.first.Mark().line) + 1;
        // `::folly::OperationCancelled`: absolute, outside the namespaces.
        if (llvm::StringRef(E.RelativeName).starts_with("::")) {
          E.RelativeName.erase(0, 2);
          E.Absolute = true;
        }
        auto Roles = parseRoleValue(Row.second, Path, E.RelativeName);
        if (auto *Err = std::get_if<ConfigError>(&Roles))
          return *Err;
        E.Roles = std::get<RoleSet>(Roles);
        Model.Entries.push_back(std::move(E));
      }
    } else {
      return modelError(Path, Item.first.Mark(),
                        "unknown key '" + Key +
                            "' (expected model, runtime, version, namespaces, "
                            "roles)");
    }
  }
  for (llvm::StringRef Required : {"model", "runtime", "version"}) {
    const std::string &V = Required == "model"     ? Model.Name
                           : Required == "runtime" ? Model.Runtime
                                                   : Model.Version;
    if (V.empty())
      return modelError(Path, Root.Mark(),
                        "missing key '" + Required.str() + "'");
  }
  if (Model.Namespaces.empty())
    return modelError(Path, Root.Mark(), "missing key 'namespaces'");
  if (!SawRoles)
    return modelError(Path, Root.Mark(), "missing key 'roles'");
  return Model;
}

std::variant<std::vector<std::shared_ptr<const RuntimeModel>>, ConfigError>
loadModelDirectory(llvm::StringRef Dir) {
  std::vector<std::string> Files;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC))
    if (llvm::sys::path::extension(It->path()) == ".yaml")
      Files.push_back(It->path());
  if (EC) {
    ConfigError E;
    E.Path = Dir.str();
    E.Message = "cannot read model directory: " + EC.message();
    return E;
  }
  std::sort(Files.begin(), Files.end());
  std::vector<std::shared_ptr<const RuntimeModel>> Models;
  for (const std::string &File : Files) {
    auto Text = readConfigFile(File, "model");
    if (auto *Err = std::get_if<ConfigError>(&Text))
      return *Err;
    auto Parsed = parseRuntimeModel(std::get<std::string>(Text), File);
    if (auto *Err = std::get_if<ConfigError>(&Parsed))
      return *Err;
    auto Model = std::make_shared<RuntimeModel>(
        std::move(std::get<RuntimeModel>(Parsed)));
    for (const auto &Other : Models)
      if (Other->Name == Model->Name) {
        ConfigError E;
        E.Path = File;
        E.Line = 1;
        E.Message = "model '" + Model->Name + "' is also defined in " +
                    Other->Path;
        return E;
      }
    Models.push_back(std::move(Model));
  }
  std::sort(Models.begin(), Models.end(),
            [](const auto &A, const auto &B) { return A->Name < B->Name; });
  return Models;
}

std::string builtinModelsDirectory() {
  if (const char *Env = std::getenv("COROLINT_MODELS_DIR"); Env && *Env)
    return Env;
  // The binary that holds this function: libcorolint.so inside clang-tidy,
  // or the corolint executable itself.
  Dl_info Info;
  if (!dladdr(reinterpret_cast<void *>(&builtinModelsDirectory), &Info) ||
      !Info.dli_fname)
    return "";
  llvm::SmallString<256> Binary(Info.dli_fname);
  if (!llvm::sys::path::is_absolute(Binary)) {
    std::string Main = llvm::sys::fs::getMainExecutable(
        nullptr, reinterpret_cast<void *>(&builtinModelsDirectory));
    if (!Main.empty())
      Binary = Main;
  }
  llvm::sys::fs::real_path(Binary, Binary);
  llvm::SmallString<256> Dir(llvm::sys::path::parent_path(
      llvm::sys::path::parent_path(Binary)));
  llvm::sys::path::append(Dir, "share", "corolint", "models");
  return std::string(Dir);
}

const std::variant<std::vector<std::shared_ptr<const RuntimeModel>>,
                   ConfigError> &
builtinModels() {
  static const auto Models = [] {
    std::string Dir = builtinModelsDirectory();
    using Result = std::variant<std::vector<std::shared_ptr<const RuntimeModel>>,
                                ConfigError>;
    if (Dir.empty() || !llvm::sys::fs::is_directory(Dir)) {
      ConfigError E;
      E.Path = Dir.empty() ? "share/corolint/models" : Dir;
      E.Message = "corolint's runtime models are not installed here "
                  "(set COROLINT_MODELS_DIR to their directory)";
      return Result(E);
    }
    return Result(loadModelDirectory(Dir));
  }();
  return Models;
}

//===----------------------------------------------------------------------===//
// Selection
//===----------------------------------------------------------------------===//

/// The namespace called \p Name directly in \p DC, or in one of its inline
/// namespaces (`std::__1`), or nullptr.
static const NamespaceDecl *findNamespace(ASTContext &Ctx,
                                          const DeclContext *DC,
                                          llvm::StringRef Name) {
  for (const NamedDecl *D : DC->lookup(&Ctx.Idents.get(Name)))
    if (const auto *NS = dyn_cast<NamespaceDecl>(D))
      return NS;
  for (const Decl *D : DC->decls())
    if (const auto *Inline = dyn_cast<NamespaceDecl>(D);
        Inline && Inline->isInline())
      if (const NamespaceDecl *NS = findNamespace(Ctx, Inline, Name))
        return NS;
  return nullptr;
}

bool declaresNamespace(ASTContext &Ctx, llvm::StringRef QualifiedNamespace) {
  const DeclContext *DC = Ctx.getTranslationUnitDecl();
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  QualifiedNamespace.split(Parts, "::");
  for (llvm::StringRef Part : Parts) {
    const NamespaceDecl *NS = findNamespace(Ctx, DC, Part);
    if (!NS)
      return false;
    DC = NS->getPrimaryContext();
  }
  return true;
}

std::vector<std::shared_ptr<const RuntimeModel>>
applicableModels(const RoleConfig &Config, ASTContext &Ctx) {
  std::vector<std::shared_ptr<const RuntimeModel>> Result;
  for (const auto &Model : Config.Models) {
    bool Applies = Config.ModelsListed;
    for (const std::string &NS : Model->Namespaces)
      Applies = Applies || declaresNamespace(Ctx, NS);
    if (Applies)
      Result.push_back(Model);
  }
  return Result;
}

} // namespace clang::tidy::corolint::analysis
