//===----------------------------------------------------------------------===//
//
// Fuzzes what `corolint merge` reads: up to four documents (JSON reports,
// SARIF logs, baselines) separated by a line "%%".
//   - an input that is not JSON gets one line "PATH:LINE:COL: not valid JSON";
//   - a rejected merge gets one line naming one of the inputs;
//   - an accepted merge writes JSON that merges (alone) to the same bytes.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "FindingJson.h"
#include "Merge.h"

#include "llvm/ADT/SmallVector.h"

using namespace corolint;
using corolint::fuzz::requirePosition;
using corolint::fuzz::violated;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Text.split(Parts, "\n%%\n", /*MaxSplit=*/3);
  std::vector<MergeInput> Inputs;
  for (size_t I = 0; I < Parts.size(); ++I) {
    std::string Path = "fuzz/shard" + std::to_string(I + 1) + ".json";
    std::string Error;
    auto Json = parseJsonText(Parts[I], Path, Error);
    if (!Json) {
      requirePosition(Error, Path);
      return 0;
    }
    Inputs.push_back({Path, std::move(*Json)});
  }
  std::string Error;
  auto Merged = mergeDocuments(Inputs, Error);
  if (!Merged) {
    if (llvm::StringRef(Error).contains('\n'))
      violated("a merge error is one line", Error);
    bool NamesInput = false;
    for (const MergeInput &In : Inputs)
      NamesInput = NamesInput || llvm::StringRef(Error).contains(In.Path);
    if (!NamesInput)
      violated("a merge error names the input at fault", Error);
    return 0;
  }
  const char *OutPath = "fuzz/merged.json";
  auto Json = parseJsonText(*Merged, OutPath, Error);
  if (!Json)
    violated("a merge writes JSON", Error + "\n" + *Merged);
  std::vector<MergeInput> Again;
  Again.push_back({OutPath, std::move(*Json)});
  auto Remerged = mergeDocuments(Again, Error);
  if (!Remerged)
    violated("a merge's output merges", Error + "\n" + *Merged);
  if (*Remerged != *Merged)
    violated("merging a merge's output alone changes nothing",
             *Merged + "\n--- merged again:\n" + *Remerged);
  return 0;
}
