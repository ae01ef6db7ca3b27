//===----------------------------------------------------------------------===//
//
// Command-line inputs: files, directories and compilation databases.
//
//===----------------------------------------------------------------------===//

#include "Inputs.h"

#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>

namespace corolint {

using namespace clang::tooling;

bool isCppSource(llvm::StringRef Path) {
  llvm::StringRef Ext = llvm::sys::path::extension(Path);
  return Ext == ".cpp" || Ext == ".cc" || Ext == ".cxx" || Ext == ".c++" ||
         Ext == ".C";
}

static std::string absolute(llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

/// The compile_commands.json nearest above \p Path (also looking in a
/// `build/` directory beside each ancestor, the usual CMake layout).
static std::unique_ptr<CompilationDatabase>
discoverDatabase(llvm::StringRef Path, std::string &Where) {
  llvm::SmallString<256> Dir(absolute(Path));
  if (!llvm::sys::fs::is_directory(Dir))
    llvm::sys::path::remove_filename(Dir);
  while (!Dir.empty()) {
    for (llvm::StringRef Sub : {"", "build"}) {
      llvm::SmallString<256> Candidate(Dir);
      if (!Sub.empty())
        llvm::sys::path::append(Candidate, Sub);
      llvm::SmallString<256> Json(Candidate);
      llvm::sys::path::append(Json, "compile_commands.json");
      if (!llvm::sys::fs::exists(Json))
        continue;
      std::string Error;
      auto DB = JSONCompilationDatabase::loadFromFile(
          Json, Error, JSONCommandLineSyntax::AutoDetect);
      if (DB) {
        Where = std::string(Json);
        // As with -p: files the database does not list (headers, new
        // files) get the command of their closest listed neighbour.
        return inferMissingCompileCommands(std::move(DB));
      }
    }
    llvm::StringRef Parent = llvm::sys::path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return nullptr;
}

/// Files under \p Dir: from the database when it lists files (so only
/// what the build compiles), else every C++ source found on disk.
static std::vector<std::string> filesUnder(llvm::StringRef Dir,
                                           const CompilationDatabase *DB) {
  std::vector<std::string> Files;
  std::string Prefix = absolute(Dir);
  if (!llvm::StringRef(Prefix).ends_with("/"))
    Prefix += "/";
  if (DB) {
    for (const std::string &F : DB->getAllFiles())
      if (llvm::StringRef(absolute(F)).starts_with(Prefix) && isCppSource(F))
        Files.push_back(absolute(F));
    if (!Files.empty())
      return Files;
  }
  std::error_code EC;
  for (llvm::sys::fs::recursive_directory_iterator It(Dir, EC), End;
       It != End && !EC; It.increment(EC)) {
    llvm::StringRef Name = llvm::sys::path::filename(It->path());
    if (It->type() == llvm::sys::fs::file_type::directory_file &&
        (Name.starts_with(".") || Name.starts_with("build"))) {
      It.no_push(); // hidden directories and build trees are not sources
      continue;
    }
    if (It->type() != llvm::sys::fs::file_type::directory_file &&
        isCppSource(It->path()))
      Files.push_back(absolute(It->path()));
  }
  return Files;
}

Inputs resolveInputs(const std::vector<std::string> &Paths,
                     const std::string &BuildPath,
                     std::unique_ptr<CompilationDatabase> FixedDatabase,
                     std::string &Error) {
  Inputs In;
  if (Paths.empty()) {
    Error = "no input files or directories (see --help)";
    return In;
  }
  for (const std::string &P : Paths)
    if (!llvm::sys::fs::exists(P)) {
      Error = "no such file or directory: '" + P + "'";
      return In;
    }

  if (FixedDatabase) {
    In.Database = std::move(FixedDatabase);
    In.DatabaseDescription = "the flags after --";
  } else if (!BuildPath.empty()) {
    std::string LoadError;
    In.Database = CompilationDatabase::autoDetectFromDirectory(BuildPath,
                                                               LoadError);
    if (!In.Database) {
      Error = "cannot load a compilation database from '" + BuildPath +
              "': " + LoadError;
      return In;
    }
    In.DatabaseDescription = BuildPath + "/compile_commands.json";
  } else {
    In.Database = discoverDatabase(Paths.front(), In.DatabaseDescription);
    if (!In.Database) {
      Error = "no compilation database found above '" + Paths.front() +
              "'; pass -p <build-dir> or compiler flags after --";
      return In;
    }
  }

  llvm::StringSet<> Seen;
  for (const std::string &P : Paths) {
    std::vector<std::string> Found;
    if (llvm::sys::fs::is_directory(P)) {
      Found = filesUnder(P, In.Database.get());
      if (Found.empty()) {
        Error = "no C++ source files (.cpp .cc .cxx .c++ .C) under '" + P +
                "'";
        In.Database.reset();
        return In;
      }
    } else {
      Found.push_back(absolute(P));
    }
    for (std::string &F : Found)
      if (Seen.insert(F).second)
        In.Files.push_back(std::move(F));
  }
  std::sort(In.Files.begin(), In.Files.end());
  return In;
}

} // namespace corolint
