//===----------------------------------------------------------------------===//
//
// Command-line inputs: files, directories and compilation databases.
//
//===----------------------------------------------------------------------===//

#include "Inputs.h"
#include "FindingJson.h"

#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>

namespace corolint {

using namespace clang::tooling;

bool isCppSource(llvm::StringRef Path) {
  llvm::StringRef Ext = llvm::sys::path::extension(Path);
  return Ext == ".cpp" || Ext == ".cc" || Ext == ".cxx" || Ext == ".c++" ||
         Ext == ".C";
}

bool isCppHeader(llvm::StringRef Path) {
  llvm::StringRef Ext = llvm::sys::path::extension(Path);
  return Ext == ".h" || Ext == ".hh" || Ext == ".hpp" || Ext == ".hxx" ||
         Ext == ".h++" || Ext == ".inl" || Ext == ".ipp";
}

std::unique_ptr<CompilationDatabase>
loadDatabaseFile(const std::string &Path, std::string &Error) {
  if (llvm::sys::path::filename(Path) == "compile_flags.txt") {
    std::string LoadError;
    auto DB = FixedCompilationDatabase::loadFromFile(Path, LoadError);
    if (!DB)
      Error = Path + ": " + llvm::StringRef(LoadError).split('\n').first.str();
    return DB;
  }
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer) {
    Error = Path + ": cannot read: " + Buffer.getError().message();
    return nullptr;
  }
  // Parse it as JSON first: the database's own loader reports a JSON error
  // as several lines of YAML parser output.
  auto Parsed = parseJsonText((*Buffer)->getBuffer(), Path, Error);
  if (!Parsed)
    return nullptr;
  if (!Parsed->getAsArray()) {
    Error = Path + ": expected a JSON array of compile commands";
    return nullptr;
  }
  for (size_t I = 0; I < Parsed->getAsArray()->size(); ++I) {
    const llvm::json::Object *Entry = (*Parsed->getAsArray())[I].getAsObject();
    if (!Entry || !Entry->getString("file") ||
        !Entry->getString("directory") ||
        (!Entry->getString("command") && !Entry->getArray("arguments"))) {
      Error = Path + ": entry " + std::to_string(I + 1) +
              " needs \"directory\", \"file\" and \"command\" or "
              "\"arguments\"";
      return nullptr;
    }
  }
  std::string LoadError;
  auto DB = JSONCompilationDatabase::loadFromFile(
      Path, LoadError, JSONCommandLineSyntax::AutoDetect);
  if (!DB) {
    Error = Path + ": " + llvm::StringRef(LoadError).split('\n').first.str();
    return nullptr;
  }
  // Files the database does not list (headers, new files) get the command
  // of their closest listed neighbour, as clangd does.
  return inferMissingCompileCommands(std::move(DB));
}

/// The database file in \p Dir: compile_commands.json, else
/// compile_flags.txt; "" if neither exists.
static std::string databaseFileIn(llvm::StringRef Dir) {
  for (llvm::StringRef Name : {"compile_commands.json", "compile_flags.txt"}) {
    llvm::SmallString<256> Candidate(Dir);
    llvm::sys::path::append(Candidate, Name);
    if (llvm::sys::fs::is_regular_file(Candidate))
      return std::string(Candidate);
  }
  return "";
}

static std::string absolute(llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

/// The database file nearest above \p Path (also looking in a `build/`
/// directory beside each ancestor, the usual CMake layout); "" if none.
static std::string discoverDatabaseFile(llvm::StringRef Path) {
  llvm::SmallString<256> Dir(absolute(Path));
  if (!llvm::sys::fs::is_directory(Dir))
    llvm::sys::path::remove_filename(Dir);
  while (!Dir.empty()) {
    for (llvm::StringRef Sub : {"", "build"}) {
      llvm::SmallString<256> Candidate(Dir);
      if (!Sub.empty())
        llvm::sys::path::append(Candidate, Sub);
      std::string Found = databaseFileIn(Candidate);
      if (!Found.empty())
        return Found;
    }
    llvm::StringRef Parent = llvm::sys::path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return "";
}

/// Files under \p Dir: from the database when it lists files (so only
/// what the build compiles), else every C++ source found on disk.
static std::vector<std::string>
filesUnder(llvm::StringRef Dir, const CompilationDatabase *DB,
           std::vector<std::string> &NotInDatabase) {
  std::vector<std::string> Files;
  std::string Prefix = absolute(Dir);
  if (!llvm::StringRef(Prefix).ends_with("/"))
    Prefix += "/";
  std::vector<std::string> Listed;
  if (DB)
    for (const std::string &F : DB->getAllFiles())
      if (llvm::StringRef(absolute(F)).starts_with(Prefix) && isCppSource(F))
        Listed.push_back(absolute(F));
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
  if (Listed.empty())
    return Files;
  // The database lists sources here: analyse those, and name the others.
  llvm::StringSet<> InDatabase;
  for (const std::string &F : Listed)
    InDatabase.insert(F);
  for (const std::string &F : Files)
    if (!InDatabase.count(F))
      NotInDatabase.push_back(F);
  std::sort(NotInDatabase.begin(), NotInDatabase.end());
  return Listed;
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
  } else {
    std::string File;
    if (!BuildPath.empty()) {
      File = databaseFileIn(BuildPath);
      if (File.empty() && llvm::sys::fs::is_regular_file(BuildPath))
        File = BuildPath; // -p naming the database file itself
      if (File.empty()) {
        Error = "cannot load a compilation database from '" + BuildPath +
                "': no compile_commands.json or compile_flags.txt there";
        return In;
      }
    } else {
      File = discoverDatabaseFile(Paths.front());
      if (File.empty()) {
        Error = "no compilation database found above '" + Paths.front() +
                "' (compile_commands.json or compile_flags.txt); pass -p "
                "<build-dir> or compiler flags after --";
        return In;
      }
    }
    std::string LoadError;
    In.Database = loadDatabaseFile(File, LoadError);
    if (!In.Database) {
      Error = BuildPath.empty()
                  ? "cannot load the compilation database " + LoadError
                  : "cannot load a compilation database from '" + BuildPath +
                        "': " + LoadError;
      return In;
    }
    In.DatabaseFile = absolute(File);
    In.DatabaseDescription = File;
  }

  llvm::StringSet<> Seen;
  for (const std::string &P : Paths) {
    std::vector<std::string> Found;
    if (llvm::sys::fs::is_directory(P)) {
      Found = filesUnder(P, In.Database.get(), In.NotInDatabase);
      if (Found.empty()) {
        Error = "no C++ source files (.cpp .cc .cxx .c++ .C) under '" + P +
                "'";
        In.Database.reset();
        return In;
      }
    } else if (isCppHeader(P)) {
      In.SkippedHeaders.push_back(absolute(P));
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
