//===----------------------------------------------------------------------===//
//
// Fuzzes the baseline reader (parseJsonText + Baseline::fromJson, what
// Baseline::load runs on a file's text).
//   - text that is not JSON gets one line "PATH:LINE:COL: not valid JSON";
//   - JSON that is not a baseline gets one line naming the file;
//   - an accepted baseline renders to text that reads back to the same
//     entries and renders to the same bytes.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "Baseline.h"
#include "FindingJson.h"

using namespace corolint;
using corolint::fuzz::requireNamesFile;
using corolint::fuzz::requirePosition;
using corolint::fuzz::violated;

static const char *const Path = "fuzz/baseline.json";

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  std::string Error;
  auto Json = parseJsonText(Text, Path, Error);
  if (!Json) {
    requirePosition(Error, Path);
    return 0;
  }
  auto B = Baseline::fromJson(*Json, Path, Error);
  if (!B) {
    requireNamesFile(Error, Path);
    return 0;
  }
  std::string Rendered = B->render();
  auto JsonAgain = parseJsonText(Rendered, Path, Error);
  if (!JsonAgain)
    violated("a rendered baseline is JSON", Error + "\n" + Rendered);
  auto Again = Baseline::fromJson(*JsonAgain, Path, Error);
  if (!Again)
    violated("a rendered baseline reads back", Error + "\n" + Rendered);
  if (Again->Entries.size() != B->Entries.size())
    violated("a rendered baseline keeps every entry", Rendered);
  for (size_t I = 0; I < B->Entries.size(); ++I) {
    const BaselineEntry &X = B->Entries[I], &Y = Again->Entries[I];
    if (X.Fingerprint != Y.Fingerprint || X.Check != Y.Check ||
        X.File != Y.File || X.Message != Y.Message)
      violated("a rendered baseline reads back the same entries", Rendered);
  }
  if (Again->render() != Rendered)
    violated("rendering is stable", Rendered + "\n---\n" + Again->render());
  return 0;
}
