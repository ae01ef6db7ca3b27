//===----------------------------------------------------------------------===//
//
// Sharding by path hash.
//
//===----------------------------------------------------------------------===//

#include "Shard.h"
#include "Fingerprint.h"

#include "llvm/Support/xxhash.h"

namespace corolint {

std::optional<Shard> Shard::parse(llvm::StringRef Text, std::string &Error) {
  auto [K, N] = Text.split('/');
  Shard S;
  if (K.getAsInteger(10, S.Index) || N.getAsInteger(10, S.Count)) {
    Error = "--shard expects K/N (e.g. 2/8), got '" + Text.str() + "'";
    return std::nullopt;
  }
  if (S.Count == 0 || S.Index == 0 || S.Index > S.Count) {
    Error = "--shard " + Text.str() + ": K must be between 1 and N, N >= 1";
    return std::nullopt;
  }
  return S;
}

bool Shard::contains(llvm::StringRef RelativePath) const {
  return llvm::xxh3_64bits(RelativePath) % Count == Index - 1;
}

std::vector<std::string> filesInShard(const std::vector<std::string> &Files,
                                      const Shard &S, llvm::StringRef Root) {
  std::vector<std::string> Kept;
  for (const std::string &F : Files)
    if (S.contains(relativeToRoot(F, Root)))
      Kept.push_back(F);
  return Kept;
}

} // namespace corolint
