//===----------------------------------------------------------------------===//
//
// Role lookup: annotations, `.corolint.yaml`, and the built-in table.
//
//===----------------------------------------------------------------------===//

#include "Roles.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <yaml-cpp/yaml.h>

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

std::string ConfigError::str() const {
  std::string S = Path;
  if (Line) {
    S += ":" + std::to_string(Line);
    if (Column)
      S += ":" + std::to_string(Column);
  }
  return S + ": " + Message;
}

static ConfigError errorAt(llvm::StringRef Path, const YAML::Mark &M,
                           std::string Message) {
  ConfigError E;
  E.Path = Path.str();
  if (M.line >= 0) {
    E.Line = unsigned(M.line) + 1;
    E.Column = unsigned(M.column) + 1;
  }
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
    return errorAt(Path, Value.Mark(),
                   "expected a role name or a list of role names");
  auto R = parseRole(Value.Scalar());
  if (!R)
    return errorAt(Path, Value.Mark(),
                   "unknown role '" + Value.Scalar() +
                       "' (valid roles: " + validRoleList() + ")");
  Into.add(*R);
  return std::nullopt;
}

std::variant<RoleConfig, ConfigError> parseRoleConfig(llvm::StringRef Text,
                                                      llvm::StringRef Path) {
  RoleConfig Config;
  Config.Path = Path.str();
  YAML::Node Root;
  try {
    Root = YAML::Load(Text.str());
  } catch (const YAML::Exception &E) {
    return errorAt(Path, E.mark, "malformed YAML: " + E.msg);
  }
  if (Root.IsNull())
    return Config; // an empty file describes nothing
  if (!Root.IsMap())
    return errorAt(Path, Root.Mark(),
                   "expected a mapping with the key 'roles'");
  for (const auto &Entry : Root) {
    const std::string Key = Entry.first.as<std::string>("");
    if (Key != "roles")
      return errorAt(Path, Entry.first.Mark(),
                     "unknown key '" + Key + "' (expected 'roles')");
    const YAML::Node &Roles = Entry.second;
    if (Roles.IsNull())
      continue;
    if (!Roles.IsMap())
      return errorAt(Path, Roles.Mark(),
                     "'roles' must map qualified names to roles, e.g. "
                     "'asio::io_context::run: runner'");
    for (const auto &Item : Roles) {
      if (!Item.first.IsScalar() || Item.first.Scalar().empty())
        return errorAt(Path, Item.first.Mark(),
                       "expected a qualified name such as 'ns::function'");
      llvm::StringRef Name = Item.first.Scalar();
      Name.consume_front("::");
      RoleSet Set;
      if (Item.second.IsSequence()) {
        if (Item.second.size() == 0)
          return errorAt(Path, Item.second.Mark(),
                         "empty role list for '" + Name.str() + "'");
        for (const auto &V : Item.second)
          if (auto Err = addRole(Path, V, Set))
            return *Err;
      } else if (auto Err = addRole(Path, Item.second, Set)) {
        return *Err;
      }
      Config.Names[Name].add(Set);
    }
  }
  return Config;
}

std::variant<RoleConfig, ConfigError> loadRoleConfig(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer) {
    ConfigError E;
    E.Path = Path.str();
    E.Message = "cannot read configuration: " + Buffer.getError().message();
    return E;
  }
  return parseRoleConfig((*Buffer)->getBuffer(), Path);
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
    if (Path.empty())
      Slot = std::make_shared<std::variant<RoleConfig, ConfigError>>(
          RoleConfig{});
    else
      Slot = std::make_shared<std::variant<RoleConfig, ConfigError>>(
          loadRoleConfig(Path));
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

RoleSet RoleLookup::computeRolesOf(const Decl *D) const {
  RoleSet Set = annotatedRoles(D);
  const auto *ND = dyn_cast_or_null<NamedDecl>(D);
  if (!ND)
    return Set;
  std::string Name = roleQualifiedName(ND);
  if (Config) {
    auto It = Config->Names.find(Name);
    if (It != Config->Names.end())
      Set.add(It->second);
  }
  // Global-scope rows of the built-in table are POSIX/C functions: only a
  // C-linkage declaration is the real one (a user's own `write` is not).
  bool GlobalName = llvm::StringRef(Name).find("::") == llvm::StringRef::npos;
  const auto *FD = dyn_cast<FunctionDecl>(ND);
  if (!GlobalName || (FD && FD->isExternC()))
    Set.add(builtinRoles(Name));
  return Set;
}

RoleSet RoleLookup::rolesOfType(QualType T) const {
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return RoleSet();
  RoleSet Set = rolesOf(RD);
  // A role on a base class describes the derived class too
  // (`struct my_cancel : aio::cancelled_error`).
  if (RD->hasDefinition())
    RD->forallBases([&](const CXXRecordDecl *Base) {
      Set.add(rolesOf(Base));
      return true;
    });
  return Set;
}

} // namespace clang::tidy::corolint::analysis
