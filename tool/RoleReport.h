//===----------------------------------------------------------------------===//
//
// What the role vocabulary resolves to in a project, for people configuring
// corolint: `--print-roles FILE` lists every call, construction and type use
// in the file that resolves to a role and through which source; with
// `--warn-unused-roles`, names of `.corolint.yaml` and of a project's own
// model files that match no declaration in the analysed files are reported.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_ROLEREPORT_H
#define COROLINT_TOOL_ROLEREPORT_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace corolint {

/// How to parse the files the reports read.
struct RoleReportOptions {
  std::string ConfigFile;  ///< `--config`, or "" for the nearest file
  std::string ResourceDir; ///< Clang's resource directory
};

/// Prints to \p Out one line per use of a declaration with roles in the
/// main file of \p File:
///   FILE:LINE:COL: call of 'asio::co_spawn': spawn (model asio, DIR/asio.yaml:24)
/// after a first line naming the models in force.
/// Returns false (with \p Error set) when the file cannot be parsed.
bool printRoles(const std::string &File,
                const clang::tooling::CompilationDatabase &Database,
                const RoleReportOptions &Options, llvm::raw_ostream &Out,
                std::string &Error);

/// A configured name that matched nothing.
struct UnusedRoleName {
  std::string Where; ///< "FILE:LINE" of the row
  std::string Name;  ///< the full name as the row gives it
};

/// Collects, over the analysed files, which configured names (rows of
/// `.corolint.yaml` and of `model_dirs` models; not the shipped models,
/// whose names a project uses only a part of) match a declaration.
class RoleUsage {
public:
  /// Parses \p File and records the names its translation unit declares.
  bool addFile(const std::string &File,
               const clang::tooling::CompilationDatabase &Database,
               const RoleReportOptions &Options, std::string &Error);
  /// The configured names no analysed file declares, sorted by place.
  std::vector<UnusedRoleName> unused() const;

private:
  /// Every configured name seen, with its row.
  std::map<std::string, std::string> Configured;
  std::set<std::string> Declared;
};

} // namespace corolint

#endif
