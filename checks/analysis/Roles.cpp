//===----------------------------------------------------------------------===//
//
// Role lookup: annotations, `.corolint.yaml`, and the built-in table.
//
//===----------------------------------------------------------------------===//

#include "Roles.h"
#include "RoleYaml.h"
#include "RuntimeModels.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <mutex>

namespace clang::tidy::corolint::analysis {

//===----------------------------------------------------------------------===//
// Vocabulary
//===----------------------------------------------------------------------===//

llvm::StringRef roleName(Role R) {
  switch (R) {
#define COROLINT_ROLE(ENUMERATOR, SPELLING, MEANING)                           \
  case Role::ENUMERATOR:                                                       \
    return SPELLING;
#include "RoleList.def"
  }
  return "";
}

llvm::StringRef roleMeaning(Role R) {
  switch (R) {
#define COROLINT_ROLE(ENUMERATOR, SPELLING, MEANING)                           \
  case Role::ENUMERATOR:                                                       \
    return MEANING;
#include "RoleList.def"
  }
  return "";
}

std::optional<Role> parseRole(llvm::StringRef Name) {
  return llvm::StringSwitch<std::optional<Role>>(Name)
#define COROLINT_ROLE(ENUMERATOR, SPELLING, MEANING)                           \
  .Case(SPELLING, Role::ENUMERATOR)
#include "RoleList.def"
      .Default(std::nullopt);
}

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

std::string roleQualifiedName(const NamedDecl *D) {
  llvm::SmallVector<std::string, 8> Parts;
  auto NameOf = [](const NamedDecl *N) -> std::string {
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(N))
      return Ctor->getParent()->getName().str();
    if (const auto *Dtor = dyn_cast<CXXDestructorDecl>(N))
      return "~" + Dtor->getParent()->getName().str();
    return N->getDeclName().getAsString();
  };
  Parts.push_back(NameOf(D));
  for (const DeclContext *DC = D->getDeclContext(); DC;
       DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline() || NS->isAnonymousNamespace())
        continue;
      Parts.push_back(NS->getName().str());
    } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      if (!RD->getIdentifier())
        continue;
      Parts.push_back(RD->getName().str());
    } else if (isa<FunctionDecl>(DC)) {
      break; // local classes: only the part below the function is useful
    }
  }
  std::string Result;
  for (auto It = Parts.rbegin(); It != Parts.rend(); ++It) {
    if (!Result.empty())
      Result += "::";
    Result += *It;
  }
  return Result;
}

//===----------------------------------------------------------------------===//
// `.corolint.yaml`
//===----------------------------------------------------------------------===//

/// Two lower-case hex digits of a byte. (Not llvm::formatv: the plugin takes
/// LLVM's symbols from the clang-tidy that loads it, and an older one must
/// still load it far enough for the version guard to refuse it.)
static std::string twoHexDigits(unsigned Byte) {
  const char *Digits = "0123456789abcdef";
  return {Digits[(Byte >> 4) & 15], Digits[Byte & 15]};
}

std::string printable(llvm::StringRef Text) {
  std::string S;
  for (char C : Text) {
    unsigned char U = static_cast<unsigned char>(C);
    if (C == '\n')
      S += "\\n";
    else if (C == '\t')
      S += "\\t";
    else if (U < 0x20 || U == 0x7f)
      S += "\\x" + twoHexDigits(U);
    else
      S += C;
  }
  return S;
}

std::string ConfigError::str() const {
  std::string S = printable(Path);
  if (Line) {
    S += ":" + std::to_string(Line);
    if (Column)
      S += ":" + std::to_string(Column);
  }
  return S + ": " + printable(Message);
}

ConfigError yamlError(llvm::StringRef Path, const YAML::Mark &M,
                      std::string Message) {
  ConfigError E;
  E.Path = Path.str();
  // A node without a mark is the empty document: its start is 1:1.
  E.Line = M.line >= 0 ? unsigned(M.line) + 1 : 1;
  E.Column = M.column >= 0 ? unsigned(M.column) + 1 : 1;
  E.Message = std::move(Message);
  return E;
}

static std::string validRoleList() {
  std::string S;
  for (unsigned I = 0; I < NumRoles; ++I)
    S += (I ? ", " : "") + roleName(Role(I)).str();
  return S;
}

static std::optional<ConfigError> addRole(llvm::StringRef Path,
                                          const YAML::Node &Value,
                                          RoleSet &Into) {
  if (!Value.IsScalar())
    return yamlError(Path, Value.Mark(),
                     "expected a role name or a list of role names");
  auto R = parseRole(Value.Scalar());
  if (!R)
    return yamlError(Path, Value.Mark(),
                     "unknown role '" + Value.Scalar() +
                         "' (valid roles: " + validRoleList() + ")");
  Into.add(*R);
  return std::nullopt;
}

std::variant<RoleSet, ConfigError>
parseRoleValue(const YAML::Node &Value, llvm::StringRef Path,
               llvm::StringRef Name) {
  RoleSet Set;
  if (Value.IsSequence()) {
    if (Value.size() == 0)
      return yamlError(Path, Value.Mark(),
                       "empty role list for '" + Name.str() + "'");
    for (const auto &V : Value)
      if (auto Err = addRole(Path, V, Set))
        return *Err;
  } else if (auto Err = addRole(Path, Value, Set)) {
    return *Err;
  }
  return Set;
}

/// A list of names (`models: [asio, cppcoro]`, or one name).
static std::optional<ConfigError>
parseNameList(const YAML::Node &Value, llvm::StringRef Path,
              llvm::StringRef Key, std::vector<ConfiguredName> &Into) {
  auto Add = [&](const YAML::Node &N) -> std::optional<ConfigError> {
    if (!N.IsScalar() || N.Scalar().empty())
      return yamlError(Path, N.Mark(),
                       "'" + Key.str() + "' must be a name or a list of names");
    Into.push_back({N.Scalar(), unsigned(N.Mark().line) + 1,
                    unsigned(N.Mark().column) + 1});
    return std::nullopt;
  };
  if (Value.IsSequence()) {
    for (const auto &N : Value)
      if (auto Err = Add(N))
        return Err;
    return std::nullopt;
  }
  return Add(Value);
}

std::variant<RoleConfig, ConfigError> parseRoleConfig(llvm::StringRef Text,
                                                      llvm::StringRef Path) {
  RoleConfig Config;
  Config.Path = Path.str();
  auto Loaded = loadYaml(Text, Path);
  if (auto *Err = std::get_if<ConfigError>(&Loaded))
    return *Err;
  const YAML::Node &Root = std::get<YAML::Node>(Loaded);
  if (Root.IsNull())
    return Config; // an empty file describes nothing
  if (!Root.IsMap())
    return yamlError(Path, Root.Mark(),
                     "expected a mapping with the key 'roles'");
  for (const auto &Entry : Root) {
    const std::string Key = Entry.first.as<std::string>("");
    const YAML::Node &Value = Entry.second;
    if (Key == "models" || Key == "disable_models" || Key == "model_dirs") {
      auto &Into = Key == "models"           ? Config.ListedModels
                   : Key == "disable_models" ? Config.DisabledModels
                                             : Config.ModelDirs;
      if (Key == "models")
        Config.ModelsListed = true;
      if (!Value.IsNull())
        if (auto Err = parseNameList(Value, Path, Key, Into))
          return *Err;
      continue;
    }
    if (Key != "roles")
      return yamlError(Path, Entry.first.Mark(),
                       "unknown key '" + Key +
                           "' (expected roles, models, disable_models, "
                           "model_dirs)");
    if (Value.IsNull())
      continue;
    if (!Value.IsMap())
      return yamlError(Path, Value.Mark(),
                       "'roles' must map qualified names to roles, e.g. "
                       "'asio::io_context::run: runner'");
    for (const auto &Item : Value) {
      if (!Item.first.IsScalar() || Item.first.Scalar().empty())
        return yamlError(Path, Item.first.Mark(),
                         "expected a qualified name such as 'ns::function'");
      llvm::StringRef Name = Item.first.Scalar();
      Name.consume_front("::");
      auto Roles = parseRoleValue(Item.second, Path, Name);
      if (auto *Err = std::get_if<ConfigError>(&Roles))
        return *Err;
      Config.Names[Name].add(std::get<RoleSet>(Roles));
      Config.NameLines.try_emplace(Name, unsigned(Item.first.Mark().line) + 1);
    }
  }
  if (Config.ModelsListed && !Config.DisabledModels.empty()) {
    ConfigError E;
    E.Path = Path.str();
    E.Line = Config.DisabledModels.front().Line;
    E.Column = Config.DisabledModels.front().Column;
    E.Message = "'disable_models' has no effect next to 'models', which "
                "already names every model to use";
    return E;
  }
  return Config;
}

static ConfigError errorAtName(const RoleConfig &Config,
                               const ConfiguredName &N, std::string Message) {
  ConfigError E;
  E.Path = Config.Path;
  E.Line = N.Line;
  E.Column = N.Column;
  E.Message = std::move(Message);
  return E;
}

std::optional<ConfigError> resolveModels(
    RoleConfig &Config,
    const std::vector<std::shared_ptr<const RuntimeModel>> *Builtin) {
  std::vector<std::shared_ptr<const RuntimeModel>> Available;
  if (!Builtin) {
    const auto &Shipped = builtinModels();
    if (const auto *Err = std::get_if<ConfigError>(&Shipped))
      return *Err;
    Builtin = &std::get<0>(Shipped);
  }
  Available = *Builtin;
  // A project's own models, relative to the configuration file.
  for (const ConfiguredName &Dir : Config.ModelDirs) {
    llvm::SmallString<256> Path(Dir.Name);
    if (!llvm::sys::path::is_absolute(Path) && !Config.Path.empty()) {
      Path = llvm::sys::path::parent_path(Config.Path);
      llvm::sys::path::append(Path, Dir.Name);
    }
    if (!llvm::sys::fs::is_directory(Path))
      return errorAtName(Config, Dir,
                         "model directory '" + std::string(Path) +
                             "' does not exist");
    auto Loaded = loadModelDirectory(Path);
    if (auto *Err = std::get_if<ConfigError>(&Loaded))
      return *Err;
    for (auto &Model : std::get<0>(Loaded)) {
      for (const auto &Other : Available)
        if (Other->Name == Model->Name)
          return errorAtName(Config, Dir,
                             "model '" + Model->Name + "' of " + Model->Path +
                                 " is also defined in " + Other->Path);
      Available.push_back(std::move(Model));
    }
  }
  auto Find = [&](llvm::StringRef Name) -> std::shared_ptr<const RuntimeModel> {
    for (const auto &M : Available)
      if (M->Name == Name)
        return M;
    return nullptr;
  };
  auto KnownNames = [&] {
    std::string S;
    for (const auto &M : Available)
      S += (S.empty() ? "" : ", ") + M->Name;
    return S;
  };
  for (const auto *List : {&Config.ListedModels, &Config.DisabledModels})
    for (const ConfiguredName &N : *List)
      if (!Find(N.Name))
        return errorAtName(Config, N,
                           "unknown model '" + N.Name + "' (known models: " +
                               KnownNames() + ")");
  Config.Models.clear();
  if (Config.ModelsListed) {
    for (const ConfiguredName &N : Config.ListedModels)
      if (auto M = Find(N.Name);
          std::find(Config.Models.begin(), Config.Models.end(), M) ==
          Config.Models.end())
        Config.Models.push_back(M);
    return std::nullopt;
  }
  for (const auto &M : Available) {
    bool Disabled = false;
    for (const ConfiguredName &N : Config.DisabledModels)
      Disabled = Disabled || N.Name == M->Name;
    if (!Disabled)
      Config.Models.push_back(M);
  }
  return std::nullopt;
}

std::variant<YAML::Node, ConfigError> loadYaml(llvm::StringRef Text,
                                               llvm::StringRef Path) {
  // YAML is UTF-8 text; yaml-cpp would pass other bytes on into names that
  // can match no declaration.
  const auto *Begin = reinterpret_cast<const llvm::UTF8 *>(Text.begin());
  const auto *End = reinterpret_cast<const llvm::UTF8 *>(Text.end());
  const llvm::UTF8 *Bad = Begin;
  bool Utf8 = llvm::isLegalUTF8String(&Bad, End);
  // Nor does YAML allow control characters other than tab and line breaks.
  size_t Control = Text.find_if([](char C) {
    unsigned char U = static_cast<unsigned char>(C);
    return (U < 0x20 && C != '\t' && C != '\n' && C != '\r') || U == 0x7f;
  });
  if (!Utf8 || Control != llvm::StringRef::npos) {
    size_t Offset = std::min<size_t>(Bad - Begin, Control);
    llvm::StringRef Before = Text.take_front(Offset);
    size_t LineStart = Before.rfind('\n');
    ConfigError E;
    E.Path = Path.str();
    E.Line = unsigned(Before.count('\n')) + 1;
    E.Column = unsigned(LineStart == llvm::StringRef::npos
                            ? Before.size() + 1
                            : Before.size() - LineStart);
    E.Message = Offset == Control
                    ? "control character 0x" +
                          twoHexDigits(static_cast<unsigned char>(Text[Offset])) +
                          " is not allowed in YAML"
                    : "not valid UTF-8";
    return E;
  }
  try {
    return YAML::Load(Text.str());
  } catch (const YAML::Exception &E) {
    return yamlError(Path, E.mark, "malformed YAML: " + E.msg);
  }
}

std::variant<std::string, ConfigError> readConfigFile(llvm::StringRef Path,
                                                      llvm::StringRef What) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer) {
    ConfigError E;
    E.Path = Path.str();
    E.Message = "cannot read " + What.str() + ": " +
                Buffer.getError().message();
    return E;
  }
  return (*Buffer)->getBuffer().str();
}

std::variant<RoleConfig, ConfigError> loadRoleConfig(llvm::StringRef Path) {
  auto Text = readConfigFile(Path, "configuration");
  if (auto *Err = std::get_if<ConfigError>(&Text))
    return *Err;
  return parseRoleConfig(std::get<std::string>(Text), Path);
}

std::string findRoleConfigFile(llvm::StringRef Dir) {
  llvm::SmallString<256> Current(Dir);
  llvm::sys::fs::make_absolute(Current);
  while (!Current.empty()) {
    llvm::SmallString<256> Candidate(Current);
    llvm::sys::path::append(Candidate, ".corolint.yaml");
    if (llvm::sys::fs::is_regular_file(Candidate))
      return std::string(Candidate);
    llvm::StringRef Parent = llvm::sys::path::parent_path(Current);
    if (Parent == Current)
      break;
    Current = Parent;
  }
  return "";
}

std::shared_ptr<const std::variant<RoleConfig, ConfigError>>
configForFile(llvm::StringRef ExplicitPath, llvm::StringRef AnalysedFile) {
  // Checks run once per translation unit and all want the same file; cache
  // by path so a project of N files reads its configuration once.
  static std::mutex Mutex;
  static std::map<std::string,
                  std::shared_ptr<const std::variant<RoleConfig, ConfigError>>>
      Cache;
  std::string Path = ExplicitPath.str();
  if (Path.empty())
    Path = findRoleConfigFile(llvm::sys::path::parent_path(AnalysedFile));
  std::lock_guard<std::mutex> Lock(Mutex);
  auto &Slot = Cache[Path];
  if (!Slot) {
    auto Loaded = Path.empty()
                      ? std::variant<RoleConfig, ConfigError>(RoleConfig{})
                      : loadRoleConfig(Path);
    if (auto *Config = std::get_if<RoleConfig>(&Loaded))
      if (auto Err = resolveModels(*Config))
        Loaded = *Err;
    Slot = std::make_shared<std::variant<RoleConfig, ConfigError>>(
        std::move(Loaded));
  }
  return Slot;
}

//===----------------------------------------------------------------------===//
// Annotations
//===----------------------------------------------------------------------===//

static RoleSet rolesFromAttrs(const Decl *D) {
  RoleSet Set;
  for (const auto *A : D->specific_attrs<AnnotateAttr>()) {
    llvm::StringRef Text = A->getAnnotation();
    if (Text.consume_front("corolint::"))
      if (auto R = parseRole(Text))
        Set.add(*R);
  }
  return Set;
}

RoleSet annotatedRoles(const Decl *D) {
  RoleSet Set;
  if (!D)
    return Set;
  for (const Decl *Redecl : D->redecls())
    Set.add(rolesFromAttrs(Redecl));
  if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
    if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
      if (Pattern != FD)
        Set.add(annotatedRoles(Pattern));
    if (const FunctionTemplateDecl *T = FD->getPrimaryTemplate())
      Set.add(rolesFromAttrs(T));
    if (const FunctionTemplateDecl *T = FD->getDescribedFunctionTemplate())
      Set.add(rolesFromAttrs(T));
  } else if (const auto *RD = dyn_cast<CXXRecordDecl>(D)) {
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD)) {
      Set.add(annotatedRoles(Spec->getSpecializedTemplate()));
      Set.add(annotatedRoles(
          Spec->getSpecializedTemplate()->getTemplatedDecl()));
    }
    if (const ClassTemplateDecl *T = RD->getDescribedClassTemplate())
      Set.add(rolesFromAttrs(T));
  }
  return Set;
}

//===----------------------------------------------------------------------===//
// Built-in table: the standard library and POSIX
//===----------------------------------------------------------------------===//

namespace {
struct BuiltinEntry {
  const char *Name;
  Role R;
};
} // namespace

// Kept as data so docs/roles.md can list exactly this table.
static const BuiltinEntry BuiltinTable[] = {
#define COROLINT_BUILTIN_ROLE(NAME, ROLE) {NAME, Role::ROLE},
#include "BuiltinRoles.def"
};

RoleSet builtinRoles(llvm::StringRef QualifiedName) {
  static const llvm::StringMap<RoleSet> Table = [] {
    llvm::StringMap<RoleSet> M;
    for (const BuiltinEntry &E : BuiltinTable)
      M[E.Name].add(E.R);
    return M;
  }();
  auto It = Table.find(QualifiedName);
  return It == Table.end() ? RoleSet() : It->second;
}

//===----------------------------------------------------------------------===//
// Lookup
//===----------------------------------------------------------------------===//

RoleSet RoleLookup::rolesOf(const Decl *D) const {
  if (!D)
    return RoleSet();
  if (auto It = Memo.find(D); It != Memo.end())
    return It->second;
  RoleSet Set = computeRolesOf(D); // may itself consult the lookup
  Memo[D] = Set;
  return Set;
}

llvm::StringRef roleSourceName(RoleSource S) {
  switch (S) {
  case RoleSource::Annotation:
    return "annotation";
  case RoleSource::Configuration:
    return "configuration";
  case RoleSource::Model:
    return "model";
  case RoleSource::Builtin:
    return "built-in";
  }
  return "";
}

RoleLookup::RoleLookup(std::shared_ptr<const RoleConfig> Config,
                       std::vector<std::shared_ptr<const RuntimeModel>> Models)
    : Config(std::move(Config)), Models(std::move(Models)) {
  for (const auto &Model : this->Models)
    for (const RuntimeModel::Entry &E : Model->Entries) {
      if (E.Absolute) {
        ModelNames[E.RelativeName].push_back({E.Roles, Model.get(), E.Line});
        continue;
      }
      for (const std::string &NS : Model->Namespaces)
        ModelNames[NS + "::" + E.RelativeName].push_back(
            {E.Roles, Model.get(), E.Line});
    }
}

void RoleLookup::forEachSource(
    const Decl *D,
    llvm::function_ref<void(RoleSet, RoleSource, llvm::StringRef)> Found)
    const {
  if (RoleSet Annotated = annotatedRoles(D); !Annotated.empty())
    Found(Annotated, RoleSource::Annotation, "");
  const auto *ND = dyn_cast_or_null<NamedDecl>(D);
  if (!ND)
    return;
  std::string Name = roleQualifiedName(ND);
  if (Config) {
    if (auto It = Config->Names.find(Name); It != Config->Names.end()) {
      auto Line = Config->NameLines.lookup(Name);
      Found(It->second, RoleSource::Configuration,
            Config->Path + (Line ? ":" + std::to_string(Line) : ""));
    }
  }
  if (auto It = ModelNames.find(Name); It != ModelNames.end())
    for (const ModelRow &Row : It->second)
      Found(Row.Roles, RoleSource::Model,
            Row.Model->Name + ", " + Row.Model->Path + ":" +
                std::to_string(Row.Line));
  // Global-scope rows of the built-in table are POSIX/C functions: only a
  // C-linkage declaration is the real one (a user's own `write` is not).
  bool GlobalName = llvm::StringRef(Name).find("::") == llvm::StringRef::npos;
  const auto *FD = dyn_cast<FunctionDecl>(ND);
  if (!GlobalName || (FD && FD->isExternC()))
    if (RoleSet Builtin = builtinRoles(Name); !Builtin.empty())
      Found(Builtin, RoleSource::Builtin, "");
}

RoleSet RoleLookup::computeRolesOf(const Decl *D) const {
  RoleSet Set;
  forEachSource(D, [&](RoleSet Roles, RoleSource, llvm::StringRef) {
    Set.add(Roles);
  });
  return Set;
}

std::vector<RoleOrigin> RoleLookup::origins(const Decl *D) const {
  std::vector<RoleOrigin> Result;
  if (!D)
    return Result;
  forEachSource(D, [&](RoleSet Roles, RoleSource Source,
                       llvm::StringRef Where) {
    for (unsigned I = 0; I < NumRoles; ++I)
      if (Roles.has(Role(I)))
        Result.push_back({Role(I), Source, Where.str()});
  });
  return Result;
}

const CXXRecordDecl *roleClassOfType(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  return T->getAsCXXRecordDecl();
}

/// Calls \p Visit on \p RD and, when it is defined, on each of its bases: a
/// role on a base class describes the derived class too (`struct my_cancel :
/// aio::cancelled_error`).
template <class VisitT>
static void forClassAndBases(const CXXRecordDecl &RD, VisitT Visit) {
  Visit(&RD);
  if (RD.hasDefinition())
    RD.forallBases([&](const CXXRecordDecl *Base) {
      Visit(Base);
      return true;
    });
}

RoleSet RoleLookup::rolesOfType(QualType T) const {
  RoleSet Set;
  if (const CXXRecordDecl *RD = roleClassOfType(T))
    forClassAndBases(*RD, [&](const CXXRecordDecl *C) { Set.add(rolesOf(C)); });
  return Set;
}

std::vector<RoleOrigin> RoleLookup::originsOfType(QualType T) const {
  std::vector<RoleOrigin> All;
  if (const CXXRecordDecl *RD = roleClassOfType(T))
    forClassAndBases(*RD, [&](const CXXRecordDecl *C) {
      for (RoleOrigin &O : origins(C))
        All.push_back(std::move(O));
    });
  return All;
}

} // namespace clang::tidy::corolint::analysis
