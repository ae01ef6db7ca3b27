//===----------------------------------------------------------------------===//
//
// From the command line to (files, compilation database): `-p <build-dir>`,
// an auto-discovered compile_commands.json, or flags after `--`; directories
// expand to the C++ files under them.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_INPUTS_H
#define COROLINT_TOOL_INPUTS_H

#include "clang/Tooling/CompilationDatabase.h"

#include <memory>
#include <string>
#include <vector>

namespace corolint {

struct Inputs {
  std::vector<std::string> Files; ///< absolute, sorted, unique
  std::unique_ptr<clang::tooling::CompilationDatabase> Database;
  std::string DatabaseDescription; ///< for messages: where it came from
  /// The compile_commands.json or compile_flags.txt used ("" for flags
  /// after --); the default cache lives beside it.
  std::string DatabaseFile;
  /// C++ files under a directory argument that the database does not list.
  std::vector<std::string> NotInDatabase;
  /// Header files named on the command line: analysed only through the
  /// sources that include them, so skipped.
  std::vector<std::string> SkippedHeaders;
};

/// Resolves \p Paths into files and a database. \p BuildPath is `-p`'s value
/// ("" if absent); \p FixedDatabase holds the flags after `--`, if any.
/// On failure returns nullptr Database and sets \p Error to one line.
Inputs resolveInputs(const std::vector<std::string> &Paths,
                     const std::string &BuildPath,
                     std::unique_ptr<clang::tooling::CompilationDatabase>
                         FixedDatabase,
                     std::string &Error);

/// True for the file extensions corolint analyses (.cpp .cc .cxx .c++ .C).
bool isCppSource(llvm::StringRef Path);
/// True for C++ header extensions (.h .hh .hpp .hxx .h++ .inl .ipp).
bool isCppHeader(llvm::StringRef Path);

/// Loads `compile_commands.json` (\p Path) or `compile_flags.txt`; on
/// failure returns nullptr and sets \p Error to one line naming the file.
std::unique_ptr<clang::tooling::CompilationDatabase>
loadDatabaseFile(const std::string &Path, std::string &Error);

} // namespace corolint

#endif
