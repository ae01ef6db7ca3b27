//===----------------------------------------------------------------------===//
//
// Applies fix-its atomically per file.
//
//===----------------------------------------------------------------------===//

#include "FixApplier.h"
#include "AtomicFile.h"
#include "Runner.h"
#include "UnifiedDiff.h"

#include <set>

#include "clang/Tooling/Core/Replacement.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

namespace corolint {

using clang::tooling::Replacement;
using clang::tooling::Replacements;

FixSummary applyFixes(const std::vector<Finding> &Findings,
                      const FixRequest &Request) {
  FixSummary Summary;
  std::map<std::string, Replacements> ByFile;
  std::map<std::string, std::string> Refused;
  std::set<std::string> Written;
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
    auto Expected = Request.AnalysedHashes.find(File);
    if (Expected == Request.AnalysedHashes.end() ||
        Expected->second != contentHash((*Buffer)->getBuffer())) {
      Summary.Problems.push_back(
          File + ": not fixed: the file changed on disk since it was "
                 "analysed; run corolint again");
      continue;
    }
    auto Fixed =
        clang::tooling::applyAllReplacements((*Buffer)->getBuffer(), Edits);
    if (!Fixed) {
      Summary.Problems.push_back(File + ": not fixed: " +
                                 llvm::toString(Fixed.takeError()));
      continue;
    }
    if (*Fixed == (*Buffer)->getBuffer())
      continue;
    if (Request.DryRun) {
      Summary.Diff += unifiedDiff(File, (*Buffer)->getBuffer(), Edits);
    } else {
      std::string Problem = writeFileAtomically(File, *Fixed);
      if (!Problem.empty()) {
        Summary.Problems.push_back(Problem);
        continue;
      }
    }
    Written.insert(File);
    ++Summary.FilesChanged;
    Summary.EditsApplied += unsigned(Edits.size());
  }
  for (const Finding &F : Findings) {
    bool Fixed = !F.Fixes.empty();
    for (const TextEdit &E : F.Fixes)
      Fixed &= Written.count(E.File) != 0;
    Summary.FindingsFixed += Fixed;
  }
  return Summary;
}

} // namespace corolint
