//===----------------------------------------------------------------------===//
//
// Applies fix-its atomically per file.
//
//===----------------------------------------------------------------------===//

#include "FixApplier.h"

#include "clang/Tooling/Core/Replacement.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

namespace corolint {

using clang::tooling::Replacement;
using clang::tooling::Replacements;

/// Writes \p Text to \p Path through a temporary file in the same directory.
static std::string writeAtomically(const std::string &Path,
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

FixSummary applyFixes(const std::vector<Finding> &Findings) {
  FixSummary Summary;
  std::map<std::string, Replacements> ByFile;
  std::map<std::string, std::string> Refused;
  for (const Finding &F : Findings)
    for (const TextEdit &E : F.Fixes) {
      if (Refused.count(E.File))
        continue;
      Replacement R(E.File, E.Offset, E.Length, E.Replacement);
      if (llvm::Error Err = ByFile[E.File].add(R)) {
        // The same fix reached twice (a header seen from two files) is fine.
        llvm::consumeError(std::move(Err));
        bool Duplicate = false;
        for (const Replacement &Existing : ByFile[E.File])
          Duplicate |= Existing == R;
        if (!Duplicate)
          Refused[E.File] = "conflicting fix-its at offset " +
                            std::to_string(E.Offset) + " (" + F.Check + ")";
      }
    }
  for (auto &[File, Edits] : ByFile) {
    if (auto It = Refused.find(File); It != Refused.end()) {
      Summary.Problems.push_back(File + ": not fixed: " + It->second);
      continue;
    }
    auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/false);
    if (!Buffer) {
      Summary.Problems.push_back(File + ": cannot read: " +
                                 Buffer.getError().message());
      continue;
    }
    auto Fixed =
        clang::tooling::applyAllReplacements((*Buffer)->getBuffer(), Edits);
    if (!Fixed) {
      Summary.Problems.push_back(File + ": not fixed: " +
                                 llvm::toString(Fixed.takeError()));
      continue;
    }
    std::string Problem = writeAtomically(File, *Fixed);
    if (!Problem.empty()) {
      Summary.Problems.push_back(Problem);
      continue;
    }
    ++Summary.FilesChanged;
    Summary.EditsApplied += unsigned(Edits.size());
  }
  return Summary;
}

} // namespace corolint
