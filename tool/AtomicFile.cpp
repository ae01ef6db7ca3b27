//===----------------------------------------------------------------------===//
//
// Atomic file replacement.
//
//===----------------------------------------------------------------------===//

#include "AtomicFile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace corolint {

std::string writeFileAtomically(const std::string &Path,
                                llvm::StringRef Text) {
  llvm::SmallString<256> Temp;
  int FD = -1;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueFile(Path + ".corolint-%%%%%%", FD, Temp))
    return "cannot create a temporary file beside '" + Path +
           "': " + EC.message();
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Text;
    OS.close();
    if (OS.has_error()) {
      OS.clear_error();
      llvm::sys::fs::remove(Temp);
      return "cannot write '" + std::string(Temp) + "'";
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(Temp, Path)) {
    llvm::sys::fs::remove(Temp);
    return "cannot replace '" + Path + "': " + EC.message();
  }
  return "";
}

std::string checkWritableDestination(const std::string &Path) {
  llvm::StringRef Dir = llvm::sys::path::parent_path(Path);
  if (Dir.empty())
    Dir = ".";
  if (!llvm::sys::fs::exists(Dir))
    return "cannot write '" + Path + "': directory '" + Dir.str() +
           "' does not exist";
  if (!llvm::sys::fs::is_directory(Dir))
    return "cannot write '" + Path + "': '" + Dir.str() +
           "' is not a directory";
  if (llvm::sys::fs::is_directory(Path))
    return "cannot write '" + Path + "': it is a directory";
  return "";
}

} // namespace corolint
