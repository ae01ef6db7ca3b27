//===----------------------------------------------------------------------===//
//
// The role vocabulary: how corolint learns what a runtime's API means.
//
// A role says what a function or class does in async terms (it blocks the
// thread, it runs an event loop, it spawns a task, ...). Roles come from three
// places, merged:
//   1. [[clang::annotate("corolint::ROLE")]] on the declaration (or on the
//      class or template it belongs to) -- how aio describes itself;
//   2. `.corolint.yaml`, which maps fully qualified names to roles -- how
//      other runtimes (Asio, cppcoro, folly::coro, ...) are described;
//   3. the built-in table for the C++ standard library and POSIX.
// See docs/roles.md for the user-facing description.
//
// This file never emits diagnostics: it derives facts that checks word.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_ROLES_H
#define COROLINT_CHECKS_ANALYSIS_ROLES_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace clang::tidy::corolint::analysis {

/// One entry of the role vocabulary (RoleList.def; docs/roles.md).
enum class Role : std::uint8_t {
#define COROLINT_ROLE(ENUMERATOR, SPELLING, MEANING) ENUMERATOR,
#include "RoleList.def"
};
inline constexpr unsigned NumRoles = 0
#define COROLINT_ROLE(ENUMERATOR, SPELLING, MEANING) +1
#include "RoleList.def"
    ;
static_assert(NumRoles <= 16, "RoleSet holds 16 roles");

/// The spelling used in annotations and YAML ("needs_timeout", ...).
llvm::StringRef roleName(Role R);
/// The one-line meaning of \p R, as RoleList.def states it.
llvm::StringRef roleMeaning(Role R);
/// Parses a role spelling; std::nullopt when it is not a role.
std::optional<Role> parseRole(llvm::StringRef Name);

/// A small set of roles.
class RoleSet {
public:
  RoleSet() = default;
  /*implicit*/ RoleSet(Role R) { add(R); }
  void add(Role R) { Bits |= bit(R); }
  void add(RoleSet Other) { Bits |= Other.Bits; }
  bool has(Role R) const { return (Bits & bit(R)) != 0; }
  bool empty() const { return Bits == 0; }
  bool operator==(const RoleSet &) const = default;

private:
  static std::uint16_t bit(Role R) { return std::uint16_t(1u << unsigned(R)); }
  std::uint16_t Bits = 0;
};

/// The qualified name of \p D as users write it in `.corolint.yaml`:
/// namespaces and classes joined by "::", template arguments, inline and
/// anonymous namespaces dropped (`std::future<int>::get` -> `std::future::get`,
/// `std::__1::mutex::lock` -> `std::mutex::lock`).
std::string roleQualifiedName(const NamedDecl *D);

struct RuntimeModel; // RuntimeModels.h

/// A name written in a configuration file, with where it was written.
struct ConfiguredName {
  std::string Name;
  unsigned Line = 0;
  unsigned Column = 0;
};

/// What a `.corolint.yaml` file says: qualified name -> roles, and which
/// runtime models (RuntimeModels.h) to consider.
struct RoleConfig {
  std::string Path; ///< the file it was read from ("" for none)
  llvm::StringMap<RoleSet> Names;
  /// The line of each name of `Names` in the file, for messages.
  llvm::StringMap<unsigned> NameLines;

  /// `models:`, `disable_models:` and `model_dirs:` as written.
  std::vector<ConfiguredName> ListedModels, DisabledModels, ModelDirs;
  /// True when `models:` is present: exactly those models apply, whatever
  /// the translation unit declares.
  bool ModelsListed = false;
  /// The models to consider, filled by resolveModels: the listed ones, or
  /// every shipped and `model_dirs` model not disabled.
  std::vector<std::shared_ptr<const RuntimeModel>> Models;
};

/// \p Text with control characters escaped (`\n`, `\x01`): a message that
/// quotes the user's text stays one line.
std::string printable(llvm::StringRef Text);

/// A problem in a configuration file, located for the user.
struct ConfigError {
  std::string Path;
  unsigned Line = 0; ///< 1-based; 0 when unknown
  unsigned Column = 0;
  std::string Message;
  /// "path:line:col: message", the form editors and terminals link.
  std::string str() const;
};

/// Parses the text of a `.corolint.yaml` file (\p Path is for messages).
/// On malformed input returns the first problem, located by line and column.
std::variant<RoleConfig, ConfigError> parseRoleConfig(llvm::StringRef Text,
                                                      llvm::StringRef Path);
/// Reads and parses \p Path.
std::variant<RoleConfig, ConfigError> loadRoleConfig(llvm::StringRef Path);

/// Fills \p Config.Models from the shipped models (\p Builtin; by default
/// builtinModels()) and the `model_dirs` of the file, as `models:` and
/// `disable_models:` select them. An unknown model name, an unreadable
/// directory or a malformed model file is an error naming file and line.
std::optional<ConfigError> resolveModels(
    RoleConfig &Config,
    const std::vector<std::shared_ptr<const RuntimeModel>> *Builtin = nullptr);

/// Finds `.corolint.yaml` in \p Dir or its nearest ancestor; "" if none.
std::string findRoleConfigFile(llvm::StringRef Dir);

/// Loads (once per process, thread-safe) the configuration that applies to a
/// file: \p ExplicitPath if given, else the nearest `.corolint.yaml` above
/// \p AnalysedFile, with its models resolved. No file at all is not an
/// error: the result has no names and considers every shipped model.
std::shared_ptr<const std::variant<RoleConfig, ConfigError>>
configForFile(llvm::StringRef ExplicitPath, llvm::StringRef AnalysedFile);

/// Where a role of a declaration comes from.
enum class RoleSource { Annotation, Configuration, Model, Builtin };
/// "annotation", "configuration", "model", "built-in".
llvm::StringRef roleSourceName(RoleSource S);

/// One role of a declaration and its source, for `corolint --print-roles`.
struct RoleOrigin {
  Role R;
  RoleSource Source;
  /// Where the row is: "FILE:LINE" of a configuration, "MODEL, FILE:LINE"
  /// of a model; "" for annotations and built-ins.
  std::string Where;
};

/// Answers "which roles does this declaration carry?" for one translation
/// unit, merging annotations, the configuration, the runtime models that
/// apply to the unit and the built-in table. The answer for a declaration is
/// computed once (its qualified name is built once) and remembered for the
/// lifetime of the lookup.
/// The class whose roles a value of type \p T has: T itself, or what a
/// reference or pointer refers to; nullptr for other types.
const CXXRecordDecl *roleClassOfType(QualType T);

class RoleLookup {
public:
  explicit RoleLookup(
      std::shared_ptr<const RoleConfig> Config,
      std::vector<std::shared_ptr<const RuntimeModel>> Models = {});

  /// Every role of \p D with its source (the same roles rolesOf gives).
  std::vector<RoleOrigin> origins(const Decl *D) const;
  /// The models this lookup consults.
  const std::vector<std::shared_ptr<const RuntimeModel>> &models() const {
    return Models;
  }

  /// Roles of a function, method or class. For methods and constructors the
  /// roles of the enclosing class's annotation are *not* inherited (a class
  /// role describes objects of the class, not its methods).
  RoleSet rolesOf(const Decl *D) const;
  bool has(const Decl *D, Role R) const { return rolesOf(D).has(R); }

  /// Roles of the class behind \p T (through references, pointers and
  /// typedefs), for class roles such as async_lock, timeout, cancellation.
  /// A role on a base class describes the derived class too.
  RoleSet rolesOfType(QualType T) const;
  /// The sources of rolesOfType(T): the class's and its bases' origins.
  std::vector<RoleOrigin> originsOfType(QualType T) const;

private:
  RoleSet computeRolesOf(const Decl *D) const;
  /// Calls \p Found(roles, source, where) for each source that gives \p D
  /// roles.
  void forEachSource(
      const Decl *D,
      llvm::function_ref<void(RoleSet, RoleSource, llvm::StringRef)> Found)
      const;

  std::shared_ptr<const RoleConfig> Config;
  std::vector<std::shared_ptr<const RuntimeModel>> Models;
  /// A row of an applicable model, under its full name.
  struct ModelRow {
    RoleSet Roles;
    const RuntimeModel *Model;
    unsigned Line;
  };
  llvm::StringMap<llvm::SmallVector<ModelRow, 1>> ModelNames;
  mutable llvm::DenseMap<const Decl *, RoleSet> Memo;
};

/// Roles that [[clang::annotate("corolint::...")]] gives \p D directly
/// (looking through redeclarations and template patterns).
RoleSet annotatedRoles(const Decl *D);

/// The built-in roles of the C++ standard library and POSIX for a name as
/// returned by roleQualifiedName.
RoleSet builtinRoles(llvm::StringRef QualifiedName);

} // namespace clang::tidy::corolint::analysis

#endif
