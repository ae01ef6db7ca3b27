//===----------------------------------------------------------------------===//
//
// Runtime models: what a coroutine runtime's API means, as data.
//
// A model describes one runtime (Asio, cppcoro, seastar, ...) in the role
// vocabulary, in a YAML file shipped beside corolint (`models/*.yaml` in the
// source tree, `share/corolint/models/` beside the binaries):
//
//   model: asio
//   runtime: Asio and Boost.Asio, C++20 coroutines
//   version: Asio 1.28, Boost 1.81
//   namespaces: [asio, boost::asio]
//   roles:
//     io_context::run: runner
//     co_spawn: spawn
//
// Role names are written relative to each of `namespaces`: the row above
// gives `asio::io_context::run` and `boost::asio::io_context::run` the role
// `runner`; a name with a leading `::` is a full name of its own
// (`::folly::OperationCancelled` in the folly::coro model). A model applies to a translation unit automatically when one of
// its namespaces is declared there; `.corolint.yaml` can list the models to
// use (`models: [asio]`) or turn some off (`disable_models: [seastar]`), and
// add directories of a project's own models (`model_dirs: [tools/models]`).
//
// This file never emits diagnostics.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_RUNTIMEMODELS_H
#define COROLINT_CHECKS_ANALYSIS_RUNTIMEMODELS_H

#include "Roles.h"

#include "clang/AST/ASTContext.h"

#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace clang::tidy::corolint::analysis {

/// One runtime model, as read from its file.
struct RuntimeModel {
  std::string Name;        ///< `model:`, the name `.corolint.yaml` uses
  std::string Runtime;     ///< `runtime:`, what it describes, for people
  std::string Version;     ///< `version:`, the library version it follows
  std::string Path;        ///< the file it was read from
  /// `namespaces:`: where the runtime's names live ("asio", "boost::asio").
  std::vector<std::string> Namespaces;
  /// One row of `roles:`, with its name relative to the namespaces.
  struct Entry {
    std::string RelativeName; ///< or the full name, when Absolute
    RoleSet Roles;
    unsigned Line = 0;
    /// Written with a leading `::`: a full name, not under the namespaces.
    bool Absolute = false;
  };
  std::vector<Entry> Entries;
};

/// Parses the text of a model file (\p Path is for messages).
std::variant<RuntimeModel, ConfigError> parseRuntimeModel(llvm::StringRef Text,
                                                          llvm::StringRef Path);

/// Every `*.yaml` model in \p Dir, sorted by name; the first problem (an
/// unreadable or malformed file, two models of one name) is an error.
std::variant<std::vector<std::shared_ptr<const RuntimeModel>>, ConfigError>
loadModelDirectory(llvm::StringRef Dir);

/// The directory of the models shipped with corolint: `share/corolint/models`
/// beside the directory of the binary holding this code (the plugin in
/// `lib/`, the tool in `bin/`). The environment variable
/// `COROLINT_MODELS_DIR` overrides it.
std::string builtinModelsDirectory();

/// The shipped models, read once per process.
const std::variant<std::vector<std::shared_ptr<const RuntimeModel>>,
                   ConfigError> &
builtinModels();

/// True when the namespace \p QualifiedNamespace ("boost::asio") is declared
/// in the translation unit of \p Ctx (through inline namespaces).
bool declaresNamespace(ASTContext &Ctx, llvm::StringRef QualifiedNamespace);

/// The models of \p Config that apply to the translation unit of \p Ctx:
/// those `models:` names, or, without that key, every model whose namespace
/// the unit declares.
std::vector<std::shared_ptr<const RuntimeModel>>
applicableModels(const RoleConfig &Config, ASTContext &Ctx);

} // namespace clang::tidy::corolint::analysis

#endif
