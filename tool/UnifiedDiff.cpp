//===----------------------------------------------------------------------===//
//
// Unified diffs of fix-its.
//
//===----------------------------------------------------------------------===//

#include "UnifiedDiff.h"

#include "llvm/ADT/SmallVector.h"

#include <algorithm>

namespace corolint {

using clang::tooling::Replacement;
using clang::tooling::Replacements;

namespace {
/// A run of original lines [First, Last) replaced by new text.
struct Change {
  unsigned First, Last;
  Replacements Edits;
};
} // namespace

static std::vector<llvm::StringRef> splitLines(llvm::StringRef Text) {
  std::vector<llvm::StringRef> Lines;
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Lines.push_back(Line);
    Text = Rest;
  }
  return Lines;
}

static unsigned lineOf(const std::vector<unsigned> &Starts, unsigned Offset) {
  return unsigned(std::upper_bound(Starts.begin(), Starts.end(), Offset) -
                  Starts.begin()) -
         1;
}

std::string unifiedDiff(llvm::StringRef Label, llvm::StringRef Original,
                        const Replacements &Edits) {
  std::vector<llvm::StringRef> Lines = splitLines(Original);
  std::vector<unsigned> Starts{0};
  for (size_t I = 0; I < Original.size(); ++I)
    if (Original[I] == '\n')
      Starts.push_back(unsigned(I + 1));

  // One change per group of edits touching the same or adjacent lines.
  std::vector<Change> Changes;
  for (const Replacement &R : Edits) {
    unsigned First = lineOf(Starts, R.getOffset());
    unsigned LastByte = R.getLength() ? R.getOffset() + R.getLength() - 1
                                      : R.getOffset();
    unsigned Last = lineOf(Starts, LastByte) + 1;
    if (!Changes.empty() && First < Changes.back().Last) {
      Changes.back().Last = std::max(Changes.back().Last, Last);
    } else {
      Changes.push_back({First, Last, {}});
    }
    llvm::consumeError(Changes.back().Edits.add(R));
  }

  std::string Out;
  const unsigned Context = 3;
  size_t I = 0;
  int Shift = 0; // new line number minus old, before the current hunk
  bool Any = false;
  while (I < Changes.size()) {
    // Extend the hunk while the next change's context overlaps.
    size_t J = I;
    while (J + 1 < Changes.size() &&
           Changes[J + 1].First <= Changes[J].Last + 2 * Context)
      ++J;
    unsigned From = Changes[I].First > Context ? Changes[I].First - Context : 0;
    unsigned To = std::min<unsigned>(unsigned(Lines.size()),
                                     Changes[J].Last + Context);
    std::string Body;
    unsigned OldCount = 0, NewCount = 0;
    unsigned Line = From;
    for (size_t K = I; K <= J; ++K) {
      for (; Line < Changes[K].First; ++Line, ++OldCount, ++NewCount)
        Body += " " + Lines[Line].str() + "\n";
      unsigned Begin = Starts[Changes[K].First];
      unsigned End = Changes[K].Last < Starts.size()
                         ? Starts[Changes[K].Last]
                         : unsigned(Original.size());
      // Rebase the edits onto the changed lines alone.
      Replacements Local;
      for (const Replacement &R : Changes[K].Edits)
        llvm::consumeError(Local.add(Replacement(
            R.getFilePath(), R.getOffset() - Begin, R.getLength(),
            R.getReplacementText())));
      std::string OldText = Original.slice(Begin, End).str();
      auto NewText = clang::tooling::applyAllReplacements(OldText, Local);
      if (!NewText) {
        llvm::consumeError(NewText.takeError());
        continue;
      }
      if (*NewText == OldText)
        continue;
      Any = true;
      for (llvm::StringRef L : splitLines(OldText)) {
        Body += "-" + L.str() + "\n";
        ++OldCount;
      }
      for (llvm::StringRef L : splitLines(*NewText)) {
        Body += "+" + L.str() + "\n";
        ++NewCount;
      }
      Line = Changes[K].Last;
    }
    for (; Line < To; ++Line, ++OldCount, ++NewCount)
      Body += " " + Lines[Line].str() + "\n";
    Out += "@@ -" + std::to_string(From + 1) + "," + std::to_string(OldCount) +
           " +" + std::to_string(int(From) + 1 + Shift) + "," +
           std::to_string(NewCount) + " @@\n" + Body;
    Shift += int(NewCount) - int(OldCount);
    I = J + 1;
  }
  if (!Any)
    return "";
  return "--- " + Label.str() + "\n+++ " + Label.str() + "\n" + Out;
}

} // namespace corolint
