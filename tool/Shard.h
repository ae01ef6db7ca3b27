//===----------------------------------------------------------------------===//
//
// `--shard K/N`: the K-th of N disjoint parts of the files (1 <= K <= N), by a
// hash of each file's path relative to the source root, so every machine of
// a CI matrix computes the same split and adding a file moves only that
// file.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_SHARD_H
#define COROLINT_TOOL_SHARD_H

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace corolint {

struct Shard {
  unsigned Index = 1; ///< K, 1-based
  unsigned Count = 1; ///< N

  /// Parses "K/N"; sets \p Error to one line on failure.
  static std::optional<Shard> parse(llvm::StringRef Text, std::string &Error);
  bool contains(llvm::StringRef RelativePath) const;
};

/// The files of \p Files in shard \p S (paths hashed relative to \p Root).
std::vector<std::string> filesInShard(const std::vector<std::string> &Files,
                                      const Shard &S, llvm::StringRef Root);

} // namespace corolint

#endif
