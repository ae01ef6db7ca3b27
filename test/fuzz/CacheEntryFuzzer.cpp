//===----------------------------------------------------------------------===//
//
// Fuzzes the result cache's entry reader (parseCacheEntry). A corrupt entry
// is a cache miss, never an error, so the properties are:
//   - the input as an entry, and the input as the body of an entry with a
//     correct hash line, parse or miss without a crash;
//   - an entry that parses renders to an entry that parses to the same
//     result, and no truncation of it parses (a half-written entry is never
//     trusted).
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "FindingJson.h"
#include "ResultCache.h"

#include "llvm/Support/FormatVariadic.h"

using namespace corolint;
using corolint::fuzz::violated;

static std::string json(const FileResult &R) {
  return llvm::formatv("{0}", toJson(R)).str();
}

static void check(llvm::StringRef Entry) {
  auto R = parseCacheEntry(Entry);
  if (!R)
    return;
  std::string Rendered = renderCacheEntry(*R);
  auto Again = parseCacheEntry(Rendered);
  if (!Again)
    violated("a rendered cache entry parses", Rendered);
  if (json(*Again) != json(*R))
    violated("a rendered cache entry reads back the same result",
             json(*R) + "\n---\n" + json(*Again));
  if (renderCacheEntry(*Again) != Rendered)
    violated("rendering a cache entry is stable", Rendered);
  for (size_t Keep : {Rendered.size() - 1, Rendered.size() / 2,
                      Rendered.find('\n') + 1})
    if (Keep < Rendered.size() &&
        parseCacheEntry(llvm::StringRef(Rendered).take_front(Keep)))
      violated("a truncated cache entry is a miss",
               Rendered.substr(0, Keep));
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  check(Text);
  // Most inputs fail the hash line; give the body a correct one so that the
  // JSON reader behind it is fuzzed too.
  check(cacheEntryFromBody(Text));
  return 0;
}
